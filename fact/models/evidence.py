"""What the matcher found across documents: candidate passages for each sentence, and story clusters."""
import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.articles import Span, utcnow
from fact.models.types import UTCDateTime


class HintKind(enum.StrEnum):
    dispute = "dispute"  # same fact, different quantity, place or direction: worth a look
    corroboration = "corroboration"  # same fact, same values
    none = "none"


class Candidate(db.Model):
    """A passage of another article that may report the same fact as a sentence (a hint, never a verdict)."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("span_id", "candidate_span_id"),
        CheckConstraint("span_id <> candidate_span_id", name="not_itself"),
        Index("ix_candidates_span_id_rank", "span_id", "rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"))
    candidate_span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]  # 1 = best
    score: Mapped[float] = mapped_column(Float)  # what ranks it: the lexical cosine, or both signals fused
    # Which signal proposed it (lexical, semantic or both), and each one's own cosine where it has one.
    found_by: Mapped[str] = mapped_column(String(16), default="lexical", server_default="lexical")
    lexical_score: Mapped[float | None] = mapped_column(Float)
    semantic_score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)  # why it was chosen, for the annotator
    hint: Mapped[HintKind] = mapped_column(
        Enum(HintKind, native_enum=False, length=16, create_constraint=True, name="hint_kind"), index=True
    )
    # {"differences": [{"kind", "ours", "theirs"}], "agreements": [...]}
    hint_details: Mapped[dict] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    span: Mapped[Span] = relationship(foreign_keys=[span_id])
    candidate: Mapped[Span] = relationship(foreign_keys=[candidate_span_id])


class StoryCluster(db.Model):
    """Articles that carry the same story (wire copy republished by several outlets)."""

    __tablename__ = "story_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
