"""Already checked, in the database: each claim not yet linked meets the claims that have a label
nearest it (fact.matching.checked.CheckedClaims, by FACT_EMBEDDER's model, or words alone with `none`),
kept as ClaimMatch rows for the lead to link or reject.

* A pair scoring SUGGEST or more is stored `suggested`; the best at LINK or more would be `linked` at
  once, but LINK is infinite (no score made links right 95 % of the time on ANS: fact.matching.checked),
  so today nothing is linked without the lead.
* The lead's decisions stand: a rejected pair is never suggested again, a decided row is never
  replaced; a claim that is linked is matched no more. A run replaces only the suggestions of the
  claims it searches again.
* Of two claims that both have a label, the newer (higher id) is offered the older, never both ways;
  a claim with no label is offered any claim that has one.
* Incremental: a claim is searched again when it was never searched by this model, when it changed
  since (its label, a link it lost), or when a claim with a label changed since (a new verdict can
  make any claim match it). Vectors are kept per claim (ClaimVector): only new texts are embedded.
"""
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import aliased, joinedload

from fact.database import insert_missing, lock_for_writing
from fact.extensions import db
from fact.matching.checked import K, LINK, SUGGEST, CheckedClaims, decision
from fact.matching.embedders import Embedder
from fact.models import Claim, ClaimMatch, ClaimMatchSearch, MatchStatus, VectorReading
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.claims.aggregate import refresh_claims
from fact.services.claims.claim_vectors import claim_vectors
from fact.services.matching.embeddings import model_key

CHUNK = 500  # claims written per transaction
AUTOMATIC = "flask fact claims checked"  # who decided a link made by the LINK threshold


@dataclass
class CheckedReport:
    checked: int = 0  # claims with a label: the pool
    unlinked: int = 0  # claims not linked yet
    searched: int = 0  # of those, matched again by this run
    embedded: int = 0  # claim texts run through the model
    suggested: int = 0  # suggestions stored by this run
    linked: int = 0  # links made by the LINK threshold
    rejected_kept: int = 0  # pairs not offered again: the lead rejected them
    ranking: str = "lexical"
    suggest: float = field(default=SUGGEST["lexical"])
    link: float = field(default=LINK["lexical"])


class MatchConflict(Exception):
    """A decision the claims' links cannot take: `kind` is "linked" (the claim is linked to `other`
    already, by match `match_id`) or "cycle" (`other` is linked, through its links, to the claim)."""

    def __init__(self, message: str, kind: str, claim_id: int, other: int, match_id: int | None = None):
        super().__init__(message)
        self.kind, self.claim_id, self.other, self.match_id = kind, claim_id, other, match_id


def match_checked(embedder: Embedder | None, *, full: bool = False, suggest: float | None = None,
                  link: float | None = None) -> CheckedReport:
    """Match the claims that need it against the claims that have a label, and store the suggestions
    (all the unlinked claims with `full`). `suggest`, `link`: the thresholds, when not the fitted ones."""
    started, model = utcnow(), model_key(embedder)
    _drop_stale_suggestions()
    db.session.commit()
    pool = db.session.execute(select(Claim.id, Claim.text, Claim.label, Claim.updated_at)
                              .where(Claim.label.is_not(None)).order_by(Claim.id)).all()
    todo = _to_search(model, full, max((row.updated_at for row in pool), default=None))
    report = _thresholds(CheckedReport(checked=len(pool), unlinked=todo.unlinked, searched=len(todo.claims)),
                         "lexical" if embedder is None else "hybrid", suggest, link)
    if not todo.claims:
        return report
    vectors = _vectors(embedder, {r.id: r.text for r in pool} | dict(todo.claims), report)
    checked = CheckedClaims([r.id for r in pool], [r.text for r in pool], [str(r.label) for r in pool],
                            None if vectors is None else _rows(vectors, [r.id for r in pool])) if pool else None
    labelled = {r.id for r in pool}
    with progress(total=len(todo.claims), unit="claim", desc="already checked") as bar:
        for start in range(0, len(todo.claims), CHUNK):
            chunk = todo.claims[start : start + CHUNK]
            found = _nearest(checked, chunk, vectors, labelled)
            _store(chunk, found, report, model, started)
            db.session.commit()
            bar.update(len(chunk))
    return report


@dataclass
class _Todo:
    claims: list[tuple[int, str]]  # (id, text) to search, in id order
    unlinked: int


def _to_search(model: str, full: bool, pool_changed: datetime | None) -> _Todo:
    """The claims not linked yet, and of those the ones a search is stale for."""
    linked = exists().where(ClaimMatch.claim_id == Claim.id, ClaimMatch.status == MatchStatus.linked)
    rows = db.session.execute(
        select(Claim.id, Claim.text, Claim.updated_at, ClaimMatchSearch.model, ClaimMatchSearch.searched_at)
        .outerjoin(ClaimMatchSearch, ClaimMatchSearch.claim_id == Claim.id).where(~linked).order_by(Claim.id)).all()
    stale = [(r.id, r.text) for r in rows if full or r.model != model or r.searched_at < r.updated_at
             or (pool_changed is not None and r.searched_at < pool_changed)]
    return _Todo(stale, len(rows))


def _thresholds(report: CheckedReport, ranking: str, suggest: float | None, link: float | None) -> CheckedReport:
    report.ranking = ranking
    report.suggest = SUGGEST[ranking] if suggest is None else suggest
    report.link = LINK[ranking] if link is None else link
    return report


def _drop_stale_suggestions() -> None:
    """Suggestions that no longer hold: of a checked claim that lost its label, of a claim linked since
    (it is decided). Their claims are searched again (their search row goes)."""
    checked = aliased(Claim)
    gone = (select(ClaimMatch.id, ClaimMatch.claim_id).join(checked, checked.id == ClaimMatch.checked_claim_id)
            .where(ClaimMatch.status == MatchStatus.suggested, checked.label.is_(None)))
    rows = db.session.execute(gone).all()
    if rows:
        db.session.execute(delete(ClaimMatch).where(ClaimMatch.id.in_([r.id for r in rows]),
                                                    ClaimMatch.status == MatchStatus.suggested))
        db.session.execute(delete(ClaimMatchSearch).where(ClaimMatchSearch.claim_id.in_({r.claim_id for r in rows})))
    decided = aliased(ClaimMatch)
    db.session.execute(delete(ClaimMatch).where(ClaimMatch.status == MatchStatus.suggested, exists().where(
        decided.claim_id == ClaimMatch.claim_id, decided.status == MatchStatus.linked)))


def _vectors(embedder: Embedder | None, texts: dict[int, str], report: CheckedReport):
    """{claim id: vector} of these claims read as passages, embedding those it lacks; None with no
    embedder."""
    if embedder is None:
        return None
    vectors, report.embedded = claim_vectors(embedder, VectorReading.passage, texts)
    return vectors


def _rows(vectors: dict[int, np.ndarray], ids: list[int]) -> np.ndarray:
    return np.stack([vectors[i] for i in ids]).astype(np.float32)


def _nearest(checked: CheckedClaims | None, claims: list[tuple[int, str]], vectors, labelled: set[int]):
    """For each claim, its K nearest checked claims that it may be offered: not itself, and for a claim
    with a label of its own only older ones."""
    if checked is None:
        return [[] for _ in claims]
    ids = [claim_id for claim_id, _ in claims]
    found = checked.nearest([text for _, text in claims], None if vectors is None else _rows(vectors, ids),
                            k=2 * K + 1)
    return [[m for m in matches if m.claim_id != claim_id and (claim_id not in labelled or m.claim_id < claim_id)][:K]
            for claim_id, matches in zip(ids, found)]


def _store(claims: list[tuple[int, str]], found, report: CheckedReport, model: str, started: datetime) -> None:
    """Replace these claims' suggestions with what was found, in one transaction: decided pairs (and
    the reverse of any pair already there) are left as they are, a claim linked meanwhile is skipped."""
    lock_for_writing(db.session)
    ids = [claim_id for claim_id, _ in claims]
    if db.session.get_bind().dialect.name == "postgresql":  # as a decision does: the claim, then its matches
        db.session.execute(select(Claim.id).where(Claim.id.in_(ids)).order_by(Claim.id).with_for_update())
    wanted = {m.claim_id for matches in found for m in matches} | set(ids)
    pairs = dict(((r.claim_id, r.checked_claim_id), r.status) for r in db.session.execute(
        select(ClaimMatch.claim_id, ClaimMatch.checked_claim_id, ClaimMatch.status).where(
            ClaimMatch.claim_id.in_(wanted), ClaimMatch.checked_claim_id.in_(wanted))))
    linked = {claim_id for (claim_id, _), status in pairs.items() if status == MatchStatus.linked}
    db.session.execute(delete(ClaimMatch).where(ClaimMatch.claim_id.in_(ids), ClaimMatch.status == MatchStatus.suggested))
    rows, links = [], []
    for claim_id, matches in zip(ids, found):
        if claim_id in linked:
            continue
        chosen = decision(matches, report.suggest, report.link)
        for rank, match in enumerate(matches, start=1):
            status = pairs.get((claim_id, match.claim_id))
            if status == MatchStatus.rejected:
                report.rejected_kept += match in chosen.suggested
                continue
            if match not in chosen.suggested or (match.claim_id, claim_id) in pairs or (
                    status is not None and status != MatchStatus.suggested):
                continue
            link = chosen.link is not None and chosen.link.claim_id == match.claim_id
            rows.append({"claim_id": claim_id, "checked_claim_id": match.claim_id, "rank": rank,
                         "score": match.score, "lexical_score": _number(match.lexical_score),
                         "semantic_score": _number(match.semantic_score),
                         "status": MatchStatus.linked if link else MatchStatus.suggested,
                         "decided_by": AUTOMATIC if link else None, "decided_at": started if link else None,
                         "created_at": started})
            links += [claim_id] if link else []
    insert_missing(db.session, ClaimMatch, rows, "claim_id", "checked_claim_id")
    report.suggested += sum(r["status"] == MatchStatus.suggested for r in rows)
    report.linked += len(links)
    db.session.execute(delete(ClaimMatchSearch).where(ClaimMatchSearch.claim_id.in_(ids)))
    insert_missing(db.session, ClaimMatchSearch, [
        {"claim_id": claim_id, "model": model, "searched_at": started} for claim_id in ids], "claim_id")
    refresh_claims(links)


def _number(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)  # NaN: the signal was not used


def decide(match: ClaimMatch, status: MatchStatus, by: str) -> ClaimMatch:
    """The lead links a suggestion (the claim takes the checked claim's label when it has none of its
    own) or rejects it (never offered again). A claim has one link at most, and a link never closes a
    cycle; the claim's other suggestions go once it is linked, and it is matched again once a link is
    rejected. The caller has locked the claim (PostgreSQL) and commits."""
    if status not in (MatchStatus.linked, MatchStatus.rejected):
        raise ValueError(f"a decision is linked or rejected, not {status}")
    was = match.status
    if status == MatchStatus.linked and was != MatchStatus.linked:
        other = db.session.scalar(select(ClaimMatch).where(
            ClaimMatch.claim_id == match.claim_id, ClaimMatch.status == MatchStatus.linked, ClaimMatch.id != match.id))
        if other is not None:
            raise MatchConflict(f"Claim {match.claim_id} is already linked to claim {other.checked_claim_id} "
                                f"(match {other.id}): reject that match first.", "linked", match.claim_id,
                                other.checked_claim_id, other.id)
        if match.claim_id in _chain(match.checked_claim_id):
            raise MatchConflict(f"Claim {match.checked_claim_id} is linked, through its own links, to claim "
                                f"{match.claim_id}: this link would make a cycle.", "cycle", match.claim_id,
                                match.checked_claim_id)
    match.status, match.decided_by, match.decided_at = status, by, utcnow()
    db.session.flush()
    if status == MatchStatus.linked:
        db.session.execute(delete(ClaimMatch).where(ClaimMatch.claim_id == match.claim_id,
                                                    ClaimMatch.status == MatchStatus.suggested))
    elif was == MatchStatus.linked:
        db.session.execute(delete(ClaimMatchSearch).where(ClaimMatchSearch.claim_id == match.claim_id))
    if status != was and MatchStatus.linked in (status, was):
        refresh_claims([match.claim_id])
    return match


def _chain(claim_id: int) -> list[int]:
    """The claims this one is linked to, one after the other (its link, that claim's link, ...)."""
    chain: list[int] = []
    current: int | None = claim_id
    while current is not None and current not in chain:
        chain.append(current)
        current = db.session.scalar(select(ClaimMatch.checked_claim_id).where(
            ClaimMatch.claim_id == current, ClaimMatch.status == MatchStatus.linked))
    return chain


def suggestions(limit: int = 10) -> tuple[list[ClaimMatch], int]:
    """The first `limit` suggestions waiting for the lead, best scored first (of checked claims that
    still have a label), with both claims, and how many there are."""
    checked = aliased(Claim)
    waiting = (select(ClaimMatch).join(checked, checked.id == ClaimMatch.checked_claim_id)
               .where(ClaimMatch.status == MatchStatus.suggested, checked.label.is_not(None)))
    total = db.session.scalar(select(func.count()).select_from(waiting.subquery()))
    rows = db.session.scalars(waiting.order_by(ClaimMatch.score.desc(), ClaimMatch.id).limit(limit).options(
        joinedload(ClaimMatch.claim).joinedload(Claim.article), joinedload(ClaimMatch.checked_claim)
        .joinedload(Claim.article)))
    return list(rows), total
