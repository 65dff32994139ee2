"""tasks, annotations, claims, verdicts and evidence

Reviewed: the Label Studio loop. Tasks map spans to Label Studio tasks (ours, since it never
de-duplicates); every delivered annotation revision is kept; a verdict counts while superseded_at is
empty, which a partial unique index holds to one per claim per annotation (SQLite and PostgreSQL both
have partial indexes). Evidence rows cite exactly one of a passage, an article or a URL.

Revision ID: b3e6ef3d1ee2
Revises: 0970002f792d
Create Date: 2026-11-22 05:04:24.774494

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e6ef3d1ee2'
down_revision = '0970002f792d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('annotators',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('name', sa.String(length=320), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotators'))
    )
    op.create_table('annotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ls_annotation_id', sa.Integer(), nullable=False),
    sa.Column('ls_task_id', sa.Integer(), nullable=False),
    sa.Column('span_id', sa.Integer(), nullable=True),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('ls_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('was_cancelled', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_annotations_span_id_spans'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotations')),
    sa.UniqueConstraint('ls_annotation_id', name=op.f('uq_annotations_ls_annotation_id'))
    )
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotations_annotator_id'), ['annotator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotations_ls_task_id'), ['ls_task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotations_span_id'), ['span_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('span_id', sa.Integer(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f('ck_claims_offsets')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_claims_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_claims_span_id_spans'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('article_id', 'start', 'end', name=op.f('uq_claims_article_id_start_end'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_span_id'), ['span_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('span_id', sa.Integer(), nullable=False),
    sa.Column('ls_project_id', sa.Integer(), nullable=False),
    sa.Column('ls_task_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pushed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_tasks_span_id_spans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('ls_project_id', 'span_id', name=op.f('uq_tasks_ls_project_id_span_id')),
    sa.UniqueConstraint('ls_task_id', name=op.f('uq_tasks_ls_task_id'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_span_id'), ['span_id'], unique=False)

    op.create_table('annotation_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('ls_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('via', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('result_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('accepted', 'superseded', 'rejected', 'stale', name='revision_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_annotation_revisions_annotation_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_revisions')),
    sa.UniqueConstraint('annotation_id', 'ls_updated_at', 'result_hash', name=op.f('uq_annotation_revisions_annotation_id_ls_updated_at_result_hash'))
    )
    with op.batch_alter_table('annotation_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotation_revisions_annotation_id'), ['annotation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotation_revisions_status'), ['status'], unique=False)

    op.create_table('verdicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.Enum('corroborated', 'disputed', 'unverifiable', name='verdict_label', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_verdicts_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_verdicts_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['annotation_revisions.id'], name=op.f('fk_verdicts_revision_id_annotation_revisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verdicts'))
    )
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verdicts_annotation_id'), ['annotation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verdicts_annotator_id'), ['annotator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verdicts_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verdicts_label'), ['label'], unique=False)
        batch_op.create_index(batch_op.f('ix_verdicts_revision_id'), ['revision_id'], unique=False)
        batch_op.create_index('uq_verdicts_current_claim_annotation', ['claim_id', 'annotation_id'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.Enum('supports', 'refutes', name='evidence_stance', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('span_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.CheckConstraint('(CASE WHEN span_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN article_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN url IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_evidence_one_source')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_evidence_article_id_articles')),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_evidence_span_id_spans')),
    sa.ForeignKeyConstraint(['verdict_id'], ['verdicts.id'], name=op.f('fk_evidence_verdict_id_verdicts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_span_id'), ['span_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_verdict_id'), ['verdict_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_verdict_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_span_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_article_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.drop_index('uq_verdicts_current_claim_annotation', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_verdicts_revision_id'))
        batch_op.drop_index(batch_op.f('ix_verdicts_label'))
        batch_op.drop_index(batch_op.f('ix_verdicts_claim_id'))
        batch_op.drop_index(batch_op.f('ix_verdicts_annotator_id'))
        batch_op.drop_index(batch_op.f('ix_verdicts_annotation_id'))

    op.drop_table('verdicts')
    with op.batch_alter_table('annotation_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotation_revisions_status'))
        batch_op.drop_index(batch_op.f('ix_annotation_revisions_annotation_id'))

    op.drop_table('annotation_revisions')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_span_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_span_id'))

    op.drop_table('claims')
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotations_span_id'))
        batch_op.drop_index(batch_op.f('ix_annotations_ls_task_id'))
        batch_op.drop_index(batch_op.f('ix_annotations_annotator_id'))

    op.drop_table('annotations')
    op.drop_table('annotators')
