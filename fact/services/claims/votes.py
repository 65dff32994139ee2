"""Which verdicts count, in the two senses the project uses, each written once.

- A *current verdict* is one that no newer revision of its annotation (nor its deletion) has
  superseded: `CURRENT`. The flat table (csv, parquet) has one row per current verdict, and
  /api/verdicts and the counts by label, outlet and annotator of /api/stats count them.
- A *vote* is each annotator's newest current verdict on a claim: Label Studio lets one user
  annotate a task twice, and the later annotation is their say. A claim's aggregate (verdict_count,
  majority, agreement), Krippendorff's alpha and the dataset card's agreement count votes.

`votes()` is the rule in SQL. The export streams already read every current verdict in id order,
so they apply the same rule in Python with `newest_per_annotator()`; tests/test_votes.py checks
that both give the same votes.
"""
from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, Subquery, func, select

from fact.extensions import db
from fact.models import Label, Verdict

CURRENT = Verdict.superseded_at.is_(None)
CHUNK = 500  # claim ids per IN list

V = TypeVar("V")


def votes(claim_ids: Select | list[int] | None = None) -> Subquery:
    """Each annotator's newest current verdict on each claim (of the claims `claim_ids` selects):
    columns claim_id, annotator_id, verdict_id, label."""
    ranked = select(
        Verdict.claim_id, Verdict.annotator_id, Verdict.id.label("verdict_id"), Verdict.label,
        func.row_number().over(partition_by=(Verdict.claim_id, Verdict.annotator_id), order_by=Verdict.id.desc())
        .label("newest_first"),
    ).where(CURRENT)
    if claim_ids is not None:
        ranked = ranked.where(Verdict.claim_id.in_(claim_ids))
    ranked = ranked.subquery("ranked")
    return (select(ranked.c.claim_id, ranked.c.annotator_id, ranked.c.verdict_id, ranked.c.label)
            .where(ranked.c.newest_first == 1).subquery("votes"))


def newest_per_annotator(verdicts: Iterable[tuple[int, V]]) -> dict[int, V]:
    """{annotator: their vote} from (annotator id, vote) of one claim's current verdicts in id order."""
    return dict(verdicts)  # an annotator's later verdict replaces their earlier one


def labels_by_claim(claim_ids: Iterable[int]) -> dict[int, dict[int, Label]]:
    """{claim: {annotator: label}} of these claims' votes ({} for a claim with none)."""
    ids = sorted(set(claim_ids))
    by_claim: dict[int, dict[int, Label]] = {i: {} for i in ids}
    for start in range(0, len(ids), CHUNK):
        chunk = votes(ids[start : start + CHUNK])
        for claim_id, annotator_id, label in db.session.execute(
                select(chunk.c.claim_id, chunk.c.annotator_id, chunk.c.label)):
            by_claim[claim_id][annotator_id] = label
    return by_claim


def current_times(claim_ids: Iterable[int]) -> dict[int, tuple[datetime, datetime]]:
    """{claim: (newest, oldest)} times of these claims' current verdicts (no entry for a claim with none)."""
    ids = sorted(set(claim_ids))
    times: dict[int, tuple[datetime, datetime]] = {}
    for start in range(0, len(ids), CHUNK):
        times.update((claim_id, (newest, oldest)) for claim_id, newest, oldest in db.session.execute(
            select(Verdict.claim_id, func.max(Verdict.created_at), func.min(Verdict.created_at))
            .where(CURRENT, Verdict.claim_id.in_(ids[start : start + CHUNK])).group_by(Verdict.claim_id)))
    return times
