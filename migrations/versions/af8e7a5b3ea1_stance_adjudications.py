"""stance adjudications: the lead settles a tie of the annotators' stances on one (claim, article)

A row per settling, kept with its history as adjudications of claims are: the partial unique index
allows one current settling per pair, so that two leads pressing at once cannot leave two standing
(the service supersedes the old under the claim's row lock). article_id has no ON DELETE, as in
article_stances: an article is never deleted under its stances.

Revision ID: af8e7a5b3ea1
Revises: 3c5e7a9b1d20
Create Date: 2026-12-04 17:04:06.031667

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'af8e7a5b3ea1'
down_revision = '3c5e7a9b1d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stance_adjudications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.Enum('agree', 'disagree', 'discuss', 'unrelated', name='stance_adjudication_stance', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('adjudicator', sa.String(length=320), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_stance_adjudications_article_id_articles')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_stance_adjudications_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stance_adjudications'))
    )
    with op.batch_alter_table('stance_adjudications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stance_adjudications_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stance_adjudications_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('uq_stance_adjudications_current', ['claim_id', 'article_id'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))


def downgrade():
    with op.batch_alter_table('stance_adjudications', schema=None) as batch_op:
        batch_op.drop_index('uq_stance_adjudications_current', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_stance_adjudications_claim_id'))
        batch_op.drop_index(batch_op.f('ix_stance_adjudications_article_id'))
    op.drop_table('stance_adjudications')
