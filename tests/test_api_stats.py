"""GET /api/stats on the claims of tests/test_api_claims_query.py (made by webhook and adjudication)."""
import json

import krippendorff
import pytest
from sqlalchemy import insert

from fact.extensions import db
from fact.models import Task
from tests.payloads import created, region


@pytest.fixture
def stats(client, annotated):
    return client.get("/api/stats").json


def test_counts_by_label_count_verdicts_and_final_claim_labels(stats):
    assert stats["labels"] == [
        {"label": "corroborated", "verdicts": 3, "claims": 2},  # B by adjudication, E
        {"label": "disputed", "verdicts": 3, "claims": 1},
        {"label": "unverifiable", "verdicts": 2, "claims": 1},
    ]


def test_counts_by_outlet(stats):
    assert stats["outlets"] == [
        {"outlet": None, "articles": 3, "claims": 2, "verdicts": 3},
        {"outlet": "المغرب اليوم", "articles": 1, "claims": 1, "verdicts": 3},
        {"outlet": "الرأي برس", "articles": 1, "claims": 1, "verdicts": 2},
    ]


def test_counts_by_annotator_leave_out_deleted_annotations(stats):
    rows = [(a["annotator_id"], a["verdicts"], a["claims"], a["by_label"]) for a in stats["annotators"]]

    assert rows == [
        (1, 3, 3, {"corroborated": 2, "disputed": 1, "unverifiable": 0}),
        (2, 3, 3, {"corroborated": 0, "disputed": 2, "unverifiable": 1}),
        (3, 2, 2, {"corroborated": 1, "disputed": 0, "unverifiable": 1}),
    ]


def test_claims_by_agreement_state_and_adjudicated(stats):
    assert stats["claims"] == {
        "by_state": {"none": 1, "single": 1, "unanimous": 1, "majority": 1, "contested": 1}, "adjudicated": 1}


def test_agreement_rests_on_the_claims_two_or_more_annotators_judged(stats):
    # claims A, B, C: counts of corroborated, disputed, unverifiable, one verdict per annotator
    table = [[1, 2, 0], [1, 1, 0], [0, 0, 2]]
    expected = round(float(krippendorff.alpha(value_counts=table, level_of_measurement="nominal")), 4)

    assert (stats["agreement"]["claims"], stats["agreement"]["verdicts"]) == (3, 7)
    assert stats["agreement"]["alpha"] == expected
    assert set(stats["agreement"]["per_label"]) == {"corroborated", "disputed", "unverifiable"}
    assert stats["agreement"]["per_label"]["unverifiable"] == 1.0  # whenever one said so, both did


def test_progress_counts_sentences_with_tasks_and_tasks_with_live_annotations(client, annotated):
    # Rows as push writes them: task 501 carries annotation 1, task 508 carried 8 (deleted), 999 none.
    spans = [(annotated.eleven.id, 501), (annotated.thousands.id, 508), (annotated.sixty.id, 999)]
    db.session.execute(insert(Task), [{"span_id": s, "ls_project_id": 1, "ls_task_id": t} for s, t in spans])
    db.session.commit()
    sentences = client.get("/api/spans", query_string={"kind": "sentence", "boilerplate": "false"})
    total = json.loads(sentences.headers["X-Pagination"])["total"]

    progress = client.get("/api/stats").json["progress"]

    assert progress == {"sentences": total, "sentences_with_task": 3, "sentences_without_task": total - 3,
                        "tasks": 3, "tasks_annotated": 1, "tasks_not_annotated": 2}


def test_stats_answer_304_until_a_verdict_arrives(client, annotated):
    etag = client.get("/api/stats").headers["ETag"]
    assert client.get("/api/stats", headers={"If-None-Match": etag}).status_code == 304

    sixty = annotated.sixty
    annotated.hook(created(30, sixty, region(sixty.text, "60 دولة", "disputed"), user=4))

    after = client.get("/api/stats", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.json["claims"]["by_state"]["majority"] == 2


def test_stats_take_no_parameters(client):
    response = client.get("/api/stats", query_string={"outlet": "x"})

    assert response.status_code == 422 and "outlet" in response.json["errors"]["query"]
