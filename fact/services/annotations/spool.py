"""Webhook deliveries the database could not take, kept in a durable queue and applied by a worker.

The webhook applies inline: Label Studio's Submit waits for our answer, and the answer carries the
outcome. When the database fails (locked, timed out, unreachable) the delivery goes into a huey
queue instead (by default a SQLite file beside the database, instance/fact.db.queue; Redis with
FACT_QUEUE_URL=redis://...) and is answered 202 at once; `flask fact worker` applies it through the
same apply_delivery, with retries and backoff. Label Studio never retries, so without this a stuck
database loses the verdict until the next reconcile.
"""
import hashlib
from pathlib import Path

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from fact.extensions import db
from fact.services.annotations.apply import Applied, apply_annotation, delete_annotations
from schemas.labelstudio import ANNOTATION_ACTIONS, DELETE_ACTION

RETRIES = 10
RETRY_DELAY = 1.0  # seconds, doubled each time: the last try is ~17 min after the first
# Locked, timed out, refused or lost, no free connection: what fact.api.errors answers 503 for.
TRANSIENT = (OperationalError, InterfaceError, PoolTimeout)


def apply_delivery(payload: dict) -> list[Applied]:
    """Apply one webhook delivery (as WebhookSchema loads it) and commit: the webhook's path and the worker's."""
    try:
        outcomes = _apply(payload)
        db.session.commit()
    except IntegrityError:  # a concurrent delivery of the same annotation won the insert: apply again
        db.session.rollback()
        outcomes = _apply(payload)
        db.session.commit()
    return outcomes


def is_transient(error: BaseException) -> bool:
    """A database failure that may pass (worth a retry), not one that this delivery causes."""
    return isinstance(error, TRANSIENT) or (isinstance(error, DBAPIError) and error.connection_invalidated)


def spool(payload: dict) -> list[Applied]:
    """Put the delivery in the queue; the outcomes to answer with: each annotation "queued"."""
    _queue(current_app)[1](payload)
    ids = [payload["annotation"]["id"]] if "annotation" in payload else [a["id"] for a in payload.get("annotations") or []]
    return [Applied(ls_id, "queued", "the database is busy: the worker applies it with retries") for ls_id in ids]


def queue(app: Flask) -> Huey:
    """The app's huey (the worker runs its consumer)."""
    return _queue(app)[0]


def _queue(app: Flask):
    if "fact_queue" not in app.extensions:
        app.extensions["fact_queue"] = _make_queue(app)
    return app.extensions["fact_queue"]


def _make_queue(app: Flask):
    url, name = app.config.get("FACT_QUEUE_URL"), _queue_name(app)
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(name, url=url, results=False)
    else:
        path = url.removeprefix("sqlite:///") if url else _queue_file(app)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(name, filename=path, results=False)

    @huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2, name="apply_delivery")
    def apply_spooled(payload: dict) -> None:
        with app.app_context():
            try:
                outcomes = apply_delivery(payload)
            except Exception as error:
                db.session.rollback()
                if is_transient(error):
                    raise  # huey tries again later
                app.logger.exception("queued %s could not be applied; the next sync repairs it", payload["action"])
                return
            app.logger.info("queued %s: %s", payload["action"], describe(outcomes))

    return huey, apply_spooled


def _queue_name(app: Flask) -> str:
    """A name of the database's own: a queue holds only the deliveries of the database it was filled
    for, so that a worker never applies a test's (or another install's) deliveries to ours."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(password=None)
    return f"fact-{hashlib.sha1(url.render_as_string().encode()).hexdigest()[:12]}"


def _queue_file(app: Flask) -> str:
    """By default the queue is a SQLite file beside a SQLite database (a file of its own, so that a
    locked database does not lock it), or in instance/ under the database's name."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return f"{url.database}.queue"
    return str(Path(app.instance_path) / f"{_queue_name(app)}.queue")


def describe(outcomes: list[Applied]) -> str:
    return ", ".join(f"{o.ls_annotation_id} {o.outcome}" for o in outcomes) or "nothing to do"


def _apply(payload: dict) -> list[Applied]:
    action = payload["action"]
    if action in ANNOTATION_ACTIONS:
        task = payload.get("task") or {}
        return [apply_annotation(payload["annotation"], task.get("data"), via=action.lower())]
    if action == DELETE_ACTION:
        return delete_annotations([item["id"] for item in payload.get("annotations") or []], via=action.lower())
    current_app.logger.info("webhook action %s ignored", action)
    return []
