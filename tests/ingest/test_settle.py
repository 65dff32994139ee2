"""An ingest that adds many spans ends by settling the tables it filled (fact.services.ingest.settle):
VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite; a small one leaves that to the database."""
from sqlalchemy import text

from fact.extensions import db
from tests.helpers import SEEDS


def _settled_marks() -> int:
    """How often spans was vacuumed (PostgreSQL), or whether the planner has statistics of it (SQLite)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            return connection.execute(text(
                "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'spans'")).scalar_one()
        known = connection.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar()
        return connection.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'spans'")).scalar() if known else 0


def _forget_statistics() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite" and connection.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar():
            connection.execute(text("DELETE FROM sqlite_stat1"))


def test_an_ingest_of_many_spans_settles_the_tables(app, runner):
    app.config["FACT_SETTLE_SPANS"] = 50  # the five seeds add about 200
    _forget_statistics()
    before = _settled_marks()

    result = runner.invoke(args=["fact", "ingest", str(SEEDS)])

    assert result.exit_code == 0, result.output
    assert _settled_marks() > before


def test_a_small_ingest_leaves_the_tables_to_the_database(app, runner):
    _forget_statistics()
    before = _settled_marks()

    result = runner.invoke(args=["fact", "ingest", str(SEEDS)])  # about 200 spans, under the default 10,000

    assert result.exit_code == 0, result.output
    assert _settled_marks() == before
