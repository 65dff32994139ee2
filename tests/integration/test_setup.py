"""`flask fact setup` against a real Label Studio: the webhook carries exactly our actions, a wrong
token is one line, and reconcile repairs a delivery the webhook lost."""
import secrets

import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.labelstudio.client import WEBHOOK_ACTIONS
from fact.models import Verdict
from schemas.labelstudio import ANNOTATION_ACTIONS, DELETE_ACTION
from tests.helpers import sentence, task_of
from tests.payloads import region


def our_hooks(ls, project_id):
    return [hook for hook in ls.webhooks.list(project=str(project_id)) if hook.url.endswith("/api/labelstudio/webhook")]


def test_setup_registers_the_webhook_for_exactly_the_actions_the_view_handles(project, ls):
    (hook,) = our_hooks(ls, project)
    kept = ls.webhooks.get(id=hook.id)

    assert sorted(kept.actions) == sorted([*ANNOTATION_ACTIONS, DELETE_ACTION]) == sorted(WEBHOOK_ACTIONS)
    assert kept.send_for_all_actions is False
    assert kept.is_active and kept.send_payload


def test_setup_repairs_a_webhook_that_receives_every_action(project, ls, runner):
    (hook,) = our_hooks(ls, project)
    ls.webhooks.update(id=hook.id, url=hook.url, send_for_all_actions=True, actions=["TASKS_CREATED"])

    result = runner.invoke(args=["fact", "setup"])

    assert result.exit_code == 0, result.output
    (repaired,) = our_hooks(ls, project)
    kept = ls.webhooks.get(id=repaired.id)
    assert repaired.id == hook.id
    assert kept.send_for_all_actions is False and sorted(kept.actions) == sorted(WEBHOOK_ACTIONS)


@pytest.mark.parametrize("command", ["setup", "push", "sync"])
def test_a_token_label_studio_refuses_is_one_line_naming_its_url_and_exit_1(app, runner, labelstudio, tmp_path,
                                                                             command):
    token = secrets.token_hex(20)
    app.config.update(LABEL_STUDIO_URL=labelstudio.url, LABEL_STUDIO_TOKEN=token, FACT_LOG_FILE=str(tmp_path / "fact.log"))

    result = runner.invoke(args=["fact", command])

    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert f"Label Studio at {labelstudio.url} refuses the token (HTTP 401)" in lines[0]
    assert "LABEL_STUDIO_TOKEN" in lines[0] and "Traceback" not in result.output
    log = (tmp_path / "fact.log").read_text()
    assert "ApiError" in log
    assert token not in log + result.output  # a secret, even a wrong one, is never written down


def test_reconcile_repairs_a_delivery_the_webhook_lost_and_is_quiet_when_nothing_is_left(
        runner, seeded, project, ls, live_app):
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    assert runner.invoke(args=["fact", "sync"]).exit_code == 0  # the mark: reconcile reads only what changes
    live_app.config["FACT_WEBHOOK_SECRET"] = "not-what-label-studio-sends"  # every delivery now gets 401: lost
    eleven = sentence("11 دولة")
    ls.annotations.create(id=task_of(eleven), result=region(eleven.text, "11 دولة", "disputed"))
    assert db.session.scalar(select(func.count(Verdict.id))) == 0

    repaired = runner.invoke(args=["fact", "reconcile", "--rounds", "1"])

    assert repaired.exit_code == 0, repaired.output
    assert repaired.output.startswith("reconcile: ") and "1 accepted" in repaired.output
    db.session.rollback()
    assert db.session.scalar(select(Verdict.label)) == "disputed"

    quiet = runner.invoke(args=["fact", "reconcile", "--rounds", "2", "--minutes", "0"])

    assert (quiet.exit_code, quiet.output) == (0, "")
    assert db.session.scalar(select(func.count(Verdict.id))) == 1


def test_setup_brings_a_project_annotated_in_the_per_region_config_to_todays_and_its_results_still_parse(
        live_app, ls, runner, seeded):
    """Label Studio refuses a config that drops a control its annotations used; ours keeps the older
    per-region source controls (hidden), so setup updates such a project, and its results still parse."""
    from pathlib import Path

    from fact.labelstudio.config import LABEL_CONFIG
    from fact.services.annotations.parse import parse_result

    older = (Path(__file__).parents[1] / "recorded" / "label_config_per_region.xml").read_text("utf-8")
    made = ls.projects.create(title=live_app.config["FACT_LS_PROJECT_TITLE"], label_config=older)
    try:
        eleven = sentence("11 دولة")
        data = {"span_id": eleven.id, "text": eleven.text, "header": "", "also_published": "", "context_before": "",
                "context_after": "", "sources": [{"value": "article:1", "html": "مقال"}]}
        (task_id,) = ls.projects.import_tasks(id=made.id, request=[{"data": data}], return_task_ids=True).task_ids
        ls.annotations.create(id=task_id, result=region(eleven.text, "11 دولة", refutes=["article:1"]))

        result = runner.invoke(args=["fact", "setup"])

        assert result.exit_code == 0, result.output
        assert ls.projects.get(id=made.id).label_config.strip() == LABEL_CONFIG.strip()
        (annotation,) = ls.annotations.list(id=task_id)
        (claim,) = parse_result(annotation.result, eleven.text)
        assert (claim.text, claim.label, [(s.stance, s.article_id) for s in claim.sources]) == (
            "11 دولة", "disputed", [("refutes", 1)])
    finally:
        ls.projects.delete(id=made.id)
