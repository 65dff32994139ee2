"""Claim tasks against a real Label Studio: setup makes the claims project, push sends each claim with
evidence once (also after a crash) and again when its evidence changed, and an annotation made there
comes back, by webhook and by sync, as the claim's verdict and each article's stance."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from fact.extensions import db
from fact.labelstudio.claim_config import CLAIM_LABEL_CONFIG
from fact.labelstudio.client import WEBHOOK_ACTIONS, ensure_claims_project, form_columns
from fact.models import ArticleStance, ClaimOffer, ClaimTask, StanceRationale, Verdict
from tests.claims.claim_tasks import give_evidence, import_claim
from tests.helpers import sentence


def claim_tasks(ls, project_id) -> list:
    return list(ls.tasks.list(project=project_id, fields="task_only", page_size=100))


def choices(name: str, values: list) -> dict:
    return {"id": f"c-{name}", "from_name": name, "to_name": "claim_text", "type": "choices", "value": {"choices": values}}


def pushed(runner, tmp_path):
    """An imported claim with two evidence articles, pushed: (claim, its two passages, claims project id)."""
    claim = import_claim(runner, tmp_path)
    thirteen, eleven = sentence("13 دولة في التحالف"), sentence("11 دولة")
    give_evidence(claim, [thirteen, eleven], at=datetime.now(timezone.utc) - timedelta(seconds=5))
    result = runner.invoke(args=["fact", "push"])
    assert result.exit_code == 0, result.output
    return claim, thirteen, eleven, result.output


def test_setup_makes_the_claims_project_with_its_config_webhook_and_text_columns(project, ls, live_app):
    claims_id = ensure_claims_project(ls)

    made = ls.projects.get(id=claims_id)
    assert made.title == live_app.config["FACT_LS_CLAIMS_PROJECT_TITLE"] and claims_id != project
    assert made.label_config.strip() == CLAIM_LABEL_CONFIG.strip()  # Label Studio accepted it as it is
    (hook,) = [h for h in ls.webhooks.list(project=str(claims_id)) if h.url.endswith("/api/labelstudio/webhook")]
    kept = ls.webhooks.get(id=hook.id)
    assert sorted(kept.actions) == sorted(WEBHOOK_ACTIONS) and kept.send_for_all_actions is False
    (view,) = ls.views.list(project=claims_id)
    assert set(form_columns(CLAIM_LABEL_CONFIG)) <= set(view.data["hiddenColumns"]["explore"])
    assert "tasks:data.claim" not in view.data["hiddenColumns"]["explore"]


def test_push_sends_each_claim_with_evidence_once_with_its_offers_and_a_second_push_creates_nothing(
        runner, seeded, project, ls, tmp_path):
    import_claim(runner, tmp_path, {"text": "A claim nobody found evidence for", "language": "en"})
    claim, thirteen, eleven, output = pushed(runner, tmp_path)

    assert "claims: 1 claim task(s) created, 0 recovered from an interrupted push, 0 already" in output
    claims_id = ensure_claims_project(ls)
    (task,) = claim_tasks(ls, claims_id)
    assert task.data["claim_id"] == claim.id and task.data["claim"] == claim.text and task.meta == {"claim_id": claim.id}
    assert db.session.scalar(select(ClaimTask.ls_task_id).where(ClaimTask.claim_id == claim.id)) == task.id
    assert set(db.session.execute(select(ClaimOffer.kind, ClaimOffer.source_id))) == {
        ("article", thirteen.article_id), ("span", thirteen.id), ("article", eleven.article_id), ("span", eleven.id)}

    again = runner.invoke(args=["fact", "push"])

    assert "claims: 0 claim task(s) created, 0 recovered from an interrupted push, 1 already" in again.output
    assert "0 refreshed with new evidence" in again.output
    assert len(claim_tasks(ls, claims_id)) == 1


def test_a_push_after_the_evidence_changed_sends_the_task_again_and_keeps_the_older_offers(
        runner, seeded, project, ls, tmp_path):
    claim, thirteen, eleven, _ = pushed(runner, tmp_path)
    few = sentence("بضع مئات")
    give_evidence(claim, [few])  # searched again: now another article

    result = runner.invoke(args=["fact", "push"])

    assert result.exit_code == 0, result.output
    assert "1 refreshed with new evidence" in result.output
    (task,) = claim_tasks(ls, ensure_claims_project(ls))
    assert [o["value"] for o in task.data["form"]["articles"]] == [f"article:{few.article_id}"]
    offers = set(db.session.execute(select(ClaimOffer.kind, ClaimOffer.source_id)))
    assert {("article", thirteen.article_id), ("span", few.id)} <= offers
    assert "0 refreshed" in runner.invoke(args=["fact", "push"]).output


def test_an_interrupted_claim_push_completes_without_a_duplicate_task(runner, seeded, project, ls, tmp_path,
                                                                     monkeypatch):
    from label_studio_sdk.projects.client import ProjectsClient

    real_import = ProjectsClient.import_tasks

    monkeypatch.setattr(ProjectsClient, "import_tasks", lambda self, *a, **k: _lost_or_real(real_import, self, *a, **k))
    claim = import_claim(runner, tmp_path)
    give_evidence(claim, [sentence("13 دولة في التحالف")], at=datetime.now(timezone.utc) - timedelta(seconds=5))
    crashed = runner.invoke(args=["fact", "push"])
    assert crashed.exit_code != 0
    assert db.session.scalar(select(ClaimTask.ls_task_id).where(ClaimTask.claim_id == claim.id)) is None
    monkeypatch.setattr(ProjectsClient, "import_tasks", real_import)

    rerun = runner.invoke(args=["fact", "push"])

    assert rerun.exit_code == 0, rerun.output
    assert "claims: 0 claim task(s) created, 1 recovered from an interrupted push" in rerun.output
    assert "1 refreshed with new evidence" in rerun.output  # what the lost batch sent is not known: sent again
    assert [t.data["claim_id"] for t in claim_tasks(ls, ensure_claims_project(ls))] == [claim.id]


def _lost_or_real(real_import, self, *args, **kwargs):
    """Import, then lose Label Studio's answer if it was a batch of claims."""
    answer = real_import(self, *args, **kwargs)
    if "claim_id" in kwargs["request"][0]["data"]:
        raise ConnectionError("Label Studio went away")
    return answer


def stance_state() -> list:
    return sorted((s.article_id, s.stance.value, sorted(r.span_id for r in s.rationale)) for s in db.session.scalars(
        select(ArticleStance).where(ArticleStance.superseded_at.is_(None))))


def test_an_annotation_of_a_claim_task_lands_as_verdict_and_stances_by_webhook_and_sync_reaches_the_same(
        runner, seeded, project, ls, tmp_path):
    claim, thirteen, eleven, _ = pushed(runner, tmp_path)
    (task,) = claim_tasks(ls, ensure_claims_project(ls))

    ls.annotations.create(id=task.id, result=[
        choices("stances", [[f"article:{thirteen.article_id}", "agree"], [f"article:{eleven.article_id}", "disagree"]]),
        choices("rationale", [[f"article:{eleven.article_id}", f"span:{eleven.id}"], [f"article:{eleven.article_id}"]]),
        choices("verdict", ["disputed"])])

    db.session.rollback()  # what the webhook committed, in another session
    verdicts = list(db.session.scalars(select(Verdict).where(Verdict.claim_id == claim.id)))
    assert [(v.label.value, v.start, v.end, v.text) for v in verdicts] == [("disputed", 0, len(claim.text), claim.text)]
    by_webhook = stance_state()
    assert by_webhook == sorted([(thirteen.article_id, "agree", []), (eleven.article_id, "disagree", [eleven.id])])
    db.session.execute(StanceRationale.__table__.delete())
    db.session.execute(ArticleStance.__table__.delete())
    db.session.execute(Verdict.__table__.delete())
    from fact.models import Annotation, AnnotationRevision
    db.session.execute(AnnotationRevision.__table__.delete())
    db.session.execute(Annotation.__table__.delete())
    db.session.commit()

    synced = runner.invoke(args=["fact", "sync", "--full"])

    assert synced.exit_code == 0, synced.output
    assert "claims: 1 claim task(s) read: 1 accepted" in synced.output
    assert stance_state() == by_webhook
    assert db.session.scalar(select(func.count(Verdict.id)).where(Verdict.claim_id == claim.id,
                                                                  Verdict.superseded_at.is_(None))) == 1
