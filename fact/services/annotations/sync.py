"""Pull every annotation from Label Studio and apply it: repairs whatever a lost webhook missed.

Label Studio delivers a webhook once, with a 1 s timeout and no retry, so this pull is the ground
truth. It applies through the same fact.services.annotations.apply as the webhook (by the page here), so
both reach the same state. A full pull reads one JSON snapshot export (Label Studio serves it about
five times faster than pages of tasks); an incremental one pages through the tasks updated since the
last pull, with a margin so that a task updated while a pull runs is read again next time (applying
is idempotent). Either way the next page is read in a thread while this one is applied.
"""
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from label_studio_sdk import LabelStudio
from marshmallow import ValidationError
from sqlalchemy import select, union_all

from fact.extensions import db
from fact.labelstudio.client import annotated_tasks, exported_tasks
from fact.models import Annotation, Annotator, ClaimTask, SyncMark, Task
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.annotations.apply import apply_annotations, delete_annotations
from schemas.labelstudio import AnnotationSchema

MARGIN = timedelta(minutes=5)
COMMIT_EVERY = 500  # tasks read at once
LOCK_EVERY = 100  # tasks applied per transaction: a webhook waits for SQLite's write lock ~0.1 s at most
EXPORT_PART = 2500  # tasks per snapshot export: Label Studio builds the next while we apply one


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
    report, newest, started = SyncReport(), mark.task_updated_at, utcnow()
    if since is None:
        tasks = exported_tasks(ls, project_id, _part_bounds(project_id))
    else:
        tasks = annotated_tasks(ls, project_id, since)
    with progress(unit="task", desc="sync") as bar:
        for page in prefetched(pages(tasks, COMMIT_EVERY)):
            for part in pages(page, LOCK_EVERY):
                apply_page(part, report, bar, started)
                db.session.commit()
            newest = max(filter(None, [newest, *(_moment(task.get("updated_at")) for task in page)]), default=None)
            report.tasks += len(page)
            bar.update(len(page))
    if since is None and newest is not None:
        # The parts are snapshots of different moments: a task changed after the first one was taken
        # must be read again by the next incremental sync, whatever the later parts saw.
        newest = min(newest, started)
    mark.task_updated_at, mark.synced_at = newest, utcnow()
    db.session.add(mark)
    db.session.commit()
    return report


def _part_bounds(project_id: int) -> list[int]:
    """Task ids that cut our tasks into export parts of EXPORT_PART; tasks we do not know (made by
    hand in Label Studio) fall into the first or last part, which have no lower or upper bound."""
    ids = sorted(db.session.scalars(union_all(*(
        select(table.ls_task_id).where(table.ls_project_id == project_id, table.ls_task_id.is_not(None))
        for table in (Task, ClaimTask)))))  # the project of sentences, or of claims
    return ids[EXPORT_PART - 1 : -1 : EXPORT_PART]


def apply_page(page: list[dict], report: SyncReport, bar, started: datetime) -> None:
    """Apply the annotations of these tasks at once; those we hold that Label Studio no longer lists
    on them were deleted there, if we had them before this sync began: Label Studio's snapshot is
    older than a webhook that came in meanwhile, and a delete is for good."""
    schema, pairs, seen = AnnotationSchema(), [], set()
    for task in page:
        for raw in task.get("annotations") or []:
            try:
                annotation = schema.load(raw)
            except ValidationError as error:
                report.count("malformed")
                bar.write(f"annotation {raw.get('id')} of task {task['id']} is malformed: {error.messages}")
                continue
            seen.add(annotation["id"])
            pairs.append((annotation, task.get("data")))
    for applied in apply_annotations(pairs, via="sync"):
        report.count(applied.outcome)
    gone = [ls_id for ls_id in _live_annotations([task["id"] for task in page], started) if ls_id not in seen]
    for outcome in delete_annotations(gone, via="sync"):
        report.count(outcome.outcome)


def _live_annotations(ls_task_ids: list[int], before: datetime) -> list[int]:
    """The annotations we hold as live on these tasks, heard of before `before`, in one query."""
    return list(db.session.scalars(select(Annotation.ls_annotation_id).where(
        Annotation.ls_task_id.in_(ls_task_ids), Annotation.deleted_at.is_(None), Annotation.created_at < before)
        .order_by(Annotation.id)))


def pages(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    items = iter(items)
    while page := list(islice(items, size)):
        yield page


def prefetched(source: Iterator, depth: int = 1) -> Iterator:
    """The items of source, the next ones read in a thread meanwhile: reading is waiting on Label
    Studio, applying is our database work, and the database session stays on the caller's thread."""
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop, done = threading.Event(), object()

    def offer(entry) -> bool:
        while not stop.is_set():
            try:
                slots.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in source:
                if not offer((item, None)):
                    return
            offer((done, None))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, raised there
            offer((done, error))
        finally:
            if hasattr(source, "close"):
                source.close()  # an export snapshot is deleted on Label Studio when its reader closes

    reader = threading.Thread(target=read, name="sync-read", daemon=True)
    reader.start()
    try:
        while True:
            item, error = slots.get()
            if error is not None:
                raise error
            if item is done:
                return
            yield item
    finally:
        stop.set()
        reader.join(timeout=5)


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
