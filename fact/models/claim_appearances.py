"""Where a claim from outside was made or seen: a post, a page, a broadcast, and the record that said so."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.articles import utcnow
from fact.models.claims import Claim
from fact.models.types import UTCDateTime


class ClaimAppearance(db.Model):
    """One place an imported claim appeared. The same claim imported again adds one for each place not
    seen before, and finds its own again by `key`, so that re-importing a file adds nothing."""

    __tablename__ = "claim_appearances"
    __table_args__ = (UniqueConstraint("claim_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))  # as given
    url_key: Mapped[str | None] = mapped_column(String(2000))  # fact.services.ingest.urls.url_key
    appeared_at: Mapped[date | None]
    author: Mapped[str | None] = mapped_column(String(500))  # who posted or published it: a person, an outlet
    # The record it came from: `file.csv:12`, `feed.json:#3`, or `api`.
    source: Mapped[str] = mapped_column(String(1000))
    # sha256 of what tells it from the claim's other appearances (intake.appearance_key): the page when
    # its URL is known, else the file or `api` with the date and author.
    key: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="appearances")
