"""The read API: articles, spans, search through the Arabic normalization, one error shape."""
import json

import pytest


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def test_articles_are_listed_with_totals(client, seeded):
    response = client.get("/api/articles?page_size=2")

    assert response.status_code == 200
    assert len(response.json) == 2
    assert pagination(response)["total"] == 5
    assert pagination(response)["total_pages"] == 3
    assert "text" not in response.json[0]


def test_articles_filter_by_outlet(client, seeded):
    response = client.get("/api/articles", query_string={"outlet": "الرأي برس"})

    assert [a["outlet"] for a in response.json] == ["الرأي برس"]


def test_an_article_comes_with_its_text_and_spans(client, seeded):
    listed = client.get("/api/articles").json[0]

    article = client.get(f"/api/articles/{listed['id']}").json

    assert article["title"].startswith("مصدر فرنسي")
    assert article["published_at"] == "2016-10-24"
    kinds = {s["kind"] for s in article["spans"]}
    assert kinds == {"paragraph", "sentence"}
    for span in article["spans"]:
        assert article["text"][span["start"] : span["end"]] == span["text"]


def test_search_finds_every_spelling_of_a_name(client, seeded):
    found = client.get("/api/spans", query_string={"q": "أشتون", "kind": "sentence", "page_size": 100}).json

    texts = " ".join(s["text"] for s in found)
    assert "آشتون" in texts and "اشتون" in texts and "أشتون" in texts
    assert all(s["kind"] == "sentence" for s in found)


def test_search_matches_arabic_indic_digits_and_ignores_diacritics(client, seeded):
    by_digits = client.get("/api/spans", query_string={"q": "٢٠١٦", "kind": "sentence"}).json
    by_ascii = client.get("/api/spans", query_string={"q": "2016", "kind": "sentence"}).json
    assert {s["id"] for s in by_digits} == {s["id"] for s in by_ascii} and by_ascii

    assert client.get("/api/spans", query_string={"q": "المَوْصِل"}).json


def test_search_treats_like_wildcards_literally(client, seeded):
    assert client.get("/api/spans", query_string={"q": "%"}).json == []
    assert client.get("/api/spans", query_string={"q": "_"}).json == []


def test_spans_filter_by_article_kind_and_boilerplate(client, seeded):
    article_id = client.get("/api/articles", query_string={"outlet": "الرأي برس"}).json[0]["id"]

    spans = client.get(
        "/api/spans",
        query_string={"article_id": article_id, "kind": "paragraph", "boilerplate": "true", "page_size": 100},
    ).json

    assert spans and all(s["is_boilerplate"] and s["article_id"] == article_id for s in spans)
    assert "إضافة تعليق" in [s["text"] for s in spans]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"kind": "chapter"}, "kind"),
        ({"article_id": "x"}, "article_id"),
        ({"article_id": "0"}, "article_id"),
        ({"boilerplate": "maybe"}, "boilerplate"),
        ({"kidn": "sentence"}, "kidn"),
        ({"q": "ـــ"}, "q"),
    ],
)
def test_bad_span_parameters_get_422_with_field_messages(client, query, field):
    response = client.get("/api/spans", query_string=query)

    assert response.status_code == 422
    assert response.json["code"] == 422
    assert field in response.json["errors"]["query"]


def test_bad_page_parameters_get_422(client):
    response = client.get("/api/articles", query_string={"page": 0})

    assert response.status_code == 422
    assert "page" in response.json["errors"]["query"]


@pytest.mark.parametrize("url", ["/api/articles/999999", "/api/spans/999999", "/api/nothing-here"])
def test_unknown_ids_and_urls_get_404_in_the_one_error_shape(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json["code"] == 404
    assert response.json["status"] == "Not Found"
    assert "message" in response.json


def test_a_wrong_method_gets_405_in_the_one_error_shape(client):
    response = client.delete("/api/articles")

    assert response.status_code == 405
    assert response.json["status"] == "Method Not Allowed"


def test_health_reports_the_database(client, app):
    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": app.extensions["sqlalchemy"].engine.dialect.name}


def test_the_openapi_spec_and_its_docs_are_served(client):
    spec = client.get("/api/openapi.json").json
    assert {"/api/articles", "/api/articles/{article_id}", "/api/spans", "/api/health"} <= set(spec["paths"])
    assert spec["paths"]["/api/articles"]["post"]["security"] == [{"bearer": []}]

    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"/api/docs/assets/swagger-ui-bundle.js" in docs.data
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200
