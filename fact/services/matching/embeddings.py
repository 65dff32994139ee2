"""`flask fact embed`: each taskable sentence's embedding, stored with the model that made it.

Incremental: a run embeds only the sentences that have no vector by the configured model (new
articles, or all of them after the model changed). A sentence whose exact text already has a vector
by that model (a wire copy's) reuses it without running the model. Boilerplate and headlines are
never embedded: only what becomes a task is. Vectors are written a chunk at a time, each chunk
committed, so that an interrupted run keeps what it made and the next one goes on from there.
"""
import hashlib
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import delete, select

from fact.database import insert_missing
from fact.extensions import db
from fact.matching.embedders import Embedder
from fact.models import Span, SpanVector
from fact.progress import progress
from fact.services.tasks.payloads import taskable_spans

CHUNK = 1024  # sentences per transaction: ~3 minutes of the bundled model on two busy cores
STORED = np.dtype("<f2")


@dataclass
class EmbedReport:
    sentences: int = 0  # taskable sentences
    kept: int = 0  # already embedded by this model
    reused: int = 0  # given the vector of the same text elsewhere (a wire copy)
    embedded: int = 0  # distinct texts run through the model


#: The model recorded of a search by words alone (no embedder configured, or no vectors yet).
WORDS_ONLY = "none"


def model_key(embedder: Embedder | None) -> str:
    """What a vector (or a search) records of the model that made it: another name or version means
    other vectors; WORDS_ONLY without an embedder."""
    return WORDS_ONLY if embedder is None else f"{embedder.name} @ {embedder.version}"[:300]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def embed_spans(embedder: Embedder, *, full: bool = False) -> EmbedReport:
    """Embed the taskable sentences that lack a vector by this embedder (all of them with `full`)."""
    model = model_key(embedder)
    rows = db.session.execute(
        taskable_spans().with_only_columns(Span.id, Span.text, SpanVector.model, SpanVector.text_hash)
        .outerjoin(SpanVector, SpanVector.span_id == Span.id).order_by(Span.id)).all()
    report = EmbedReport(sentences=len(rows))
    todo = []
    for row in rows:
        digest = text_hash(row.text)
        if not full and row.model == model and row.text_hash == digest:
            report.kept += 1
        else:
            todo.append((row.id, digest, row.text))
    done: set[str] = set()  # hashes embedded by this run (a full run must not reuse the old vectors)
    with progress(total=len(todo), unit="sentence", desc="embed") as bar:
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            _embed_chunk(embedder, model, chunk, report, done, reuse_stored=not full)
            db.session.commit()
            bar.update(len(chunk))
    return report


def _embed_chunk(embedder: Embedder, model: str, chunk: list[tuple[int, str, str]], report: EmbedReport,
                 done: set[str], reuse_stored: bool) -> None:
    hashes = {digest for _, digest, _ in chunk}
    known: dict[str, bytes] = {}
    if reuse_stored or done:
        wanted = hashes if reuse_stored else hashes & done
        if wanted:
            known = dict(db.session.execute(
                select(SpanVector.text_hash, SpanVector.vector)
                .where(SpanVector.model == model, SpanVector.text_hash.in_(wanted))).all())
    texts = {digest: text for _, digest, text in chunk if digest not in known}
    if texts:
        vectors = embedder.embed_passages(list(texts.values()))
        known.update(zip(texts, (v.astype(STORED).tobytes() for v in vectors)))
        report.embedded += len(texts)
        done.update(texts)
    report.reused += len(chunk) - len(texts)  # each distinct text embedded serves its first sentence
    span_ids = [span_id for span_id, _, _ in chunk]
    db.session.execute(delete(SpanVector).where(SpanVector.span_id.in_(span_ids)))
    insert_missing(db.session, SpanVector, [
        {"span_id": span_id, "model": model, "text_hash": digest, "vector": known[digest]}
        for span_id, digest, _ in chunk], "span_id")


def load_vectors(model: str, span_ids=None) -> tuple[np.ndarray, np.ndarray]:
    """(span ids, float32 vectors) of the taskable sentences embedded by `model`, in span id order;
    only those of `span_ids` when given."""
    query = (taskable_spans().with_only_columns(SpanVector.span_id, SpanVector.vector)
             .join_from(Span, SpanVector, SpanVector.span_id == Span.id).where(SpanVector.model == model))
    if span_ids is not None:
        query = query.where(SpanVector.span_id.in_([int(i) for i in span_ids]))
    rows = db.session.execute(query.order_by(SpanVector.span_id)).all()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((r.span_id for r in rows), dtype=np.int64, count=len(rows))
    vectors = np.frombuffer(b"".join(r.vector for r in rows), dtype=STORED).reshape(len(rows), -1)
    return ids, vectors.astype(np.float32)


def stored_vectors(span_ids: np.ndarray) -> tuple[Embedder | None, np.ndarray | None]:
    """The configured embedder and one row per sentence of `span_ids` (ascending; zero where it has none)
    of the vectors `flask fact embed` stored by it, or (embedder, None) when there are none
    (FACT_EMBEDDER=none, or nothing embedded yet): then matching is lexical alone. Embedding is not
    done here: it is the slow step, run on its own."""
    if (embedder := configured_embedder()) is None:
        return None, None
    ids, found = load_vectors(model_key(embedder))
    if not len(ids):
        return embedder, None
    vectors = np.zeros((len(span_ids), found.shape[1]), dtype=np.float32)
    where = np.searchsorted(span_ids, ids)
    known = (where < len(span_ids)) & (span_ids[np.minimum(where, len(span_ids) - 1)] == ids)
    vectors[where[known]] = found[known]
    return embedder, vectors


def configured_embedder() -> Embedder | None:
    """The FACT_EMBEDDER model, or None for none or one that cannot be loaded (`flask fact embed` says
    why; matching by words still works)."""
    from fact.matching.embedders import EmbedderError, load_embedder

    try:
        return load_embedder(current_app.config["FACT_EMBEDDER"])
    except EmbedderError:
        return None


def has_vectors(model: str) -> bool:
    """Whether any taskable sentence has a vector by `model` (one indexed probe)."""
    probe = (taskable_spans().with_only_columns(SpanVector.span_id)
             .join_from(Span, SpanVector, SpanVector.span_id == Span.id).where(SpanVector.model == model).limit(1))
    return db.session.scalar(probe) is not None
