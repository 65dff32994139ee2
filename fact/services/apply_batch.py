"""Apply Label Studio annotations by the page: the one path of the webhook (a page of one) and sync.

Sync applies thousands in a row, so everything a page needs is read up front in a few queries
(rows, known revisions, annotators, spans, cited sources, the articles' claims) and written with a
few executemany statements (fact.services.apply_writes): applying one annotation costs no query of
its own. The rules are those of
fact.services.annotations: idempotent, order-proof, deleted stays deleted, a rejected annotation
is only kept as a rejected revision.
"""
import hashlib
import json
import logging
from dataclasses import dataclass, field

from sqlalchemy import select, update

from fact.extensions import db
from fact.models import Annotation, AnnotationRevision, Annotator, Article, RevisionStatus, Span, Task, Verdict
from fact.models.articles import utcnow
from fact.services.apply_writes import Accepted, insert_rows, write_verdicts
from fact.services.verdicts import refresh_claims
from fact.services.results import ClaimInput, InvalidAnnotation, parse_result
from fact.services.tasks import offered_sources

log = logging.getLogger("fact.services.annotations")


@dataclass(frozen=True)
class Applied:
    ls_annotation_id: int
    outcome: str  # accepted, rejected, duplicate, stale, deleted-before
    reason: str | None = None


@dataclass(eq=False)
class _Item:
    annotation: dict
    task_data: dict | None
    annotator_id: int
    result_hash: str
    row: Annotation | None = None
    newest: bool = True
    span: Span | None = None
    claims: list[ClaimInput] = field(default_factory=list)
    reason: str | None = None
    applied: Applied | None = None


def apply_annotations(pairs: list[tuple[dict, dict | None]], via: str) -> list[Applied]:
    """Apply annotations (as AnnotationSchema loads them) with their task's data, in order.

    An annotation that comes twice is applied in a later round, after the first one is flushed,
    exactly as two deliveries one after the other would be.
    """
    outcomes, run, seen = [], [], set()
    for annotation, task_data in pairs:
        if annotation["id"] in seen:
            outcomes += _apply_round(run, via)
            run, seen = [], set()
        run.append((annotation, task_data))
        seen.add(annotation["id"])
    return outcomes + (_apply_round(run, via) if run else [])


def _apply_round(pairs: list[tuple[dict, dict | None]], via: str) -> list[Applied]:
    items = [_Item(a, data, _annotator(a.get("completed_by")), result_hash(a["result"], a["was_cancelled"]))
             for a, data in pairs]
    _add_annotators(pairs)
    _match_rows(items)
    fresh = [i for i in items if i.applied is None and i.newest]
    _validate(fresh)
    touched = supersede([i.row.id for i in fresh if i.row is not None and i.reason is None])
    pending = [i for i in items if i.applied is None]
    if pending:
        touched |= _write(pending, via)
    refresh_claims(touched)
    return [item.applied for item in items]


def _annotator(completed_by) -> int:
    if isinstance(completed_by, dict) and isinstance(completed_by.get("id"), int):
        return completed_by["id"]
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return completed_by
    raise InvalidAnnotation("the annotation does not say who made it (completed_by)")


def _add_annotators(pairs: list[tuple[dict, dict | None]]) -> None:
    """Users we first meet in a webhook (the payload names them): they get a row of their own."""
    named = {}
    for annotation, _data in pairs:
        user = annotation.get("completed_by")
        if isinstance(user, dict) and isinstance(user.get("id"), int):
            named.setdefault(user["id"], user.get("email"))
    if named:
        known = set(db.session.scalars(select(Annotator.id).where(Annotator.id.in_(named))))
        db.session.add_all(Annotator(id=i, email=email) for i, email in named.items() if i not in known)


def _match_rows(items: list[_Item]) -> None:
    """Our rows of these annotations and the revisions we already have: deleted, duplicate or newest?"""
    rows = {row.ls_annotation_id: row for row in db.session.scalars(
        select(Annotation).where(Annotation.ls_annotation_id.in_([i.annotation["id"] for i in items]))
        .with_for_update())}
    known = set(db.session.execute(
        select(AnnotationRevision.annotation_id, AnnotationRevision.result_hash, AnnotationRevision.ls_updated_at)
        .where(AnnotationRevision.annotation_id.in_([row.id for row in rows.values()])))) if rows else set()
    for item in items:
        ls_id, updated_at = item.annotation["id"], item.annotation["updated_at"]
        row = item.row = rows.get(ls_id)
        if row is not None and row.deleted_at is not None:
            item.applied = Applied(ls_id, "deleted-before")
        elif row is not None and (row.id, item.result_hash, updated_at) in known:
            item.applied = Applied(ls_id, "duplicate")
        else:
            item.newest = row is None or updated_at >= row.ls_updated_at


def _validate(items: list[_Item]) -> None:
    """Parse each result against its span's text, and check every cited passage and article at once."""
    spans = _spans(items)
    for item in items:
        item.span = spans.get(id(item))
        try:
            if item.span is None:
                raise InvalidAnnotation(f"task {item.annotation['task']} is not one of ours (no known span_id)")
            if not item.annotation["was_cancelled"]:
                item.claims = parse_result(item.annotation["result"], item.span.text)
        except InvalidAnnotation as error:
            item.claims, item.reason = [], str(error)
    cited = [i for i in items if i.reason is None and i.claims]
    span_ids = {s.span_id for i in cited for c in i.claims for s in c.sources if s.span_id}
    article_ids = {s.article_id for i in cited for c in i.claims for s in c.sources if s.article_id}
    spans_of = dict(db.session.execute(select(Span.id, Span.article_id).where(Span.id.in_(span_ids))).all()) \
        if span_ids else {}
    articles = set(db.session.scalars(select(Article.id).where(Article.id.in_(article_ids)))) if article_ids else set()
    offered = offered_sources({i.span.id for i in cited})
    for item in cited:
        try:
            _check_sources(item, spans_of, articles, offered[item.span.id])
        except InvalidAnnotation as error:
            item.claims, item.reason = [], str(error)
    for item in items:
        if item.reason is not None:
            log.warning("annotation %s (task %s) rejected: %s", item.annotation["id"], item.annotation["task"],
                        item.reason)


def _spans(items: list[_Item]) -> dict[int, Span]:
    """Each item's span: by the span_id in its task's data, else by our task map."""
    by_id, by_task = {}, {}
    for item in items:
        span_id = (item.task_data or {}).get("span_id")
        if isinstance(span_id, int) and not isinstance(span_id, bool):
            by_id[id(item)] = span_id
        else:
            by_task[id(item)] = item.annotation["task"]
    spans = {s.id: s for s in db.session.scalars(select(Span).where(Span.id.in_(set(by_id.values()))))} \
        if by_id else {}
    of_task = {task_id: span for task_id, span in db.session.execute(
        select(Task.ls_task_id, Span).join(Span, Task.span_id == Span.id)
        .where(Task.ls_task_id.in_(set(by_task.values()))))} if by_task else {}
    found = {key: spans[span_id] for key, span_id in by_id.items() if span_id in spans}
    found.update({key: of_task[task_id] for key, task_id in by_task.items() if task_id in of_task})
    return found


def _check_sources(item: _Item, spans_of: dict[int, int], articles: set[int],
                   offered: set[tuple[str, int]]) -> None:
    """Cited passages and articles must exist, have been offered by the task, and belong to another
    article than the claim's."""
    span_ids = {s.span_id for c in item.claims for s in c.sources if s.span_id}
    article_ids = {s.article_id for c in item.claims for s in c.sources if s.article_id}
    for missing in sorted(span_ids - spans_of.keys()):
        raise InvalidAnnotation(f"cites passage span:{missing}, which does not exist")
    for missing in sorted(article_ids - articles):
        raise InvalidAnnotation(f"cites article:{missing}, which does not exist")
    if item.span.article_id in article_ids or item.span.article_id in {spans_of[i] for i in span_ids}:
        raise InvalidAnnotation("cites the claim's own article as its source")
    cited = {("span", i) for i in span_ids} | {("article", i) for i in article_ids}
    for kind, number in sorted(cited - offered):
        raise InvalidAnnotation(f"cites {kind}:{number}, which its task never offered")


def supersede(row_ids: list[int]) -> set[int]:
    """Retire these annotations' current verdicts; returns the claims whose aggregate changes."""
    if not row_ids:
        return set()
    now = utcnow()
    current = (Verdict.annotation_id.in_(row_ids), Verdict.superseded_at.is_(None))
    claim_ids = set(db.session.scalars(select(Verdict.claim_id).where(*current)))
    db.session.execute(update(Verdict).where(*current).values(superseded_at=now),
                       execution_options={"synchronize_session": False})
    db.session.execute(
        update(AnnotationRevision)
        .where(AnnotationRevision.annotation_id.in_(row_ids), AnnotationRevision.status == RevisionStatus.accepted)
        .values(status=RevisionStatus.superseded), execution_options={"synchronize_session": False})
    return claim_ids


def _write(items: list[_Item], via: str) -> set[int]:
    """The rows of these annotations, in a few executemany INSERTs; returns the claims they count for."""
    new = [i for i in items if i.row is None]
    created = dict(zip(map(id, new), insert_rows(Annotation, [
        {"ls_annotation_id": i.annotation["id"], "ls_task_id": i.annotation["task"],
         "span_id": i.span.id if i.span else None, "annotator_id": i.annotator_id,
         "ls_updated_at": i.annotation["updated_at"], "was_cancelled": i.annotation["was_cancelled"]} for i in new])))
    row_ids = [created[id(i)] if i.row is None else i.row.id for i in items]
    revision_ids = insert_rows(AnnotationRevision, [
        {"annotation_id": row_id, "ls_updated_at": i.annotation["updated_at"], "annotator_id": i.annotator_id,
         "via": via, "result": i.annotation["result"], "result_hash": i.result_hash, "reason": i.reason,
         "status": RevisionStatus.stale if not i.newest else RevisionStatus.rejected if i.reason
         else RevisionStatus.accepted} for i, row_id in zip(items, row_ids)])
    accepted = []
    for item, row_id, revision_id in zip(items, row_ids, revision_ids):
        item.applied = _settle(item)
        if item.applied.outcome == "accepted" and item.claims:
            accepted.append(Accepted(item.span, item.claims, item.annotator_id, row_id, revision_id))
    return write_verdicts(accepted)


def _settle(item: _Item) -> Applied:
    """The outcome of one annotation, and its row brought up to the newest revision."""
    ls_id, updated_at = item.annotation["id"], item.annotation["updated_at"]
    if not item.newest:
        return Applied(ls_id, "stale")
    if item.row is not None:
        item.row.ls_updated_at, item.row.annotator_id = updated_at, item.annotator_id
    if item.reason is not None:
        return Applied(ls_id, "rejected", item.reason)
    if item.row is not None:
        item.row.was_cancelled = item.annotation["was_cancelled"]
    return Applied(ls_id, "accepted")


def result_hash(result: list, was_cancelled: bool) -> str:
    canonical = json.dumps([result, was_cancelled], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
