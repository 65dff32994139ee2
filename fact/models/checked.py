"""What the already-checked run (fact.services.claims.checked) keeps between runs, so that the next run
searches only what changed: each claim's embedding, and when each claim was last matched."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from fact.extensions import db
from fact.models.articles import utcnow
from fact.models.types import UTCDateTime


class ClaimVector(db.Model):
    """A claim's embedding (as a passage), as fact.models.SpanVector is a sentence's: by `model` (name
    and version), of the text whose hash it keeps, float16 little-endian. A checked claim's vector is
    read by every run; embedding it each time would cost seconds per claim."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
    model: Mapped[str] = mapped_column(String(300))
    text_hash: Mapped[str] = mapped_column(String(32))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ClaimMatchSearch(db.Model):
    """When a claim was last matched against the checked claims, and with which model ("none": words
    alone). A claim changed since, a checked claim changed since, or another model make it stale."""

    __tablename__ = "claim_match_searches"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
    model: Mapped[str] = mapped_column(String(300))
    searched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
