"""How sync reads: a snapshot export for a full pull, pages of updated tasks otherwise, the next page
read in a thread; deletions seen on the tasks read; the mark that makes the next pull incremental."""
import threading
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Annotation, Span, SyncMark, Task, Verdict
from fact.services.annotations import sync
from tests.payloads import annotation, region
from tests.helpers import sentence


def test_prefetched_yields_everything_in_order_reading_in_another_thread():
    readers = []

    def source():
        for i in range(5):
            readers.append(threading.current_thread())
            yield i

    assert list(sync.prefetched(source())) == [0, 1, 2, 3, 4]
    assert threading.current_thread() not in readers


def test_prefetched_raises_the_readers_error_in_the_caller():
    def source():
        yield 1
        raise ConnectionError("Label Studio went away")

    got = []
    with pytest.raises(ConnectionError, match="went away"):
        for item in sync.prefetched(source()):
            got.append(item)
    assert got == [1]


def test_a_caller_that_stops_early_closes_the_source():
    closed = threading.Event()

    def source():
        try:
            for i in range(1000):
                yield i
        finally:
            closed.set()

    for item in sync.prefetched(source()):
        if item == 2:
            break
    assert closed.wait(5)


class FakeLabelStudio:
    """What sync reads: users, a snapshot export, and pages of tasks updated since a moment."""

    def __init__(self, tasks):
        self.tasks, self.reads = tasks, []
        self.users = SimpleNamespace(list=lambda: [SimpleNamespace(id=1, email="a@x", first_name="A", last_name=None)])

    def exported(self, _ls, project_id, bounds):
        self.reads.append(("export", project_id, bounds))
        yield from self.tasks

    def paged(self, _ls, project_id, since):
        self.reads.append(("pages", since))
        yield from self.tasks


@pytest.fixture
def fake(monkeypatch, seeded):
    few, eleven = sentence("بضع مئات"), sentence("11 دولة")

    def task(task_id, span, *annotations, updated="2020-11-22T10:00:00.000000Z"):
        return {"id": task_id, "data": {"span_id": span.id, "text": span.text}, "updated_at": updated,
                "annotations": list(annotations)}

    tasks = [task(7, few, annotation(1, 7, region(few.text, "بضع مئات", "corroborated"), "2020-11-22T09:00:00Z")),
             task(8, eleven, annotation(2, 8, region(eleven.text, "11 دولة", "disputed"), "2020-11-22T09:30:00Z"),
                  updated="2020-11-22T11:00:00.000000Z")]
    ls = FakeLabelStudio(tasks)
    monkeypatch.setattr(sync, "exported_tasks", ls.exported)
    monkeypatch.setattr(sync, "annotated_tasks", ls.paged)
    monkeypatch.setattr(sync, "COMMIT_EVERY", 1)  # one task a page: deletions are found page by page
    return ls


def test_a_first_sync_reads_the_export_and_the_next_pages_of_updated_tasks(fake):
    first = sync.sync_annotations(fake, 3)
    second = sync.sync_annotations(fake, 3)
    full = sync.sync_annotations(fake, 3, full=True)

    newest = datetime(2020, 11, 22, 11, tzinfo=timezone.utc)
    assert fake.reads == [("export", 3, []), ("pages", newest - sync.MARGIN), ("export", 3, [])]
    assert first.tasks == 2 and first.outcomes == {"accepted": 2}
    assert second.outcomes == full.outcomes == {"duplicate": 2}
    assert db.session.get(SyncMark, 3).task_updated_at == newest


def test_an_annotation_gone_from_a_task_that_was_read_is_deleted(fake):
    sync.sync_annotations(fake, 3)
    fake.tasks[0]["annotations"] = []

    report = sync.sync_annotations(fake, 3, full=True)

    assert report.outcomes == {"deleted": 1, "duplicate": 1}
    gone = db.session.scalar(select(Annotation).where(Annotation.ls_annotation_id == 1))
    assert gone.deleted_at is not None
    assert db.session.scalars(select(Verdict.label).where(Verdict.superseded_at.is_(None))).all() == ["disputed"]


def test_a_malformed_annotation_is_counted_and_the_others_applied(fake):
    del fake.tasks[0]["annotations"][0]["updated_at"], fake.tasks[0]["annotations"][0]["created_at"]

    report = sync.sync_annotations(fake, 3)

    assert report.outcomes == {"malformed": 1, "accepted": 1}


def test_a_full_sync_exports_in_parts_by_our_task_ids_and_marks_no_later_than_its_start(fake, monkeypatch):
    spans = db.session.scalars(select(Span.id).order_by(Span.id).limit(7)).all()
    db.session.add_all(Task(span_id=span_id, ls_project_id=3, ls_task_id=10 + i) for i, span_id in enumerate(spans))
    db.session.add(Task(span_id=spans[0], ls_project_id=4, ls_task_id=99))  # another project's
    db.session.commit()
    monkeypatch.setattr(sync, "EXPORT_PART", 3)
    started = datetime(2020, 11, 22, 10, 30, tzinfo=timezone.utc)
    monkeypatch.setattr(sync, "utcnow", lambda: started)

    sync.sync_annotations(fake, 3, full=True)

    assert fake.reads == [("export", 3, [12, 15])]  # ids 10-12, 13-15, 16 and whatever is past it
    # a task saved at 11:00 may have changed after the first part was taken: read it again next time
    assert db.session.get(SyncMark, 3).task_updated_at == started
