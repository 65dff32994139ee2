"""Faults of the database answer 503 in the one error shape, with Retry-After, and never hang."""
import socket
import threading

import pytest
from fact import create_app
from fact.extensions import db
from fact.labelstudio.config import WEBHOOK_HEADER
from tests.helpers import make_config
from tests.payloads import annotation, webhook


def _answers_503(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json == {"code": 503, "status": "Service Unavailable",
                             "message": "The database does not answer; try again shortly."}


@pytest.fixture
def silent_server():
    """A TCP server on loopback that accepts connections and never answers (a stuck database)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture(params=["closed port", "never answers"])
def unreachable_app(request, silent_server):
    port = _closed_port() if request.param == "closed port" else silent_server
    app = create_app(make_config(f"postgresql+psycopg://postgres@127.0.0.1:{port}/fact"))
    with app.app_context():
        yield app
        db.engine.dispose()


@pytest.mark.parametrize("url", ["/api/claims", "/api/claims/1", "/api/verdicts?label=disputed", "/api/health"])
def test_an_unreachable_database_answers_503_with_retry_after(unreachable_app, url):
    _answers_503(unreachable_app.test_client().get(url))


def test_a_write_to_an_unreachable_database_answers_503(unreachable_app, auth):
    response = unreachable_app.test_client().post(
        "/api/claims/1/adjudication", json={"label": "disputed", "adjudicator": "lead@example.org"}, headers=auth)
    _answers_503(response)


@pytest.fixture
def locked_database(app):
    """Another connection holds a lock that blocks every reader of claims and annotations: PostgreSQL's
    ACCESS EXCLUSIVE lock on the tables, SQLite's exclusive locking mode on the whole file (WAL readers are
    otherwise never blocked)."""
    app.config["FACT_DB_LOCK_TIMEOUT_MS"] = 300
    other = db.engine.connect()
    if other.dialect.name == "postgresql":
        other.exec_driver_sql("LOCK TABLE claims, annotations IN ACCESS EXCLUSIVE MODE")
    else:
        other.exec_driver_sql("PRAGMA locking_mode=EXCLUSIVE")
        other.exec_driver_sql("BEGIN EXCLUSIVE")
        other.exec_driver_sql("UPDATE claims SET verdict_count = verdict_count")
    yield
    other.rollback()
    if other.dialect.name == "sqlite":
        other.exec_driver_sql("PRAGMA locking_mode=NORMAL")
        other.exec_driver_sql("SELECT 1 FROM claims")  # normal mode takes effect at the next access
    other.close()


def test_a_request_stuck_behind_a_lock_answers_503(app, client, locked_database):
    _answers_503(client.get("/api/claims"))


def test_the_webhook_gives_up_on_a_lock_within_its_own_limit_and_queues_the_delivery(app, client, locked_database):
    """Label Studio waits 1 s and never sends again: the webhook's statements have their own, shorter limit
    (FACT_WEBHOOK_DB_TIMEOUT_MS), whatever an ordinary request may wait."""
    app.config.update(FACT_DB_LOCK_TIMEOUT_MS=600_000, FACT_DB_REQUEST_TIMEOUT_MS=600_000,
                      FACT_WEBHOOK_DB_TIMEOUT_MS=300, FACT_WEBHOOK_SECRET="fault-secret")
    body = webhook("ANNOTATION_CREATED", annotation(77, 1, [], "2026-11-22T10:00:00Z"), None)
    response = client.post("/api/labelstudio/webhook", json=body, headers={WEBHOOK_HEADER: "fault-secret"})
    assert response.status_code == 202
    assert [o["outcome"] for o in response.json["outcomes"]] == ["queued"]
