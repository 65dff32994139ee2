"""Several annotators through the real Label Studio: grouping, the aggregate, adjudication, the query
API, agreement and an export, on what came back through Label Studio's own API."""
import csv
import json
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Span
from tests.helpers import task_of
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
    assert runner.invoke(args=["fact", "match"]).exit_code == 0  # the tasks offer the passages found
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


@pytest.fixture
def cited(runner, judged, ls, annotators):
    """One more annotator disputes the 11 countries citing the 13-countries passage, and the stories
    are clustered (flask fact match), so that stance pairs and story splits have something to show."""
    eleven, thirteen = judged
    result = region(eleven.text, MEETING, "disputed", refutes=[f"span:{thirteen.id}"])
    ls.annotations.create(id=task_of(eleven), result=result, completed_by=annotators[1])
    for command in (["fact", "sync"], ["fact", "match"]):
        outcome = runner.invoke(args=command)
        assert outcome.exit_code == 0, outcome.output
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


def test_every_filter_answers_on_what_came_back(client, judged, annotators):
    eleven, thirteen = judged
    article = db.session.get(Article, eleven.article_id)
    everything = {c["text"] for c in only(client)}
    assert everything == {MEETING, COUNTRIES}
    checks = [
        ({"article_id": eleven.article_id}, {MEETING}),
        ({"outlet": article.outlet.name}, {MEETING}),
        ({"label": "corroborated"}, {MEETING, COUNTRIES}),
        ({"q": "دوله في التحالف"}, {COUNTRIES}),  # ة written as ه: through the normalization
        ({"since": "2000-01-01T00:00:00Z"}, everything),
        ({"until": "2000-01-01T00:00:00Z"}, set()),
        ({"adjudicated": "false"}, everything),
        ({"agreement": "unanimous"}, set()),
        ({"sort": "-verdict_count", "page_size": 1}, {MEETING}),
    ]
    if article.published_at is not None:
        checks.append(({"published_since": article.published_at.date().isoformat(),
                        "article_id": eleven.article_id}, {MEETING}))
    for filters, expected in checks:
        assert {c["text"] for c in only(client, **filters)} == expected, filters
    verdicts = client.get("/api/verdicts", query_string={"annotator_id": annotators[1]}).json
    assert sorted(v["label"] for v in verdicts) == ["disputed", "disputed"]


def test_every_export_format_reads_what_came_back(runner, client, cited, tmp_path):
    def export(fmt: str, *options: str) -> Path:
        result = runner.invoke(args=["fact", "export", "--format", fmt, "--out", str(tmp_path / fmt), *options])
        assert result.exit_code == 0, result.output
        return tmp_path / fmt / fmt

    fever = [json.loads(line) for line in (export("fever") / "data.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["claim"], r["label"]) for r in fever] == [(MEETING, "REFUTES")]  # the other is contested
    assert any(item[3] == cited[1].id for evidence_set in fever[0]["evidence"] for item in evidence_set)
    stance = [json.loads(line) for line in (export("stance") / "data.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["claim"], r["evidence"], r["label"]) for r in stance] == [(MEETING, cited[1].text, "disagree")]
    spans = [json.loads(line) for line in
             (export("claim-spans") / "data.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(tag == "B-CLAIM" for record in spans for tag in record["tags"]) == 2  # one per claim
    with open(export("csv") / "data.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6 and {r["claim_text"] for r in rows} == {MEETING, COUNTRIES}
    assert pq.read_table(export("parquet") / "data.parquet").num_rows == 6
    reviews = json.loads((export("claimreview") / "data.json").read_text(encoding="utf-8"))
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in reviews] == [(MEETING, "Disputed")]


def test_a_split_of_what_came_back_keeps_each_story_in_one_part(runner, cited, tmp_path):
    result = runner.invoke(args=["fact", "export", "--format", "csv", "--out", str(tmp_path),
                                 "--split", "0.5,0.25,0.25", "--seed", "3"])
    assert result.exit_code == 0, result.output

    parts = {}
    for part in ("train", "dev", "test"):
        with open(tmp_path / "csv" / f"{part}.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                story = row["story_cluster_id"] or f"article {row['article_id']}"
                parts.setdefault(story, set()).add(part)
    assert parts and all(len(found) == 1 for found in parts.values())
    assert sum(1 for _ in parts) == len({db.session.get(Article, a).story_cluster_id
                                         for a in (cited[0].article_id, cited[1].article_id)})
