"""stance pairs: each (claim, article) pair's stance votes counted, for the lead's tie queue

The lead's queue of tied stances grouped every current stance at each load of the page (570 ms of a
583 ms page at 96,000 stances, docs/benchmarks.md). The counts of each pair's votes are now kept in
`stance_pairs` by refresh_claims, as a claim's verdict counts are kept on the claim, and the queue is
an index range. The pairs of the stances already here are counted by this migration: each annotator's
newest current stance of a pair is one vote, and a pair of two voters or more whose top stances tie is
tied (fact.services.claims.stances.top_stance, written out again here so that the migration does not
change when the application does).

Revision ID: fc832b61025c
Revises: 8b697ccfa41a
Create Date: 2026-12-06 22:00:02

"""
from collections import Counter
from itertools import groupby

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fc832b61025c'
down_revision = '8b697ccfa41a'
branch_labels = None
depends_on = None

STANCES = ('agree', 'disagree', 'discuss', 'unrelated')
BATCH = 5_000


def upgrade():
    pairs = op.create_table(
        'stance_pairs',
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('voters', sa.Integer(), nullable=False),
        sa.Column('votes', sa.JSON(), nullable=False),
        sa.Column('tied', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_stance_pairs_article_id_articles')),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_stance_pairs_claim_id_claims'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('claim_id', 'article_id', name=op.f('pk_stance_pairs')),
    )
    with op.batch_alter_table('stance_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stance_pairs_article_id'), ['article_id'], unique=False)
        batch_op.create_index('ix_stance_pairs_tied', ['tied', 'claim_id', 'article_id'], unique=False)

    stances = op.get_bind().execute(sa.text(
        "SELECT claim_id, article_id, annotator_id, stance FROM article_stances WHERE superseded_at IS NULL "
        "ORDER BY claim_id, article_id, annotator_id, id DESC")).all()  # read whole: the inserts share the connection
    rows = []
    for (claim_id, article_id), of_pair in groupby(stances, key=lambda r: (r.claim_id, r.article_id)):
        newest = {}
        for row in of_pair:
            newest.setdefault(row.annotator_id, row.stance)  # the first of each annotator is their newest
        tally = Counter(newest.values())
        top = tally.most_common(2)
        rows.append({'claim_id': claim_id, 'article_id': article_id, 'voters': len(newest),
                     'votes': {name: tally[name] for name in STANCES if tally[name]},
                     'tied': len(newest) >= 2 and len(top) == 2 and top[0][1] == top[1][1]})
        if len(rows) >= BATCH:
            op.bulk_insert(pairs, rows)
            rows = []
    if rows:
        op.bulk_insert(pairs, rows)


def downgrade():
    with op.batch_alter_table('stance_pairs', schema=None) as batch_op:
        batch_op.drop_index('ix_stance_pairs_tied')
        batch_op.drop_index(batch_op.f('ix_stance_pairs_article_id'))
    op.drop_table('stance_pairs')
