"""The writing half of applying claim-task annotations: verdicts, article stances and their rationale
with a few executemany statements, as write.py does for span tasks; and retiring stances when their
annotation's verdicts are retired (a newer revision, a delete), with the same timestamp.

A claim task judges the whole claim: its verdict spans the claim (an imported claim's text, 0 to
its length; a highlighted claim's offsets in its article, as its highlights' verdicts are), so that
aggregate, agreement and adjudication count it as any other.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update

from fact.extensions import db
from fact.models import ArticleStance, Claim, ClaimOrigin, StanceRationale, Verdict
from fact.services.annotations.claim_parse import ClaimTaskInput
from fact.services.annotations.write import insert_rows


@dataclass(frozen=True)
class JudgedClaim:
    """An accepted annotation of a claim task: what it says, and where it is stored."""

    claim: Claim
    judged: ClaimTaskInput
    annotator_id: int
    row_id: int
    revision_id: int


def claim_extent(claim: Claim) -> tuple[int, int]:
    """(start, end) of a verdict on the whole claim."""
    if claim.origin == ClaimOrigin.highlighted:
        return claim.start, claim.end
    return 0, len(claim.text)


def write_claim_tasks(accepted: list[JudgedClaim]) -> set[int]:
    """Store the verdicts, stances and rationale of accepted claim-task annotations; the claims they count for."""
    verdicts = [{"claim_id": a.claim.id, "annotation_id": a.row_id, "revision_id": a.revision_id,
                 "label": a.judged.verdict, "annotator_id": a.annotator_id, "start": claim_extent(a.claim)[0],
                 "end": claim_extent(a.claim)[1], "text": a.claim.text}
                for a in accepted if a.judged.verdict is not None]
    insert_rows(Verdict, verdicts)
    stances = [(a, article_id, given) for a in accepted for article_id, given in a.judged.stances.items()]
    stance_ids = insert_rows(ArticleStance, [
        {"claim_id": a.claim.id, "article_id": article_id, "annotation_id": a.row_id, "revision_id": a.revision_id,
         "annotator_id": a.annotator_id, "stance": given.stance} for a, article_id, given in stances])
    rationale = [{"stance_id": stance_id, "span_id": span_id}
                 for stance_id, (_a, _article, given) in zip(stance_ids, stances) for span_id in given.rationale]
    if rationale:
        db.session.execute(insert(StanceRationale.__table__), rationale)
    return {a.claim.id for a in accepted}


def retire_stances(row_ids: list[int], now: datetime) -> set[int]:
    """Retire these annotations' current stances (at `now`, their verdicts' time); their claims."""
    current = (ArticleStance.annotation_id.in_(row_ids), ArticleStance.superseded_at.is_(None))
    claim_ids = set(db.session.scalars(select(ArticleStance.claim_id).where(*current).distinct()))
    if claim_ids:
        db.session.execute(update(ArticleStance).where(*current).values(superseded_at=now),
                           execution_options={"synchronize_session": False})
    return claim_ids
