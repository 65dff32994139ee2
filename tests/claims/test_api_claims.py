"""POST /api/claims and the claims list with claims from outside: one claim per normalized text, the same
refusals on both backends, and the origin filter (with keyset pages)."""
import json

import pytest

from fact.models import Claim, ClaimAppearance
from tests.helpers import count

VACCINE = {
    "text": "لقاح كورونا يغيّر الحمض النووي للإنسان",
    "claimant": "صفحة على فيسبوك",
    "claim_date": "2021-01-28",
    "language": "AR",
    "outside_verdict": {"rating": "زائف", "source": "فتبينوا", "url": "https://fatabyyano.example/vaccine-dna/"},
    "appearances": [{"url": "https://www.facebook.com/posts/1001", "date": "2021-01-28", "author": "صحتك أولاً"}],
}


def test_posting_a_claim_needs_the_bearer_token(client):
    assert client.post("/api/claims", json=VACCINE).status_code == 401
    assert client.post("/api/claims", json=VACCINE, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert count(Claim) == 0


def test_a_new_claim_is_201_with_its_origin_claimant_outside_verdict_and_appearances(client, auth):
    response = client.post("/api/claims", json=VACCINE, headers=auth)

    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"].endswith(f"/api/claims/{body['id']}")
    assert {k: body[k] for k in ("origin", "article_id", "start", "end", "text", "claimant", "claim_date",
                                 "language", "verdict_count", "label")} == {
        "origin": "imported", "article_id": None, "start": None, "end": None, "text": VACCINE["text"],
        "claimant": "صفحة على فيسبوك", "claim_date": "2021-01-28", "language": "ar", "verdict_count": 0,
        "label": None}
    assert body["outside_verdict"] == {"rating": "زائف", "source": "فتبينوا", "label": "disputed",
                                       "url": "https://fatabyyano.example/vaccine-dna/"}
    assert [(a["url"], a["date"], a["author"], a["source"]) for a in body["appearances"]] == [
        ("https://www.facebook.com/posts/1001", "2021-01-28", "صحتك أولاً", "api")]
    assert client.get(response.headers["Location"]).json["appearances"] == body["appearances"]


def test_the_same_claim_after_normalization_is_200_with_the_claim_it_is_and_its_new_appearance(client, auth):
    first = client.post("/api/claims", json=VACCINE, headers=auth).json
    same = {"text": "لقاحُ كورونا  يُغيِّر الحمضَ النووي للانسان",
            "outside_verdict": {"rating": "مضلل", "source": "مسبار"},
            "appearances": [{"url": "https://www.tiktok.com/@vids/video/3003"}]}

    response = client.post("/api/claims", json=same, headers=auth)
    again = client.post("/api/claims", json=same, headers=auth)

    assert response.status_code == again.status_code == 200
    assert response.json["id"] == first["id"] and response.json["text"] == VACCINE["text"]
    assert response.json["outside_verdict"]["rating"] == "زائف"  # never replaced
    assert [a["url"] for a in again.json["appearances"]] == ["https://www.facebook.com/posts/1001",
                                                            "https://www.tiktok.com/@vids/video/3003"]
    assert (count(Claim), count(ClaimAppearance)) == (1, 2)


@pytest.mark.parametrize("body, field, message", [
    ({"text": "nul \u0000"}, ["text"], "Contains a NUL character (U+0000) at character 4, which cannot be stored."),
    ({"text": "\ud800 lone"}, ["text"], "Contains a lone surrogate (U+D800) at character 0"),
    ({"text": "x" * 5001}, ["text"], "Length must be between 1 and 5000."),
    ({"text": "ًٌ "}, ["text"], "No text: it has only white space or invisible characters."),
    ({"text": "ـــ"}, ["text"], "Nothing left of the claim after normalization"),  # tatweel alone
    ({}, ["text"], "Missing data for required field."),
    ({"text": "t", "claimant": "c" * 501}, ["claimant"], "Longer than maximum length 500."),
    ({"text": "t", "claim_date": "2024-02-30"}, ["claim_date"], "Not a valid date."),
    ({"text": "t", "language": "klingon-of-mars"}, ["language"], "Not a BCP 47 language tag"),
    ({"text": "t", "outside_verdict": {"source": "AFP"}}, ["outside_verdict", "rating"],
     "Missing data for required field."),
    ({"text": "t", "outside_verdict": {"rating": "r" * 201}}, ["outside_verdict", "rating"],
     "Length must be between 1 and 200."),
    ({"text": "t", "outside_verdict": {"rating": "False", "url": "javascript:alert(1)"}},
     ["outside_verdict", "url"], "Not a valid URL."),
    ({"text": "t", "appearances": [{"url": "https://example.org/" + "a" * 2000}]}, ["appearances", "0", "url"],
     "Longer than maximum length 2000."),
    ({"text": "t", "appearances": [{"url": "not a url"}]}, ["appearances", "0", "url"], "Not a valid URL."),
    ({"text": "t", "appearances": [{"date": "yesterday"}]}, ["appearances", "0", "date"], "Not a valid date."),
    ({"text": "t", "appearances": [{}] * 101}, ["appearances"], "Longer than maximum length 100."),
    ({"text": "t", "verdict": "disputed"}, ["verdict"], "Unknown field."),
])
def test_a_claim_either_backend_could_not_store_is_a_422_with_the_fields_message(client, auth, body, field, message):
    response = client.post("/api/claims", data=json.dumps(body), content_type="application/json", headers=auth)

    assert response.status_code == 422, response.json
    errors = response.json["errors"]["json"]
    for key in field:
        errors = errors[key]
    assert any(m.startswith(message) for m in errors), errors
    assert count(Claim) == 0


@pytest.fixture
def mixed(annotated, client, auth):
    """The five highlighted claims of `annotated`, and five claims from outside."""
    ids = [client.post("/api/claims", json={"text": f"claim from outside {n}"}, headers=auth).json["id"]
           for n in range(5)]
    return annotated.ids, ids


def test_the_origin_filter_lists_imported_claims_with_no_verdict_and_highlighted_ones_as_before(client, mixed):
    highlighted, imported = mixed

    everything = client.get("/api/claims?page_size=100")
    outside = client.get("/api/claims?origin=imported&page_size=100")
    inside = client.get("/api/claims?origin=highlighted&page_size=100")

    assert everything.status_code == outside.status_code == inside.status_code == 200
    # By default a claim is listed once a verdict counts for it: still the highlighted ones with one.
    assert [c["id"] for c in everything.json] == [c["id"] for c in inside.json] != []
    assert {c["origin"] for c in inside.json} == {"highlighted"}
    assert all(c["article_id"] is not None and c["appearances"] == [] for c in inside.json)
    assert [c["id"] for c in outside.json] == imported
    assert {(c["origin"], c["article_id"], c["verdict_count"]) for c in outside.json} == {("imported", None, 0)}
    assert client.get("/api/verdicts?origin=imported").json == []


def test_keyset_pages_of_imported_claims_walk_them_all_once_in_order(client, mixed):
    _, imported = mixed
    for sort in ("id", "-id"):
        seen, after = [], None
        while True:
            url = f"/api/claims?origin=imported&sort={sort}&page_size=2" + (f"&after={after}" if after else "")
            response = client.get(url)
            assert response.status_code == 200
            seen += [c["id"] for c in response.json]
            after = json.loads(response.headers["X-Pagination"]).get("next_after")
            if after is None:
                break
        assert seen == (imported if sort == "id" else imported[::-1])


def test_an_unknown_origin_is_a_422(client):
    response = client.get("/api/claims?origin=outside")

    assert response.status_code == 422
    assert response.json["errors"]["query"]["origin"] == ["Must be one of: highlighted, imported."]


def test_an_imported_claim_is_found_by_q_and_can_be_adjudicated_like_any_claim(client, auth):
    claim = client.post("/api/claims", json=VACCINE, headers=auth).json

    found = client.get("/api/claims?origin=imported&q=الحمض النووي للانسان")
    settled = client.post(f"/api/claims/{claim['id']}/adjudication", headers=auth,
                          json={"label": "disputed", "adjudicator": "lead@example.org"})
    listed = client.get("/api/claims?verdict=disputed")

    assert [c["id"] for c in found.json] == [claim["id"]]
    assert settled.status_code == 201
    assert [(c["id"], c["label"], c["origin"]) for c in listed.json] == [(claim["id"], "disputed", "imported")]
