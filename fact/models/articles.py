"""Outlets, the articles they publish, and the spans articles are cut into.

An article's text is stored NFC-normalized and never changes after ingest: every span offset
(and every claim offset later) is a Python code-point offset into it.
"""
import enum
from datetime import date, datetime, timezone

from sqlalchemy import BigInteger, CheckConstraint, Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SpanKind(enum.StrEnum):
    paragraph = "paragraph"
    sentence = "sentence"


class Outlet(db.Model):
    """A publisher: a newspaper, a site, a wire agency."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str | None] = mapped_column(String(2000))

    articles: Mapped[list["Article"]] = relationship(back_populates="outlet")


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_at: Mapped[date | None] = mapped_column(index=True)
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the stored text: the same text is one article, whatever its file was called.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Where it came from (a file name, "api"), for people tracing an article back.
    origin: Mapped[str | None] = mapped_column(String(1000))
    encoding: Mapped[str] = mapped_column(String(32), default="utf-8")
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    story_cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("story_clusters.id", ondelete="SET NULL"), index=True
    )
    # A page that is not an article (an archive, a tag list, a profile): all its spans are boilerplate.
    is_listing: Mapped[bool] = mapped_column(default=False, server_default=false())

    outlet: Mapped[Outlet | None] = relationship(back_populates="articles")
    # Where it was published: its first ingest, then every copy of it ingested since (oldest first).
    appearances: Mapped[list["Appearance"]] = relationship(
        back_populates="article", order_by="Appearance.id", cascade="all, delete-orphan", passive_deletes=True,
    )

    @property
    def outlet_name(self) -> str | None:
        return self.outlet.name if self.outlet else None

    spans: Mapped[list["Span"]] = relationship(
        back_populates="article",
        order_by="(Span.start, Span.kind)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Span(db.Model):
    """A paragraph or a sentence of an article: the unit served to annotators."""

    __tablename__ = "spans"
    __table_args__ = (
        UniqueConstraint("article_id", "kind", "position"),
        CheckConstraint("start >= 0 AND \"end\" > start", name="offsets"),
        Index("ix_spans_kind_article_id", "kind", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[SpanKind] = mapped_column(
        Enum(SpanKind, native_enum=False, length=16, create_constraint=True, name="span_kind")
    )
    start: Mapped[int]
    end: Mapped[int]
    # Position among the spans of the same kind in the article; paragraph = position of the
    # paragraph a sentence belongs to (its own for a paragraph).
    position: Mapped[int]
    paragraph: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # normalize_for_search(text): what `q` is matched against. Derived, never shown.
    search_text: Mapped[str] = mapped_column(Text)
    is_boilerplate: Mapped[bool] = mapped_column(default=False)
    # When the matcher last looked for candidates for this span; NULL: new since the last match.
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Of a paragraph: the hash of its words (fact.text.repeats.paragraph_key), by which a paragraph
    # learned as boilerplate finds its older copies; NULL for sentences.
    repeat_key: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # Of a paragraph: it comes before the article's first paragraph of prose (a headline, a menu);
    # a line repeated elsewhere (a teaser) is news here when it heads only this article.
    leading: Mapped[bool | None]
    # What the corpus taught about it (fact.services.ingest.boilerplate): "repeat", "edge", "page";
    # NULL: the per-line rules (fact.text.boilerplate) or nothing.
    flagged_by: Mapped[str | None] = mapped_column(String(8))

    article: Mapped[Article] = relationship(back_populates="spans")


class Appearance(db.Model):
    """One place an article was published: an outlet, a URL, a date. The first ingest of a text is its
    first appearance; the same or nearly the same text ingested again (a wire copy, the http twin of
    a page) adds one, or finds its own again (`key`), so that re-ingesting a file adds nothing."""

    __tablename__ = "appearances"
    __table_args__ = (UniqueConstraint("key", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))  # as given
    url_key: Mapped[str | None] = mapped_column(String(2000))  # fact.services.ingest.urls.url_key
    published_at: Mapped[date | None]
    origin: Mapped[str | None] = mapped_column(String(1000))
    # sha256 of what tells it from the article's other appearances (urls.appearance_key).
    key: Mapped[str] = mapped_column(String(64))
    # Jaccard of the copy's shingles with the article's (fact.services.ingest.copies); None: the same text.
    similarity: Mapped[float | None] = mapped_column(Float)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="appearances")
    outlet: Mapped[Outlet | None] = relationship()

    @property
    def outlet_name(self) -> str | None:
        return self.outlet.name if self.outlet else None


class ArticleBand(db.Model):
    """One LSH band key of an article's MinHash: articles that share one may be copies of each other
    (fact.services.ingest.copies). Stored, so that finding them is one indexed query."""

    __tablename__ = "article_bands"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
