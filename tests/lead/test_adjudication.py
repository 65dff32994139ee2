"""Settling a contested claim from the lead's page: one button per label, a POST with the CSRF token,
through the service POST /api/claims/<id>/adjudication uses, in the lead's name."""
import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Adjudication, Claim
from tests.helpers import count
from tests.lead.conftest import LEAD_EMAIL, csrf_token
from tests.payloads import created, region


@pytest.fixture
def contested(hook, eleven):
    """"11 دولة": user 1 says disputed, user 2 corroborated."""
    for ls_id, label in ((1, "disputed"), (2, "corroborated")):
        assert hook(created(ls_id, eleven, region(eleven.text, "11 دولة", label), user=ls_id)).status_code == 200
    return db.session.scalar(select(Claim.id))


def _settle(client, claim_id, label, token=True):
    page = client.get("/lead/").get_data(as_text=True)
    data = {"label": label, **({"csrf_token": csrf_token(page)} if token else {})}
    return client.post(f"/lead/claims/{claim_id}/adjudication", data=data)


def test_the_contested_claim_waits_in_the_queue_with_a_button_per_label(lead, contested):
    page = lead.get("/lead/").get_data(as_text=True)

    assert f'id="claim-{contested}"' in page
    assert f'action="/lead/claims/{contested}/adjudication"' in page
    for label in ("corroborated", "disputed", "unverifiable"):
        assert f'name="label" value="{label}"' in page


def test_one_click_settles_the_claim_in_the_leads_name(lead, contested):
    response = _settle(lead, contested, "disputed")

    assert response.status_code == 302 and response.location == "/lead/#settled"
    claim = lead.get(f"/api/claims/{contested}").json
    assert (claim["label"], claim["adjudicated_label"], claim["agreement"]) == ("disputed", "disputed", "contested")
    assert [(a["label"], a["adjudicator"]) for a in claim["adjudications"]] == [("disputed", LEAD_EMAIL)]
    page = lead.get("/lead/").get_data(as_text=True)
    assert f"Claim {contested} settled: disputed." in page
    assert f'id="claim-{contested}"' not in page  # out of the queue
    assert f'id="settled-{contested}"' in page  # and in the settled list, with its label


def test_settling_again_supersedes_the_first(lead, contested):
    _settle(lead, contested, "disputed")
    _settle(lead, contested, "corroborated")

    assert lead.get(f"/api/claims/{contested}").json["label"] == "corroborated"
    assert count(Adjudication) == 2 and count(Adjudication, Adjudication.superseded_at.is_(None)) == 1


def test_an_adjudication_without_its_csrf_token_is_refused_and_changes_nothing(lead, contested):
    response = _settle(lead, contested, "disputed", token=False)

    assert response.status_code == 400
    assert "token is missing or stale" in response.get_data(as_text=True)
    assert count(Adjudication) == 0


def test_an_unknown_label_is_refused(lead, contested):
    assert _settle(lead, contested, "true").status_code == 400
    assert count(Adjudication) == 0


def test_an_unknown_claim_is_a_404_page(lead, contested):
    response = _settle(lead, contested + 1, "disputed")

    assert response.status_code == 404 and response.mimetype == "text/html"
    assert f"No claim {contested + 1}." in response.get_data(as_text=True)


def test_a_stranger_cannot_settle_a_claim(lead_app, client, contested):
    response = client.post(f"/lead/claims/{contested}/adjudication", data={"label": "disputed"})

    assert response.status_code == 302 and response.location.startswith("/lead/login")
    assert count(Adjudication) == 0


def test_a_contested_claim_from_outside_waits_in_the_queue_with_its_whole_text(lead, seeded):
    """A claim task judges the whole claim: an imported claim has no article to show a highlight in."""
    from fact.models import ClaimOffer
    from fact.services.annotations.apply import apply_annotations
    from fact.services.claims.intake.store import take_claim
    from fact.services.claims.intake.verdicts import VerdictMap
    from schemas.labelstudio import AnnotationSchema
    from tests.claims.claim_results import claim_result
    from tests.helpers import sentence
    from tests.payloads import T0, annotation

    text = "اجتمع وزراء دفاع 13 دولة في باريس لبحث معركة الموصل"
    claim_id = take_claim({"text": text, "appearances": []}, VerdictMap(), "test").claim_id
    article = sentence("11 دولة").article_id
    db.session.add(ClaimOffer(claim_id=claim_id, kind="article", source_id=article))
    db.session.commit()
    pairs = [(AnnotationSchema().load(annotation(ls_id, 900, claim_result(label, {article: stance}, {}), T0, user=ls_id)),
              {"claim_id": claim_id, "claim": text})
             for ls_id, label, stance in ((1, "disputed", "disagree"), (2, "corroborated", "agree"))]
    assert [o.outcome for o in apply_annotations(pairs, via="sync")] == ["accepted", "accepted"]
    db.session.commit()

    page = lead.get("/lead/")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'id="claim-{claim_id}"' in html and text in html
