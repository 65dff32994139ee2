"""`flask fact claims evidence` (and the last step of `flask fact match`): each claim's evidence, the
articles of the corpus most likely to support or refute it, each with its best passages
(fact.matching.claim_evidence), stored as rows (fact.services.claims.evidence_rows) and kept current.

A claim's evidence is stale when it was never searched, when it was searched with another model (or
by words alone and the sentences have vectors now), or when taskable sentences were added after the
last one it was searched through (new articles). A never-searched claim is one query; a claim behind
by some articles is brought up to date by EvidenceIndex.update: only the sentences added since are
searched, and its stored passages are scored again under the refitted weights. Nothing is rebuilt per
claim, but the index over every taskable sentence is built once per run that has stale claims (its
token counts come from the matcher's store when there is one). A highlighted claim never has its own
article as evidence: the claim is a stretch of it. Claims are committed a chunk at a time, each
claim's rows whole (evidence_rows), so that an interrupted run keeps what it stored.
"""
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from fact.extensions import db
from fact.matching.claim_evidence import EvidenceArticle, EvidenceIndex
from fact.matching.store import TokenStore
from fact.models import Claim, Span, VectorReading
from fact.models.claim_work import ClaimSearch
from fact.progress import progress
from fact.services.claims.claim_vectors import claim_vectors
from fact.services.claims.evidence_rows import replace_evidence, stored_evidence
from fact.services.matching.candidates import STORE_FROM, _store_path
from fact.services.matching.embeddings import WORDS_ONLY, configured_embedder, has_vectors, model_key, stored_vectors
from fact.services.tasks.payloads import taskable_spans

CHUNK = 500  # claims searched and committed together


@dataclass
class EvidenceReport:
    claims: int = 0
    searched: int = 0  # claims searched against the whole corpus (new, another model, or --full)
    updated: int = 0  # claims brought up to date with the sentences added since their last search
    current: int = 0  # claims whose evidence was current: untouched
    articles: int = 0  # evidence rows written
    passages: int = 0
    model: str = WORDS_ONLY  # what the searches used
    sentences: int = 0
    embedded: int = 0  # claims run through the model (read as queries) for want of a stored vector


@dataclass(frozen=True)
class _Stale:
    claim_id: int
    text: str
    own_article: int | None
    through_span_id: int | None  # the newest span it was searched through, or None: search it afresh


def refresh_evidence(full: bool = False) -> EvidenceReport:
    """Search every stale claim (every claim with `full`) and store its evidence."""
    k, per = current_app.config["FACT_CLAIM_EVIDENCE_ARTICLES"], current_app.config["FACT_CLAIM_EVIDENCE_PASSAGES"]
    taskable = taskable_spans().with_only_columns(Span.id)
    ids = taskable.subquery().c.id
    through, sentences = db.session.execute(select(func.max(ids), func.count(ids))).one()
    embedder = configured_embedder()
    model = model_key(embedder)
    if model != WORDS_ONLY and not has_vectors(model):
        model = WORDS_ONLY  # configured, but nothing embedded yet: search by words
    report = EvidenceReport(claims=db.session.scalar(select(func.count(Claim.id))), model=model, sentences=sentences)
    stale = _stale_claims(through, model, full) if through is not None else []
    report.current = report.claims - len(stale)
    if not stale:  # what `flask fact match` meets most often: decided without reading the corpus
        return report
    rows = db.session.execute(taskable.add_columns(Span.article_id, Span.text).order_by(Span.id)).all()
    span_ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows))
    vectors = stored_vectors(span_ids)[1] if model != WORDS_ONLY else None
    texts = [r.text for r in rows]
    store = TokenStore(_store_path() if len(rows) >= STORE_FROM else None)
    index = EvidenceIndex(span_ids, [r.article_id for r in rows], texts, vectors, counts=store.counts(span_ids, texts))
    if store.reused < len(texts):  # after `flask fact match` the store is current: not written twice
        store.save()
    through = int(span_ids[-1])
    queries = None
    if vectors is not None:  # the stale claims read as queries, embedded where they have no vector yet
        queries, report.embedded = claim_vectors(embedder, VectorReading.query, {c.claim_id: c.text for c in stale})
    with progress(total=len(stale), unit="claim", desc="evidence") as bar:
        for start in range(0, len(stale), CHUNK):
            chunk = stale[start : start + CHUNK]
            found = _search(index, chunk, queries, k, per, report)
            written = replace_evidence(found, through, model)
            db.session.commit()
            report.articles += written[0]
            report.passages += written[1]
            bar.update(len(chunk))
    return report


def _stale_claims(through: int, model: str, full: bool) -> list[_Stale]:
    """The claims to search, in id order, each with the last span it was searched through (None: never,
    or with another model: search it against everything)."""
    rows = db.session.execute(
        select(Claim.id, Claim.text, Claim.article_id, ClaimSearch.through_span_id, ClaimSearch.model)
        .outerjoin(ClaimSearch, ClaimSearch.claim_id == Claim.id).order_by(Claim.id)).all()
    stale = []
    for row in rows:
        if full or row.through_span_id is None or row.model != model:
            stale.append(_Stale(row.id, row.text, row.article_id, None))
        elif row.through_span_id < through:
            stale.append(_Stale(row.id, row.text, row.article_id, row.through_span_id))
    return stale


def _search(index: EvidenceIndex, chunk: list[_Stale], queries: dict[int, np.ndarray] | None, k: int, per: int,
            report: EvidenceReport) -> dict[int, list[EvidenceArticle]]:
    """Each claim's k best articles but its own: a fresh search, or an update of its stored list by the
    sentences it has not seen (claims behind by the same rows are updated together)."""
    vectors = None if queries is None else np.stack([queries[c.claim_id] for c in chunk])
    earlier = stored_evidence(c.claim_id for c in chunk if c.through_span_id is not None)
    known = set(index.span_ids.tolist())
    groups: dict[int | None, list[int]] = {}
    for i, claim in enumerate(chunk):
        # A stored passage the index no longer holds (it became boilerplate, its article went): afresh.
        behind = claim.through_span_id is not None and all(
            p.span_id in known for a in earlier[claim.claim_id] for p in a.passages)
        since = int(np.searchsorted(index.span_ids, claim.through_span_id, side="right")) if behind else None
        groups.setdefault(since, []).append(i)
    found: dict[int, list[EvidenceArticle]] = {}
    for since, rows in groups.items():
        claims = [chunk[i] for i in rows]
        texts, part = [c.text for c in claims], None if vectors is None else vectors[rows]
        if since is None:
            lists = index.evidence(texts, part, k=k + 1, passages=per)
            report.searched += len(claims)
        else:
            lists = index.update(texts, part, [earlier[c.claim_id] for c in claims], since=since, k=k + 1, passages=per)
            report.updated += len(claims)
        for claim, articles in zip(claims, lists):
            found[claim.claim_id] = [a for a in articles if a.article_id != claim.own_article][:k]
    return found

