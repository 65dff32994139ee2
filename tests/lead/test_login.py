"""The lead's login: the right e-mail and password let in, anything else does not; every form needs its
CSRF token; without a secret key or a lead password nobody gets in; the API's bearer token is untouched."""
from tests.lead.conftest import LEAD_EMAIL, LEAD_PASSWORD, csrf_token


def _login(client, email=LEAD_EMAIL, password=LEAD_PASSWORD, token=True):
    data = {"email": email, "password": password}
    if token:
        data["csrf_token"] = csrf_token(client.get("/lead/login").get_data(as_text=True))
    return client.post("/lead/login", data=data)


def test_the_page_sends_a_stranger_to_the_login(lead_app, client):
    response = client.get("/lead/")

    assert response.status_code == 302 and response.location.startswith("/lead/login?next=")


def test_the_right_password_lets_the_lead_in(lead_app, client):
    response = _login(client)

    assert response.status_code == 302 and response.location == "/lead/"
    assert client.get("/lead/").status_code == 200


def test_a_wrong_password_is_refused(lead_app, client):
    response = _login(client, password=LEAD_PASSWORD + "x")

    assert response.status_code == 401
    assert "Wrong e-mail or password." in response.get_data(as_text=True)
    assert client.get("/lead/").status_code == 302


def test_a_wrong_email_is_refused(lead_app, client):
    assert _login(client, email="someone@example.org").status_code == 401
    assert client.get("/lead/").status_code == 302


def test_the_email_is_compared_without_case_or_spaces(lead_app, client):
    assert _login(client, email=f"  {LEAD_EMAIL.upper()} ").status_code == 302


def test_a_login_without_its_csrf_token_is_refused(lead_app, client):
    response = _login(client, token=False)

    assert response.status_code == 400
    assert "token is missing or stale" in response.get_data(as_text=True)
    assert client.get("/lead/").status_code == 302


def test_a_login_with_another_sessions_token_is_refused(lead_app, client, app):
    other = app.test_client()
    token = csrf_token(other.get("/lead/login").get_data(as_text=True))
    client.get("/lead/login")

    response = client.post("/lead/login", data={"email": LEAD_EMAIL, "password": LEAD_PASSWORD, "csrf_token": token})

    assert response.status_code == 400


def test_without_a_lead_password_nobody_gets_in(lead_app, client):
    lead_app.config["FACT_LEAD_PASSWORD"] = None

    response = _login(client, password="")

    assert response.status_code == 400  # the password is required, and there is none to match
    assert "No lead password is set" in client.get("/lead/login").get_data(as_text=True)
    assert _login(client, password="anything").status_code == 401


def test_without_a_secret_key_the_page_says_so_and_keeps_nothing(app, client):
    app.config.update(SECRET_KEY=None, FACT_LEAD_PASSWORD=LEAD_PASSWORD)

    response = client.get("/lead/login")

    assert response.status_code == 503
    assert "FACT_SECRET_KEY" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_a_next_address_elsewhere_is_not_followed(lead_app, client):
    token = csrf_token(client.get("/lead/login").get_data(as_text=True))

    response = client.post("/lead/login?next=https://evil.example/lead", data={
        "email": LEAD_EMAIL, "password": LEAD_PASSWORD, "csrf_token": token})

    assert response.location == "/lead/"


def test_logging_out_needs_its_token_and_ends_the_session(lead):
    assert lead.post("/lead/logout").status_code == 400
    assert lead.get("/lead/").status_code == 200

    page = lead.get("/lead/").get_data(as_text=True)
    assert lead.post("/lead/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert lead.get("/lead/").status_code == 302


def test_the_lead_session_is_no_bearer_token_for_the_api(lead, eleven):
    response = lead.post("/api/claims/1/adjudication", json={"label": "disputed", "adjudicator": LEAD_EMAIL})

    assert response.status_code == 401
