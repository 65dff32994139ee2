"""claim vectors by reading: a claim's query vector (its evidence search) beside its passage vector

The evidence search kept its claims' query vectors in a NumPy file beside the database, one per
machine, while the already-checked match kept passage vectors in this table: two caches of one
thing, and on several machines each re-embedded every claim. Now both live here, told apart by
`reading`; the rows already here are passage vectors. The primary key becomes (claim_id, reading).

Revision ID: 8b697ccfa41a
Revises: af8e7a5b3ea1
Create Date: 2026-12-04 18:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b697ccfa41a'
down_revision = 'af8e7a5b3ea1'
branch_labels = None
depends_on = None

READING = sa.Enum('query', 'passage', name='claim_vector_reading', native_enum=False, create_constraint=True,
                  length=8)


def upgrade():
    with op.batch_alter_table('claim_vectors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reading', READING, nullable=False, server_default='passage'))
    with op.batch_alter_table('claim_vectors', schema=None) as batch_op:
        batch_op.alter_column('reading', server_default=None)
        batch_op.drop_constraint('pk_claim_vectors', type_='primary')
        batch_op.create_primary_key('pk_claim_vectors', ['claim_id', 'reading'])


def downgrade():
    op.execute("DELETE FROM claim_vectors WHERE reading = 'query'")
    with op.batch_alter_table('claim_vectors', schema=None) as batch_op:
        batch_op.drop_constraint('pk_claim_vectors', type_='primary')
        batch_op.create_primary_key('pk_claim_vectors', ['claim_id'])
    with op.batch_alter_table('claim_vectors', schema=None) as batch_op:
        batch_op.drop_constraint('claim_vector_reading', type_='check')
        batch_op.drop_column('reading')
