"""Claims found in articles or brought from outside, the verdicts annotators gave them, and the sources each
verdict cites."""
import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.types import UTCDateTime
from fact.models.annotations import Annotation, AnnotationRevision, Annotator
from fact.models.articles import Article, Span, utcnow


class Label(enum.StrEnum):
    corroborated = "corroborated"
    disputed = "disputed"
    unverifiable = "unverifiable"


class Stance(enum.StrEnum):
    supports = "supports"
    refutes = "refutes"


class Agreement(enum.StrEnum):
    """How the annotators of a claim agree (one verdict per annotator: their newest that counts)."""

    none = "none"  # no verdict counts (all deleted)
    single = "single"  # one annotator
    unanimous = "unanimous"  # two or more, all the same label
    majority = "majority"  # two or more, one label has more votes than any other
    contested = "contested"  # two or more, a tie at the top


class ClaimOrigin(enum.StrEnum):
    highlighted = "highlighted"  # an annotator highlighted it in an ingested article
    imported = "imported"  # it came from outside (flask fact claims import, POST /api/claims): no article


# A highlighted claim is a stretch of its article; an imported one has no article and is found by its key.
ORIGIN_FIELDS = (
    "(origin = 'highlighted' AND article_id IS NOT NULL AND start IS NOT NULL AND \"end\" IS NOT NULL)"
    " OR (origin = 'imported' AND article_id IS NULL AND span_id IS NULL AND start IS NULL AND \"end\" IS NULL"
    " AND claim_key IS NOT NULL)"
)
IMPORTED = "origin = 'imported'"


def _label_column(name: str, **kwargs):
    return mapped_column(Enum(Label, native_enum=False, length=16, create_constraint=True, name=name), **kwargs)


class Claim(db.Model):
    """A checkable fact: a stretch of an article's stored text (code-point offsets), or a claim from
    outside with no article (fact.services.claims.intake), which its normalized text identifies.

    Annotators' highlights of the same fact rarely match to the letter: a highlight joins the claim
    it overlaps most (fact.services.claims.grouping), and the claim keeps the offsets of its first highlight.
    Its aggregate columns are kept current by fact.services.claims.aggregate whenever a verdict or an
    adjudication changes, so that filters and exports read them without recounting.
    """

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("article_id", "start", "end"),
        CheckConstraint('start >= 0 AND "end" > start', name="offsets"),
        # GET /api/claims at a million verdicts (docs/benchmarks.md): a label's claims newest first,
        # and the contested claims no lead has settled, counted from the index alone.
        Index("ix_claims_label_updated_at", "label", "updated_at"),
        Index("ix_claims_agreement_adjudicated_label", "agreement", "adjudicated_label"),
        # Claims by verdict count, ties by id: a page (first, or past an `after` cursor) is a range of it.
        Index("ix_claims_verdict_count_id", "verdict_count", "id"),
        CheckConstraint(ORIGIN_FIELDS, name="origin_fields"),
        # The same claim from outside twice (after normalization) is one claim with two appearances.
        Index("uq_claims_imported_claim_key", "claim_key", unique=True,
              sqlite_where=db.text(IMPORTED), postgresql_where=db.text(IMPORTED)),
        Index("ix_claims_origin_id", "origin", "id"),  # GET /api/claims?origin=…, by id or cursor
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[ClaimOrigin] = mapped_column(
        Enum(ClaimOrigin, native_enum=False, length=16, create_constraint=True, name="claim_origin"),
        default=ClaimOrigin.highlighted, server_default=ClaimOrigin.highlighted.value,
    )
    # Of a highlighted claim only (ORIGIN_FIELDS).
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    span_id: Mapped[int | None] = mapped_column(ForeignKey("spans.id", ondelete="SET NULL"), index=True)
    start: Mapped[int | None]
    end: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)  # NFC
    search_text: Mapped[str] = mapped_column(Text)  # fact.text.normalize.normalize_for_search(text)
    # Of an imported claim: sha256 of its search_text (fact.services.claims.intake.claim_key), what the
    # claim is found by; who made it, when, in what language (BCP 47); the rating an outside reviewer
    # gave it, as given, with that reviewer and its review's URL, and our label for it (a verdict map's).
    claim_key: Mapped[str | None] = mapped_column(String(64))
    claimant: Mapped[str | None] = mapped_column(String(500))
    claim_date: Mapped[date | None]
    language: Mapped[str | None] = mapped_column(String(16))
    outside_rating: Mapped[str | None] = mapped_column(String(200))
    outside_source: Mapped[str | None] = mapped_column(String(200))
    outside_url: Mapped[str | None] = mapped_column(String(2000))
    outside_label: Mapped[Label | None] = _label_column("claim_outside_label")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The aggregate (fact.services.claims.aggregate): annotators with a verdict that counts, the majority
    # label (none on a tie), the agreement, the lead's adjudicated label, and the label that wins.
    verdict_count: Mapped[int] = mapped_column(default=0)
    majority_label: Mapped[Label | None] = _label_column("claim_majority_label")
    agreement: Mapped[Agreement] = mapped_column(
        Enum(Agreement, native_enum=False, length=16, create_constraint=True, name="claim_agreement"),
        default=Agreement.none,
    )
    adjudicated_label: Mapped[Label | None] = _label_column("claim_adjudicated_label")
    label: Mapped[Label | None] = _label_column("claim_label", index=True)
    # When its verdicts that count were given, newest and oldest (none when no verdict counts): a time
    # range with one bound alone (GET /api/claims?since=… or ?until=…) is then a range of claims.
    newest_verdict_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    oldest_verdict_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    article: Mapped[Article | None] = relationship()
    span: Mapped[Span | None] = relationship()
    appearances: Mapped[list["ClaimAppearance"]] = relationship(
        back_populates="claim", order_by="ClaimAppearance.id", cascade="all, delete-orphan", passive_deletes=True,
    )
    verdicts: Mapped[list["Verdict"]] = relationship(back_populates="claim", order_by="Verdict.id")
    adjudications: Mapped[list["Adjudication"]] = relationship(back_populates="claim", order_by="Adjudication.id")
    current_verdicts: Mapped[list["Verdict"]] = relationship(
        primaryjoin="and_(Verdict.claim_id == Claim.id, Verdict.superseded_at.is_(None))",
        order_by="Verdict.id",
        viewonly=True,
    )


class Verdict(db.Model):
    """One annotator's label for one claim, from one revision of one annotation.

    Only verdicts with no `superseded_at` count; the others are the audit history (a newer revision
    of the annotation replaced them, or the annotation was deleted).
    """

    __tablename__ = "verdicts"
    __table_args__ = (
        # one current verdict per claim per annotation
        Index(
            "uq_verdicts_current_claim_annotation",
            "claim_id",
            "annotation_id",
            unique=True,
            sqlite_where=db.text("superseded_at IS NULL"),
            postgresql_where=db.text("superseded_at IS NULL"),
        ),
        # The filters on counting verdicts: an annotator's over time, and a claim's by label.
        Index("ix_verdicts_counting_annotator", "annotator_id", "created_at", "claim_id",
              sqlite_where=db.text("superseded_at IS NULL"), postgresql_where=db.text("superseded_at IS NULL")),
        Index("ix_verdicts_counting_claim_label", "claim_id", "label",
              sqlite_where=db.text("superseded_at IS NULL"), postgresql_where=db.text("superseded_at IS NULL")),
        # One verdict condition alone (label, or a time), matching a third of the claims: their claim ids
        # from the index, with no table lookup per verdict to check superseded_at (docs/benchmarks.md).
        Index("ix_verdicts_counting_label_claim", "label", "claim_id",
              sqlite_where=db.text("superseded_at IS NULL"), postgresql_where=db.text("superseded_at IS NULL")),
        Index("ix_verdicts_counting_created_at_claim", "created_at", "claim_id",
              sqlite_where=db.text("superseded_at IS NULL"), postgresql_where=db.text("superseded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("annotation_revisions.id", ondelete="CASCADE"), index=True)
    label: Mapped[Label] = _label_column("verdict_label", index=True)
    annotator_id: Mapped[int] = mapped_column(index=True)  # Label Studio's user id
    # The annotator's own highlight, in article offsets: it may differ a little from the claim's.
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    claim: Mapped[Claim] = relationship(back_populates="verdicts")
    annotation: Mapped[Annotation] = relationship()
    # Annotators are known only once setup or sync has read Label Studio's users: no foreign key.
    annotator: Mapped[Annotator | None] = relationship(
        primaryjoin="foreign(Verdict.annotator_id) == Annotator.id", viewonly=True
    )
    revision: Mapped[AnnotationRevision] = relationship()
    evidence: Mapped[list["Evidence"]] = relationship(back_populates="verdict", order_by="Evidence.id")


class Evidence(db.Model):
    """A source a verdict cites: a passage (span) of another article, a whole article, or a URL."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN span_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN article_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN url IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    stance: Mapped[Stance] = mapped_column(
        Enum(Stance, native_enum=False, length=16, create_constraint=True, name="evidence_stance")
    )
    # A cited article or passage cannot be deleted from under a verdict (no ON DELETE).
    span_id: Mapped[int | None] = mapped_column(ForeignKey("spans.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))

    verdict: Mapped[Verdict] = relationship(back_populates="evidence")
    span: Mapped[Span | None] = relationship()
    article: Mapped[Article | None] = relationship()


class Adjudication(db.Model):
    """A lead's settling of a claim: its label wins over the annotators' in the aggregate and exports.

    A newer adjudication supersedes the older, which stays as history; the verdicts are never touched.
    """

    __tablename__ = "adjudications"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    label: Mapped[Label] = _label_column("adjudication_label")
    adjudicator: Mapped[str] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    claim: Mapped[Claim] = relationship(back_populates="adjudications")
