"""claims: the times of their newest and oldest counting verdicts

GET /api/claims?since=… (or ?until=…) alone at a million verdicts (docs/benchmarks.md, "Claims API"):
a claim has a counting verdict at or after `since` exactly when its newest one is, so the claims of a
time range with one bound are a range of an index on claims, not the distinct claims of ~150k
verdicts. Both columns are backfilled from the counting verdicts (none where no verdict counts).
Plain ADD COLUMN of nullable columns and CREATE INDEX on both backends: no table is rebuilt, so the
search triggers of claims (fact/search.py) are not touched (the update trigger fires on search_text
only). On PostgreSQL the indexes of claims are rebuilt after the backfill (see upgrade).

Revision ID: a7c4e91d2b60
Revises: f352c7385c33
Create Date: 2026-12-01 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c4e91d2b60'
down_revision = 'f352c7385c33'
branch_labels = None
depends_on = None

BACKFILL = sa.text(
    "UPDATE claims SET"
    " newest_verdict_at = (SELECT max(v.created_at) FROM verdicts v"
    "                      WHERE v.claim_id = claims.id AND v.superseded_at IS NULL),"
    " oldest_verdict_at = (SELECT min(v.created_at) FROM verdicts v"
    "                      WHERE v.claim_id = claims.id AND v.superseded_at IS NULL)"
)


def upgrade():
    op.add_column('claims', sa.Column('newest_verdict_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('claims', sa.Column('oldest_verdict_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(BACKFILL)
    if op.get_bind().dialect.name == "postgresql":
        # The backfill wrote a new version of every row, and so an entry in every index of claims: the
        # trigram index of search_text doubled (20 → 42 MB at 380k claims) and ?q=… took 4 times as long
        # (docs/benchmarks.md, "Claims API"). Rebuilt here, a few seconds under the migration's lock.
        op.execute("REINDEX TABLE claims")
    op.create_index(op.f('ix_claims_newest_verdict_at'), 'claims', ['newest_verdict_at'], unique=False)
    op.create_index(op.f('ix_claims_oldest_verdict_at'), 'claims', ['oldest_verdict_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_claims_oldest_verdict_at'), table_name='claims')
    op.drop_index(op.f('ix_claims_newest_verdict_at'), table_name='claims')
    op.drop_column('claims', 'oldest_verdict_at')
    op.drop_column('claims', 'newest_verdict_at')
