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


def _failures(client, times: int) -> list[int]:
    return [_login(client, password="wrong-password").status_code for _ in range(times)]


def test_an_address_that_keeps_failing_is_refused_even_the_right_password(lead_app, client):
    lead_app.config["FACT_LOGIN_LIMIT"] = "3 per minute"

    assert _failures(client, 3) == [401, 401, 401]
    refused = _login(client)

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many failed logins from this address" in refused.get_data(as_text=True)
    assert client.get("/lead/").status_code == 302  # not let in
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert _login(client).status_code == 302  # another address is not held back by this one's failures


def test_logins_that_succeed_do_not_count_against_the_limit(lead_app, client):
    lead_app.config["FACT_LOGIN_LIMIT"] = "2 per minute"

    assert [_login(client).status_code for _ in range(4)] == [302] * 4
    assert _failures(client, 3) == [401, 401, 429]


def test_workers_sharing_a_store_share_the_limit(migrated):
    """Several gunicorn workers (here two apps) with FACT_RATELIMIT_STORAGE_URI on the one Redis: the
    failures made on one count on the other (each worker's memory alone would allow twice as many)."""
    import os
    import uuid

    from fact import create_app
    from tests.helpers import make_config

    settings = {"SECRET_KEY": "test-secret-key", "FACT_LEAD_EMAIL": LEAD_EMAIL, "FACT_LEAD_PASSWORD": LEAD_PASSWORD,
                "FACT_LOGIN_LIMIT": "2 per minute", "RATELIMIT_KEY_PREFIX": f"fact-test-{uuid.uuid4().hex}",
                "RATELIMIT_STORAGE_URI": os.environ.get("FACT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")}
    config = type("SharedLimit", (make_config(migrated),), settings)
    first, second = create_app(config).test_client(), create_app(config).test_client()

    assert _failures(first, 2) == [401, 401]
    assert _failures(second, 1) == [429]


def _failing_client(app, forwarded_for: str):
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def test_behind_a_proxy_each_forwarded_client_is_counted_apart(migrated):
    from fact import create_app
    from tests.helpers import make_config

    settings = {"SECRET_KEY": "test-secret-key", "FACT_LEAD_EMAIL": LEAD_EMAIL, "FACT_LEAD_PASSWORD": LEAD_PASSWORD,
                "FACT_LOGIN_LIMIT": "2 per minute"}
    behind = create_app(type("Behind", (make_config(migrated),), {**settings, "FACT_PROXY_HOPS": 1}))
    assert _failures(_failing_client(behind, "198.51.100.1"), 3) == [401, 401, 429]
    assert _failures(_failing_client(behind, "198.51.100.2"), 1) == [401]  # another client behind the proxy

    exposed = create_app(type("Exposed", (make_config(migrated),), settings))
    assert _failures(_failing_client(exposed, "198.51.100.1"), 2) == [401, 401]
    assert _failures(_failing_client(exposed, "198.51.100.2"), 1) == [429]  # a forged header buys nothing
