"""The aggregate verdict of a claim, kept on the claim whenever its verdicts or adjudication change.

Each annotator counts once, with their vote (fact.services.claims.votes: their newest current verdict). The majority label wins; a tie at
the top is contested (no majority label). A lead's adjudication, where there is one, is the label.
"""
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm.util import identity_key

from fact.extensions import db
from fact.models import Adjudication, Agreement, Claim, Label
from fact.models.articles import utcnow
from fact.services.claims.votes import current_times, labels_by_claim


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


def refresh_claims(claim_ids: Iterable[int]) -> None:
    """Recompute the aggregate columns of these claims from their verdicts and adjudications (with
    the times of their newest and oldest current verdicts, which GET /api/claims?since=… reads).

    One executemany UPDATE for all of them (a sync page touches thousands); claims already loaded in
    the session are expired, so that they read the new aggregate. On PostgreSQL the claims are
    locked (in id order) before their verdicts are read, so that two workers that change verdicts
    of one claim count them one after the other, each seeing the other's.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        for start in range(0, len(ids), 500):
            db.session.execute(select(Claim.id).where(Claim.id.in_(ids[start : start + 500]))
                               .order_by(Claim.id).with_for_update())
    by_claim, times = labels_by_claim(ids), current_times(ids)
    adjudicated = dict(db.session.execute(
        select(Adjudication.claim_id, Adjudication.label)
        .where(Adjudication.claim_id.in_(by_claim), Adjudication.superseded_at.is_(None))
    ).all())
    now, rows = utcnow(), []
    for claim_id, labels in by_claim.items():
        majority, agreement = aggregate(list(labels.values()))
        rows.append({"id": claim_id, "verdict_count": len(labels), "majority_label": majority,
                     "agreement": agreement, "adjudicated_label": adjudicated.get(claim_id),
                     "label": adjudicated.get(claim_id, majority), "updated_at": now,
                     "newest_verdict_at": times.get(claim_id, (None, None))[0],
                     "oldest_verdict_at": times.get(claim_id, (None, None))[1]})
    db.session.execute(update(Claim), rows)
    for claim_id in by_claim:
        loaded = db.session.identity_map.get(identity_key(Claim, claim_id))
        if loaded is not None:
            db.session.expire(loaded)


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
