"""Settling a tied stance from the lead's page: one button per stance, a POST with the CSRF token,
through the service POST /api/claims/<id>/articles/<article_id>/stance-adjudication uses, in the lead's
name."""
import pytest

from fact.extensions import db
from fact.models import StanceAdjudication
from tests.helpers import count
from tests.lead.conftest import LEAD_EMAIL, csrf_token, tied_pair


@pytest.fixture
def tie(app):
    return tied_pair()


def _settle(client, tie, stance, token=True):
    page = client.get("/lead/").get_data(as_text=True)
    data = {"stance": stance, **({"csrf_token": csrf_token(page)} if token else {})}
    return client.post(f"/lead/claims/{tie[0]}/articles/{tie[1]}/stance-adjudication", data=data)


def test_the_tie_waits_with_its_votes_and_a_button_per_stance(lead, tie):
    page = lead.get("/lead/").get_data(as_text=True)

    assert f'id="tie-{tie[0]}-{tie[1]}"' in page and "الوزارة تنفي سحب اللقاح" in page
    assert "agrees: 1" in page and "disagrees: 1" in page
    assert f'action="/lead/claims/{tie[0]}/articles/{tie[1]}/stance-adjudication"' in page
    for stance in ("agree", "disagree", "discuss", "unrelated"):
        assert f'name="stance" value="{stance}"' in page


def test_one_click_settles_the_tie_in_the_leads_name(lead, tie):
    response = _settle(lead, tie, "disagree")

    assert response.status_code == 302 and response.location == "/lead/#ties"
    evidence = lead.get(f"/api/claims/{tie[0]}").json["evidence"]
    assert [(e["article"]["id"], e["stance"], e["settled"]) for e in evidence] == [(tie[1], "disagree", "disagree")]
    assert db.session.scalar(db.select(StanceAdjudication.adjudicator)) == LEAD_EMAIL
    page = lead.get("/lead/").get_data(as_text=True)
    assert f"Article {tie[1]} settled for claim {tie[0]}: disagrees." in page
    assert f'id="tie-{tie[0]}-{tie[1]}"' not in page and "No tied stance waits." in page


def test_the_queue_speaks_arabic(lead, tie):
    page = lead.get("/lead/?lang=ar").get_data(as_text=True)

    assert "مواقف متعادلة" in page and "يعارض: 1" in page


def test_a_settling_without_its_token_or_with_an_unknown_stance_is_refused(lead, tie):
    assert _settle(lead, tie, "disagree", token=False).status_code == 400
    assert _settle(lead, tie, "refutes").status_code == 400
    assert count(StanceAdjudication) == 0


def test_an_article_without_a_stance_is_a_404_page(lead, tie):
    response = _settle(lead, (tie[0], tie[1] + 1000), "agree")

    assert response.status_code == 404 and response.mimetype == "text/html"
    assert f"Article {tie[1] + 1000} has no stance towards claim {tie[0]}." in response.get_data(as_text=True)
    assert count(StanceAdjudication) == 0


def test_a_stranger_cannot_settle_a_tie(lead_app, client, tie):
    response = client.post(f"/lead/claims/{tie[0]}/articles/{tie[1]}/stance-adjudication", data={"stance": "agree"})

    assert response.status_code == 302 and response.location.startswith("/lead/login")
    assert count(StanceAdjudication) == 0
