"""Store one article: its NFC text, its outlet, and its paragraphs and sentences as spans."""
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from fact.extensions import db
from fact.models import Article, Outlet, Span
from fact.text.normalize import normalize_for_search
from fact.text.segment import segment


@dataclass(frozen=True)
class ArticleInput:
    text: str
    title: str | None = None
    url: str | None = None
    outlet_name: str | None = None
    published_at: date | None = None
    language: str = "ar"
    origin: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class IngestOutcome:
    article_id: int
    duplicate: bool
    paragraphs: int = 0
    sentences: int = 0


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_duplicate(text: str) -> int | None:
    return db.session.scalar(select(Article.id).where(Article.content_hash == content_hash(text)))


def ingest_article(data: ArticleInput) -> IngestOutcome:
    """Add the article and its spans to the session, or report the article that already has this text.

    The text is normalized to NFC here, once; it is stored exactly so and never changed again.
    """
    text = unicodedata.normalize("NFC", data.text)
    existing = find_duplicate(text)
    if existing is not None:
        return IngestOutcome(article_id=existing, duplicate=True)

    article = Article(
        title=_clean(data.title),
        url=_clean(data.url),
        outlet=_outlet(data.outlet_name),
        published_at=data.published_at,
        language=data.language,
        text=text,
        content_hash=content_hash(text),
        origin=data.origin,
        encoding=data.encoding,
    )
    db.session.add(article)
    db.session.flush()

    segments = segment(text)
    rows = [
        {
            "article_id": article.id,
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "position": s.position,
            "paragraph": s.paragraph,
            "text": text[s.start : s.end],
            "search_text": normalize_for_search(text[s.start : s.end]),
            "is_boilerplate": s.boilerplate,
        }
        for s in segments
    ]
    if rows:
        db.session.execute(insert(Span), rows)
    paragraphs = sum(1 for s in segments if s.kind == "paragraph")
    return IngestOutcome(article.id, False, paragraphs, len(segments) - paragraphs)


def _clean(value: str | None) -> str | None:
    value = unicodedata.normalize("NFC", value).strip() if value else None
    return value or None


def _outlet(name: str | None) -> Outlet | None:
    name = _clean(name)
    if name is None:
        return None
    outlet = db.session.scalar(select(Outlet).where(Outlet.name == name))
    if outlet is not None:
        return outlet
    try:
        with db.session.begin_nested():  # another worker may be creating the same outlet
            outlet = Outlet(name=name)
            db.session.add(outlet)
    except IntegrityError:
        outlet = db.session.scalar(select(Outlet).where(Outlet.name == name))
    return outlet


def ingest_articles(articles: Iterable[ArticleInput], *, batch: int = 200) -> list[IngestOutcome]:
    """Ingest many articles in the caller's one transaction, letting go of each batch's objects
    once flushed so that memory stays flat however large the file."""
    outcomes = []
    for count, data in enumerate(articles, start=1):
        outcomes.append(ingest_article(data))
        if count % batch == 0:
            db.session.flush()
            db.session.expunge_all()
    return outcomes
