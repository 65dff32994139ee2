"""The stored evidence of claims: each claim's rows replaced in one go, and read back for an update.

A chunk of claims is written in one transaction: their ClaimSearch rows are upserted first (in claim
order), which on PostgreSQL locks them until commit, so that a second run writing the same claims
waits there and then replaces what the first wrote, instead of interleaving its deletes and inserts
with the first's (SQLite serializes writers itself: the write lock is taken before anything is read).
Then the claims' evidence is deleted (their passages go with it, ON DELETE CASCADE) and inserted
again in bulk. So a claim has the whole list of one run or of the other, never a mix.
"""
from collections import defaultdict
from typing import Iterable

from sqlalchemy import delete, insert, select

from fact.database import lock_for_writing, upsert
from fact.extensions import db
from fact.matching.claim_evidence import EvidenceArticle, Passage
from fact.models import Claim
from fact.models.articles import utcnow
from fact.models.claim_work import ClaimEvidence, ClaimPassage, ClaimSearch


def replace_evidence(found: dict[int, list[EvidenceArticle]], through_span_id: int, model: str) -> tuple[int, int]:
    """Store each claim's articles (best first) as its whole evidence, searched through `through_span_id`
    by `model`; the caller commits. Returns (articles, passages) written. A claim deleted meanwhile is
    passed over."""
    if not found:
        return 0, 0
    lock_for_writing(db.session)
    now = utcnow()
    upsert(db.session, ClaimSearch, [{"claim_id": c, "through_span_id": through_span_id, "model": model,
                                      "searched_at": now} for c in found], "claim_id")
    claims = sorted(db.session.scalars(select(Claim.id).where(Claim.id.in_(list(found)))))
    db.session.execute(delete(ClaimEvidence).where(ClaimEvidence.claim_id.in_(claims)))
    rows = [{"claim_id": c, "article_id": a.article_id, "rank": rank, "score": a.score, "computed_at": now}
            for c in claims for rank, a in enumerate(found[c], 1)]
    if not rows:
        return 0, 0
    ids = db.session.scalars(insert(ClaimEvidence).returning(ClaimEvidence.id, sort_by_parameter_order=True),
                             rows).all()
    articles = (a for c in claims for a in found[c])
    passages = [{"evidence_id": evidence_id, "span_id": p.span_id, "rank": rank, "score": p.score,
                 "lexical_score": p.lexical_score, "semantic_score": p.semantic_score, "found_by": p.found_by}
                for evidence_id, article in zip(ids, articles) for rank, p in enumerate(article.passages, 1)]
    if passages:
        db.session.execute(insert(ClaimPassage), passages)
    return len(rows), len(passages)


def stored_evidence(claim_ids: Iterable[int]) -> dict[int, list[EvidenceArticle]]:
    """The claims' stored evidence as EvidenceIndex lists (best first), for EvidenceIndex.update; a
    claim with none has an empty list. Two queries, whatever the number of claims."""
    claim_ids = list(claim_ids)
    out: dict[int, list[EvidenceArticle]] = {c: [] for c in claim_ids}
    if not claim_ids:
        return out
    rows = db.session.execute(
        select(ClaimEvidence.claim_id, ClaimEvidence.article_id, ClaimEvidence.score, ClaimPassage.span_id,
               ClaimPassage.score.label("passage_score"), ClaimPassage.lexical_score, ClaimPassage.semantic_score,
               ClaimPassage.found_by)
        .join(ClaimPassage, ClaimPassage.evidence_id == ClaimEvidence.id)
        .where(ClaimEvidence.claim_id.in_(claim_ids))
        .order_by(ClaimEvidence.claim_id, ClaimEvidence.rank, ClaimPassage.rank)).all()
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    scores: dict[tuple[int, int], float] = {}
    for row in rows:
        grouped[row.claim_id, row.article_id].append(
            Passage(row.span_id, row.passage_score, row.lexical_score, row.semantic_score, row.found_by))
        scores[row.claim_id, row.article_id] = row.score
    for (claim_id, article_id), passages in grouped.items():  # in rank order: dicts keep insertion order
        out[claim_id].append(EvidenceArticle(article_id, scores[claim_id, article_id], tuple(passages)))
    return out
