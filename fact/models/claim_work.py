"""What the project does for a claim beyond its verdicts: the evidence retrieved for it, its tasks in
Label Studio, the stance each annotator gave each article, and the claims already checked it matches.

Evidence and matches are recomputed (fact.services.claims); stances are annotations, kept with their
history like verdicts (fact.services.annotations).
"""
import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Enum, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.articles import Article, Span, utcnow
from fact.models.claims import Claim
from fact.models.types import UTCDateTime


class ArticleStanceLabel(enum.StrEnum):
    """An article's stance towards a claim, as the stance corpora label it (FNC-1 and its Arabic successors)."""

    agree = "agree"
    disagree = "disagree"
    discuss = "discuss"
    unrelated = "unrelated"


class MatchStatus(enum.StrEnum):
    suggested = "suggested"  # offered to the lead as "already checked"
    linked = "linked"  # the same claim: they share the verdict
    rejected = "rejected"  # the lead said it is not the same claim


class ClaimEvidence(db.Model):
    """An article of the corpus likely to support or refute a claim, ranked (1 = best), with its best
    passages: the claim's hybrid retrieval (fact.matching.claim_evidence), replaced when recomputed."""

    __tablename__ = "claim_evidence"
    __table_args__ = (UniqueConstraint("claim_id", "article_id"), Index("ix_claim_evidence_claim_rank", "claim_id", "rank"))

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    score: Mapped[float] = mapped_column(Float)  # fact.matching.claim_evidence: best + SECOND * second
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship()
    article: Mapped[Article] = relationship()
    passages: Mapped[list["ClaimPassage"]] = relationship(
        back_populates="evidence", order_by="ClaimPassage.rank", cascade="all, delete-orphan", passive_deletes=True)


class ClaimPassage(db.Model):
    """One of the best passages of an evidence article, with which signal found it and each one's score."""

    __tablename__ = "claim_passages"
    __table_args__ = (UniqueConstraint("evidence_id", "span_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("claim_evidence.id", ondelete="CASCADE"), index=True)
    span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]  # within its article, 1 = best
    score: Mapped[float] = mapped_column(Float)
    lexical_score: Mapped[float | None] = mapped_column(Float)
    semantic_score: Mapped[float | None] = mapped_column(Float)
    found_by: Mapped[str] = mapped_column(String(16))  # lexical, semantic, both

    evidence: Mapped[ClaimEvidence] = relationship(back_populates="passages")
    span: Mapped[Span] = relationship()


class ClaimSearch(db.Model):
    """How far a claim's evidence is current: the corpus it was searched against (every span up to
    `through_span_id`) and with which model; newer spans, or another model, make it stale."""

    __tablename__ = "claim_searches"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
    through_span_id: Mapped[int]
    model: Mapped[str] = mapped_column(String(200))  # the embedder's name and version, or "none"
    searched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimTask(db.Model):
    """One claim served as one task of the claims project in Label Studio (written before its import,
    completed when Label Studio answers: as fact.models.tasks.Task is for spans)."""

    __tablename__ = "claim_tasks"
    __table_args__ = (UniqueConstraint("ls_project_id", "claim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    ls_project_id: Mapped[int]
    ls_task_id: Mapped[int | None] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pushed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    evidence_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when its evidence was last sent

    claim: Mapped[Claim] = relationship()


class ClaimOffer(db.Model):
    """An article or passage put before a claim's annotators (`kind` article or span, and its id), by
    its task or by the labels imported for it. Only ever added, as fact.models.tasks.Offer."""

    __tablename__ = "claim_offers"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    source_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class ArticleStance(db.Model):
    """One annotator's stance of one article towards one claim, from one revision of one annotation.

    Kept as verdicts are: only stances with no `superseded_at` count, the others are the history.
    """

    __tablename__ = "article_stances"
    __table_args__ = (
        Index("uq_article_stances_current", "claim_id", "article_id", "annotation_id", unique=True,
              sqlite_where=db.text("superseded_at IS NULL"), postgresql_where=db.text("superseded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)  # no ON DELETE, as Evidence
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("annotation_revisions.id", ondelete="CASCADE"), index=True)
    annotator_id: Mapped[int] = mapped_column(index=True)  # Label Studio's user id, or a named outside annotator's
    stance: Mapped[ArticleStanceLabel] = mapped_column(
        Enum(ArticleStanceLabel, native_enum=False, length=16, create_constraint=True, name="article_stance"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    claim: Mapped[Claim] = relationship()
    article: Mapped[Article] = relationship()
    rationale: Mapped[list["StanceRationale"]] = relationship(
        back_populates="stance_row", order_by="StanceRationale.span_id", cascade="all, delete-orphan",
        passive_deletes=True)


class StanceRationale(db.Model):
    """A sentence of the article that carries its stance."""

    __tablename__ = "stance_rationales"

    stance_id: Mapped[int] = mapped_column(ForeignKey("article_stances.id", ondelete="CASCADE"), primary_key=True)
    span_id: Mapped[int] = mapped_column(ForeignKey("spans.id"), primary_key=True, index=True)

    stance_row: Mapped[ArticleStance] = relationship(back_populates="rationale")
    span: Mapped[Span] = relationship()


class StanceAdjudication(db.Model):
    """A lead's settling of an article's stance towards a claim: it wins over the annotators' stances in
    the claim's evidence and the stance export. A newer one supersedes the older, which stays as history;
    the stances are never touched (as Adjudication for a claim's verdict)."""

    __tablename__ = "stance_adjudications"
    __table_args__ = (
        Index("uq_stance_adjudications_current", "claim_id", "article_id", unique=True,
              sqlite_where=db.text("superseded_at IS NULL"), postgresql_where=db.text("superseded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)  # no ON DELETE, as ArticleStance
    stance: Mapped[ArticleStanceLabel] = mapped_column(
        Enum(ArticleStanceLabel, native_enum=False, length=16, create_constraint=True,
             name="stance_adjudication_stance"))
    adjudicator: Mapped[str] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(db.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    claim: Mapped[Claim] = relationship()
    article: Mapped[Article] = relationship()


class StancePair(db.Model):
    """What the annotators' current stances of one article towards one claim come to, kept beside the
    claim's own aggregate by fact.services.claims.aggregate.refresh_claims, so that the lead's queue of
    ties reads an index range instead of grouping every stance at each load of the page."""

    __tablename__ = "stance_pairs"
    __table_args__ = (Index("ix_stance_pairs_tied", "tied", "claim_id", "article_id"),)

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True, index=True)
    voters: Mapped[int]  # annotators with a current stance (each one's newest)
    votes: Mapped[dict[str, int]] = mapped_column(JSON)  # stance -> voters who gave it, none at 0
    tied: Mapped[bool]  # two voters or more, tied at the top: no stance until the lead settles it


class ClaimMatch(db.Model):
    """A claim already checked that a new claim matches (fact.matching.checked): suggested to the lead,
    who links it (they share the verdict) or rejects it."""

    __tablename__ = "claim_matches"
    __table_args__ = (
        UniqueConstraint("claim_id", "checked_claim_id"),
        CheckConstraint("claim_id <> checked_claim_id", name="not_itself"),
        Index("ix_claim_matches_status_claim", "status", "claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    checked_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    lexical_score: Mapped[float | None] = mapped_column(Float)
    semantic_score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[MatchStatus] = mapped_column(
        Enum(MatchStatus, native_enum=False, length=16, create_constraint=True, name="match_status"),
        default=MatchStatus.suggested)
    decided_by: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(foreign_keys=[claim_id])
    checked_claim: Mapped[Claim] = relationship(foreign_keys=[checked_claim_id])
