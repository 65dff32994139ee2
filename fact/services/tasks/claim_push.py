"""Send claims from outside to the claims project, one task per claim, exactly once each, however
often push runs or is interrupted; send a task again when its claim's evidence changed.

As for sentences (push.py): a ClaimTask row is committed before its claim is imported (no task id
yet) and completed when Label Studio answers; a row a crash left without an id is settled on the
next run by asking Label Studio for the claim id.

Which claims: imported ones with evidence. A highlighted claim already has its verdict and sources
from its sentence's task, where its annotators read it in its article; a claim task too would ask
them for the same verdict twice (the newer silently replacing the older in the aggregate) and put
every highlight before them a second time. So highlighted claims get no claim task (the apply path
would take one: a task made by hand in the claims project still counts).
"""
from dataclasses import dataclass

from flask import current_app
from label_studio_sdk import LabelStudio
from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import selectinload

from fact.extensions import db
from fact.labelstudio.errors import LabelStudioFailed
from fact.models import Claim, ClaimEvidence, ClaimOrigin, ClaimSearch, ClaimTask
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.tasks.claim_payloads import claim_payloads, record_claim_offers
from fact.services.tasks.push import settle_unconfirmed


@dataclass
class ClaimPushReport:
    created: int = 0
    recovered: int = 0  # imported by an interrupted run, found again in Label Studio
    already: int = 0
    refreshed: int = 0  # tasks sent again because their claim's evidence changed


def taskable_claims():
    """The claims that become claim tasks: imported ones with at least one evidence article."""
    has_evidence = select(ClaimEvidence.id).where(ClaimEvidence.claim_id == Claim.id).exists()
    return select(Claim).where(Claim.origin == ClaimOrigin.imported, has_evidence)


def push_claims(ls: LabelStudio, project_id: int) -> ClaimPushReport:
    # A recovered task's evidence_at stays empty: what its lost batch sent is not known, so it is sent again.
    report = ClaimPushReport(recovered=settle_unconfirmed(ls, project_id, ClaimTask, "claim_id"))
    pending = taskable_claims().where(~select(ClaimTask.id).where(
        ClaimTask.claim_id == Claim.id, ClaimTask.ls_project_id == project_id).exists())
    total = db.session.scalar(select(func.count()).select_from(pending.subquery()))
    report.already = db.session.scalar(select(func.count(ClaimTask.id)).where(ClaimTask.ls_project_id == project_id))
    batch_size = current_app.config["FACT_PUSH_BATCH"]
    with progress(total=total, unit="task", desc="push claims") as bar:
        while claims := list(db.session.scalars(pending.order_by(Claim.id).limit(batch_size).options(
                selectinload(Claim.appearances)))):
            payloads, row_ids, sent_at = _prepare_batch(project_id, claims)
            answer = ls.projects.import_tasks(id=project_id, request=payloads, return_task_ids=True)
            report.created += _confirm_batch(row_ids, answer.task_ids or [], sent_at)
            bar.update(len(claims))
    report.refreshed = _refresh_evidence(ls, project_id)
    return report


def _prepare_batch(project_id: int, claims: list[Claim]):
    """The batch's payloads and offers, and its task rows committed without a Label Studio id: the
    intent is on disk before Label Studio can have the tasks."""
    sent_at = utcnow()  # before the evidence is read: evidence computed after it is sent again
    payloads = claim_payloads(claims)
    record_claim_offers(payloads)
    claim_ids = [claim.id for claim in claims]
    db.session.execute(insert(ClaimTask), [{"claim_id": claim_id, "ls_project_id": project_id, "created_at": sent_at}
                                           for claim_id in claim_ids])
    by_claim = dict(db.session.execute(select(ClaimTask.claim_id, ClaimTask.id).where(
        ClaimTask.ls_project_id == project_id, ClaimTask.claim_id.in_(claim_ids))).all())
    db.session.commit()
    return payloads, [by_claim[claim_id] for claim_id in claim_ids], sent_at


def _confirm_batch(row_ids: list[int], task_ids: list[int], sent_at) -> int:
    if len(task_ids) != len(row_ids):
        raise LabelStudioFailed(f"its import returned {len(task_ids)} task ids for {len(row_ids)} claim tasks "
                                f"(the next push looks the rest up by claim id)")
    now = utcnow()
    db.session.execute(update(ClaimTask), [{"id": ours, "ls_task_id": theirs, "pushed_at": now, "evidence_at": sent_at}
                                           for ours, theirs in zip(row_ids, task_ids)])
    db.session.commit()
    return len(row_ids)


def stale_claim_tasks(project_id: int):
    """Pushed claim tasks whose claim's evidence was computed (or searched again) after it was last sent."""
    newer = or_(
        select(ClaimEvidence.id).where(ClaimEvidence.claim_id == ClaimTask.claim_id,
                                       ClaimEvidence.computed_at > ClaimTask.evidence_at).exists(),
        select(ClaimSearch.claim_id).where(ClaimSearch.claim_id == ClaimTask.claim_id,
                                           ClaimSearch.searched_at > ClaimTask.evidence_at).exists())
    return select(ClaimTask).where(ClaimTask.ls_project_id == project_id, ClaimTask.ls_task_id.is_not(None),
                                   or_(ClaimTask.evidence_at.is_(None), newer))


def _refresh_evidence(ls: LabelStudio, project_id: int) -> int:
    """Send the articles and passages again to tasks whose claim has newer evidence. What they showed
    before stays offered: an annotation made against it still validates."""
    stale = stale_claim_tasks(project_id)
    total = db.session.scalar(select(func.count()).select_from(stale.subquery()))
    refreshed = 0
    with progress(total=total, unit="task", desc="refresh claims") as bar:
        while tasks := list(db.session.scalars(stale.order_by(ClaimTask.id).limit(100).options(
                selectinload(ClaimTask.claim).selectinload(Claim.appearances)))):
            sent_at = utcnow()
            payloads = claim_payloads([task.claim for task in tasks])
            record_claim_offers(payloads)
            for task, payload in zip(tasks, payloads):
                ls.tasks.update(id=task.ls_task_id, data=payload["data"])
                task.evidence_at = sent_at
            db.session.commit()
            refreshed += len(tasks)
            bar.update(len(tasks))
    return refreshed
