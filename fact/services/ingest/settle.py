"""After a bulk ingest, what the database would do on its own some time later, done at once.

Rows just inserted in bulk are read slowly until the database has seen them again: on PostgreSQL every
first read of a row asks whether its transaction committed and writes the answer into the page (hint
bits), and the trigram index's counts of common words read each such row, until autovacuum passes; the
planner's statistics lag too. Measured (bench/spans.py --after-ingest, docs/benchmarks.md): words found in
more than 10,000 of 194k spans answered in 217 ms at p99 right after the ingest, 53 ms after VACUUM ANALYZE.
So an ingest that adds FACT_SETTLE_SPANS spans or more ends with VACUUM (ANALYZE) of the tables it
filled (PostgreSQL), or ANALYZE (SQLite, which has no hint bits but a planner that reads statistics).
"""
from flask import current_app
from sqlalchemy import func, select, text

from fact.extensions import db
from fact.models import Span

TABLES = ("spans", "articles", "appearances", "article_bands")


def newest_span_id() -> int:
    return db.session.scalar(select(func.max(Span.id))) or 0


def settle_after_ingest(before: int) -> bool:
    """Settle the tables if the ingest that began when the newest span id was `before` added enough
    spans; returns whether it did. Runs outside any transaction (VACUUM cannot run inside one)."""
    added = db.session.scalar(select(func.count()).select_from(Span).where(Span.id > before))
    if added < current_app.config["FACT_SETTLE_SPANS"]:
        return False
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"VACUUM (ANALYZE) {', '.join(TABLES)}"))
        else:
            connection.execute(text("ANALYZE"))
    return True
