"""The one streaming read behind every export.

Current verdicts (fact.services.claims.votes) come with their claim, article and sources from a single query (one row per
verdict and source), in article, claim and verdict order, read `yield_per` rows at a time (a
server-side cursor on PostgreSQL), so memory stays flat however many verdicts there are. Columns are
read as stored (no enum or datetime objects per value): exports only print them.
"""
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from operator import itemgetter

from sqlalchemy import String, func, null, or_, select, type_coerce
from sqlalchemy.orm import aliased

from fact.extensions import db
from fact.models import Agreement, Annotation, Annotator, Article, Claim, Evidence, Outlet, Span, Verdict
from fact.services.claims.votes import CURRENT

YIELD_PER = 5_000


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
    created_at: str
    evidence: list[ExportEvidence] = field(default_factory=list)


@dataclass(slots=True)
class ExportClaim:
    id: int
    article_id: int | None  # None, and no span or offsets, for a claim from outside
    span_id: int | None
    start: int | None
    end: int | None
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
    language: str | None  # its article's; a claim from outside's own (None: not given)
    outlet: str | None
    story_cluster_id: int | None
    verdicts: list[ExportVerdict] = field(default_factory=list)

    @property
    def group(self) -> str:
        return group_of(self.story_cluster_id, self.article_id, self.id)


def group_of(story_cluster_id: int | None, article_id: int | None, claim_id: int) -> str:
    """What a split keeps together: the story, or the article when it belongs to none; a claim from
    outside (no article) is a group of its own."""
    if story_cluster_id is not None:
        return f"story:{story_cluster_id}"
    return f"article:{article_id}" if article_id is not None else f"claim:{claim_id}"


@dataclass(frozen=True)
class Selection:
    """Which claims an export takes."""

    agreed_only: bool = False
    labelled: bool = False  # only claims with a final label (contested ones are left out)
    in_articles: bool = False  # only claims of an article (claims from outside have none)

    def where(self) -> list:
        clauses = [Claim.verdict_count > 0]
        if self.in_articles:
            clauses.append(Claim.article_id.is_not(None))
        if self.labelled:
            clauses.append(Claim.label.is_not(None))
        if self.agreed_only:
            clauses.append(or_(Claim.agreement.in_([Agreement.unanimous, Agreement.majority]),
                               Claim.adjudicated_label.is_not(None)))
        return clauses

    def claim_ids(self):
        return select(Claim.id).where(*self.where())


def stored(column):
    """The stored string, not an enum or datetime per value: exports only print them."""
    return type_coerce(column, String())


def _columns(prefix: str, values: dict) -> list:
    """The SELECT's columns named <prefix>_<field>, the names claims() reads them by."""
    return [value.label(f"{prefix}_{name}") for name, value in values.items()]


def verdict_rows(selection: Selection, passages: bool = False):
    """The statement: one row per current verdict of a selected claim and source it cites (or none).

    The benchmark reads the same statement with a bare cursor. `passages`: with the cited passages' text.
    """
    passage = aliased(Span)
    claim = {
        "id": Claim.id, "article_id": Claim.article_id, "span_id": Claim.span_id, "start": Claim.start,
        "end": Claim.end, "text": Claim.text, "verdict_count": Claim.verdict_count,
        "majority_label": stored(Claim.majority_label), "agreement": stored(Claim.agreement),
        "adjudicated_label": stored(Claim.adjudicated_label), "label": stored(Claim.label),
        "created_at": stored(Claim.created_at), "updated_at": stored(Claim.updated_at), "article_url": Article.url,
        "article_title": Article.title, "published_at": stored(Article.published_at), "language": claim_language(),
        "outlet": Outlet.name, "story_cluster_id": Article.story_cluster_id,
    }
    verdict = {
        "id": Verdict.id, "annotation_id": Annotation.ls_annotation_id, "annotator_id": Verdict.annotator_id,
        "annotator": Annotator.email, "label": stored(Verdict.label), "start": Verdict.start, "end": Verdict.end,
        "text": Verdict.text, "created_at": stored(Verdict.created_at),
    }
    evidence = {
        "id": Evidence.id, "stance": stored(Evidence.stance), "span_id": Evidence.span_id,
        "article_id": func.coalesce(passage.article_id, Evidence.article_id), "start": passage.start,
        "end": passage.end, "text": passage.text if passages else null(), "url": Evidence.url,
    }
    statement = select(*_columns("claim", claim), *_columns("verdict", verdict), *_columns("evidence", evidence))
    return (
        current_verdicts(statement, selection)
        .outerjoin(Evidence, Evidence.verdict_id == Verdict.id)
        .outerjoin(passage, Evidence.span_id == passage.id)
        .order_by(Claim.article_id, Claim.id, Verdict.id, Evidence.id)
    )


def claim_language():
    """A claim's language: its article's, or a claim from outside's own."""
    return func.coalesce(Article.language, Claim.language)


def current_verdicts(statement, selection: Selection):
    """`statement` over the current verdicts of the selected claims, with their claim, article,
    outlet, annotation and annotator (the reads of exports.table share it)."""
    return (
        statement.select_from(Verdict)
        .join(Claim, Verdict.claim_id == Claim.id)
        .outerjoin(Article, Claim.article_id == Article.id)  # a claim from outside has none
        .outerjoin(Outlet, Article.outlet_id == Outlet.id)
        .join(Annotation, Verdict.annotation_id == Annotation.id)
        .outerjoin(Annotator, Annotator.id == Verdict.annotator_id)
        .where(CURRENT, *selection.where())
    )


def count_rows(selection: Selection) -> int:
    """How many rows claims() will read: for the progress bar's total."""
    return db.session.scalar(
        select(func.count()).select_from(Verdict).join(Claim, Verdict.claim_id == Claim.id)
        .outerjoin(Evidence, Evidence.verdict_id == Verdict.id)
        .where(CURRENT, *selection.where())
    )


def _reader(keys: list[str], prefix: str, cls) -> tuple[int, object]:
    """Where `cls`'s id is in a row, and a function that builds one from the columns of its fields:
    looked up by name once, then taken from each row by position."""
    names = [f.name for f in fields(cls) if f.name not in ("verdicts", "evidence")]
    get = itemgetter(*(keys.index(f"{prefix}_{name}") for name in names))
    return keys.index(f"{prefix}_id"), lambda row: cls(*get(row))


def claims(selection: Selection, on_rows=None, passages: bool = False) -> Iterator[ExportClaim]:
    """Every selected claim with its current verdicts and their sources, in article then claim order.

    `on_rows(n)` is told how many rows were read (for a progress bar).
    """
    # Core, not the ORM: plain rows; yield_per streams them (a server-side cursor on PostgreSQL).
    result = db.session.connection().execute(verdict_rows(selection, passages),
                                             execution_options={"yield_per": YIELD_PER})
    keys = list(result.keys())
    claim_at, new_claim = _reader(keys, "claim", ExportClaim)
    verdict_at, new_verdict = _reader(keys, "verdict", ExportVerdict)
    evidence_at, new_evidence = _reader(keys, "evidence", ExportEvidence)
    claim = verdict = None
    for partition in result.partitions():
        for row in partition:
            if claim is None or claim.id != row[claim_at]:
                if claim is not None:
                    yield claim
                claim = new_claim(row)
            if verdict is None or verdict.id != row[verdict_at]:
                verdict = new_verdict(row)
                claim.verdicts.append(verdict)
            if row[evidence_at] is not None:
                verdict.evidence.append(new_evidence(row))
        if on_rows:
            on_rows(len(partition))
    if claim is not None:
        yield claim


def article_text(article_id: int) -> str:
    return db.session.scalar(select(Article.text).where(Article.id == article_id))
