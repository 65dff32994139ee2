"""What the already-checked run (fact.services.claims.checked) keeps between runs, so that the next run
searches only what changed: each claim's embedding, and when each claim was last matched."""
import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from fact.extensions import db
from fact.models.articles import utcnow
from fact.models.types import UTCDateTime


class VectorReading(enum.StrEnum):
    """How the model read the claim (e5's prefixes): as the query that searches sentences for its
    evidence, or as a passage beside other claims, for the already-checked match."""

    query = "query"
    passage = "passage"


class ClaimVector(db.Model):
    """A claim's embedding by one reading, as fact.models.SpanVector is a sentence's: by `model` (name
    and version), of the text whose hash it keeps, float16 little-endian. Every run of the evidence
    search and of the already-checked match reads every claim's vector; embedding them each time would
    cost seconds per claim, and keeping them in the database serves every machine that runs them."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
    reading: Mapped[VectorReading] = mapped_column(
        Enum(VectorReading, native_enum=False, length=8, create_constraint=True, name="claim_vector_reading"),
        primary_key=True)
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
