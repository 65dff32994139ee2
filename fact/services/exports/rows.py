"""The one streaming read behind every export.

Counting verdicts come with their claim and article from a single query, in article then claim
order, read `yield_per` rows at a time (a server-side cursor on PostgreSQL), so memory stays flat
however many verdicts there are. The sources of a batch of claims are fetched in one query per
batch. Columns are read as stored (no enum or datetime objects per value): exports only print them.
"""
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from fact.extensions import db
from fact.models import Agreement, Annotation, Annotator, Article, Claim, Evidence, Outlet, Span, Verdict

YIELD_PER = 5_000
EVIDENCE_BATCH = 2_000  # verdicts whose sources are fetched in one query


@dataclass(slots=True)
class ExportEvidence:
    id: int
    stance: str  # supports / refutes
    span_id: int | None
    article_id: int | None  # the passage's article, or the whole article cited
    start: int | None
    end: int | None
    text: str | None  # the passage; None for a whole article or a URL
    url: str | None


@dataclass(slots=True)
class ExportVerdict:
    id: int
    annotation_id: int  # Label Studio's annotation id
    annotator_id: int
    annotator: str | None
    label: str
    start: int
    end: int
    text: str
    created_at: object
    evidence: list[ExportEvidence] = field(default_factory=list)


@dataclass(slots=True)
class ExportClaim:
    id: int
    article_id: int
    span_id: int | None
    start: int
    end: int
    text: str
    verdict_count: int
    majority_label: str | None
    agreement: str
    adjudicated_label: str | None
    label: str | None  # the final label: adjudicated wins, else the majority; None when contested
    created_at: object
    updated_at: object
    article_url: str | None
    article_title: str | None
    published_at: object
    language: str
    outlet: str | None
    story_cluster_id: int | None
    verdicts: list[ExportVerdict] = field(default_factory=list)

    @property
    def group(self) -> str:
        """What a split keeps together: the story, or the article when it belongs to none."""
        if self.story_cluster_id is not None:
            return f"story:{self.story_cluster_id}"
        return f"article:{self.article_id}"


@dataclass(frozen=True)
class Selection:
    """Which claims an export takes."""

    agreed_only: bool = False
    labelled: bool = False  # only claims with a final label (contested ones are left out)

    def where(self) -> list:
        clauses = [Claim.verdict_count > 0]
        if self.labelled:
            clauses.append(Claim.label.is_not(None))
        if self.agreed_only:
            clauses.append(or_(Claim.agreement.in_([Agreement.unanimous, Agreement.majority]),
                               Claim.adjudicated_label.is_not(None)))
        return clauses

    def claim_ids(self):
        return select(Claim.id).where(*self.where())


def _raw(column):
    """The stored string, not an enum per value (named after its table: several columns are "label")."""
    return type_coerce(column, String()).label(f"{column.table.name}_{column.key}")


def verdict_rows(selection: Selection):
    """The statement: one row per counting verdict of a selected claim (also used by the benchmark)."""
    return (
        select(
            Claim.id, Claim.article_id, Claim.span_id, Claim.start, Claim.end, Claim.text, Claim.verdict_count,
            _raw(Claim.majority_label), _raw(Claim.agreement), _raw(Claim.adjudicated_label), _raw(Claim.label),
            Claim.created_at, Claim.updated_at, Article.url, Article.title, Article.published_at,
            Article.language, Outlet.name, Article.story_cluster_id,
            Verdict.id, Annotation.ls_annotation_id, Verdict.annotator_id, Annotator.email, _raw(Verdict.label),
            Verdict.start, Verdict.end, Verdict.text, Verdict.created_at,
        )
        .select_from(Verdict)
        .join(Claim, Verdict.claim_id == Claim.id)
        .join(Article, Claim.article_id == Article.id)
        .outerjoin(Outlet, Article.outlet_id == Outlet.id)
        .join(Annotation, Verdict.annotation_id == Annotation.id)
        .outerjoin(Annotator, Annotator.id == Verdict.annotator_id)
        .where(Verdict.superseded_at.is_(None), *selection.where())
        .order_by(Claim.article_id, Claim.id, Verdict.id)
    )


def count_verdicts(selection: Selection) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Verdict).join(Claim, Verdict.claim_id == Claim.id)
        .where(Verdict.superseded_at.is_(None), *selection.where())
    )


def claims(selection: Selection, on_verdicts=None) -> Iterator[ExportClaim]:
    """Every selected claim with its counting verdicts and their sources, in article then claim order.

    `on_verdicts(n)` is told how many verdict rows were read (for a progress bar).
    """
    # Core, not the ORM: plain rows; yield_per streams them (a server-side cursor on PostgreSQL).
    result = db.session.connection().execute(verdict_rows(selection), execution_options={"yield_per": YIELD_PER})
    pending: list[ExportClaim] = []
    pending_verdicts = 0
    claim = None
    for partition in result.partitions():
        for row in partition:
            if claim is None or claim.id != row[0]:
                if claim is not None and pending_verdicts >= EVIDENCE_BATCH:
                    yield from _with_evidence(pending)
                    pending, pending_verdicts = [], 0
                claim = ExportClaim(*row[:19])
                pending.append(claim)
            claim.verdicts.append(ExportVerdict(*row[19:]))
            pending_verdicts += 1
        if on_verdicts:
            on_verdicts(len(partition))
    yield from _with_evidence(pending)


def _with_evidence(batch: list[ExportClaim]) -> list[ExportClaim]:
    by_verdict = {v.id: v for c in batch for v in c.verdicts}
    if not by_verdict:
        return batch
    passage = aliased(Span)
    rows = db.session.connection().execute(
        select(Evidence.verdict_id, Evidence.id, _raw(Evidence.stance), Evidence.span_id,
               func.coalesce(passage.article_id, Evidence.article_id), passage.start, passage.end, passage.text,
               Evidence.url)
        .outerjoin(passage, Evidence.span_id == passage.id)
        .where(Evidence.verdict_id.in_(list(by_verdict)))
        .order_by(Evidence.id)
    )
    for verdict_id, *rest in rows:
        by_verdict[verdict_id].evidence.append(ExportEvidence(*rest))
    return batch


def article_text(article_id: int) -> str:
    return db.session.scalar(select(Article.text).where(Article.id == article_id))
