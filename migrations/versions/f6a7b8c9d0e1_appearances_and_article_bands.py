"""appearances of an article (outlet, URL, date) and the LSH band keys that find its wire copies

Every existing article gets its first appearance (its own outlet, URL, date and origin, seen when
it was ingested) and its band keys, computed here by the code that ingest uses (urls.url_key,
urls.appearance_key, copies.band_keys), so that an article stored before this revision is found
as the original of a copy exactly as one stored after it.

Revision ID: f6a7b8c9d0e1
Revises: a8b9c0d1e2f3
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'f6a7b8c9d0e1'
down_revision = 'a8b9c0d1e2f3'
branch_labels = None
depends_on = None

BATCH = 500


def upgrade():
    op.create_table('appearances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('url_key', sa.String(length=2000), nullable=True),
    sa.Column('published_at', sa.Date(), nullable=True),
    sa.Column('origin', sa.String(length=1000), nullable=True),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_appearances_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_appearances_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appearances')),
    sa.UniqueConstraint('key', 'article_id', name=op.f('uq_appearances_key_article_id'))
    )
    op.create_index(op.f('ix_appearances_article_id'), 'appearances', ['article_id'], unique=False)
    op.create_index(op.f('ix_appearances_outlet_id'), 'appearances', ['outlet_id'], unique=False)
    op.create_table('article_bands',
    sa.Column('key', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_bands_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', 'article_id', name=op.f('pk_article_bands'))
    )
    op.create_index(op.f('ix_article_bands_article_id'), 'article_bands', ['article_id'], unique=False)
    _backfill()


def _backfill():
    from fact.services.ingest.copies import band_keys, content_words, shingles
    from fact.services.ingest.urls import appearance_key, url_key

    connection = op.get_bind()
    articles = connection.execute(sa.text(
        "SELECT id, outlet_id, url, published_at, origin, ingested_at FROM articles ORDER BY id")).all()
    appearances = sa.table('appearances', *(sa.column(c) for c in (
        'article_id', 'outlet_id', 'url', 'url_key', 'published_at', 'origin', 'key', 'seen_at')))
    bands = sa.table('article_bands', sa.column('key'), sa.column('article_id'))
    for start in range(0, len(articles), BATCH):
        batch = articles[start : start + BATCH]
        rows = []
        for a in batch:
            key = url_key(a.url)
            rows.append({"article_id": a.id, "outlet_id": a.outlet_id, "url": a.url, "url_key": key,
                         "published_at": a.published_at, "origin": a.origin,
                         "key": appearance_key(key, a.outlet_id, a.origin), "seen_at": a.ingested_at})
        connection.execute(sa.insert(appearances), rows)
        paragraphs = {}
        for article_id, text in connection.execute(sa.text(
                "SELECT article_id, text FROM spans WHERE kind = 'paragraph' AND NOT is_boilerplate"
                " AND article_id BETWEEN :low AND :high ORDER BY article_id, position"),
                {"low": batch[0].id, "high": batch[-1].id}):
            paragraphs.setdefault(article_id, []).append(text)
        keys = {(k, article_id) for article_id, texts in paragraphs.items()
                for k in band_keys(shingles(content_words("\n".join(texts))))}
        if keys:
            connection.execute(sa.insert(bands), [{"key": k, "article_id": a} for k, a in sorted(keys)])


def downgrade():
    op.drop_index(op.f('ix_article_bands_article_id'), table_name='article_bands')
    op.drop_table('article_bands')
    op.drop_index(op.f('ix_appearances_outlet_id'), table_name='appearances')
    op.drop_index(op.f('ix_appearances_article_id'), table_name='appearances')
    op.drop_table('appearances')
