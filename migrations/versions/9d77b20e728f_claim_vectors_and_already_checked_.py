"""claim vectors and already-checked searches

New tables only (nothing existing is touched), for fact.services.claims.checked:
- claim_vectors: a claim's embedding by a model, as span_vectors holds a sentence's, so that the
  checked claims are not embedded again at every run;
- claim_match_searches: when each claim was last matched against the checked claims, and by which
  model, so that a run searches only the claims that are new or whose pool changed.

Revision ID: 9d77b20e728f
Revises: c1ac2b84c60e
Create Date: 2026-12-02 13:33:43.816506

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d77b20e728f'
down_revision = 'c1ac2b84c60e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('claim_match_searches',
    sa.Column('claim_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('model', sa.String(length=300), nullable=False),
    sa.Column('searched_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_match_searches_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claim_match_searches'))
    )
    op.create_table('claim_vectors',
    sa.Column('claim_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('model', sa.String(length=300), nullable=False),
    sa.Column('text_hash', sa.String(length=32), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_vectors_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claim_vectors'))
    )


def downgrade():
    op.drop_table('claim_vectors')
    op.drop_table('claim_match_searches')
