"""POST /api/articles: bearer token, validation with field messages, duplicates."""
import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article

ARTICLE = {
    "text": "قال وزير الدفاع إن 13 دولة شاركت. وأضاف أن المعركة صعبة.",
    "title": "اجتماع باريس",
    "outlet": "وكالة الأنباء",
    "published_at": "2016-10-25",
    "url": "https://example.org/paris",
}


def articles() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic dGVzdA==", "Bearer"])
def test_writes_without_the_token_get_401_and_store_nothing(client, header):
    headers = {"Authorization": header} if header else {}

    response = client.post("/api/articles", json=ARTICLE, headers=headers)

    assert response.status_code == 401
    assert response.json["code"] == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert articles() == 0


def test_writes_are_refused_when_the_server_has_no_token(client, app, auth):
    app.config["FACT_API_TOKEN"] = None

    response = client.post("/api/articles", json=ARTICLE, headers=auth)

    assert response.status_code == 401
    assert "FACT_API_TOKEN" in response.json["message"]


def test_an_article_is_ingested_from_json(client, auth):
    response = client.post("/api/articles", json=ARTICLE, headers=auth)

    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"].endswith(f"/api/articles/{body['id']}")
    assert body["outlet"] == "وكالة الأنباء"
    assert body["origin"] == "api"
    sentences = [s["text"] for s in body["spans"] if s["kind"] == "sentence"]
    assert sentences == ["قال وزير الدفاع إن 13 دولة شاركت.", "وأضاف أن المعركة صعبة."]


def test_the_same_text_twice_is_a_409_pointing_at_the_first(client, auth):
    first = client.post("/api/articles", json=ARTICLE, headers=auth).json

    again = client.post("/api/articles", json={**ARTICLE, "title": "another title"}, headers=auth)

    assert again.status_code == 409
    assert again.headers["Location"].endswith(f"/api/articles/{first['id']}")
    assert articles() == 1


def test_decomposed_text_is_a_duplicate_of_its_nfc_form(client, auth):
    client.post("/api/articles", json={"text": "café é"}, headers=auth)

    assert client.post("/api/articles", json={"text": "cafe\u0301 e\u0301"}, headers=auth).status_code == 409


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "no text"}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "خبر", "published_at": "25/10/2016"}, "published_at"),
        ({"text": "خبر", "url": "not a url"}, "url"),
        ({"text": "خبر", "language": "Arabic!"}, "language"),
        ({"text": "خبر", "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
    ],
)
def test_bad_articles_get_422_with_field_messages(client, auth, body, field):
    response = client.post("/api/articles", json=body, headers=auth)

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    assert articles() == 0


def test_an_article_over_the_size_limit_gets_422(client, app, auth):
    app.config["FACT_MAX_ARTICLE_BYTES"] = 100

    response = client.post("/api/articles", json={"text": "خبر " * 100}, headers=auth)

    assert response.status_code == 422
    assert "100 bytes" in response.json["errors"]["json"]["text"][0]


def test_a_body_that_is_not_json_gets_a_4xx_in_the_one_error_shape(client, auth):
    response = client.post("/api/articles", data="text=x", headers={**auth, "Content-Type": "text/plain"})

    assert response.status_code == 422  # smorest reads no JSON body: every required field is missing
    assert response.json["code"] == 422
    assert response.json["errors"]["json"]["text"] == ["Missing data for required field."]
    assert articles() == 0
