"""annotations remembered from a delete

Reviewed: an annotation deleted in Label Studio before its create reached us gets a row of its
own, deleted, so that the create does not count when it comes. Such a row knows no task,
annotator or time: those three columns may now be empty. Every delivery makes its annotation's
row first (ON CONFLICT DO NOTHING) and locks it, so the unique ls_annotation_id is what orders two
deliveries of one annotation; no index changes.

Downgrade forgets those deletes (the rows with no time) before the columns are required again.

Revision ID: d4e5f6a7b8c9
Revises: c1d2e3f4a5b6
Create Date: 2026-12-01 21:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'c1d2e3f4a5b6'
branch_labels = None
depends_on = None

COLUMNS = (("ls_task_id", sa.Integer()), ("annotator_id", sa.Integer()), ("ls_updated_at", sa.DateTime(timezone=True)))


def upgrade():
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=True)


def downgrade():
    op.execute(sa.text("DELETE FROM annotations WHERE ls_updated_at IS NULL"))
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
