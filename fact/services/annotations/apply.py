"""Apply Label Studio annotations by the page: the one path of the webhook (a page of one) and sync.

Sync applies thousands in a row, so everything a page needs is read up front in a few queries
(rows, known revisions, annotators, spans, cited sources, the articles' claims) and written with a
few executemany statements (fact.services.annotations.write): applying one annotation costs no query of
its own. Annotations of claim tasks (the claims project's, and labels imported from elsewhere) take
the same path, checked by claim_apply and written by claim_write instead of the span's parse and write. Every delivery is idempotent and order-proof: a repeat changes nothing, an older revision
that arrives after a newer one only joins the history, a deleted annotation stays deleted (even when
the delete arrives first), and a rejected annotation is only kept as a rejected revision.

Order-proof means the state is a function of the revisions delivered, not of their order: of the
revisions that pass validation, the newest (Label Studio's updated_at, then the result's hash on a
tie) counts, and a rejected one never hides an older valid one. Two workers never decide on the same
annotation at once: its row is made if missing and locked (SQLite: the write lock, taken before the
first read; PostgreSQL: FOR UPDATE, in ls_annotation_id order so that two pages cannot deadlock).
"""
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update

from fact.database import insert_missing, lock_for_writing
from fact.labelstudio.config import ARTICLE, PASSAGE, source_choice
from fact.extensions import db
from fact.models import Annotation, AnnotationRevision, Annotator, Article, Claim, RevisionStatus, Span, Task, Verdict
from fact.models.articles import utcnow
from fact.services.annotations.claim_apply import claim_items, validate_claim_items
from fact.services.annotations.claim_parse import ClaimTaskInput
from fact.services.annotations.claim_write import JudgedClaim, retire_stances, write_claim_tasks
from fact.services.annotations.write import Accepted, insert_rows, write_verdicts
from fact.services.claims.aggregate import refresh_claims
from fact.services.annotations.parse import ClaimInput, InvalidAnnotation, parse_result
from fact.services.tasks.payloads import offered_sources
from fact.services.claims.votes import CURRENT

log = logging.getLogger(__name__)


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
    current: tuple[datetime, str] | None = None  # the accepted revision's (updated_at, hash), if any
    top: tuple[datetime, str] | None = None  # the newest revision's we have, whatever its status
    newest: bool = True
    span: Span | None = None
    claims: list[ClaimInput] = field(default_factory=list)
    of_claim_task: bool = False  # a claim task's (fact.services.annotations.claim_apply): no span, a claim
    claim: Claim | None = None
    judged: ClaimTaskInput | None = None
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


def apply_annotation(annotation: dict, task_data: dict | None, via: str) -> Applied:
    """Apply one annotation (as loaded by schemas.labelstudio.AnnotationSchema) of the task whose data is given.

    Its row is made and locked first, then everything else is read and written last, so that the
    session flushes once: the webhook answers inside Label Studio's Submit.
    """
    (applied,) = apply_annotations([(annotation, task_data)], via)
    return applied


def _apply_round(pairs: list[tuple[dict, dict | None]], via: str) -> list[Applied]:
    items = [_Item(a, data, _annotator(a.get("completed_by")), result_hash(a["result"], a["was_cancelled"]))
             for a, data in pairs]
    rows = lock_rows([a["id"] for a, _data in pairs])
    _add_annotators(pairs)
    _match_rows(items, rows)
    pending = [i for i in items if i.applied is None]
    _validate(pending)
    for item in pending:
        item.newest = item.current is None or _key(item) > item.current
    touched = supersede([i.row.id for i in pending if i.reason is None and i.newest and i.current is not None])
    if pending:
        touched |= _write(pending, via)
    refresh_claims(touched)
    return [item.applied for item in items]


def lock_rows(ls_ids: list[int]) -> dict[int, Annotation]:
    """The rows of these annotations, made where missing and locked, before anything about them is read.

    Made with ON CONFLICT DO NOTHING, so that two workers that first meet an annotation at once both
    find its one row; locked in ls_annotation_id order (PostgreSQL), and read afresh whatever the
    session held, so that what is decided next is decided on the newest committed state.
    """
    ids = sorted(set(ls_ids))
    if not ids:
        return {}
    lock_for_writing(db.session)
    now = utcnow()
    insert_missing(db.session, Annotation, [{"ls_annotation_id": i, "created_at": now} for i in ids],
                   "ls_annotation_id")
    return {row.ls_annotation_id: row for row in db.session.scalars(
        select(Annotation).where(Annotation.ls_annotation_id.in_(ids)).order_by(Annotation.ls_annotation_id)
        .with_for_update().execution_options(populate_existing=True))}


def _key(item: _Item) -> tuple[datetime, str]:
    return item.annotation["updated_at"], item.result_hash


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
    insert_missing(db.session, Annotator, [{"id": i, "email": email} for i, email in named.items()], "id")


def _match_rows(items: list[_Item], rows: dict[int, Annotation]) -> None:
    """The revisions we already have of these (locked) annotations: deleted, duplicate, or how it ranks."""
    known: dict[int, dict[tuple[datetime, str], RevisionStatus]] = defaultdict(dict)
    for annotation_id, result_hash, updated_at, status in db.session.execute(
            select(AnnotationRevision.annotation_id, AnnotationRevision.result_hash, AnnotationRevision.ls_updated_at,
                   AnnotationRevision.status)
            .where(AnnotationRevision.annotation_id.in_([row.id for row in rows.values()]))):
        known[annotation_id][(updated_at, result_hash)] = status
    for item in items:
        ls_id = item.annotation["id"]
        row = item.row = rows[ls_id]
        revisions = known[row.id]
        if row.deleted_at is not None:
            item.applied = Applied(ls_id, "deleted-before")
        elif _key(item) in revisions:
            item.applied = Applied(ls_id, "duplicate")
        else:
            item.current = max((k for k, status in revisions.items() if status == RevisionStatus.accepted), default=None)
            item.top = max(revisions, default=None)


def _validate(every: list[_Item]) -> None:
    """Parse each result against its span's text (or, of a claim task, against its claim's offers), and
    check every cited passage and article at once."""
    validate_claim_items(claim_items(every))
    items = [i for i in every if not i.of_claim_task]
    _attach_spans(items)
    for item in items:
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
    for item in every:
        if item.reason is not None:
            log.warning("annotation %s (task %s) rejected: %s", item.annotation["id"], item.annotation["task"],
                        item.reason)


def _attach_spans(items: list[_Item]) -> None:
    """Give each item its span, found by the span_id in its task's data, else by our task map (None when
    neither knows it), with one query for each way."""
    by_id, by_task = [], []
    for item in items:
        span_id = (item.task_data or {}).get("span_id")
        (by_id if isinstance(span_id, int) and not isinstance(span_id, bool) else by_task).append(item)
    spans = {s.id: s for s in db.session.scalars(
        select(Span).where(Span.id.in_({i.task_data["span_id"] for i in by_id})))} if by_id else {}
    of_task = dict(db.session.execute(
        select(Task.ls_task_id, Span).join(Span, Task.span_id == Span.id)
        .where(Task.ls_task_id.in_({i.annotation["task"] for i in by_task}))).all()) if by_task else {}
    for item in by_id:
        item.span = spans.get(item.task_data["span_id"])
    for item in by_task:
        item.span = of_task.get(item.annotation["task"])


def _check_sources(item: _Item, spans_of: dict[int, int], articles: set[int],
                   offered: set[tuple[str, int]]) -> None:
    """Cited passages and articles must exist, have been offered by the task, and belong to another
    article than the claim's."""
    span_ids = {s.span_id for c in item.claims for s in c.sources if s.span_id}
    article_ids = {s.article_id for c in item.claims for s in c.sources if s.article_id}
    for missing in sorted(span_ids - spans_of.keys()):
        raise InvalidAnnotation(f"cites passage {source_choice(PASSAGE, missing)}, which does not exist")
    for missing in sorted(article_ids - articles):
        raise InvalidAnnotation(f"cites {source_choice(ARTICLE, missing)}, which does not exist")
    if item.span.article_id in article_ids or item.span.article_id in {spans_of[i] for i in span_ids}:
        raise InvalidAnnotation("cites the claim's own article as its source")
    cited = {(PASSAGE, i) for i in span_ids} | {(ARTICLE, i) for i in article_ids}
    for kind, number in sorted(cited - offered):
        raise InvalidAnnotation(f"cites {source_choice(kind, number)}, which its task never offered")


def supersede(row_ids: list[int]) -> set[int]:
    """Retire these annotations' current verdicts and article stances (at one time); returns the claims
    whose aggregate changes."""
    if not row_ids:
        return set()
    now = utcnow()
    current = (Verdict.annotation_id.in_(row_ids), CURRENT)
    claim_ids = set(db.session.scalars(select(Verdict.claim_id).where(*current))) | retire_stances(row_ids, now)
    db.session.execute(update(Verdict).where(*current).values(superseded_at=now),
                       execution_options={"synchronize_session": False})
    db.session.execute(
        update(AnnotationRevision)
        .where(AnnotationRevision.annotation_id.in_(row_ids), AnnotationRevision.status == RevisionStatus.accepted)
        .values(status=RevisionStatus.superseded), execution_options={"synchronize_session": False})
    return claim_ids


def delete_annotations(ls_ids: list[int], via: str) -> list[Applied]:
    """Deleted annotations stop counting; their verdicts and revisions stay as history.

    A delete of an annotation we have not heard of yet (its create is late, or lost) is remembered
    as a row of its own, deleted ("unknown"), so that the create does not count when it comes.
    One lock, one supersede and one refresh of the claims for the whole list (sync passes a page's).
    """
    rows = lock_rows(ls_ids)
    outcomes, deleted, now = [], [], utcnow()
    for ls_id in ls_ids:
        row = rows[ls_id]
        if row.deleted_at is not None:
            outcomes.append(Applied(ls_id, "duplicate"))
            continue
        row.deleted_at = now
        if row.ls_updated_at is None:
            log.info("annotation %s deleted before we heard of it (%s): remembered", ls_id, via)
            outcomes.append(Applied(ls_id, "unknown"))
            continue
        deleted.append(row.id)
        log.info("annotation %s deleted (%s)", ls_id, via)
        outcomes.append(Applied(ls_id, "deleted"))
    refresh_claims(supersede(deleted))
    return outcomes


def _write(items: list[_Item], via: str) -> set[int]:
    """Their revisions, in one executemany INSERT, and the verdicts of the accepted; returns the claims
    these count for."""
    revision_ids = insert_rows(AnnotationRevision, [
        {"annotation_id": i.row.id, "ls_updated_at": i.annotation["updated_at"], "annotator_id": i.annotator_id,
         "via": via, "result": i.annotation["result"], "result_hash": i.result_hash, "reason": i.reason,
         "status": RevisionStatus.rejected if i.reason else RevisionStatus.accepted if i.newest
         else RevisionStatus.stale} for i in items])
    accepted, judged = [], []
    for item, revision_id in zip(items, revision_ids):
        item.applied = _settle(item)
        if item.applied.outcome == "accepted" and item.claims:
            accepted.append(Accepted(item.span, item.claims, item.annotator_id, item.row.id, revision_id))
        if item.applied.outcome == "accepted" and item.judged is not None:
            judged.append(JudgedClaim(item.claim, item.judged, item.annotator_id, item.row.id, revision_id))
    return write_verdicts(accepted) | write_claim_tasks(judged)


def _settle(item: _Item) -> Applied:
    """The outcome of one annotation, and its row brought up to what its revisions say: task and span
    from the first that names them, annotator and time from the newest, skipped from the accepted."""
    ls_id, row = item.annotation["id"], item.row
    if row.ls_task_id is None:
        row.ls_task_id = item.annotation["task"]
    if row.span_id is None and item.span is not None:
        row.span_id = item.span.id
    if row.claim_id is None and item.claim is not None:
        row.claim_id = item.claim.id
    if item.top is None or _key(item) > item.top:
        row.ls_updated_at, row.annotator_id = item.annotation["updated_at"], item.annotator_id
    if item.reason is not None:
        return Applied(ls_id, "rejected", item.reason)
    if not item.newest:
        return Applied(ls_id, "stale")
    row.was_cancelled = item.annotation["was_cancelled"]
    return Applied(ls_id, "accepted")


def result_hash(result: list, was_cancelled: bool) -> str:
    canonical = json.dumps([result, was_cancelled], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
