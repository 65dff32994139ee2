"""Which claims become claim tasks, and which pushed tasks are sent again: decided in our database alone."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from fact.extensions import db
from fact.models import Claim, ClaimOrigin, ClaimSearch, ClaimTask
from fact.services.tasks.claim_push import stale_claim_tasks, taskable_claims
from tests.claims.claim_tasks import give_evidence, import_claim
from tests.helpers import sentence

NOW = datetime.now(timezone.utc)


def test_only_imported_claims_with_evidence_become_claim_tasks(runner, seeded, tmp_path):
    with_evidence = import_claim(runner, tmp_path)
    without = import_claim(runner, tmp_path, {"text": "A claim nobody found evidence for", "language": "en"})
    eleven = sentence("11 دولة")
    highlighted = Claim(origin=ClaimOrigin.highlighted, article_id=eleven.article_id, span_id=eleven.id,
                        start=eleven.start, end=eleven.start + 7, text="11 دولة", search_text="11 دوله")
    db.session.add(highlighted)
    db.session.flush()
    for claim in (with_evidence, without, highlighted):
        if claim is not without:
            give_evidence(claim, [sentence("13 دولة في التحالف")])

    assert list(db.session.scalars(taskable_claims())) == [with_evidence]


def _pushed_task(claim: Claim, evidence_at: datetime | None) -> ClaimTask:
    task = ClaimTask(claim_id=claim.id, ls_project_id=7, ls_task_id=70 + claim.id, evidence_at=evidence_at)
    db.session.add(task)
    db.session.commit()
    return task


def stale(project_id: int = 7) -> list[int]:
    return [t.id for t in db.session.scalars(stale_claim_tasks(project_id))]


def test_a_task_is_stale_when_its_evidence_was_computed_or_searched_after_it_was_sent(runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path)
    give_evidence(claim, [sentence("13 دولة في التحالف")], at=NOW - timedelta(minutes=2))
    task = _pushed_task(claim, NOW - timedelta(minutes=1))

    assert stale() == []
    db.session.add(ClaimSearch(claim_id=claim.id, through_span_id=1, model="none", searched_at=NOW))
    db.session.commit()
    assert stale() == [task.id]  # searched again, even if it found the same articles
    task.evidence_at = NOW + timedelta(seconds=1)
    db.session.commit()
    assert stale() == []
    give_evidence(claim, [sentence("11 دولة")], at=NOW + timedelta(minutes=1))
    assert stale() == [task.id]
    assert stale(8) == []  # another project's


def test_a_task_whose_evidence_was_never_confirmed_sent_is_stale(runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path)
    give_evidence(claim, [sentence("13 دولة في التحالف")], at=NOW - timedelta(minutes=2))
    task = _pushed_task(claim, None)  # recovered after a crash: what it showed is not known

    assert stale() == [task.id]
    assert db.session.scalar(select(ClaimTask.evidence_at)) is None
