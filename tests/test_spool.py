"""A delivery the database cannot take (another connection holds the lock) is answered 202, kept in
the huey queue on disk, and applied once by the worker when the database is back: never lost."""
import contextlib
import os
import subprocess
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, func, select

from fact.extensions import db
from fact.labelstudio.config import WEBHOOK_HEADER
from fact.models import AnnotationRevision, Claim, Span, Verdict
from fact.services.annotations.spool import queue
from tests.helpers import ROOT
from tests.locks import database_locked as locked
from tests.payloads import annotation, deleted, region, webhook

SECRET = "test-webhook-secret"
T0 = "2026-11-22T10:00:00.000000Z"


@pytest.fixture
def hook(app, client, seeded, tmp_path):
    """Deliveries to the webhook, a queue of this test's own, and lock waits short on both backends."""
    app.config.update(FACT_WEBHOOK_SECRET=SECRET, FACT_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.db'}")

    @event.listens_for(db.engine, "connect")
    def _short_waits(dbapi_connection, _record):  # after fact.database's pragmas, so this one wins
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=300" if db.engine.dialect.name == "sqlite" else "SET lock_timeout = '300ms'")
        cursor.close()
        if db.engine.dialect.name == "postgresql":
            dbapi_connection.commit()

    db.session.remove()
    db.engine.dispose()
    return lambda body: client.post("/api/labelstudio/webhook", json=body, headers={WEBHOOK_HEADER: SECRET})


@contextlib.contextmanager
def database_locked():
    db.session.rollback()  # our own session holds nothing the locker would wait for
    with locked(db.engine.url.render_as_string(hide_password=False)):
        yield


def run_worker(app, *, scheduled: bool = False) -> None:
    """What `flask fact worker` does, on the real queue file, in this thread: every task that is due
    (with scheduled, the retries too, as if their delay had passed)."""
    huey = queue(app)
    now = datetime.now(timezone.utc).replace(tzinfo=None) + (timedelta(days=1) if scheduled else timedelta())
    tasks = huey.read_schedule(timestamp=now)
    while (task := huey.dequeue()) is not None:
        tasks.append(task)
    for task in tasks:
        huey.execute(task, timestamp=now)


def count(model) -> int:
    return read(select(func.count()).select_from(model))


def read(statement):
    """One value, read in a transaction of its own: a fresh snapshot (the worker commits on its own
    connection), and no lock held afterwards that the worker or the locker would wait for."""
    db.session.rollback()
    value = db.session.scalar(statement)
    db.session.rollback()
    return value


@pytest.fixture
def body():
    eleven = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains("11 دولة")))
    return webhook("ANNOTATION_CREATED", annotation(1, 501, region(eleven.text, "11 دولة", "disputed"), T0),
                   eleven.id)


def test_a_delivery_while_the_database_is_locked_is_queued_and_applied_once_when_it_is_free(app, hook, body):
    with database_locked():
        response = hook(body)

    assert response.status_code == 202
    assert response.json["outcomes"] == [{"ls_annotation_id": 1, "outcome": "queued", "reason": response.json[
        "outcomes"][0]["reason"]}]
    assert count(AnnotationRevision) == 0 and len(queue(app)) == 1

    run_worker(app)

    assert count(Verdict) == 1 and count(Claim) == 1
    assert read(select(Verdict.label)) == "disputed"
    assert len(queue(app)) == 0
    assert hook(body).json["outcomes"][0]["outcome"] == "duplicate"  # the same delivery again changes nothing
    assert count(Verdict) == 1


def test_the_worker_retries_while_the_database_stays_locked(app, hook, body):
    with database_locked():
        assert hook(body).status_code == 202
        run_worker(app)  # fails on the lock: huey schedules a retry

        assert queue(app).scheduled_count() == 1
    assert count(AnnotationRevision) == 0

    run_worker(app, scheduled=True)

    assert count(Verdict) == 1 and queue(app).scheduled_count() == 0


def test_a_queued_delete_applies_after_its_create(app, hook, body):
    assert hook(body).json["outcomes"][0]["outcome"] == "accepted"
    with database_locked():
        response = hook(deleted(1))

    assert response.status_code == 202 and response.json["outcomes"][0]["outcome"] == "queued"
    run_worker(app)

    assert read(select(Verdict.superseded_at)) is not None
    assert read(select(Claim.verdict_count)) == 0


def test_flask_fact_worker_applies_what_the_webhook_queued(app, hook, body, tmp_path):
    with database_locked():
        assert hook(body).status_code == 202
    env = {**os.environ, "DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
           "FACT_QUEUE_URL": app.config["FACT_QUEUE_URL"], "FACT_LOG_FILE": str(tmp_path / "fact.log")}
    worker = subprocess.Popen([str(ROOT / ".venv" / "bin" / "flask"), "--app", "app", "fact", "worker"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(600):  # until the worker has applied it (or died): no speed is asserted
            if count(Verdict) or worker.poll() is not None:
                break
            time.sleep(0.1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]

    assert count(Verdict) == 1, output
    assert "queued ANNOTATION_CREATED: 1 accepted" in output
    assert len(queue(app)) == 0


def test_a_queue_holds_the_deliveries_of_its_own_database_only(tmp_path):
    """A test's deliveries (or another install's) never reach the worker of ours, whatever shares a folder or a Redis."""
    from fact import create_app
    from tests.helpers import make_config

    ours, theirs = (create_app(make_config(f"sqlite:///{tmp_path / name}")) for name in ("fact.db", "other.db"))
    ours.config["FACT_QUEUE_URL"] = theirs.config["FACT_QUEUE_URL"] = None  # the default, whatever the shell says

    assert queue(ours).name != queue(theirs).name
    assert queue(ours).storage.filename == str(tmp_path / "fact.db.queue")
    assert queue(theirs).storage.filename == str(tmp_path / "other.db.queue")
