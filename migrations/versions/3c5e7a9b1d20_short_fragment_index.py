"""an index of the two-character fragments of spans and claims (PostgreSQL)

`q` of two characters was a scan of every row on PostgreSQL (pg_trgm needs three): about 110 ms at
p99 on 194k spans, where the target is 100 ms. fact_short_fragments(text) lists a text's
two-character substrings, and a GIN index over it answers "contains this pair" exactly
(fact/search.py); GIN keeps each distinct one once. The function is declared costly (COST 1000,
about what it takes) so that the planner reads the index rather than compute the list row by row
in a scan. One character stays a scan (the index of single characters too cost a third more
ingest), as do both lengths on SQLite, whose instr() scan is under the target there. What the index
costs: the PostgreSQL ingest of bench.realistic's 3,000 records took 53 s against 33 s without it
(docs/benchmarks.md). Written out here rather than imported, so that this revision stays what it was.

Revision ID: 3c5e7a9b1d20
Revises: 9d77b20e728f
Create Date: 2026-12-03 13:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3c5e7a9b1d20'
down_revision = '9d77b20e728f'
branch_labels = None
depends_on = None

FUNCTION = """
CREATE FUNCTION fact_short_fragments(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000
AS $$
    SELECT array(SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i)
$$
"""
TABLES = ("spans", "claims")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(f"CREATE INDEX ix_{table}_search_text_short ON {table} USING gin (fact_short_fragments(search_text))")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_text_short")
    op.execute("DROP FUNCTION IF EXISTS fact_short_fragments(text)")
