"""Fixtures: an app on a freshly migrated database (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), emptied after every test; pytest-flask builds `client` on top of `app`."""
import os
import uuid
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from fact import create_app
from fact.extensions import db
from fact.labelstudio.config import WEBHOOK_HEADER
from fact.models import Claim
from tests.helpers import API_TOKEN, SECRET, SEEDS, make_config, sentence
from tests.labelstudio_server import run_labelstudio_for_tests
from tests.payloads import created, deleted, offer, region


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of this test session's own: a SQLite file, or a new PostgreSQL database."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"fact_test_{uuid.uuid4().hex[:12]}"
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        pytest.exit(f"TEST_DATABASE_URL={server_url} is not reachable: {error.orig}", returncode=3)
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(scope="session")
def migrated(database_url):
    """Run the real migrations once: the tests see the schema that `flask db upgrade` makes."""
    app = create_app(make_config(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(migrated):
    app = create_app(make_config(migrated))
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth():
    return {"Authorization": f"Bearer {API_TOKEN}"}


@pytest.fixture
def seeded(runner):
    """The five seed articles, ingested through the CLI as a user would."""
    result = runner.invoke(args=["fact", "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def hook(app, client, seeded):
    """Post a body to the webhook as Label Studio does, with our secret (or `secret`, None for none)."""
    app.config["FACT_WEBHOOK_SECRET"] = SECRET

    def send(body, secret=SECRET):
        headers = {WEBHOOK_HEADER: secret} if secret is not None else {}
        return client.post("/api/labelstudio/webhook", json=body, headers=headers)

    return send


@pytest.fixture
def eleven(seeded):
    """Seed 004: the Paris meeting of 11 countries (the others say 13)."""
    return sentence("11 دولة")


@pytest.fixture
def thirteen(seeded):
    return sentence("13 دولة في التحالف")


@pytest.fixture
def annotated(hook, client, auth):
    """Five claims made as real data is (webhook bodies from several annotators, an adjudication through
    the API), on seed sentences; `between` is a time after A's verdicts and before the others':

      A "11 دولة"  (المغرب اليوم)  users 1, 2 disputed, user 3 corroborated   majority, disputed
      B "13 دولة"  (الرأي برس)    user 1 corroborated, user 2 disputed      contested, adjudicated corroborated
      C "60 دولة"  (no outlet, published 2016-10-24)  users 2, 3 unverifiable   unanimous
      D "3500"     (no outlet)    user 3, then the annotation was deleted    none
      E "خمسة آلاف" (no outlet)   user 1 corroborated                       single
    """
    eleven, thirteen = sentence("11 دولة"), sentence("13 دولة في التحالف")
    sixty, thousands = sentence("60 دولة"), sentence("بين 3500")
    offer(eleven, f"span:{thirteen.id}")
    deliveries = [
        (1, eleven, region(eleven.text, "11 دولة", "disputed", refutes=[f"span:{thirteen.id}"],
                           urls_supporting=["https://example.org/a"]), 1),
        (2, eleven, region(eleven.text, "11 دولة", "disputed"), 2),
        (3, eleven, region(eleven.text, "11 دولة", "corroborated"), 3),
    ]
    for ls_id, span, result, user in deliveries:
        assert hook(created(ls_id, span, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    between = datetime.now(timezone.utc)
    deliveries = [
        (4, thirteen, region(thirteen.text, "13 دولة", "corroborated"), 1),
        (5, thirteen, region(thirteen.text, "13 دولة", "disputed"), 2),
        (6, sixty, region(sixty.text, "60 دولة", "unverifiable"), 2),
        (7, sixty, region(sixty.text, "60 دولة", "unverifiable"), 3),
        (8, thousands, region(thousands.text, "3500", "corroborated"), 3),
    ]
    for ls_id, span, result, user in deliveries:
        assert hook(created(ls_id, span, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    assert hook(deleted(8)).json["outcomes"][0]["outcome"] == "deleted"
    result = region(thousands.text, "خمسة آلاف", "corroborated")
    assert hook(created(9, thousands, result, user=1)).json["outcomes"][0]["outcome"] == "accepted"
    ids = dict(zip("ABCDE", db.session.scalars(select(Claim.id).order_by(Claim.id))))
    response = client.post(f"/api/claims/{ids['B']}/adjudication", headers=auth,
                           json={"label": "corroborated", "adjudicator": "lead@example.org"})
    assert response.status_code == 201
    return SimpleNamespace(ids=ids, between=between, eleven=eleven, thirteen=thirteen, sixty=sixty,
                           thousands=thousands, hook=hook)


def pytest_collection_modifyitems(items):
    """Every test that needs Label Studio, however deep in its fixtures, is marked so: `make test-fast`
    runs the others (`-m "not labelstudio"`) without installing or starting it."""
    for item in items:
        if "labelstudio" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.labelstudio)


@pytest.fixture(scope="session")
def labelstudio(tmp_path_factory):
    """A real Label Studio for the whole session: .url, .token, .username, .password (~50 s to start)."""
    with run_labelstudio_for_tests(tmp_path_factory.mktemp("labelstudio")) as settings:
        yield settings
