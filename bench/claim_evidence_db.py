"""The steps of bench/claim_import.py's evidence half, each run in a child process of its own.

`fill` inserts the corpus (bench.claim_scale's 100,000 sentences as spans of their 2,760 articles,
with random unit vectors stored under the fake model) and the claims, bare; `bare` runs the
in-memory EvidenceIndex over what the database holds; `first`, `again` and `arrive` run
fact.services.claims.evidence.refresh_evidence (`arrive` after inserting 100 new articles).
"""
import hashlib
import time

import numpy as np

from bench.claim_import import distinct_claims
from bench.claim_scale import DIMS, unit_vectors

NEW_ARTICLES = 100


class RandomEmbedder:
    """A unit vector per text, seeded by its hash: what e5 would cost faiss, not what it would find."""

    name, version, dimensions = "bench/random-unit", "1", DIMS

    def embed_passages(self, texts):
        return np.stack([unit_vectors(1, int(hashlib.blake2b(t.encode(), digest_size=4).hexdigest(), 16))[0]
                         for t in texts]) if len(texts) else np.zeros((0, DIMS), np.float32)

    embed_queries = embed_passages


def _app(url: str):
    from bench.claim_import import _app as migrated_app
    from fact.matching import embedders

    embedders.load_embedder = lambda setting: RandomEmbedder()  # read at call time by stored_vectors
    return migrated_app(url)


def _insert_articles(connection, ids: list[str], texts: list[str], first_vectors_seed: int, key: str) -> int:
    """Articles of (article id, sentence) rows, their sentences as spans, random vectors: bare INSERTs."""
    from sqlalchemy import func, insert, select

    from fact.models import Article, Span, SpanVector
    from fact.services.matching.embeddings import STORED, model_key, text_hash

    by_article: dict[str, list[str]] = {}
    for article, text in zip(ids, texts):
        by_article.setdefault(article, []).append(text)
    next_article = (connection.execute(select(func.max(Article.id))).scalar() or 0) + 1
    next_span = (connection.execute(select(func.max(Span.id))).scalar() or 0) + 1
    articles, spans = [], []
    for n, (name, sentences) in enumerate(by_article.items()):
        text = "\n\n".join(sentences)
        articles.append({"id": next_article + n, "title": name, "language": "ar", "text": text, "origin": key,
                         "content_hash": hashlib.sha256(f"{key}{name}{text}".encode()).hexdigest()})
        start = 0
        for position, sentence in enumerate(sentences):
            spans.append({"id": next_span + len(spans), "article_id": next_article + n, "kind": "sentence",
                          "start": start, "end": start + len(sentence), "position": position, "paragraph": position,
                          "text": sentence, "search_text": sentence})
            start += len(sentence) + 2
    connection.execute(insert(Article.__table__), articles)
    for at in range(0, len(spans), 20_000):
        connection.execute(insert(Span.__table__), spans[at : at + 20_000])
    vectors = unit_vectors(len(spans), first_vectors_seed).astype(STORED)
    model = model_key(RandomEmbedder())
    rows = [{"span_id": s["id"], "model": model, "text_hash": text_hash(s["text"]), "vector": v.tobytes()}
            for s, v in zip(spans, vectors)]
    for at in range(0, len(rows), 20_000):
        connection.execute(insert(SpanVector.__table__), rows[at : at + 20_000])
    return len(spans)


def fill(url: str, n: int) -> dict:
    from sqlalchemy import insert, text

    from bench.claim_sets import scale_corpus
    from fact.extensions import db
    from fact.models import Claim
    from fact.services.claims.intake.store import claim_key
    from fact.text.normalize import normalize_for_search

    app = _app(url)
    with app.app_context(), db.engine.begin() as connection:
        ids, texts = scale_corpus()
        sentences = _insert_articles(connection, ids, texts, 0, "corpus")
        connection.execute(insert(Claim.__table__), [
            {"origin": "imported", "text": t, "search_text": normalize_for_search(t), "claim_key": claim_key(t),
             "verdict_count": 0, "agreement": "none"} for t in distinct_claims(n)])
    with app.app_context(), db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))
    return {"sentences": sentences}


def bare(url: str, n: int) -> dict:
    from sqlalchemy import select

    from fact.extensions import db
    from fact.matching.claim_evidence import EvidenceIndex
    from fact.models import Claim, Span
    from fact.services.matching.embeddings import stored_vectors
    from fact.services.tasks.payloads import taskable_spans

    app = _app(url)
    with app.app_context():
        started = time.perf_counter()
        rows = db.session.execute(taskable_spans().with_only_columns(Span.id, Span.article_id, Span.text)
                                  .order_by(Span.id)).all()
        span_ids = np.array([r.id for r in rows], dtype=np.int64)
        embedder, vectors = stored_vectors(span_ids)
        index = EvidenceIndex(span_ids, [r.article_id for r in rows], [r.text for r in rows], vectors)
        texts = list(db.session.scalars(select(Claim.text).order_by(Claim.id)))
        build = time.perf_counter() - started
        started = time.perf_counter()
        index.evidence(texts, embedder.embed_queries(texts), k=11, passages=3)
        return {"build_s": build, "search_s": time.perf_counter() - started}


def _run(url: str, before=None) -> dict:
    from fact.extensions import db
    from fact.services.claims.evidence import refresh_evidence

    app = _app(url)
    with app.app_context():
        extra = before() if before else {}
        started = time.perf_counter()
        report = refresh_evidence()
        return {"run_s": time.perf_counter() - started, "searched": report.searched, "updated": report.updated,
                "articles": report.articles, "passages": report.passages, **extra}


def first(url: str, n: int) -> dict:
    return _run(url)


def again(url: str, n: int) -> dict:
    return _run(url)


def arrive(url: str, n: int) -> dict:
    from bench.claim_sets import realistic_sentences
    from fact.extensions import db

    def new_articles() -> dict:
        ids, texts = realistic_sentences(NEW_ARTICLES, 11)
        with db.engine.begin() as connection:
            return {"new_sentences": _insert_articles(connection, [f"new:{a}" for a in ids], texts, 2, "new")}

    return _run(url, new_articles)


STEPS = {"fill": fill, "bare": bare, "first": first, "again": again, "arrive": arrive}
