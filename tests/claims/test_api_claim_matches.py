"""GET /api/claims/<id>/matches and POST /api/claims/<id>/matches/<match_id>: a claim's already-checked
matches, paginated, and the lead's link or reject by bearer token, with the one error shape."""
import json

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import ClaimMatch, MatchStatus
from tests.claims.checked_setup import import_claim, suggest_sixty


@pytest.fixture
def suggested(app, runner, hook, client, auth):
    """(new claim, checked claim, match id): an imported claim offered the seed claim it repeats."""
    return suggest_sixty(app, runner, hook, client, auth)


def _decide(client, claim_id, match_id, body, headers):
    return client.post(f"/api/claims/{claim_id}/matches/{match_id}", json=body, headers=headers)


def test_a_claims_matches_list_the_checked_claim_its_label_and_the_score(client, suggested):
    near, sixty, match_id = suggested

    response = client.get(f"/api/claims/{near}/matches")

    assert response.status_code == 200
    (match,) = response.json
    assert (match["id"], match["claim_id"], match["rank"], match["status"]) == (match_id, near, 1, "suggested")
    assert {k: match["checked_claim"][k] for k in ("id", "label", "origin")} == {
        "id": sixty, "label": "corroborated", "origin": "highlighted"}
    assert match["score"] > 0 and match["semantic_score"] is None
    assert json.loads(response.headers["X-Pagination"])["total"] == 1
    assert client.get(f"/api/claims/{near}/matches?status=linked").json == []


def test_the_matches_are_paginated_like_the_other_lists(client, auth, suggested):
    near, _, _ = suggested
    for rank in (2, 3):  # two more matches, further down
        other = import_claim(client, auth, f"ادعاء رقم {rank}")
        db.session.add(ClaimMatch(claim_id=near, checked_claim_id=other, rank=rank, score=1.0 - rank / 10))
    db.session.commit()

    first = client.get(f"/api/claims/{near}/matches?page_size=2")
    second = client.get(f"/api/claims/{near}/matches?page_size=2&page=2")

    assert json.loads(first.headers["X-Pagination"]) == {"total": 3, "total_pages": 2, "first_page": 1,
                                                         "last_page": 2, "page": 1, "next_page": 2}
    assert [m["rank"] for m in first.json] == [1, 2] and [m["rank"] for m in second.json] == [3]


def test_linking_needs_the_bearer_token(client, suggested):
    near, _, match_id = suggested

    assert _decide(client, near, match_id, {"status": "linked"}, {}).status_code == 401
    assert _decide(client, near, match_id, {"status": "linked"}, {"Authorization": "Bearer no"}).status_code == 401
    assert db.session.get(ClaimMatch, match_id).status == MatchStatus.suggested


def test_linking_shares_the_label_in_the_claims_api(client, auth, suggested):
    near, _, match_id = suggested

    response = _decide(client, near, match_id, {"status": "linked", "decided_by": "lead@example.org"}, auth)

    assert response.status_code == 200
    assert (response.json["status"], response.json["decided_by"]) == ("linked", "lead@example.org")
    assert response.json["decided_at"] is not None
    assert client.get(f"/api/claims/{near}").json["label"] == "corroborated"
    assert _decide(client, near, match_id, {"status": "rejected"}, auth).json["decided_by"] == "api"
    assert client.get(f"/api/claims/{near}").json["label"] is None


def test_an_unknown_claim_or_match_or_a_match_of_another_claim_is_404(client, auth, suggested):
    near, sixty, match_id = suggested

    for claim_id, mid in ((near + 50, match_id), (near, match_id + 50), (sixty, match_id)):
        response = _decide(client, claim_id, mid, {"status": "linked"}, auth)
        assert response.status_code == 404 and response.json["code"] == 404, (claim_id, mid)
    assert client.get(f"/api/claims/{near + 50}/matches").status_code == 404
    assert db.session.get(ClaimMatch, match_id).status == MatchStatus.suggested


@pytest.mark.parametrize("body, field, message", [
    ({}, "status", "Missing data for required field."),
    ({"status": "suggested"}, "status", "Must be one of: linked, rejected."),
    ({"status": 3}, "status", "Not a valid string."),
    ({"status": "linked", "decided_by": ""}, "decided_by", "Length must be between 1 and 320."),
    ({"status": "linked", "why": "x"}, "why", "Unknown field."),
])
def test_a_bad_decision_is_refused_with_a_message_for_its_field(client, auth, suggested, body, field, message):
    near, _, match_id = suggested

    response = _decide(client, near, match_id, body, auth)

    assert response.status_code == 422
    assert response.json["errors"]["json"][field] == [message]
    assert db.session.get(ClaimMatch, match_id).status == MatchStatus.suggested


def test_a_second_link_of_a_claim_is_a_409_that_says_which(client, auth, suggested):
    near, sixty, match_id = suggested
    other = import_claim(client, auth, "ادعاء آخر")
    db.session.add(ClaimMatch(claim_id=near, checked_claim_id=other, rank=2, score=0.5, status=MatchStatus.rejected))
    db.session.commit()
    second = db.session.scalar(select(ClaimMatch.id).where(ClaimMatch.checked_claim_id == other))
    assert _decide(client, near, match_id, {"status": "linked"}, auth).status_code == 200

    response = _decide(client, near, second, {"status": "linked"}, auth)

    assert response.status_code == 409
    assert response.json["errors"]["json"]["status"] == [
        f"Claim {near} is already linked to claim {sixty} (match {match_id}): reject that match first."]
    assert db.session.get(ClaimMatch, second).status == MatchStatus.rejected


def test_a_body_that_is_not_json_is_refused(client, auth, suggested):
    near, _, match_id = suggested

    response = client.post(f"/api/claims/{near}/matches/{match_id}", data="status=linked",
                           headers={**auth, "Content-Type": "application/json"})

    assert 400 <= response.status_code < 500
