"""The aggregate verdict of a claim, kept on the claim whenever its verdicts or adjudication change.

Each annotator counts once, with their vote (fact.services.claims.votes: their newest current verdict). The majority label wins; a tie at
the top is contested (no majority label). A lead's adjudication, where there is one, is the label. A
claim with neither (no verdict counts, no adjudication) that the lead linked to an already-checked
claim (fact.services.claims.checked) shares that claim's label: `final_label` is the rule, in one place.
"""
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm.util import identity_key

from fact.extensions import db
from fact.models import Adjudication, Agreement, Claim, ClaimMatch, Label, MatchStatus
from fact.models.articles import utcnow
from fact.services.claims.stances import refresh_stance_pairs
from fact.services.claims.votes import CHUNK, current_times, labels_by_claim


def aggregate(labels: list[Label]) -> tuple[Label | None, Agreement]:
    """The majority label and the agreement of one label per annotator."""
    if not labels:
        return None, Agreement.none
    if len(labels) == 1:
        return labels[0], Agreement.single
    (top, votes), *rest = Counter(labels).most_common()
    if not rest:
        return top, Agreement.unanimous
    if rest[0][1] == votes:
        return None, Agreement.contested
    return top, Agreement.majority


def final_label(adjudicated: Label | None, majority: Label | None, verdict_count: int,
                shared: Label | None) -> Label | None:
    """A claim's label: the lead's adjudication, else its annotators' majority (none when contested);
    a claim with neither an adjudication nor a verdict that counts takes `shared`, the label of the
    claim it is linked to as the same claim (None when it is linked to none)."""
    if adjudicated is not None:
        return adjudicated
    if verdict_count:
        return majority
    return shared


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _linked_to(claim_ids: Iterable[int]) -> dict[int, int]:
    """{claim: the checked claim it is linked to} of these claims (one link a claim at most)."""
    out: dict[int, int] = {}
    for chunk in _chunks(sorted(set(claim_ids))):
        out.update(db.session.execute(select(ClaimMatch.claim_id, ClaimMatch.checked_claim_id).where(
            ClaimMatch.status == MatchStatus.linked, ClaimMatch.claim_id.in_(chunk))).all())
    return out


def _with_followers(claim_ids: set[int]) -> set[int]:
    """These claims and every claim linked to one of them, directly or through a chain of links: their
    label follows (a visited set ends the walk, cycles included)."""
    closure, frontier = set(claim_ids), set(claim_ids)
    while frontier:
        found: set[int] = set()
        for chunk in _chunks(sorted(frontier)):
            found.update(db.session.scalars(select(ClaimMatch.claim_id).where(
                ClaimMatch.status == MatchStatus.linked, ClaimMatch.checked_claim_id.in_(chunk))))
        frontier = found - closure
        closure |= frontier
    return closure


def refresh_claims(claim_ids: Iterable[int]) -> None:
    """Recompute the aggregate columns of these claims from their verdicts and adjudications (with
    the times of their newest and oldest current verdicts, which GET /api/claims?since=… reads), and
    of the claims linked to them (their shared label follows); and the counts of these claims' stance
    votes (stances.refresh_stance_pairs).

    One executemany UPDATE for all of them (a sync page touches thousands); claims already loaded in
    the session are expired, so that they read the new aggregate. On PostgreSQL the claims are
    locked (in id order) before their verdicts are read, so that two workers that change verdicts
    of one claim count them one after the other, each seeing the other's.
    """
    given = set(claim_ids)
    if not given:
        return
    ids = sorted(_with_followers(given))
    if db.session.get_bind().dialect.name == "postgresql":
        for chunk in _chunks(ids):
            db.session.execute(select(Claim.id).where(Claim.id.in_(chunk)).order_by(Claim.id).with_for_update())
    refresh_stance_pairs(given)  # the claims' stances change where their verdicts do (claim tasks)
    by_claim, times = labels_by_claim(ids), current_times(ids)
    adjudicated: dict[int, Label] = {}
    for chunk in _chunks(ids):
        adjudicated.update(db.session.execute(
            select(Adjudication.claim_id, Adjudication.label)
            .where(Adjudication.claim_id.in_(chunk), Adjudication.superseded_at.is_(None))).all())
    now, rows = utcnow(), {}
    for claim_id, labels in by_claim.items():
        majority, agreement = aggregate(list(labels.values()))
        rows[claim_id] = {"id": claim_id, "verdict_count": len(labels), "majority_label": majority,
                          "agreement": agreement, "adjudicated_label": adjudicated.get(claim_id),
                          "label": final_label(adjudicated.get(claim_id), majority, len(labels), None),
                          "updated_at": now, "newest_verdict_at": times.get(claim_id, (None, None))[0],
                          "oldest_verdict_at": times.get(claim_id, (None, None))[1]}
    _share_labels(rows)
    db.session.execute(update(Claim), list(rows.values()))
    for claim_id in by_claim:
        loaded = db.session.identity_map.get(identity_key(Claim, claim_id))
        if loaded is not None:
            db.session.expire(loaded)


def _share_labels(rows: dict[int, dict]) -> None:
    """Give each claim of `rows` that has no label of its own the label of the claim it is linked to:
    one being refreshed too (followed along the chain), or else the one stored, which is that claim's
    own or shared label already."""
    links = _linked_to(rows)
    outside = sorted(set(links.values()) - rows.keys())
    stored: dict[int, Label | None] = {}
    for chunk in _chunks(outside):
        stored.update(db.session.execute(select(Claim.id, Claim.label).where(Claim.id.in_(chunk))).all())
    done: dict[int, Label | None] = {}
    for claim_id in rows:
        chain, current = [], claim_id
        while current in rows and current not in done and current not in chain:
            row = rows[current]
            if row["adjudicated_label"] is not None or row["verdict_count"] or current not in links:
                done[current] = row["label"]
                break
            chain.append(current)
            current = links[current]
        label = done.get(current) if current in rows else stored.get(current)
        if current in chain:  # a cycle of claims none of which has a label of its own
            label = None
        for follower in chain:
            done[follower] = label
    for claim_id, row in rows.items():
        row["label"] = final_label(row["adjudicated_label"], row["majority_label"], row["verdict_count"],
                                   done.get(claim_id))


def adjudicate(claim: Claim, label: Label, adjudicator: str, note: str | None) -> Adjudication:
    """Settle a claim: the new adjudication supersedes any earlier one, which stays as history."""
    now = utcnow()
    db.session.execute(
        update(Adjudication)
        .where(Adjudication.claim_id == claim.id, Adjudication.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    adjudication = Adjudication(claim=claim, label=label, adjudicator=adjudicator, note=note, created_at=now)
    db.session.add(adjudication)
    db.session.flush()
    refresh_claims([claim.id])
    return adjudication
