"""Hand-picked hostile inputs (issue 10): each gets the same 4xx and field message on SQLite and PostgreSQL.

PostgreSQL's INTEGER stops at 2^31-1 and its text refuses NUL, where SQLite takes both: the schemas
refuse them first, so the backends never see a difference."""
import json

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.labelstudio.config import WEBHOOK_HEADER
from fact.models import Span
from fact.services.annotations.parse import MAX_REGION_TEXT, MAX_SOURCES
from tests.payloads import annotation, region, webhook

SECRET = "hardening-secret"
RANGE = "Must be greater than or equal to 1 and less than or equal to 2147483647."
NUL = "Contains a NUL character (U+0000) at character 1, which cannot be stored."
SURROGATE = "Contains a lone surrogate (U+D800) at character 0, which is not a character; send the text as valid UTF-8."


def _annotation(**fields) -> dict:
    return {"action": "ANNOTATION_CREATED",
            "annotation": {"id": 7, "task": 1, "result": [], "updated_at": "2026-11-22T10:00:00Z", **fields}}


CASES = [
    # (method, url, json body, status, path to the field's messages in "errors", message)
    ("GET", "/api/claims/2147483648", None, 404, None, None),
    ("GET", "/api/claims/9223372036854775808", None, 404, None, None),
    ("GET", "/api/articles/0", None, 404, None, None),
    ("GET", "/api/claims?annotator_id=2147483648", None, 422, ("query", "annotator_id"), RANGE),
    ("GET", "/api/verdicts?article_id=9223372036854775808", None, 422, ("query", "article_id"), RANGE),
    ("GET", "/api/annotations/revisions?ls_annotation_id=2147483648", None, 422, ("query", "ls_annotation_id"),
     RANGE),
    ("GET", "/api/claims?q=a%00b", None, 422, ("query", "q"), NUL),
    ("GET", "/api/spans?q=a%00b", None, 422, ("query", "q"), NUL),
    ("GET", "/api/claims?outlet=a%00b", None, 422, ("query", "outlet"), NUL),
    ("GET", "/api/articles?language=a%00b", None, 422, ("query", "language"), None),
    ("POST", "/api/claims/1/adjudication", {"label": "disputed", "adjudicator": "\ud800"}, 422,
     ("json", "adjudicator"), SURROGATE),
    ("POST", "/api/claims/1/adjudication", {"label": "disputed", "adjudicator": "a" * 321}, 422,
     ("json", "adjudicator"), "Length must be between 1 and 320."),
    ("POST", "/api/articles", {"text": "\ud800"}, 422, ("json", "text"), SURROGATE),
    ("POST", "/api/articles", {"text": "نص", "language": "ar-abcdefgh-abcdefgh"}, 422, ("json", "language"), None),
    ("POST", "/api/labelstudio/webhook", _annotation(id=2**31), 422, ("json", "annotation", "id"), RANGE),
    ("POST", "/api/labelstudio/webhook", _annotation(task=2**63), 422, ("json", "annotation", "task"),
     "An id must be from 1 to 2147483647."),
    ("POST", "/api/labelstudio/webhook", _annotation(result=[{"id": "r", "value": {"text": "a\x00b"}}]), 422,
     ("json", "annotation", "result", "0"), NUL),
    ("POST", "/api/labelstudio/webhook", {"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 2**31}]}, 422,
     ("json", "annotations", "0", "id"), RANGE),
]


@pytest.fixture
def send(app, client, auth):
    app.config["FACT_WEBHOOK_SECRET"] = SECRET

    def request(method, url, body=None, **kwargs):
        if body is not None:  # as a client sends it: ASCII JSON, a lone surrogate as an escape
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return client.open(url, method=method, headers={**auth, WEBHOOK_HEADER: SECRET}, **kwargs)

    return request


@pytest.mark.parametrize(("method", "url", "body", "status", "field", "message"), CASES,
                         ids=[f"{c[0]} {c[1][:60]} {c[4] and c[4][-1]}" for c in CASES])
def test_a_hostile_input_gets_the_same_4xx_and_field_message_on_every_backend(send, method, url, body, status,
                                                                              field, message):
    response = send(method, url, body)
    assert response.status_code == status, response.json
    assert response.json["code"] == status
    if field:
        messages = response.json["errors"]
        for key in field:
            messages = messages[key]
        assert messages == [message] if message else messages  # a message of its own, where it is ours


def test_json_nested_deeper_than_the_limit_is_refused_unparsed(send):
    response = send("POST", "/api/labelstudio/webhook", data="[" * 100_000 + "]" * 100_000,
                    content_type="application/json")
    assert response.status_code == 400
    assert response.json["message"] == "The JSON body nests deeper than 32 levels."


def test_a_body_over_its_limit_answers_413(send, app):
    app.config["FACT_WEBHOOK_MAX_BYTES"] = 1000
    response = send("POST", "/api/labelstudio/webhook", {"action": "ANNOTATION_CREATED", "pad": "x" * 1000})
    assert response.status_code == 413
    assert response.json == {"code": 413, "status": "Request Entity Too Large",
                             "message": "The data value transmitted exceeds the capacity limit."}


def test_a_method_not_allowed_says_which_are(send):
    response = send("DELETE", "/api/claims")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}  # POST: claims from outside


def test_a_page_past_the_backends_integers_is_empty(send):
    response = send("GET", f"/api/claims?page={10**20}")
    assert response.status_code == 200
    assert response.json == []


def _sentence() -> Span:
    return db.session.scalars(select(Span).where(Span.kind == "sentence").order_by(Span.id)).first()


def test_a_verdict_citing_more_sources_than_the_limit_is_rejected_with_its_reason(send, seeded):
    span = _sentence()
    urls = [f"https://example.org/{n}" for n in range(MAX_SOURCES + 1)]
    body = webhook("ANNOTATION_CREATED", annotation(901, 1, region(span.text, span.text[:5], urls_refuting=urls),
                                                    "2026-11-22T10:00:00Z"), span.id)
    response = send("POST", "/api/labelstudio/webhook", body)
    assert response.status_code == 200
    (outcome,) = response.json["outcomes"]
    assert outcome["outcome"] == "rejected"
    assert outcome["reason"].endswith(f"cites {MAX_SOURCES + 1} sources, over the limit of {MAX_SOURCES}")


def test_a_highlight_over_the_limit_is_rejected_before_it_is_compared(send, seeded):
    span = _sentence()
    result = region(span.text, span.text[:5])
    for item in result:
        item["value"]["text"] = "ن" * (MAX_REGION_TEXT + 1)
    response = send("POST", "/api/labelstudio/webhook",
                    webhook("ANNOTATION_CREATED", annotation(902, 1, result, "2026-11-22T10:00:00Z"), span.id))
    (outcome,) = response.json["outcomes"]
    assert outcome["outcome"] == "rejected"
    assert outcome["reason"].endswith(f"its text is over {MAX_REGION_TEXT:,} characters")


def test_the_spec_declares_the_pagination_header_the_webhook_secret_and_the_errors_that_can_happen(client):
    spec = client.get("/api/openapi.json").json
    components = spec["components"]
    assert components["headers"]["PAGINATION"]["schema"] == {"type": "string"}  # JSON, sent in a string
    assert components["securitySchemes"]["webhookSecret"] == {
        "type": "apiKey", "in": "header", "name": WEBHOOK_HEADER,
        "description": "FACT_WEBHOOK_SECRET, which `flask fact setup` gives Label Studio"}
    assert components["responses"]["DatabaseUnavailable"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    webhook_post = spec["paths"]["/api/labelstudio/webhook"]["post"]
    assert webhook_post["security"] == [{"webhookSecret": []}]
    assert {"401", "413", "503"} <= set(webhook_post["responses"])
    adjudicate = spec["paths"]["/api/claims/{claim_id}/adjudication"]["post"]
    assert {"401", "413", "503"} <= set(adjudicate["responses"])
    for path in spec["paths"].values():
        for method, operation in path.items():
            if method in {"get", "post"}:
                assert operation["responses"]["503"] == {"$ref": "#/components/responses/DatabaseUnavailable"}
    claim_id = spec["paths"]["/api/claims/{claim_id}"]["parameters"][0]["schema"]
    assert (claim_id["minimum"], claim_id["maximum"]) == (1, 2**31 - 1)
