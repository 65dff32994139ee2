"""Several annotators through the real Label Studio: grouping, the aggregate, adjudication, the query
API, agreement and an export, on what came back through Label Studio's own API."""
import json
import uuid

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Span
from tests.integration.conftest import task_of
from tests.payloads import region

MEETING = "لوزراء دفاع 11 دولة من التحالف"
WIDER = "باريس لوزراء دفاع 11 دولة من التحالف"  # the same claim, highlighted a little wider
COUNTRIES = "13 دولة في التحالف"


def sentence(fragment: str) -> Span:
    return db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains(fragment)))


@pytest.fixture
def annotators(ls) -> list[int]:
    """The admin and two more annotators, as a lead would add them in Label Studio."""
    me = ls.users.whoami().id
    tag = uuid.uuid4().hex[:8]
    others = [ls.users.create(email=f"annotator{i}-{tag}@example.org", username=f"annotator{i}-{tag}",
                              password=uuid.uuid4().hex).id for i in (2, 3)]
    return [me, *others]


@pytest.fixture
def judged(runner, client, seeded, project, ls, annotators):
    """Three annotators on the 11-countries claim (2 disputed, 1 corroborated: a majority), two on the
    13-countries claim (a tie: contested), all made in Label Studio and pulled back by sync."""
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    eleven, thirteen = sentence("11 دولة"), sentence(COUNTRIES)
    first, second, third = annotators
    for user, fragment, label in ((first, MEETING, "disputed"), (second, WIDER, "disputed"),
                                  (third, MEETING, "corroborated")):
        ls.annotations.create(id=task_of(eleven), result=region(eleven.text, fragment, label), completed_by=user)
    for user, label in ((first, "corroborated"), (second, "disputed")):
        ls.annotations.create(id=task_of(thirteen), result=region(thirteen.text, COUNTRIES, label), completed_by=user)
    result = runner.invoke(args=["fact", "sync", "--full"])
    assert result.exit_code == 0, result.output
    return eleven, thirteen


def only(client, **filters) -> list[dict]:
    response = client.get("/api/claims", query_string=filters)
    assert response.status_code == 200, response.json
    return response.json


def test_annotators_of_one_claim_are_grouped_and_aggregated(client, judged, annotators):
    majority, = only(client, agreement="majority")
    assert majority["text"] == MEETING
    assert (majority["verdict_count"], majority["label"]) == (3, "disputed")
    assert sorted(v["annotator_id"] for v in majority["verdicts"]) == sorted(annotators)
    assert {v["text"] for v in majority["verdicts"]} == {MEETING, WIDER}

    contested, = only(client, agreement="contested")
    assert contested["text"] == COUNTRIES and contested["label"] is None
    assert [c["text"] for c in only(client, verdict="disputed")] == [MEETING]
    assert [c["text"] for c in only(client, annotator_id=annotators[2])] == [MEETING]


def test_the_lead_settles_the_contested_claim_and_the_export_follows(client, runner, auth, judged, tmp_path):
    contested, = only(client, agreement="contested")

    response = client.post(f"/api/claims/{contested['id']}/adjudication", headers=auth,
                           json={"label": "corroborated", "adjudicator": "lead@example.org"})

    assert response.status_code == 201
    settled, = only(client, adjudicated="true")
    assert (settled["id"], settled["label"], settled["agreement"]) == (contested["id"], "corroborated", "contested")
    result = runner.invoke(args=["fact", "export", "--format", "fever", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for path in sorted((tmp_path / "out").rglob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted((row["claim"], row["label"]) for row in rows) == sorted(
        [(MEETING, "REFUTES"), (COUNTRIES, "SUPPORTS")])


def test_stats_show_the_agreement_of_what_came_back(client, judged):
    stats = client.get("/api/stats").json

    assert stats["agreement"]["claims"] == 2
    assert stats["agreement"]["verdicts"] == 5
    # Nominal alpha by hand: values d,d,c on one claim and c,d on the other. Do = (2 + 2) / 5 ordered
    # disagreeing pairs per pairable value; De = 2 * 3 * 2 / (5 * 4) from the pooled 3 d and 2 c.
    assert stats["agreement"]["alpha"] == pytest.approx(1 - 0.8 / 0.6, abs=1e-4)
