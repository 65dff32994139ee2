"""Fixtures: an app on a freshly migrated database (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), emptied after every test; pytest-flask builds `client` on top of `app`."""
import os
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from fact import create_app
from fact.config import Config
from fact.extensions import db
from tests.labelstudio_server import run_labelstudio_for_tests

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
API_TOKEN = "test-api-token"


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


def make_config(url: str) -> type[Config]:
    return type(
        "TestConfig",
        (Config,),
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "FACT_API_TOKEN": API_TOKEN},
    )


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


@pytest.fixture(scope="session")
def labelstudio(tmp_path_factory):
    """A real Label Studio for the whole session: .url, .token, .username, .password (~50 s to start)."""
    with run_labelstudio_for_tests(tmp_path_factory.mktemp("labelstudio")) as settings:
        yield settings
