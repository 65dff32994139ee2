"""substring index of spans

GET /api/spans?q= scanned every span with LIKE '%q%': 0.44-1.03 s a request on 131k real sentences.
The same index as claims' q (fact/search.py): a pg_trgm GIN index on spans.search_text on PostgreSQL,
an FTS5 trigram table kept by triggers on SQLite. By hand, as it differs by backend; no table is
rebuilt. A later migration that rebuilds `spans` on SQLite (batch mode) must run
search.SPANS_SQLITE_DROP before and search.SPANS_SQLITE_DDL after.

Revision ID: b9c0d1e2f3a4
Revises: f6a7b8c9d0e1
Create Date: 2026-12-02 01:20:00

"""
from alembic import op

from fact import search


# revision identifiers, used by Alembic.
revision = 'b9c0d1e2f3a4'
down_revision = 'f6a7b8c9d0e1'
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": search.SPANS_SQLITE_DDL, "postgresql": search.SPANS_POSTGRESQL_DDL}.get(dialect, [])
    for statement in statements:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": search.SPANS_SQLITE_DROP, "postgresql": search.SPANS_POSTGRESQL_DROP}.get(dialect, [])
    for statement in statements:
        op.execute(statement)
