"""The webhook receiver on recorded payloads: authentication, every rejection, every ordering case."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import AnnotationRevision, Claim, Evidence, Verdict
from fact.services.annotations.parse import parse_result
from schemas.labelstudio import WebhookSchema
from tests.helpers import SECRET, count, current_labels
from tests.payloads import T0, T1, T2, annotation, created, deleted, offer, region, updated, webhook


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x"])
def test_a_delivery_without_the_secret_gets_401_and_stores_nothing(hook, eleven, secret):
    response = hook(created(1, eleven, region(eleven.text, "11 دولة")), secret=secret)

    assert response.status_code == 401
    assert response.json["code"] == 401
    assert count(AnnotationRevision) == 0


def test_no_secret_configured_refuses_every_delivery(hook, app, eleven):
    app.config["FACT_WEBHOOK_SECRET"] = None

    assert hook(created(1, eleven, region(eleven.text, "11 دولة")), secret="").status_code == 401


def test_a_created_annotation_becomes_a_claim_with_its_verdict_and_sources(hook, eleven, thirteen):
    offer(eleven, f"span:{thirteen.id}")
    result = region(eleven.text, "11 دولة", "disputed", refutes=[f"span:{thirteen.id}"],
                    urls_supporting=["https://example.org/a\nhttps://example.org/b"])

    response = hook(created(1, eleven, result))

    assert response.status_code == 200
    assert response.json["outcomes"][0]["outcome"] == "accepted"
    claim = db.session.scalar(select(Claim))
    assert claim.text == "11 دولة"
    assert claim.article.text[claim.start : claim.end] == "11 دولة"
    assert claim.start == eleven.start + eleven.text.index("11 دولة")
    (verdict,) = claim.verdicts
    assert (verdict.label, verdict.annotator_id) == ("disputed", 1)
    cited = {(e.stance, e.span_id, e.url) for e in verdict.evidence}
    assert cited == {("refutes", thirteen.id, None), ("supports", None, "https://example.org/a"),
                     ("supports", None, "https://example.org/b")}


def test_a_duplicate_delivery_changes_nothing(hook, eleven):
    body = created(1, eleven, region(eleven.text, "11 دولة"))
    hook(body)

    again = hook(body)

    assert again.json["outcomes"][0]["outcome"] == "duplicate"
    assert count(Verdict) == 1 and count(AnnotationRevision) == 1 and count(Claim) == 1


def test_an_update_replaces_the_verdicts_and_keeps_the_old_ones_as_history(hook, eleven):
    hook(created(1, eleven, region(eleven.text, "11 دولة", "disputed", region_id="a")))

    hook(updated(1, eleven, region(eleven.text, "11 دولة", "corroborated", region_id="a")))

    assert current_labels() == ["corroborated"]
    assert count(Verdict) == 2
    statuses = list(db.session.scalars(select(AnnotationRevision.status).order_by(AnnotationRevision.id)))
    assert statuses == ["superseded", "accepted"]


def test_an_update_that_arrives_before_its_create_ends_in_the_updated_state(hook, eleven):
    hook(updated(1, eleven, region(eleven.text, "11 دولة", "corroborated"), at=T1))

    late = hook(created(1, eleven, region(eleven.text, "11 دولة", "disputed"), at=T0))

    assert late.json["outcomes"][0]["outcome"] == "stale"
    assert current_labels() == ["corroborated"]
    statuses = list(db.session.scalars(select(AnnotationRevision.status).order_by(AnnotationRevision.id)))
    assert statuses == ["accepted", "stale"]


def test_a_deleted_annotation_stops_counting_but_stays_in_the_history(hook, client, eleven):
    hook(created(1, eleven, region(eleven.text, "11 دولة")))

    response = hook(deleted(1))

    assert response.json["outcomes"][0]["outcome"] == "deleted"
    assert current_labels() == []
    assert count(Verdict) == 1 and count(AnnotationRevision) == 1
    assert client.get("/api/claims").json == []
    claim_id = db.session.scalar(select(Claim.id))
    history = client.get(f"/api/claims/{claim_id}").json["history"]
    assert [v["label"] for v in history] == ["disputed"] and history[0]["superseded_at"]


def test_a_delivery_for_a_deleted_annotation_does_not_bring_it_back(hook, eleven):
    hook(created(1, eleven, region(eleven.text, "11 دولة")))
    hook(deleted(1))

    late = hook(updated(1, eleven, region(eleven.text, "11 دولة", "corroborated"), at=T2))

    assert late.json["outcomes"][0]["outcome"] == "deleted-before"
    assert current_labels() == []


def test_two_annotators_on_the_same_stretch_share_one_claim(hook, client, eleven):
    hook(created(1, eleven, region(eleven.text, "11 دولة", "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, "11 دولة", "unverifiable"), user=2))

    (claim,) = client.get("/api/claims").json

    assert sorted((v["annotator_id"], v["label"]) for v in claim["verdicts"]) == [(1, "disputed"), (2, "unverifiable")]


def test_a_skipped_task_is_accepted_with_no_claims(hook, eleven):
    body = webhook("ANNOTATION_CREATED", annotation(1, 501, [], T0, cancelled=True), eleven.id)

    assert hook(body).json["outcomes"][0]["outcome"] == "accepted"
    assert count(Claim) == 0


def _rejects(hook, eleven, result, reason, span_id="same"):
    body = created(1, eleven, result)
    if span_id != "same":
        body = webhook("ANNOTATION_CREATED", body["annotation"], span_id)
    response = hook(body)

    assert response.status_code == 200  # Label Studio cannot act on an error; the lead can
    outcome = response.json["outcomes"][0]
    assert outcome["outcome"] == "rejected"
    assert reason in outcome["reason"]
    assert count(Claim) == 0 and count(Verdict) == 0 and count(Evidence) == 0
    revision = db.session.scalar(select(AnnotationRevision))
    assert revision.status == "rejected" and reason in revision.reason
    assert revision.result == body["annotation"]["result"]


def test_an_unknown_control_is_rejected(hook, eleven):
    result = region(eleven.text, "11 دولة")
    result.append({**result[0], "from_name": "sentiment", "type": "choices"})
    _rejects(hook, eleven, result, "unknown control 'sentiment'")


def test_a_label_not_in_the_config_is_rejected(hook, eleven):
    result = region(eleven.text, "11 دولة")
    result[0]["value"]["labels"] = ["Opinion"]
    _rejects(hook, eleven, result, "label ['Opinion'] is not in the config")


def test_a_verdict_not_in_the_config_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة", "true"), "verdict ['true'] is not one of")


def test_offsets_out_of_range_are_rejected(hook, eleven):
    result = region(eleven.text, "11 دولة", verdict=None)
    result[0]["value"].update(start=5, end=9999)
    result.append({**result[0], "from_name": "verdict", "type": "choices",
                   "value": {"start": 5, "end": 9999, "choices": ["disputed"]}})
    _rejects(hook, eleven, result, "outside the text")


def test_text_that_does_not_match_the_article_is_rejected(hook, eleven):
    result = region(eleven.text, "11 دولة")
    for item in result:
        item["value"]["text"] = "13 دولة"
    _rejects(hook, eleven, result, "does not match the task text")


def test_a_claim_without_a_verdict_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة", verdict=None), "has no verdict")


def test_a_verdict_without_a_claim_region_is_rejected(hook, eleven):
    result = region(eleven.text, "11 دولة")[1:]
    _rejects(hook, eleven, result, "no highlighted claim")


def test_citing_a_passage_that_does_not_exist_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة", refutes=["span:999999"]), "span:999999")


def test_citing_something_the_task_did_not_offer_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة", refutes=["<script>"]), "not a source offered")


def test_citing_an_existing_passage_the_task_never_offered_is_rejected(hook, eleven, thirteen):
    offer(eleven, f"article:{thirteen.article_id}")  # the task offered thirteen's article, not its passage
    _rejects(hook, eleven, region(eleven.text, "11 دولة", refutes=[f"span:{thirteen.id}"]),
             f"cites span:{thirteen.id}, which its task never offered")


def test_citing_an_article_the_task_offered_is_accepted(hook, eleven, thirteen):
    offer(eleven, f"article:{thirteen.article_id}")
    body = created(1, eleven, region(eleven.text, "11 دولة", refutes=[f"article:{thirteen.article_id}"]))

    assert hook(body).json["outcomes"][0]["outcome"] == "accepted"
    assert {(e.stance, e.article_id) for e in db.session.scalar(select(Verdict)).evidence} == \
        {("refutes", thirteen.article_id)}


def test_a_source_offered_by_the_served_task_file_can_be_cited(hook, client, eleven):
    (task,) = [t for t in client.get("/api/tasks").json if t["data"]["span_id"] == eleven.id]
    choice = task["data"]["form"]["sources"][0]["value"]

    body = created(1, eleven, region(eleven.text, "11 دولة", supports=[choice]))

    assert hook(body).json["outcomes"][0]["outcome"] == "accepted"


def test_citing_the_claims_own_article_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة", supports=[f"article:{eleven.article_id}"]),
             "own article")


def test_a_typed_source_that_is_not_a_url_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة", urls_refuting=["see the AFP story"]), "not an http(s) URL")


def test_two_regions_on_the_same_text_are_rejected(hook, eleven):
    result = region(eleven.text, "11 دولة") + region(eleven.text, "11 دولة", "corroborated")
    _rejects(hook, eleven, result, "highlight the same text")


def test_a_task_that_is_not_ours_is_rejected(hook, eleven):
    _rejects(hook, eleven, region(eleven.text, "11 دولة"), "not one of ours", span_id=None)


def test_a_rejected_update_leaves_the_accepted_verdicts_standing(hook, client, eleven):
    hook(created(1, eleven, region(eleven.text, "11 دولة", "disputed")))

    hook(updated(1, eleven, region(eleven.text, "11 دولة", "maybe")))

    assert current_labels() == ["disputed"]
    rejected = client.get("/api/annotations/revisions", query_string={"status": "rejected"}).json
    assert len(rejected) == 1 and "maybe" in rejected[0]["reason"]
    assert rejected[0]["ls_annotation_id"] == 1


def test_a_malformed_body_gets_422_with_field_messages(hook, eleven):
    body = created(1, eleven, region(eleven.text, "11 دولة"))
    del body["annotation"]["updated_at"], body["annotation"]["created_at"]

    response = hook(body)

    assert response.status_code == 422
    assert "updated_at" in response.json["errors"]["json"]["annotation"]


def test_actions_we_do_not_use_are_acknowledged_and_ignored(hook):
    response = hook({"action": "PROJECT_UPDATED", "project": {"id": 1}})

    assert response.status_code == 200 and response.json["outcomes"] == []


RECORDED = Path(__file__).parent / "recorded"


@pytest.mark.parametrize("name", ["annotation_created", "annotation_updated", "annotations_deleted"])
def test_recorded_label_studio_bodies_load_and_parse(name):
    body = WebhookSchema().load(json.loads((RECORDED / f"{name}.json").read_text("utf-8")))

    if name == "annotations_deleted":
        assert body["annotations"] == [{"id": 1}]
        return
    claims = parse_result(body["annotation"]["result"], body["task"]["data"]["text"])
    assert [(c.text, c.label) for c in claims] == [("13 دولة", "disputed")]
    assert body["annotation"]["completed_by"] == 1 and body["annotation"]["task"] == 2
    assert body["annotation"]["updated_at"].tzinfo is not None
    if name == "annotation_created":
        assert {(s.stance, s.span_id, s.url) for s in claims[0].sources} == {
            ("refutes", 5, None), ("supports", None, "https://example.org/x")}


def test_a_body_recorded_from_todays_form_in_the_browser_parses_into_the_claim_its_verdict_and_stances():
    """Recorded from Label Studio 1.23.2 driven in Chromium (the Arabic journey of test_browser.py, with a
    URL typed in): the one claim, then task-level verdict, [source, stance] pairs and URLs."""
    body = WebhookSchema().load(json.loads((RECORDED / "annotation_created_form.json").read_text("utf-8")))

    (claim,) = parse_result(body["annotation"]["result"], body["task"]["data"]["text"])

    assert (claim.text, claim.label) == ("11 دولة", "disputed")
    assert {(s.stance, s.span_id, s.url) for s in claim.sources} == {
        ("refutes", 196, None), ("supports", None, "https://example.org/x")}
    assert "form" in body["task"]["data"] and "sources" not in body["task"]["data"]
