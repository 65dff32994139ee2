"""FACT_READ_TOKEN: a server that sets it answers the API's reads only with that token, the write token
or the lead's session; the health probe and the API's description stay open; writes still need the write
token. Unset (the default), reads are open."""
import pytest

from tests.lead.conftest import lead_app  # noqa: F401  (a fixture)

READ_TOKEN = "read-token-for-tests"
READS = ["/api/claims", "/api/verdicts", "/api/spans?q=دولة", "/api/stats", "/api/tasks", "/api/exports/csv"]


@pytest.fixture
def closed(app):
    app.config["FACT_READ_TOKEN"] = READ_TOKEN
    return app


@pytest.mark.parametrize("path", READS)
def test_without_the_setting_reads_are_open(client, seeded, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", READS)
def test_with_it_a_read_without_a_valid_token_is_401_in_the_error_shape(closed, client, seeded, path):
    for headers in ({}, {"Authorization": "Bearer not-the-token"}, {"Authorization": f"Basic {READ_TOKEN}"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.json["code"] == 401 and "FACT_READ_TOKEN" in response.json["message"]
        assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("path", READS)
def test_with_it_the_read_token_or_the_write_token_reads(closed, client, seeded, auth, path):
    assert client.get(path, headers={"Authorization": f"Bearer {READ_TOKEN}"}).status_code == 200
    assert client.get(path, headers=auth).status_code == 200


def test_the_health_probe_and_the_apis_description_stay_open(closed, client):
    for path in ("/api/health", "/api/openapi.json", "/api/docs"):
        assert client.get(path).status_code == 200, path


def test_the_read_token_does_not_write(closed, client):
    response = client.post("/api/articles", json={"text": "نص"}, headers={"Authorization": f"Bearer {READ_TOKEN}"})

    assert response.status_code == 401


def test_the_leads_session_downloads_the_exports_from_the_page(closed, lead_app, client, seeded):  # noqa: F811
    from tests.lead.conftest import LEAD_EMAIL, LEAD_PASSWORD, csrf_token

    assert client.get("/api/exports/csv").status_code == 401
    token = csrf_token(client.get("/lead/login").get_data(as_text=True))
    client.post("/lead/login", data={"email": LEAD_EMAIL, "password": LEAD_PASSWORD, "csrf_token": token})

    assert client.get("/api/exports/csv").status_code == 200
