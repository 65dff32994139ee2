"""Pull every annotation from Label Studio and apply it: repairs whatever a lost webhook missed.

Label Studio delivers a webhook once, with a 1 s timeout and no retry, so this pull is the ground
truth. It goes through the same apply_annotation as the webhook, so both reach the same state.
Incremental by the tasks' updated_at (an annotation saved or deleted bumps its task's), with a
margin so that a task updated while a pull runs is read again next time (applying is idempotent).
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from label_studio_sdk import LabelStudio
from marshmallow import ValidationError
from sqlalchemy import select

from fact.extensions import db
from fact.labelstudio.client import annotated_tasks
from fact.models import Annotation, Annotator, SyncMark
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.annotations import apply_annotation, delete_annotations
from schemas.labelstudio import AnnotationSchema

MARGIN = timedelta(minutes=5)
COMMIT_EVERY = 500


@dataclass
class SyncReport:
    tasks: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, n: int = 1) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + n


def sync_annotations(ls: LabelStudio, project_id: int, full: bool = False) -> SyncReport:
    sync_annotators(ls)
    mark = db.session.get(SyncMark, project_id) or SyncMark(ls_project_id=project_id)
    since = None if full or mark.task_updated_at is None else mark.task_updated_at - MARGIN
    report, newest = SyncReport(), mark.task_updated_at
    schema = AnnotationSchema()
    with progress(unit="task", desc="sync") as bar:
        tasks = annotated_tasks(ls, project_id, since)
        while page := list(islice(tasks, COMMIT_EVERY)):
            live = _live_annotations([task["id"] for task in page])
            for task in page:
                seen = _apply_task(task, schema, report, bar)
                gone = [ls_id for ls_id in live.get(task["id"], ()) if ls_id not in seen]
                for outcome in delete_annotations(gone, via="sync"):
                    report.count(outcome.outcome)
                newest = max(filter(None, [newest, _moment(task.get("updated_at"))]), default=None)
            report.tasks += len(page)
            db.session.commit()
            bar.update(len(page))
    mark.task_updated_at, mark.synced_at = newest, utcnow()
    db.session.add(mark)
    db.session.commit()
    return report


def _apply_task(task: dict, schema: AnnotationSchema, report: SyncReport, bar) -> set[int]:
    """Apply the annotations of one task; return the ids Label Studio still has."""
    seen = set()
    for raw in task.get("annotations") or []:
        try:
            annotation = schema.load(raw)
        except ValidationError as error:
            report.count("malformed")
            bar.write(f"annotation {raw.get('id')} of task {task['id']} is malformed: {error.messages}")
            continue
        seen.add(annotation["id"])
        report.count(apply_annotation(annotation, task.get("data"), via="sync").outcome)
    return seen


def _live_annotations(ls_task_ids: list[int]) -> dict[int, list[int]]:
    """The annotations we hold as live on these tasks, in one query: those Label Studio no longer
    lists were deleted there."""
    live: dict[int, list[int]] = {}
    for task_id, ls_id in db.session.execute(select(Annotation.ls_task_id, Annotation.ls_annotation_id).where(
            Annotation.ls_task_id.in_(ls_task_ids), Annotation.deleted_at.is_(None))):
        live.setdefault(task_id, []).append(ls_id)
    return live


def sync_annotators(ls: LabelStudio) -> None:
    """Label Studio's users, so that verdicts can name who gave them."""
    for user in ls.users.list():
        known = db.session.get(Annotator, user.id)
        if known is None:
            db.session.add(Annotator(id=user.id, email=user.email, name=_name(user)))
        else:
            known.email, known.name = user.email, _name(user)
    db.session.commit()


def _name(user) -> str | None:
    return " ".join(filter(None, [user.first_name, user.last_name])) or None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
