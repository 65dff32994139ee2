"""Apply Label Studio annotations to our database: the one path shared by the webhook and sync.

Every delivery is idempotent and order-proof: a repeat changes nothing, an older revision that
arrives after a newer one only joins the history, and a deleted annotation stays deleted.
"""
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from fact.extensions import db
from fact.models import (
    Annotation, AnnotationRevision, Annotator, Article, Claim, Evidence, RevisionStatus, Span, Task, Verdict,
)
from fact.models.articles import utcnow
from fact.services.claims import claims_for
from fact.services.results import ClaimInput, InvalidAnnotation, parse_result
from fact.services.verdicts import refresh_claims

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Applied:
    ls_annotation_id: int
    outcome: str  # accepted, rejected, duplicate, stale, deleted-before
    reason: str | None = None


def apply_annotation(annotation: dict, task_data: dict | None, via: str) -> Applied:
    """Apply one annotation (as loaded by schemas.labelstudio.AnnotationSchema) of the task whose data is given.

    Everything is read first and written last, so that the session flushes once per annotation:
    the webhook answers inside Label Studio's Submit, and sync applies thousands in a row.
    """
    ls_id, updated_at = annotation["id"], annotation["updated_at"]
    annotator_id = _annotator(annotation.get("completed_by"))
    result = annotation["result"]
    result_hash = _hash(result, annotation["was_cancelled"])

    row = db.session.scalar(select(Annotation).where(Annotation.ls_annotation_id == ls_id).with_for_update())
    if row is not None and row.deleted_at is not None:
        return Applied(ls_id, "deleted-before")
    if row is not None and _known(row, updated_at, result_hash):
        return Applied(ls_id, "duplicate")
    newest = row is None or updated_at >= row.ls_updated_at
    span = _span(annotation["task"], task_data) if newest or row is None else None
    reason, claims = None, []
    if newest:
        try:
            if span is None:
                raise InvalidAnnotation(f"task {annotation['task']} is not one of ours (no known span_id)")
            claims = [] if annotation["was_cancelled"] else parse_result(result, span.text)
            _check_sources(claims, span)
        except InvalidAnnotation as error:
            reason = str(error)
            log.warning("annotation %s (task %s) rejected: %s", ls_id, annotation["task"], error)

    if row is None:
        row = Annotation(ls_annotation_id=ls_id, ls_task_id=annotation["task"], span_id=span.id if span else None,
                         annotator_id=annotator_id, ls_updated_at=updated_at,
                         was_cancelled=annotation["was_cancelled"])
        db.session.add(row)
    touched: set[int] = set()
    if row.id is not None and newest and reason is None:
        touched = _supersede(row)  # before anything new is pending: these UPDATEs flush
    status = RevisionStatus.stale if not newest else RevisionStatus.rejected if reason else RevisionStatus.accepted
    revision = AnnotationRevision(annotation=row, ls_updated_at=updated_at, annotator_id=annotator_id, via=via,
                                  result=result, result_hash=result_hash, status=status, reason=reason)
    db.session.add(revision)
    if not newest:
        return Applied(ls_id, "stale")
    row.ls_updated_at, row.annotator_id = updated_at, annotator_id
    if reason is not None:
        return Applied(ls_id, "rejected", reason)
    row.was_cancelled = annotation["was_cancelled"]
    highlights = [(span.start + c.start, span.start + c.end, c.text) for c in claims]
    grouped = claims_for(span, highlights)
    for claim_input, claim in zip(claims, grouped):
        _add_verdict(claim_input, claim, span, row, revision)
    db.session.flush()
    refresh_claims(touched | {claim.id for claim in grouped})
    return Applied(ls_id, "accepted")


def delete_annotations(ls_ids: list[int], via: str) -> list[Applied]:
    """Deleted annotations stop counting; their verdicts and revisions stay as history."""
    outcomes = []
    for ls_id in ls_ids:
        row = db.session.scalar(select(Annotation).where(Annotation.ls_annotation_id == ls_id))
        if row is None or row.deleted_at is not None:
            outcomes.append(Applied(ls_id, "duplicate" if row else "unknown"))
            continue
        row.deleted_at = utcnow()
        refresh_claims(_supersede(row))
        log.info("annotation %s deleted (%s)", ls_id, via)
        outcomes.append(Applied(ls_id, "deleted"))
    return outcomes


def _known(row: Annotation, updated_at: datetime, result_hash: str) -> bool:
    return db.session.scalar(
        select(AnnotationRevision.id).where(
            AnnotationRevision.annotation_id == row.id,
            AnnotationRevision.result_hash == result_hash,
            AnnotationRevision.ls_updated_at == updated_at,
        )
    ) is not None


def _span(ls_task_id: int, task_data: dict | None) -> Span | None:
    span_id = (task_data or {}).get("span_id")
    if isinstance(span_id, int) and not isinstance(span_id, bool):
        return db.session.get(Span, span_id)
    return db.session.scalar(select(Span).join(Task, Task.span_id == Span.id).where(Task.ls_task_id == ls_task_id))


def _annotator(completed_by) -> int:
    if isinstance(completed_by, dict):
        user_id = completed_by.get("id")
        if isinstance(user_id, int):
            if db.session.get(Annotator, user_id) is None:
                db.session.add(Annotator(id=user_id, email=completed_by.get("email")))
            return user_id
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return completed_by
    raise InvalidAnnotation("the annotation does not say who made it (completed_by)")


def _check_sources(claims: list[ClaimInput], span: Span) -> None:
    """Cited passages and articles must exist and belong to another article than the claim's."""
    span_ids = {s.span_id for c in claims for s in c.sources if s.span_id}
    article_ids = {s.article_id for c in claims for s in c.sources if s.article_id}
    spans = dict(db.session.execute(select(Span.id, Span.article_id).where(Span.id.in_(span_ids))).all()) if span_ids else {}
    articles = set(db.session.scalars(select(Article.id).where(Article.id.in_(article_ids)))) if article_ids else set()
    for missing in sorted(span_ids - spans.keys()):
        raise InvalidAnnotation(f"cites passage span:{missing}, which does not exist")
    for missing in sorted(article_ids - articles):
        raise InvalidAnnotation(f"cites article:{missing}, which does not exist")
    if span.article_id in articles or span.article_id in spans.values():
        raise InvalidAnnotation("cites the claim's own article as its source")


def _supersede(row: Annotation) -> set[int]:
    """Retire the annotation's current verdicts; returns the claims whose aggregate changes."""
    now = utcnow()
    claim_ids = set(db.session.scalars(
        select(Verdict.claim_id).where(Verdict.annotation_id == row.id, Verdict.superseded_at.is_(None))))
    db.session.execute(
        update(Verdict).where(Verdict.annotation_id == row.id, Verdict.superseded_at.is_(None)).values(superseded_at=now)
    )
    db.session.execute(
        update(AnnotationRevision)
        .where(AnnotationRevision.annotation_id == row.id, AnnotationRevision.status == RevisionStatus.accepted)
        .values(status=RevisionStatus.superseded)
    )
    return claim_ids


def _add_verdict(claim_input: ClaimInput, claim: Claim, span: Span, row: Annotation,
                 revision: AnnotationRevision) -> None:
    verdict = Verdict(claim=claim, annotation=row, revision=revision, label=claim_input.label,
                      annotator_id=row.annotator_id, start=span.start + claim_input.start,
                      end=span.start + claim_input.end, text=claim_input.text)
    db.session.add(verdict)
    for source in dict.fromkeys(claim_input.sources):  # the same source cited twice counts once
        db.session.add(Evidence(verdict=verdict, stance=source.stance, span_id=source.span_id,
                                article_id=source.article_id, url=source.url))


def _hash(result: list, was_cancelled: bool) -> str:
    canonical = json.dumps([result, was_cancelled], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
