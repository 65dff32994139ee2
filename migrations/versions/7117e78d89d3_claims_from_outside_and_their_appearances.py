"""claims from outside (imported, with no article) and the places they appeared

A claim gets an origin: highlighted (an annotator's highlight in an article, every claim so far) or
imported (flask fact claims import, POST /api/claims). An imported claim has no article, span or
offsets, so article_id, start and end become nullable, with a check (ck_claims_origin_fields) that a
highlighted claim has all of them and an imported one none but its claim_key; the partial unique
index uq_claims_imported_claim_key makes the same claim from outside twice one claim. Its outside
fields (claimant, date, language, the rating a reviewer gave, its source and URL, our label for it)
are nullable columns; claim_appearances holds where it appeared.

SQLite rebuilds claims (batch mode) to change the nullability and add the checks, which drops the
search triggers of claims: search.SQLITE_DROP runs before and search.SQLITE_DDL (which rebuilds the
trigram table from search_text) after. PostgreSQL alters the table in place: ADD COLUMN with a
constant default and DROP NOT NULL rewrite no row, so the trigram index is untouched. Every existing
claim is highlighted (the server default).

Revision ID: 7117e78d89d3
Revises: b9c0d1e2f3a4
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa

from fact import search


# revision identifiers, used by Alembic.
revision = '7117e78d89d3'
down_revision = 'b9c0d1e2f3a4'
branch_labels = None
depends_on = None

LABELS = ('corroborated', 'disputed', 'unverifiable')
ORIGIN_FIELDS = (
    "(origin = 'highlighted' AND article_id IS NOT NULL AND start IS NOT NULL AND \"end\" IS NOT NULL)"
    " OR (origin = 'imported' AND article_id IS NULL AND span_id IS NULL AND start IS NULL AND \"end\" IS NULL"
    " AND claim_key IS NOT NULL)"
)
IMPORTED = sa.text("origin = 'imported'")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    if _sqlite():
        for statement in search.SQLITE_DROP:
            op.execute(statement)
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.Enum('highlighted', 'imported', name='claim_origin', native_enum=False, create_constraint=True, length=16), server_default='highlighted', nullable=False))
        batch_op.add_column(sa.Column('claim_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claimant', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('claim_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('outside_rating', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('outside_source', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('outside_url', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('outside_label', sa.Enum(*LABELS, name='claim_outside_label', native_enum=False, create_constraint=True, length=16), nullable=True))
        batch_op.alter_column('article_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('start', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('end', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint('origin_fields', ORIGIN_FIELDS)
        batch_op.create_index('ix_claims_origin_id', ['origin', 'id'], unique=False)
        batch_op.create_index('uq_claims_imported_claim_key', ['claim_key'], unique=True, sqlite_where=IMPORTED, postgresql_where=IMPORTED)
    if _sqlite():
        for statement in search.SQLITE_DDL:
            op.execute(statement)

    op.create_table('claim_appearances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('url_key', sa.String(length=2000), nullable=True),
    sa.Column('appeared_at', sa.Date(), nullable=True),
    sa.Column('author', sa.String(length=500), nullable=True),
    sa.Column('source', sa.String(length=1000), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_appearances_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_appearances')),
    sa.UniqueConstraint('claim_id', 'key', name=op.f('uq_claim_appearances_claim_id_key'))
    )
    op.create_index(op.f('ix_claim_appearances_claim_id'), 'claim_appearances', ['claim_id'], unique=False)


def downgrade():
    """Back to claims of articles only: the imported claims (and their verdicts, by cascade) go."""
    op.drop_index(op.f('ix_claim_appearances_claim_id'), table_name='claim_appearances')
    op.drop_table('claim_appearances')
    op.execute("DELETE FROM claims WHERE origin = 'imported'")
    if _sqlite():
        for statement in search.SQLITE_DROP:
            op.execute(statement)
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('uq_claims_imported_claim_key', sqlite_where=IMPORTED, postgresql_where=IMPORTED)
        batch_op.drop_index('ix_claims_origin_id')
        for check in ('origin_fields', 'claim_origin', 'claim_outside_label'):
            batch_op.drop_constraint(op.f(f'ck_claims_{check}'), type_='check')
        batch_op.alter_column('end', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('start', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('article_id', existing_type=sa.Integer(), nullable=False)
        for column in ('outside_label', 'outside_url', 'outside_source', 'outside_rating', 'language', 'claim_date',
                       'claimant', 'claim_key', 'origin'):
            batch_op.drop_column(column)
    if _sqlite():
        for statement in search.SQLITE_DDL:
            op.execute(statement)
