"""Apply Label Studio annotations to our database: the one path shared by the webhook and sync.

Every delivery is idempotent and order-proof: a repeat changes nothing, an older revision that
arrives after a newer one only joins the history, and a deleted annotation stays deleted. The work
is done by page in fact.services.apply_batch; a webhook is a page of one, so both reach the same state.
"""
import logging

from sqlalchemy import select

from fact.extensions import db
from fact.models import Annotation
from fact.models.articles import utcnow
from fact.services.apply_batch import Applied, apply_annotations, result_hash, supersede
from fact.services.verdicts import refresh_claims

log = logging.getLogger(__name__)

__all__ = ["Applied", "apply_annotation", "apply_annotations", "delete_annotations", "result_hash"]


def apply_annotation(annotation: dict, task_data: dict | None, via: str) -> Applied:
    """Apply one annotation (as loaded by schemas.labelstudio.AnnotationSchema) of the task whose data is given.

    Everything is read first and written last, so that the session flushes once: the webhook answers
    inside Label Studio's Submit.
    """
    (applied,) = apply_annotations([(annotation, task_data)], via)
    return applied


def delete_annotations(ls_ids: list[int], via: str) -> list[Applied]:
    """Deleted annotations stop counting; their verdicts and revisions stay as history.

    One read, one supersede and one refresh of the claims for the whole list (sync passes a page's).
    """
    rows = {row.ls_annotation_id: row for row in db.session.scalars(
        select(Annotation).where(Annotation.ls_annotation_id.in_(ls_ids)))} if ls_ids else {}
    outcomes, deleted, now = [], [], utcnow()
    for ls_id in ls_ids:
        row = rows.get(ls_id)
        if row is None or row.deleted_at is not None:
            outcomes.append(Applied(ls_id, "duplicate" if row else "unknown"))
            continue
        row.deleted_at = now
        deleted.append(row.id)
        log.info("annotation %s deleted (%s)", ls_id, via)
        outcomes.append(Applied(ls_id, "deleted"))
    refresh_claims(supersede(deleted))
    return outcomes
