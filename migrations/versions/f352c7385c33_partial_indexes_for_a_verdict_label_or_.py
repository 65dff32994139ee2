"""partial indexes for a verdict label or time alone

GET /api/claims?label=… or ?since=… alone at a million verdicts (docs/benchmarks.md, "Claims API"):
the claim ids of the counting verdicts of a label, or of a time range, read from an index without a
table lookup per verdict to check superseded_at. Plain CREATE INDEX on both backends: no table is
rebuilt, so the search triggers of claims (fact/search.py) are not touched.

Revision ID: f352c7385c33
Revises: 593a6496b43a
Create Date: 2026-12-01 11:00:16.696455

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f352c7385c33'
down_revision = '593a6496b43a'
branch_labels = None
depends_on = None

COUNTING = sa.text('superseded_at IS NULL')


def upgrade():
    op.create_index('ix_verdicts_counting_label_claim', 'verdicts', ['label', 'claim_id'], unique=False,
                    sqlite_where=COUNTING, postgresql_where=COUNTING)
    op.create_index('ix_verdicts_counting_created_at_claim', 'verdicts', ['created_at', 'claim_id'], unique=False,
                    sqlite_where=COUNTING, postgresql_where=COUNTING)


def downgrade():
    op.drop_index('ix_verdicts_counting_created_at_claim', table_name='verdicts')
    op.drop_index('ix_verdicts_counting_label_claim', table_name='verdicts')
