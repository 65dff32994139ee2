"""sync marks

Reviewed: one row per Label Studio project with how far the last pull got, so that sync can be
incremental.

Revision ID: ede006badbe5
Revises: b3e6ef3d1ee2
Create Date: 2026-11-22 05:13:27.229360

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ede006badbe5'
down_revision = 'b3e6ef3d1ee2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_marks',
    sa.Column('ls_project_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('task_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('ls_project_id', name=op.f('pk_sync_marks'))
    )


def downgrade():
    op.drop_table('sync_marks')
