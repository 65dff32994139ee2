"""PostgreSQL plans every query for its own parameters: no server-side prepared statements.

psycopg prepares a query it has run five times, and PostgreSQL then plans it once for any parameters;
for `q` (a LIKE pattern) and a count that stops at a limit, that generic plan scans the table: at a
million verdicts, requests went from 40 to 200-400 ms after the tenth (docs/benchmarks.md).
"""
from sqlalchemy import func, select, text

from fact.config import engine_options
from fact.extensions import db
from fact.models import Claim


def test_postgresql_connections_prepare_no_statement_on_the_server(app):
    options = engine_options({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/d", "FACT_DB_CONNECT_TIMEOUT": 2})
    assert options["connect_args"]["prepare_threshold"] is None
    assert "connect_args" not in engine_options({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"})
    for _ in range(12):  # past psycopg's threshold (5) and PostgreSQL's custom plans (5)
        db.session.scalar(select(func.count()).select_from(
            select(Claim.id).where(Claim.search_text.like("%word%")).limit(10_001).subquery()))
    if db.engine.dialect.name == "postgresql":  # the app's own connection, after the repeats
        assert db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements")) == 0
