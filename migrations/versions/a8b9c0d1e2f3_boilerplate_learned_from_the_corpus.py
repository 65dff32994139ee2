"""boilerplate learned from the corpus: repeat counts, span keys, listing pages, withdrawn tasks

A paragraph that an outlet repeats in several of its articles, or words glued to the start or end of
its pages, is page clutter (fact/services/ingest/boilerplate.py). repeat_counts keeps how many of an
outlet's articles hold each (so a new batch updates counts instead of rescanning the corpus);
spans.repeat_key lets a paragraph learned late find its older copies by an index. articles.is_listing
marks pages that are not articles; tasks.withdrawn_at the tasks taken back from Label Studio once
their span turned out to be boilerplate. Plain ADD COLUMN (with a constant default where NOT NULL)
and CREATE TABLE / INDEX on both backends: no table is rebuilt.

Revision ID: a8b9c0d1e2f3
Revises: c0d1e2f3a4b5
Create Date: 2026-12-02 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8b9c0d1e2f3'
down_revision = 'c0d1e2f3a4b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'repeat_counts',
        sa.Column('outlet_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=1), nullable=False),
        sa.Column('key', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('articles', sa.Integer(), nullable=False),
        sa.Column('learned', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_repeat_counts_outlet_id_outlets'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('outlet_id', 'kind', 'key', name=op.f('pk_repeat_counts')),
    )
    op.add_column('articles', sa.Column('is_listing', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('spans', sa.Column('repeat_key', sa.BigInteger(), nullable=True))
    op.add_column('spans', sa.Column('leading', sa.Boolean(), nullable=True))
    op.add_column('spans', sa.Column('flagged_by', sa.String(length=8), nullable=True))
    op.create_index(op.f('ix_spans_repeat_key'), 'spans', ['repeat_key'], unique=False)
    op.add_column('tasks', sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('tasks', 'withdrawn_at')
    op.drop_index(op.f('ix_spans_repeat_key'), table_name='spans')
    op.drop_column('spans', 'flagged_by')
    op.drop_column('spans', 'leading')
    op.drop_column('spans', 'repeat_key')
    op.drop_column('articles', 'is_listing')
    op.drop_table('repeat_counts')
