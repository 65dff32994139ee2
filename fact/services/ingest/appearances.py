"""Where each article was published, and the lookups that decide whether a new text is one already
stored: the stored band keys find the candidates (fact.services.ingest.copies), their stored text
decides, and every record ingested becomes an appearance of the article it is or copies.

Deciding that a text is new and storing it must not interleave with another worker doing the same
with a copy of it: `lock_for_copies` makes those decisions one at a time (SQLite's write lock, a
PostgreSQL advisory lock held to the end of the transaction), and the unique key of an appearance
makes a repeated record a no-op on both backends.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, text

from fact.database import insert_missing, lock_for_writing
from fact.extensions import db
from fact.models import Appearance, Article, ArticleBand, Outlet, Span, SpanKind
from fact.models.articles import utcnow
from fact.services.ingest import copies
from fact.services.ingest.urls import appearance_key, url_key

_LOCK = 0x66616374_636F7079  # "factcopy": the advisory lock of copy decisions
_CHUNK = 5_000  # keys per IN (...): well under both backends' parameter limits


def lock_for_copies(session) -> None:
    """Hold, to the end of the transaction, the right to decide which texts are new."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    else:
        lock_for_writing(session)


@dataclass
class Content:
    """What a text is compared by: its words and its shingles' hashes (copies.paragraph_words)."""

    words: list[str]
    hashes: np.ndarray

    @classmethod
    def of(cls, paragraphs: list[str], normalized: list[str] | None = None) -> "Content":
        words = copies.paragraph_words(paragraphs, normalized)
        return cls(words, copies.shingles(words))

    def keys(self) -> list[int]:
        return copies.band_keys(self.hashes)


def stored_candidates(keys: Iterable[int]) -> dict[int, set[int]]:
    """Band key -> the stored articles that have it."""
    keys, found = sorted(set(keys)), defaultdict(set)
    for start in range(0, len(keys), _CHUNK):
        for key, article_id in db.session.execute(
                select(ArticleBand.key, ArticleBand.article_id).where(ArticleBand.key.in_(keys[start : start + _CHUNK]))):
            found[key].add(article_id)
    return found


def stored_content(article_ids: Iterable[int]) -> dict[int, Content]:
    """The content of stored articles: their paragraphs that are not boilerplate."""
    paragraphs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), _CHUNK):
        for article_id, paragraph, normalized in db.session.execute(
            select(Span.article_id, Span.text, Span.search_text)
            .where(Span.article_id.in_(ids[start : start + _CHUNK]), Span.kind == SpanKind.paragraph,
                   Span.is_boilerplate.is_(False))
            .order_by(Span.article_id, Span.position)
        ):
            paragraphs[article_id].append((paragraph, normalized))
    return {article_id: Content.of([p for p, _ in paragraphs[article_id]], [n for _, n in paragraphs[article_id]])
            for article_id in ids}


def store_bands(rows: list[tuple[int, int]]) -> None:
    """(key, article id) rows of new articles."""
    if rows:
        db.session.execute(ArticleBand.__table__.insert(), [{"key": k, "article_id": a} for k, a in sorted(set(rows))])


def appearance_row(article_id: int, outlet_id: int | None, url: str | None, published_at, origin: str | None,
                   similarity: float | None) -> dict:
    key = url_key(url)
    return {"article_id": article_id, "outlet_id": outlet_id, "url": url, "url_key": key,
            "published_at": published_at, "origin": origin, "key": appearance_key(key, outlet_id, origin),
            "similarity": similarity, "seen_at": utcnow()}


def record_appearances(rows: list[dict]) -> list[bool]:
    """Store these appearances (the caller commits); for each row, whether it was not there before
    (a repeat of one stored, or of an earlier row, is not)."""
    pairs = {(row["key"], row["article_id"]) for row in rows}
    known = set()
    keys = sorted({key for key, _ in pairs})
    for start in range(0, len(keys), _CHUNK):
        known |= {(key, article_id) for key, article_id in db.session.execute(
            select(Appearance.key, Appearance.article_id).where(Appearance.key.in_(keys[start : start + _CHUNK])))}
    added, unique = [], {}
    for row in rows:
        pair = (row["key"], row["article_id"])
        added.append(pair not in known and pair not in unique)
        unique.setdefault(pair, row)
    insert_missing(db.session, Appearance, [row for pair, row in unique.items() if pair not in known],
                   "key", "article_id")
    return added


def outlets_of(article_ids: Iterable[int]) -> dict[int, str | None]:
    """The outlet each article was first published by."""
    return {article_id: name for article_id, name in db.session.execute(
        select(Article.id, Outlet.name).outerjoin(Outlet, Article.outlet_id == Outlet.id)
        .where(Article.id.in_(set(article_ids))))}


def appearances_of(article_ids: Iterable[int]) -> dict[int, list[Appearance]]:
    """Each article's appearances, first first, with their outlets."""
    from sqlalchemy.orm import joinedload

    found: dict[int, list[Appearance]] = defaultdict(list)
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), _CHUNK):
        for appearance in db.session.scalars(
            select(Appearance).where(Appearance.article_id.in_(ids[start : start + _CHUNK]))
            .options(joinedload(Appearance.outlet)).order_by(Appearance.article_id, Appearance.id)
        ):
            found[appearance.article_id].append(appearance)
    return found


def find_by_url(url: str) -> list[int]:
    """The articles that appeared at this page (any link to it: urls.url_key)."""
    key = url_key(url)
    if key is None:
        return []
    return list(db.session.scalars(select(Appearance.article_id).where(Appearance.key == appearance_key(key, None, None))
                                   .distinct().order_by(Appearance.article_id)))
