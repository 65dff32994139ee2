"""claims by verdict count, then id

GET /api/claims?sort=verdict_count pages in (verdict_count, id) order, by number or past an `after`
cursor: with an index on verdict_count alone, PostgreSQL sorted each page's tie group of ~100k
claims again (158 ms for the first page at a million verdicts) and SQLite scanned a tie group up to
the cursor. The new index also serves `verdict_count > 0`, so it replaces the old one. Plain
CREATE INDEX on both backends: no table is rebuilt, the search triggers of claims are not touched.

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2026-12-01 22:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_claims_verdict_count_id', 'claims', ['verdict_count', 'id'], unique=False)
    op.drop_index('ix_claims_verdict_count', table_name='claims')


def downgrade():
    op.create_index('ix_claims_verdict_count', 'claims', ['verdict_count'], unique=False)
    op.drop_index('ix_claims_verdict_count_id', table_name='claims')
