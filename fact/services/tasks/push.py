"""Send spans to Label Studio as tasks, exactly once each, however often push runs or is interrupted.

Label Studio never de-duplicates, so the span -> task map is ours: a Task row is committed before
its span is imported (with no task id yet) and completed when Label Studio answers. A row left
without an id by a crash is settled on the next run by asking Label Studio for the span id. Label
Studio imports one batch in a thread while the next is built, so its import time is not ours too.
"""
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app
from label_studio_sdk import LabelStudio
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import joinedload

from fact.extensions import db
from fact.labelstudio.client import tasks_carrying, use_our_predictions, withdraw_tasks
from fact.labelstudio.config import MODEL_VERSION
from fact.labelstudio.errors import LabelStudioFailed
from fact.models import Candidate, Span, Task
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.tasks.payloads import task_payloads, taskable_spans


@dataclass
class PushReport:
    created: int = 0
    recovered: int = 0  # imported by an interrupted run, found again in Label Studio
    already: int = 0
    refreshed: int = 0  # tasks sent again because the matcher found new candidate sources
    withdrawn: int = 0  # tasks whose span turned out to be boilerplate (deleted there, or marked if annotated)


def push_spans(ls: LabelStudio, project_id: int) -> PushReport:
    report = PushReport(recovered=settle_unconfirmed(ls, project_id))
    report.withdrawn = _withdraw_boilerplate(ls, project_id)
    pending = taskable_spans().where(~select(Task.id).where(Task.span_id == Span.id,
                                                           Task.ls_project_id == project_id).exists())
    total = db.session.scalar(select(func.count()).select_from(pending.subquery()))
    report.already = db.session.scalar(select(func.count(Task.id)).where(Task.ls_project_id == project_id))
    batch_size = current_app.config["FACT_PUSH_BATCH"]
    with progress(total=total, unit="task", desc="push") as bar, ThreadPoolExecutor(1) as importer:
        in_flight = None  # (our task ids, Label Studio's import of them), running in the importer
        while True:
            spans = list(db.session.scalars(pending.order_by(Span.id).limit(batch_size)))
            # The next batch is built and its intent committed while Label Studio imports the last.
            payloads, task_ids = _prepare_batch(project_id, spans) if spans else (None, None)
            if in_flight is not None:
                report.created += _confirm_batch(*in_flight)
                bar.update(len(in_flight[0]))
            if not spans:
                break
            in_flight = (task_ids, importer.submit(
                ls.projects.import_tasks, id=project_id, request=payloads, return_task_ids=True))
    report.refreshed = _refresh_candidates(ls, project_id)
    use_our_predictions(ls, project_id)
    return report


def _prepare_batch(project_id: int, spans: list[Span]) -> tuple[list[dict], list[int]]:
    """The batch's payloads, and its task rows committed without a Label Studio id: the intent is on
    disk before Label Studio can have the tasks."""
    payloads = task_payloads(spans, current_app.config["FACT_TASK_SOURCE_ARTICLES"])
    now, span_ids = utcnow(), [span.id for span in spans]  # read before the commit expires the spans
    # One executemany, then the ids by span: an ordered INSERT ... RETURNING runs a statement per row.
    db.session.execute(insert(Task), [{"span_id": span_id, "ls_project_id": project_id, "created_at": now}
                                      for span_id in span_ids])
    by_span = dict(db.session.execute(select(Task.span_id, Task.id).where(
        Task.ls_project_id == project_id, Task.span_id.in_(span_ids))).all())
    db.session.commit()
    return payloads, [by_span[span_id] for span_id in span_ids]


def _confirm_batch(task_ids: list[int], imported: Future) -> int:
    """Record Label Studio's task ids once its import answers (an error propagates: rerun push)."""
    answer = imported.result()
    if len(answer.task_ids or []) != len(task_ids):
        raise LabelStudioFailed(f"its import returned {len(answer.task_ids or [])} task ids for {len(task_ids)} "
                                f"tasks (the next push looks the rest up by span id)")
    now = utcnow()
    db.session.execute(update(Task), [
        {"id": ours, "ls_task_id": theirs, "pushed_at": now, "candidates_at": now}
        for ours, theirs in zip(task_ids, answer.task_ids)
    ])
    db.session.commit()
    return len(task_ids)


def _refresh_candidates(ls: LabelStudio, project_id: int) -> int:
    """Send the sources (and the prediction) again to tasks whose span has newer candidates."""
    newer = select(Candidate.id).where(
        Candidate.span_id == Task.span_id,
        or_(Task.candidates_at.is_(None), Candidate.computed_at > Task.candidates_at)).exists()
    stale = select(Task).where(Task.ls_project_id == project_id, Task.ls_task_id.is_not(None),
                               Task.withdrawn_at.is_(None), newer)
    total = db.session.scalar(select(func.count()).select_from(stale.subquery()))
    refreshed = 0
    with progress(total=total, unit="task", desc="refresh") as bar:
        while tasks := list(db.session.scalars(stale.options(joinedload(Task.span)).limit(100))):
            payloads = task_payloads([t.span for t in tasks], current_app.config["FACT_TASK_SOURCE_ARTICLES"])
            now = utcnow()
            for task, payload in zip(tasks, payloads):
                ls.tasks.update(id=task.ls_task_id, data=payload["data"])
                _replace_prediction(ls, task.ls_task_id, payload.get("predictions", []))
                task.candidates_at = now
            db.session.commit()
            refreshed += len(tasks)
            bar.update(len(tasks))
    return refreshed


def _replace_prediction(ls: LabelStudio, task_id: int, predictions: list[dict]) -> None:
    for old in ls.predictions.list(task=task_id):
        if old.model_version == MODEL_VERSION:
            ls.predictions.delete(id=old.id)
    for prediction in predictions:
        ls.predictions.create(task=task_id, **prediction)


def _withdraw_boilerplate(ls: LabelStudio, project_id: int) -> int:
    """Tasks whose span ingest flagged as boilerplate after they were pushed (fact.services.ingest.
    boilerplate) leave Label Studio. The row of a deleted task goes too (Label Studio may give its id
    to a new task); an annotated one stays, marked withdrawn. Either way the span is never sent again:
    boilerplate is not taskable."""
    stale = db.session.execute(select(Task.id, Task.ls_task_id, Task.span_id).join(Span, Task.span_id == Span.id).where(
        Task.ls_project_id == project_id, Task.ls_task_id.is_not(None), Task.withdrawn_at.is_(None),
        Span.is_boilerplate.is_(True))).all()
    if not stale:
        return 0
    _, marked = withdraw_tasks(ls, project_id, {task_id: span_id for _, task_id, span_id in stale})
    kept = set(marked)
    gone = [row_id for row_id, task_id, _ in stale if task_id not in kept]
    if gone:
        db.session.execute(delete(Task).where(Task.id.in_(gone)))
    if kept:
        db.session.execute(update(Task), [{"id": row_id, "withdrawn_at": utcnow()}
                                          for row_id, task_id, _ in stale if task_id in kept])
    db.session.commit()
    return len(stale)


def settle_unconfirmed(ls: LabelStudio, project_id: int, model=Task, key: str = "span_id") -> int:
    """Rows a crashed run left without a task id (of Task by span_id, or ClaimTask by claim_id): keep
    those Label Studio has, forget the others."""
    unconfirmed = {getattr(row, key): row for row in db.session.scalars(
        select(model).where(model.ls_project_id == project_id, model.ls_task_id.is_(None)))}
    if not unconfirmed:
        return 0
    found = tasks_carrying(ls, project_id, key, sorted(unconfirmed))
    now = utcnow()
    for our_id, task_id in found.items():
        unconfirmed[our_id].ls_task_id, unconfirmed[our_id].pushed_at = task_id, now
    missing = [row.id for our_id, row in unconfirmed.items() if our_id not in found]
    if missing:
        db.session.execute(delete(model).where(model.id.in_(missing)))
    db.session.commit()
    return len(found)
