"""candidates, story clusters, match and refresh marks

Reviewed: cross-document evidence. Candidates hold the top passages of other articles per sentence
with the reason and the dispute hint; articles point at their story cluster; spans.matched_at marks
what the incremental matcher has seen, tasks.candidates_at what push has sent to Label Studio.

Revision ID: 09662987ddd3
Revises: ede006badbe5
Create Date: 2026-11-22 05:39:21.817244

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '09662987ddd3'
down_revision = 'ede006badbe5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('story_clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_clusters'))
    )
    op.create_table('candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('span_id', sa.Integer(), nullable=False),
    sa.Column('candidate_span_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('hint', sa.Enum('dispute', 'corroboration', 'none', name='hint_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('hint_details', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('span_id <> candidate_span_id', name=op.f('ck_candidates_not_itself')),
    sa.ForeignKeyConstraint(['candidate_span_id'], ['spans.id'], name=op.f('fk_candidates_candidate_span_id_spans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_candidates_span_id_spans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('span_id', 'candidate_span_id', name=op.f('uq_candidates_span_id_candidate_span_id'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidates_candidate_span_id'), ['candidate_span_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_hint'), ['hint'], unique=False)
        batch_op.create_index('ix_candidates_span_id_rank', ['span_id', 'rank'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('story_cluster_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_articles_story_cluster_id'), ['story_cluster_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_articles_story_cluster_id_story_clusters'), 'story_clusters', ['story_cluster_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('spans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matched_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('candidates_at', sa.DateTime(timezone=True), nullable=True))

def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('candidates_at')

    with op.batch_alter_table('spans', schema=None) as batch_op:
        batch_op.drop_column('matched_at')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_articles_story_cluster_id_story_clusters'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_articles_story_cluster_id'))
        batch_op.drop_column('story_cluster_id')

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_span_id_rank')
        batch_op.drop_index(batch_op.f('ix_candidates_hint'))
        batch_op.drop_index(batch_op.f('ix_candidates_candidate_span_id'))

    op.drop_table('candidates')
    op.drop_table('story_clusters')
