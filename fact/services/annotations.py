"""Apply Label Studio annotations to our database: the one path shared by the webhook and sync.

Every delivery is idempotent and order-proof: a repeat changes nothing, an older revision that
arrives after a newer one only joins the history, and a deleted annotation stays deleted, even
when the delete arrives first. The work
is done by page in fact.services.apply_batch; a webhook is a page of one, so both reach the same state.
"""
import logging

from fact.models.articles import utcnow
from fact.services.apply_batch import Applied, apply_annotations, lock_rows, result_hash, supersede
from fact.services.verdicts import refresh_claims

log = logging.getLogger(__name__)

__all__ = ["Applied", "apply_annotation", "apply_annotations", "delete_annotations", "result_hash"]


def apply_annotation(annotation: dict, task_data: dict | None, via: str) -> Applied:
    """Apply one annotation (as loaded by schemas.labelstudio.AnnotationSchema) of the task whose data is given.

    Its row is made and locked first, then everything else is read and written last, so that the
    session flushes once: the webhook answers inside Label Studio's Submit.
    """
    (applied,) = apply_annotations([(annotation, task_data)], via)
    return applied


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
