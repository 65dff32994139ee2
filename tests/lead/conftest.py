"""The lead's page under test: the app with a secret key and a lead password, and CSRF checked as in
production (Flask-WTF's WTF_CSRF_ENABLED is left on)."""
import re

import pytest

LEAD_EMAIL, LEAD_PASSWORD = "lead@example.org", "a-long-test-password"


@pytest.fixture
def lead_app(app):
    app.config.update(SECRET_KEY="test-secret-key", FACT_LEAD_EMAIL=LEAD_EMAIL, FACT_LEAD_PASSWORD=LEAD_PASSWORD)
    assert app.config.get("WTF_CSRF_ENABLED", True)
    return app


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def lead(lead_app, client):
    """A client logged in as the lead, through the login form."""
    token = csrf_token(client.get("/lead/login").get_data(as_text=True))
    response = client.post("/lead/login", data={"email": LEAD_EMAIL, "password": LEAD_PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def tied_pair() -> tuple[int, int]:
    """(claim id, article id): annotator 1 says the article agrees with the imported claim, annotator 2
    that it disagrees. Committed, and nothing read after (a browser test's server writes next)."""
    from fact.extensions import db
    from tests.exports import claim_work as make

    article, _ = make.article(["نفت الوزارة أن يكون اللقاح قد سحب من الأسواق."], title="الوزارة تنفي سحب اللقاح")
    claim = make.imported_claim("سحب اللقاح من الأسواق")
    make.claim_task(claim, 1, None, {article: ("agree", [])})
    make.claim_task(claim, 2, None, {article: ("disagree", [])})
    ids = claim.id, article.id
    db.session.commit()
    return ids
