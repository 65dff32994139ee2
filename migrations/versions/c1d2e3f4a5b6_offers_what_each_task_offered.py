"""offers: the sources each span's task put before its annotators

A verdict may cite only a source its task offered (or a URL). Tasks pushed before this revision are
given, as their offers, what push built for them: their span's candidate passages, the newest
articles other than their own (FACT_TASK_SOURCE_ARTICLES, 20 by default), and whatever their
accepted verdicts already cite, so that a full sync of existing annotations still validates. A push
with refreshed candidates adds the rest.

Revision ID: c1d2e3f4a5b6
Revises: a7c4e91d2b60
Create Date: 2026-12-01 21:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a5b6'
down_revision = 'a7c4e91d2b60'
branch_labels = None
depends_on = None

SOURCE_ARTICLES = 20

BACKFILL = (
    # The candidate passages of every span that has a task.
    "INSERT INTO offers (span_id, kind, source_id)"
    " SELECT DISTINCT c.span_id, 'span', c.candidate_span_id FROM candidates c"
    " WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.span_id = c.span_id)",
    # The newest articles, as push offers them, less the span's own.
    "INSERT INTO offers (span_id, kind, source_id)"
    " SELECT DISTINCT t.span_id, 'article', a.id FROM tasks t"
    " JOIN spans s ON s.id = t.span_id"
    " JOIN (SELECT id FROM articles ORDER BY published_at DESC NULLS LAST, id"
    f"       LIMIT {SOURCE_ARTICLES + 1}) a ON a.id != s.article_id",
)
CITED = (
    # What existing verdicts cite, where the rows above do not already have it.
    "INSERT INTO offers (span_id, kind, source_id)"
    " SELECT DISTINCT an.span_id, :kind, e.{column} FROM evidence e"
    " JOIN verdicts v ON v.id = e.verdict_id JOIN annotations an ON an.id = v.annotation_id"
    " WHERE e.{column} IS NOT NULL AND an.span_id IS NOT NULL AND NOT EXISTS ("
    "   SELECT 1 FROM offers o WHERE o.span_id = an.span_id AND o.kind = :kind AND o.source_id = e.{column})"
)


def upgrade():
    op.create_table('offers',
    sa.Column('span_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('source_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_offers_span_id_spans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('span_id', 'kind', 'source_id', name=op.f('pk_offers'))
    )
    for statement in BACKFILL:
        op.execute(sa.text(statement))
    for kind, column in (("span", "span_id"), ("article", "article_id")):
        op.execute(sa.text(CITED.format(column=column)).bindparams(kind=kind))


def downgrade():
    op.drop_table('offers')
