"""The whole loop against a real Label Studio: ingest, push, annotate, webhook, sync, read back."""
import pytest
from sqlalchemy import func, select, text

from fact.extensions import db
from fact.labelstudio.config import LABEL_CONFIG
from fact.models import Span, Task
from tests.helpers import sentence, task_of
from tests.payloads import region


def taskable() -> int:
    return db.session.scalar(select(func.count(Span.id)).where(Span.kind == "sentence", Span.is_boilerplate.is_(False)))


def ls_span_ids(ls, project_id) -> list[int]:
    return [t.data["span_id"] for t in ls.tasks.list(project=project_id, fields="task_only", page_size=1000)]


def claims_state(client) -> list[dict]:
    """What a REST client sees, without the ids and times that differ between two equal states."""
    state = []
    for claim in client.get("/api/claims", query_string={"page_size": 100}).json:
        verdicts = sorted(
            (v["annotation_id"], v["annotator_id"], v["label"],
             sorted((s["stance"], s["kind"], s["span_id"], s["article_id"], s["url"]) for s in v["sources"]))
            for v in claim["verdicts"])
        state.append((claim["article_id"], claim["start"], claim["end"], claim["text"], verdicts))
    return sorted(state)


def test_push_sends_every_sentence_once_and_a_second_push_creates_nothing(runner, seeded, project, ls):
    first = runner.invoke(args=["fact", "push"])
    assert first.exit_code == 0, first.output
    assert f"{taskable()} task(s) created" in first.output

    second = runner.invoke(args=["fact", "push"])

    assert "0 task(s) created" in second.output
    span_ids = ls_span_ids(ls, project)
    assert len(span_ids) == len(set(span_ids)) == taskable()


@pytest.mark.parametrize("lost", ["answer", "request"])
def test_an_interrupted_push_completes_without_a_duplicate_task(runner, seeded, project, ls, live_app, monkeypatch,
                                                               lost):
    """Label Studio goes away during a batch: either after importing it (the answer is lost) or before."""
    live_app.config["FACT_PUSH_BATCH"] = 40
    from label_studio_sdk.projects.client import ProjectsClient

    real_import = ProjectsClient.import_tasks
    calls = []

    def flaky_import(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            if lost == "answer":
                real_import(self, *args, **kwargs)
            raise ConnectionError("Label Studio went away")
        return real_import(self, *args, **kwargs)

    monkeypatch.setattr(ProjectsClient, "import_tasks", flaky_import)
    crashed = runner.invoke(args=["fact", "push"])
    assert crashed.exit_code != 0
    # Unconfirmed: the batch whose import failed, and the next, prepared while it was imported.
    assert db.session.scalar(select(func.count(Task.id)).where(Task.ls_task_id.is_(None))) == 80
    monkeypatch.setattr(ProjectsClient, "import_tasks", real_import)

    rerun = runner.invoke(args=["fact", "push"])

    assert rerun.exit_code == 0, rerun.output
    assert f"{40 if lost == 'answer' else 0} recovered" in rerun.output
    span_ids = ls_span_ids(ls, project)
    assert len(span_ids) == len(set(span_ids)) == taskable()
    assert db.session.scalar(select(func.count(Task.id)).where(Task.ls_task_id.is_(None))) == 0


def test_an_annotation_reaches_our_api_by_webhook_and_sync_reaches_the_same_state(
        runner, client, seeded, project, ls):
    assert runner.invoke(args=["fact", "match"]).exit_code == 0  # so that the task offers the 13-countries passage
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    eleven, thirteen = sentence("11 دولة"), sentence("13 دولة في التحالف")
    offered = [o["value"] for o in ls.tasks.get(id=task_of(eleven)).data["form"]["sources"]]
    assert f"span:{thirteen.id}" in offered
    result = region(eleven.text, "11 دولة", "disputed", refutes=[f"span:{thirteen.id}"],
                    urls_supporting=["https://example.org/paris-meeting"])
    ls.annotations.create(id=task_of(eleven), result=result)
    other = sentence("بضع مئات")
    ls.annotations.create(id=task_of(other), result=region(other.text, "بضع مئات", "corroborated"))

    (claim,) = [c for c in client.get("/api/claims").json if c["text"] == "11 دولة"]
    (verdict,) = claim["verdicts"]
    assert verdict["label"] == "disputed"
    assert {(s["stance"], s["kind"]) for s in verdict["sources"]} == {("refutes", "passage"), ("supports", "url")}
    passage = next(s for s in verdict["sources"] if s["kind"] == "passage")
    assert passage["text"] == thirteen.text and passage["article_id"] == thirteen.article_id
    by_webhook = claims_state(client)
    assert len(by_webhook) == 2

    # The same state from sync alone: forget every annotation, switch the webhook off, pull.
    for table in ("evidence", "verdicts", "annotation_revisions", "annotations", "claims", "sync_marks"):
        db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()
    for hook in ls.webhooks.list(project=str(project)):
        ls.webhooks.update(id=hook.id, is_active=False, actions=["ANNOTATION_CREATED", "ANNOTATION_UPDATED",
                                                                  "ANNOTATIONS_DELETED"])
    assert client.get("/api/claims").json == []

    synced = runner.invoke(args=["fact", "sync"])

    assert synced.exit_code == 0, synced.output
    assert "2 accepted" in synced.output
    assert claims_state(client) == by_webhook


def test_sync_repairs_updates_and_deletions_the_webhook_missed(runner, client, seeded, project, ls):
    runner.invoke(args=["fact", "push"])
    eleven = sentence("11 دولة")
    first = ls.annotations.create(id=task_of(eleven), result=region(eleven.text, "11 دولة", "disputed", region_id="a"))
    other = sentence("بضع مئات")
    second = ls.annotations.create(id=task_of(other), result=region(other.text, "بضع مئات", "corroborated"))
    assert len(client.get("/api/claims").json) == 2
    for hook in ls.webhooks.list(project=str(project)):
        ls.webhooks.update(id=hook.id, is_active=False, actions=["ANNOTATION_CREATED", "ANNOTATION_UPDATED",
                                                                  "ANNOTATIONS_DELETED"])
    ls.annotations.update(id=first.id, result=region(eleven.text, "11 دولة", "unverifiable", region_id="a"))
    ls.annotations.delete(id=second.id)
    assert len(client.get("/api/claims").json) == 2  # nothing arrived

    runner.invoke(args=["fact", "sync"])

    (claim,) = client.get("/api/claims").json
    assert [v["label"] for v in claim["verdicts"]] == ["unverifiable"]
    history = client.get(f"/api/claims/{claim['id']}").json["history"]
    assert [v["label"] for v in history] == ["disputed", "unverifiable"]


def test_a_bad_annotation_made_in_label_studio_is_rejected_and_kept_for_review(client, runner, seeded, project, ls):
    runner.invoke(args=["fact", "push"])
    eleven = sentence("11 دولة")
    result = region(eleven.text, "11 دولة", "disputed")
    result[0]["value"]["end"] = 9999  # Label Studio stores this without a word

    ls.annotations.create(id=task_of(eleven), result=result)

    assert client.get("/api/claims").json == []
    (rejected,) = client.get("/api/annotations/revisions", query_string={"status": "rejected"}).json
    assert "outside the text" in rejected["reason"]


def test_the_task_file_imports_into_label_studio_as_is(client, seeded, ls):
    tasks = client.get("/api/tasks").json
    project = ls.projects.create(title="import-by-file", label_config=LABEL_CONFIG)
    try:
        answer = ls.projects.import_tasks(id=project.id, request=tasks, return_task_ids=True)
        assert len(answer.task_ids) == len(tasks) == taskable()
        first = ls.tasks.get(id=answer.task_ids[0])
        assert first.data["span_id"] == tasks[0]["data"]["span_id"]
        assert first.data["text"] == db.session.get(Span, tasks[0]["data"]["span_id"]).text
    finally:
        ls.projects.delete(id=project.id)


def test_an_incremental_sync_after_a_full_one_repairs_what_the_webhook_missed(runner, client, seeded, project, ls,
                                                                              monkeypatch):
    """The full sync reads snapshot exports (in parts of a few tasks here), the incremental one pages
    through the updated tasks: both see updates, new annotations and deletions, and a repeat changes nothing."""
    from fact.services.annotations import sync

    monkeypatch.setattr(sync, "EXPORT_PART", 7)
    runner.invoke(args=["fact", "push"])
    eleven, few, thirteen = sentence("11 دولة"), sentence("بضع مئات"), sentence("13 دولة في التحالف")
    first = ls.annotations.create(id=task_of(eleven), result=region(eleven.text, "11 دولة", "disputed", region_id="a"))
    second = ls.annotations.create(id=task_of(few), result=region(few.text, "بضع مئات", "corroborated"))
    for hook in ls.webhooks.list(project=str(project)):
        ls.webhooks.update(id=hook.id, is_active=False, actions=["ANNOTATION_CREATED", "ANNOTATION_UPDATED",
                                                                  "ANNOTATIONS_DELETED"])
    full = runner.invoke(args=["fact", "sync", "--full"])
    assert full.exit_code == 0, full.output
    assert "2 duplicate" in full.output and "accepted" not in full.output

    ls.annotations.update(id=first.id, result=region(eleven.text, "11 دولة", "unverifiable", region_id="a"))
    ls.annotations.delete(id=second.id)
    ls.annotations.create(id=task_of(thirteen), result=region(thirteen.text, "13 دولة", "disputed"))
    incremental = runner.invoke(args=["fact", "sync"])

    assert incremental.exit_code == 0, incremental.output
    assert "2 accepted" in incremental.output and "1 deleted" in incremental.output
    assert sorted((c["text"], [v["label"] for v in c["verdicts"]]) for c in client.get("/api/claims").json) == [
        ("11 دولة", ["unverifiable"]), ("13 دولة", ["disputed"])]
    state = claims_state(client)

    again = runner.invoke(args=["fact", "sync", "--full"])

    assert again.exit_code == 0, again.output
    assert "2 duplicate" in again.output and "accepted" not in again.output and "deleted" not in again.output
    assert claims_state(client) == state
