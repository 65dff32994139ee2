"""Already checked on the lead's page: each suggestion (the new claim, the checked claim, its verdict,
the score) with a Link and a Reject button, each a POST with the CSRF token through the service the
API uses, in the lead's name; the link gives the claim its label in /api/claims."""
import pytest

from fact.extensions import db
from fact.models import ClaimMatch, MatchStatus
from tests.claims.checked_setup import NEAR_SIXTY, run_checked, suggest_sixty
from tests.lead.conftest import LEAD_EMAIL, csrf_token


@pytest.fixture
def suggested(lead_app, runner, hook, client, auth):
    return suggest_sixty(lead_app, runner, hook, client, auth)


def _decide(client, claim_id, match_id, status, token=True):
    page = client.get("/lead/").get_data(as_text=True)
    data = {"status": status, **({"csrf_token": csrf_token(page)} if token else {})}
    return client.post(f"/lead/claims/{claim_id}/matches/{match_id}", data=data)


def test_a_suggestion_shows_both_claims_the_verdict_the_score_and_two_labelled_buttons(lead, suggested):
    near, sixty, match_id = suggested
    page = lead.get("/lead/").get_data(as_text=True)
    score = db.session.get(ClaimMatch, match_id).score

    assert '<section id="checked" aria-labelledby="checked-heading">' in page and 'href="#checked"' in page
    assert f'<h3 id="match-{match_id}">Claim {near}: <bdi dir="auto" lang="ar">{NEAR_SIXTY}</bdi></h3>' in page
    assert f'id="match-{match_id}-checked">Already checked as claim {sixty}:' in page
    assert '<span class="badge label-corroborated">corroborated</span>' in page
    assert f"<bdi>{score:.3f}</bdi>" in page
    assert f'action="/lead/claims/{near}/matches/{match_id}"' in page
    described = f'aria-describedby="match-{match_id} match-{match_id}-checked"'
    assert f'name="status" value="linked" {described}>Link: the same claim</button>' in page
    assert f'name="status" value="rejected" class="quiet" {described}>Reject: not the same claim</button>' in page
    assert f'id="match-csrf-{match_id}"' in page


def test_the_link_button_gives_the_claim_the_checked_claims_label_in_the_api(lead, suggested):
    near, sixty, match_id = suggested
    assert lead.get(f"/api/claims/{near}").json["label"] is None

    response = _decide(lead, near, match_id, "linked")

    assert response.status_code == 302 and response.location == "/lead/#checked"
    assert lead.get(f"/api/claims/{near}").json["label"] == "corroborated"
    (match,) = lead.get(f"/api/claims/{near}/matches").json
    assert (match["status"], match["decided_by"]) == ("linked", LEAD_EMAIL)
    page = lead.get("/lead/").get_data(as_text=True)
    assert f"Claim {near} linked to claim {sixty}; its label: corroborated." in page
    assert f'id="match-{match_id}"' not in page  # decided: out of the list


def test_the_reject_button_keeps_the_pair_out_for_good(lead, runner, suggested):
    near, sixty, match_id = suggested

    assert _decide(lead, near, match_id, "rejected").status_code == 302
    run_checked(runner, "--full")

    assert db.session.get(ClaimMatch, match_id).status == MatchStatus.rejected
    page = lead.get("/lead/").get_data(as_text=True)
    assert f"Claim {sixty} will not be offered to claim {near} again." in page
    assert "No suggestion waits." in page


def test_a_decision_without_its_csrf_token_or_with_an_unknown_status_is_refused(lead, suggested):
    near, _, match_id = suggested

    response = _decide(lead, near, match_id, "linked", token=False)
    assert response.status_code == 400 and "token is missing or stale" in response.get_data(as_text=True)
    assert _decide(lead, near, match_id, "suggested").status_code == 400
    assert db.session.get(ClaimMatch, match_id).status == MatchStatus.suggested
    assert lead.get(f"/api/claims/{near}").json["label"] is None


def test_a_match_of_another_claim_is_a_404_page(lead, suggested):
    near, sixty, match_id = suggested

    response = _decide(lead, sixty, match_id, "linked")

    assert response.status_code == 404 and f"Claim {sixty} has no match {match_id}." in response.get_data(as_text=True)


def test_a_stranger_cannot_decide(lead_app, client, suggested):
    near, _, match_id = suggested

    response = client.post(f"/lead/claims/{near}/matches/{match_id}", data={"status": "linked"})

    assert response.status_code == 302 and response.location.startswith("/lead/login")
    assert db.session.get(ClaimMatch, match_id).status == MatchStatus.suggested


def test_the_section_speaks_arabic_right_to_left(lead, suggested):
    near, sixty, match_id = suggested

    page = lead.get("/lead/?lang=ar").get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in page
    assert '<h2 id="checked-heading">سبق التحقق منه</h2>' in page
    assert "اربط: الادعاء نفسه" in page and "ارفض: ليس الادعاء نفسه" in page
    _decide(lead, near, match_id, "linked")
    assert f"رُبط الادعاء {near} بالادعاء {sixty}" in lead.get("/lead/").get_data(as_text=True)
