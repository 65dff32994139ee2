"""Store articles: their NFC text, their outlet, and their paragraphs and sentences as spans.

Core inserts in batches, not ORM objects one by one: ingest writes hundreds of thousands of spans,
and the benchmark (bench/ingest.py) holds it to a third of the speed of segmentation alone.
"""
import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice

from marshmallow import ValidationError, validate
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from fact.extensions import db
from fact.models import Article, Outlet, Span
from fact.models.articles import utcnow
from fact.services.ingest import copies
from fact.services.ingest.appearances import (Content, appearance_row, lock_for_copies, outlets_of,
                                              record_appearances, store_bands, stored_candidates, stored_content)
from fact.services.ingest.boilerplate import learn_boilerplate, paragraph_marks
from fact.text.decode import RejectedInput
from fact.text.language import standard_language
from fact.text.normalize import normalize_for_search
from fact.text.rules import string_problem, text_problem
from fact.text.segment import Segment, segment

_articles, _outlets, _spans = Article.__table__, Outlet.__table__, Span.__table__
BATCH = 200


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
    line: int | None = None  # of its JSON Lines file, to say which record was already there


@dataclass(frozen=True)
class IngestOutcome:
    article_id: int
    duplicate: bool  # already there: the same text, or a copy of it (then `similarity` says how alike)
    paragraphs: int = 0
    sentences: int = 0
    similarity: float | None = None
    outlet: str | None = None  # of the article it was already there as (its first appearance)
    new_appearance: bool = False  # already there, but not from this outlet or URL: now recorded
    line: int | None = None


class InvalidArticle(RejectedInput):
    """An article that breaks a rule of prepare_article; `messages` are by field, as the API names them."""

    def __init__(self, messages: dict[str, list[str]]):
        self.messages = messages
        super().__init__("; ".join(f"{name}: {' '.join(errors)}" for name, errors in messages.items()))


# The strings stored as given: (the field's name in JSON Lines and the API, the column that holds it).
_STRINGS = {"title": ("title", _articles.c.title), "url": ("url", _articles.c.url),
            "outlet_name": ("outlet", _outlets.c.name), "origin": ("origin", _articles.c.origin)}


def prepare_article(data: ArticleInput, *, max_bytes: int | None = None) -> ArticleInput:
    """The article as it is stored (NFC text, trimmed fields, the standard language tag), or
    InvalidArticle. The one set of rules for files, JSON Lines and the API, and for both backends:
    every value fits its column, and nothing holds what PostgreSQL refuses and SQLite would store."""
    errors: dict[str, list[str]] = {}
    text = unicodedata.normalize("NFC", data.text)
    if problem := text_problem(text):
        errors["text"] = [problem]
    elif max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        errors["text"] = [f"The text is over the limit of {max_bytes:,} bytes."]
    cleaned = {}
    for attribute, (name, column) in _STRINGS.items():
        value = cleaned[attribute] = _clean(getattr(data, attribute))
        if value is not None and (problem := string_problem(value) or _length_problem(value, column)):
            errors[name] = [problem]
    try:
        language = standard_language(data.language, _articles.c.language.type.length)
    except ValueError as error:
        errors["language"] = [str(error)]
    if errors:
        raise InvalidArticle(errors)
    return replace(data, text=text, language=language, **cleaned)


def _length_problem(value: str, column) -> str | None:
    """The schemas' check (and message), on the value as stored: NFC may lengthen it."""
    try:
        validate.Length(max=column.type.length)(value)
    except ValidationError as error:
        return error.messages[0]
    return None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_duplicate(text: str) -> int | None:
    """The article that already has this text (after NFC), if any."""
    digest = content_hash(unicodedata.normalize("NFC", text))
    return db.session.scalar(select(Article.id).where(Article.content_hash == digest))


def ingest_article(data: ArticleInput, *, max_bytes: int | None = None) -> IngestOutcome:
    """Add one article and its spans to the session's transaction (the caller commits)."""
    return ingest_articles([data], max_bytes=max_bytes)[0]


def ingest_articles(articles: Iterable[ArticleInput], *, max_bytes: int | None = None) -> list[IngestOutcome]:
    """Ingest many articles in the caller's one transaction, a batch at a time; memory stays flat.

    Each article goes through prepare_article here (InvalidArticle: the caller rolls back); its NFC
    text is stored exactly so and never changed afterwards. An article whose text is already stored,
    or nearly (a wire copy: fact.services.ingest.copies), in the database or earlier in the same
    input, is not stored again: it is another appearance (outlet, URL, date) of the one there.
    """
    outcomes: list[IngestOutcome] = []
    lock_for_copies(db.session)
    iterator = (prepare_article(data, max_bytes=max_bytes) for data in articles)
    while batch := list(islice(iterator, BATCH)):
        outcomes += _ingest_batch(batch)
    return outcomes


def _ingest_batch(batch: list[ArticleInput]) -> list[IngestOutcome]:
    connection = db.session.connection()
    texts = [data.text for data in batch]
    digests = [content_hash(text) for text in texts]
    known = dict(connection.execute(select(_articles.c.content_hash, _articles.c.id)
                                    .where(_articles.c.content_hash.in_(set(digests)))).all())
    fresh = [i for i, digest in enumerate(digests) if digest not in known and digests.index(digest) == i]
    segments = {i: segment(texts[i]) for i in fresh}
    search = {i: _search_texts(texts[i], segments[i]) for i in fresh}
    content = {i: Content.of(*_content(texts[i], segments[i], search[i])) for i in fresh}
    keys = {i: content[i].keys() for i in fresh}
    copy_of, new = _find_copies(fresh, content, keys)

    outlets = {name: _outlet_id(name) for name in {data.outlet_name for data in batch} if name}
    ids = connection.execute(
        insert(_articles).returning(_articles.c.id, sort_by_parameter_order=True),
        [_article_row(batch[i], texts[i], digests[i], outlets) for i in new],
    ).scalars().all() if new else []
    new_ids = dict(zip(new, ids))
    for i, (original, _) in copy_of.items():  # a copy of an earlier record of this batch: its id now
        known[digests[i]] = new_ids[original[1]] if original[0] == "batch" else original[1]
    known.update({digests[i]: article_id for i, article_id in new_ids.items()})

    counts: dict[int, tuple[int, int]] = {}
    rows, bands = [], []
    for i, article_id in new_ids.items():
        text = texts[i]
        paragraphs = [(s, text[s.start : s.end], found) for s, found in zip(segments[i], search[i])
                      if s.kind == "paragraph"]
        marks = {id(s): mark for (s, *_), mark in zip(paragraphs, paragraph_marks([p[1:] for p in paragraphs]))}
        rows += [
            (article_id, s.kind, s.start, s.end, s.position, s.paragraph, text[s.start : s.end], found, s.boilerplate,
             *marks.get(id(s), (None, None)))
            for s, found in zip(segments[i], search[i])
        ]
        counts[i] = (len(paragraphs), len(segments[i]) - len(paragraphs))
        bands += [(key, article_id) for key in keys[i]]
    if rows:
        _insert_spans(connection, rows)
    learn_boilerplate(list(ids))  # what this batch repeats of its outlets' pages
    store_bands(bands)

    first = {digest: digests.index(digest) for digest in digests}  # the record whose copy decision counts
    similarity = {i: copy_of[first[d]][1] if first[d] in copy_of else None for i, d in enumerate(digests)}
    appearances = [appearance_row(known[digests[i]], outlets.get(data.outlet_name), data.url, data.published_at,
                                  data.origin, similarity[i]) for i, data in enumerate(batch)]
    # New articles' first appearances go in first: an article's appearances in id order start with it.
    others = [i for i in range(len(batch)) if i not in counts]
    added = dict(zip(counts, record_appearances([appearances[i] for i in counts])))
    added |= dict(zip(others, record_appearances([appearances[i] for i in others])))
    outlet_names = outlets_of(known[digests[i]] for i in others)
    return [
        IngestOutcome(known[digest], False, *counts[i], line=batch[i].line) if i in counts else
        IngestOutcome(known[digest], True, similarity=similarity[i], outlet=outlet_names.get(known[digest]),
                      new_appearance=added[i], line=batch[i].line)
        for i, digest in enumerate(digests)
    ]


def _content(text: str, segments: list[Segment], search: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs that are not boilerplate, and their search texts: what copies are compared by."""
    kept = [(text[s.start : s.end], found) for s, found in zip(segments, search)
            if s.kind == "paragraph" and not s.boilerplate]
    return [p for p, _ in kept], [n for _, n in kept]


def _find_copies(fresh: list[int], content: dict, keys: dict) -> tuple[dict, list[int]]:
    """Which of these records (new texts) copy a stored article or an earlier new one: record ->
    (("stored", article id) or ("batch", record), similarity); and the records that are new."""
    stored_keys = stored_candidates(key for i in fresh for key in keys[i])
    stored = stored_content({a for i in fresh for a, n in
                             Counter(a for key in keys[i] for a in stored_keys.get(key, ())).items()
                             if n >= copies.MIN_SHARED_BANDS})
    in_batch: dict[int, list[int]] = defaultdict(list)
    copy_of, new = {}, []
    for i in fresh:
        shared: Counter = Counter()
        for key in keys[i]:
            shared.update(("stored", a) for a in stored_keys.get(key, ()))
            shared.update(("batch", j) for j in in_batch.get(key, ()))
        best = None
        for candidate in sorted((c for c in shared if shared[c] >= copies.MIN_SHARED_BANDS),
                                key=lambda c: (-shared[c], c)):
            other = stored[candidate[1]] if candidate[0] == "stored" else content[candidate[1]]
            comparison = copies.compare(content[i].words, content[i].hashes, other.words, other.hashes)
            if comparison.same and (best is None or comparison.similarity > best[1].similarity):
                best = (candidate, comparison)
        if best:
            copy_of[i] = (best[0], best[1].similarity)
        else:
            new.append(i)
            for key in keys[i]:
                in_batch[key].append(i)
    return copy_of, new


_SPAN_COLUMNS = ("article_id", "kind", "start", "end", "position", "paragraph", "text", "search_text",
                 "is_boilerplate", "repeat_key", "leading")


def _insert_spans(connection, rows: list[tuple]) -> None:
    """One executemany of plain tuples: SQLAlchemy's per-row parameter processing cost a tenth of
    ingest (bench/ingest.py), and these columns need none (plain strings, ints and bools)."""
    dialect = connection.dialect
    columns = ", ".join(dialect.identifier_preparer.quote(c) for c in _SPAN_COLUMNS)
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    statement = f"INSERT INTO {_spans.name} ({columns}) VALUES ({', '.join([marker] * len(_SPAN_COLUMNS))})"
    connection.exec_driver_sql(statement, rows)


def _search_texts(text: str, segments: list[Segment]) -> list[str]:
    """normalize_for_search of every segment, each paragraph built from its sentences where they cover
    it with only white space between them (the normalization folds white space to one blank), so
    that most text is normalized once, not twice."""
    sentences: dict[int, list[Segment]] = {}
    for s in segments:
        if s.kind == "sentence":
            sentences.setdefault(s.paragraph, []).append(s)
    found = {id(s): normalize_for_search(text[s.start : s.end]) for s in segments if s.kind == "sentence"}
    for s in segments:
        if s.kind != "paragraph":
            continue
        parts = sentences.get(s.position, [])
        covered = (parts and parts[0].start == s.start and parts[-1].end == s.end
                   and all(text[a.end : b.start].isspace() for a, b in zip(parts, parts[1:]))
                   and all(found[id(p)] for p in parts))
        found[id(s)] = " ".join(found[id(p)] for p in parts) if covered else normalize_for_search(text[s.start : s.end])
    return [found[id(s)] for s in segments]


def _article_row(data: ArticleInput, text: str, digest: str, outlets: dict[str, int]) -> dict:
    return {
        "title": data.title, "url": data.url, "outlet_id": outlets.get(data.outlet_name),
        "published_at": data.published_at, "language": data.language, "text": text, "content_hash": digest,
        "origin": data.origin, "encoding": data.encoding, "ingested_at": utcnow(),
    }


def _clean(value: str | None) -> str | None:
    value = unicodedata.normalize("NFC", value).strip() if value else None
    return value or None


def _outlet_id(name: str) -> int:
    outlet_id = db.session.connection().scalar(select(_outlets.c.id).where(_outlets.c.name == name))
    if outlet_id is not None:
        return outlet_id
    try:
        with db.session.begin_nested():  # another worker may be creating the same outlet
            outlet = Outlet(name=name)
            db.session.add(outlet)
    except IntegrityError:
        return db.session.connection().scalar(select(_outlets.c.id).where(_outlets.c.name == name))
    return outlet.id
