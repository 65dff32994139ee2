"""`flask fact match`: candidate passages from other articles for every sentence, kept up to date.

A run takes the sentences never matched (all of them with full=True), finds their best passages
among all sentences, and offers the new sentences to the old ones, whose lists keep the best k.
Nothing else is recomputed, so adding a few articles to a large corpus takes seconds.
"""
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import select, update

from fact.extensions import db
from fact.matching.engine import SentenceIndex
from fact.matching.hints import forget_readings
from fact.matching.hybrid import HybridIndex
from fact.matching.store import TokenStore
from fact.models import Article, Span
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.matching.candidate_rows import CHUNK, CandidateWriter
from fact.services.matching.embeddings import stored_vectors
from fact.services.matching.stories import cluster_stories
from fact.services.tasks.payloads import taskable_spans

# In an incremental run, each new sentence is offered to the older sentences among its OFFER nearest.
OFFER = 100
# From this many sentences on, their tokens are kept on disk for the next run (fact.matching.store).
STORE_FROM = 20_000


@dataclass
class MatchReport:
    sentences: int = 0
    matched: int = 0  # sentences whose candidates were computed afresh
    updated: int = 0  # older sentences that gained a new candidate
    candidates: int = 0  # candidate rows written
    stories: int = 0


def match_sentences(full: bool = False, approximate: bool | None = None) -> MatchReport:
    """`approximate`: how neighbours are searched (fact.matching.engine; None lets the cost decide)."""
    k, wide = current_app.config["FACT_MATCH_CANDIDATES"], current_app.config["FACT_MATCH_WIDE"]
    sentences = taskable_spans().with_only_columns(Span.id, Span.article_id, Span.text,
                                                   Span.matched_at.is_(None).label("fresh"))
    rows = db.session.execute(sentences.order_by(Span.id)).all()
    report = MatchReport(sentences=len(rows))
    if not rows:
        return report
    span_ids = np.array([r.id for r in rows])
    texts = [r.text for r in rows]
    store = TokenStore(_store_path() if len(rows) >= STORE_FROM else None)
    index = SentenceIndex(texts, [r.article_id for r in rows], counts=store.counts(span_ids, texts),
                          max_df=current_app.config["FACT_MATCH_MAX_DF"], approximate=approximate)
    if (vectors := stored_vectors(span_ids)[1]) is not None:
        index = HybridIndex(index, vectors)
    fresh = np.array([i for i, r in enumerate(rows) if full or r.fresh], dtype=np.int64)
    is_older = np.ones(len(rows), dtype=bool)
    is_older[fresh] = False
    reach = max(wide, OFFER) if is_older.any() else wide
    published = dict(db.session.execute(select(Article.id, Article.published_at)).all())
    days = [published[r.article_id].toordinal() if published.get(r.article_id) else None for r in rows]
    writer = CandidateWriter(index, span_ids, texts, days)
    index.plan(fresh)
    offers = _Offers()
    pool = wide * index.lists  # with meaning: the wide best by words and the wide best by meaning

    with progress(total=len(fresh), unit="sentence", desc="match") as bar:
        for start in range(0, len(fresh), CHUNK):
            chunk = fresh[start : start + CHUNK]
            columns, scores = index.search(chunk, k=reach)
            report.candidates += writer.replace(chunk, columns[:, :pool], scores[:, :pool], k)
            offers.add(chunk, columns, scores, is_older)
            bar.update(len(chunk))
    if offers:
        report.updated, written = writer.merge(offers.flat(), k, pool)
        report.candidates += written
    now = utcnow()
    for start in range(0, len(fresh), CHUNK):
        db.session.execute(update(Span).where(Span.id.in_(span_ids[fresh[start : start + CHUNK]].tolist()))
                           .values(matched_at=now))
    report.matched = len(fresh)
    report.stories = cluster_stories(span_ids, index.article_ids)
    db.session.commit()
    store.save()
    forget_readings()
    return report


def _store_path() -> Path:
    """Where this database's sentences' token counts are kept between runs (fact.matching.store)."""
    database = hashlib.sha1(db.engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(current_app.instance_path) / "match" / f"tokens-{database}.npz"


class _Offers:
    """The new sentences offered to older ones: (older, new, score), kept as arrays."""

    def __init__(self):
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def __bool__(self) -> bool:
        return any(len(older) for older, _, _ in self._parts)

    def add(self, rows: np.ndarray, columns: np.ndarray, scores: np.ndarray, is_older: np.ndarray) -> None:
        """What a search of `rows` found (engine.SentenceIndex.search), where the neighbour is older."""
        offered = (columns >= 0) & is_older[np.maximum(columns, 0)]
        self._parts.append((columns[offered], np.broadcast_to(rows[:, None], columns.shape)[offered], scores[offered]))

    def flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(older, new, score) of every offer, by older sentence, best first (a tie in the order offered)."""
        older, new, scores = (np.concatenate(part) for part in zip(*self._parts))
        order = np.lexsort((-scores, older))  # stable
        return older[order], new[order], scores[order]
