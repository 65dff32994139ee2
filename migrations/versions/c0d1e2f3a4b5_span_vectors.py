"""span vectors: each sentence's embedding, by the model that made it; candidates say which signal
found them (lexical, semantic or both) with each signal's score

A table of its own rather than a column of spans: vectors are made after ingest, by a model that
may change, and most reads of spans never want their 768 bytes. The index on (model, text_hash)
finds a vector already made for the same text (a wire copy's sentence) without running the model.
Existing candidates were all found by the lexical matcher: their score is their lexical score.

Revision ID: c0d1e2f3a4b5
Revises: e5f6a7b8c9d0
Create Date: 2026-12-02 00:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0d1e2f3a4b5'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'span_vectors',
        sa.Column('span_id', sa.Integer(), nullable=False),
        sa.Column('model', sa.String(length=300), nullable=False),
        sa.Column('text_hash', sa.String(length=32), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_span_vectors_span_id_spans'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('span_id', name=op.f('pk_span_vectors')),
    )
    op.create_index('ix_span_vectors_model_text_hash', 'span_vectors', ['model', 'text_hash'], unique=False)
    op.add_column('candidates', sa.Column('found_by', sa.String(length=16), server_default='lexical', nullable=False))
    op.add_column('candidates', sa.Column('lexical_score', sa.Float(), nullable=True))
    op.add_column('candidates', sa.Column('semantic_score', sa.Float(), nullable=True))
    op.execute("UPDATE candidates SET lexical_score = score")


def downgrade():
    with op.batch_alter_table('candidates') as batch:
        batch.drop_column('semantic_score')
        batch.drop_column('lexical_score')
        batch.drop_column('found_by')
    op.drop_index('ix_span_vectors_model_text_hash', table_name='span_vectors')
    op.drop_table('span_vectors')
