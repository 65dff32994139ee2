"""GET /api/claims, /api/verdicts and /api/articles/<id>/claims: every filter, sort, totals, 422s, ETags.

The data is made as real data is: Label Studio webhook bodies from several annotators, posted to the
app, and an adjudication through the API. The claims (seed sentences):

  A "11 دولة"  (المغرب اليوم)  users 1, 2 disputed, user 3 corroborated   majority, disputed
  B "13 دولة"  (الرأي برس)    user 1 corroborated, user 2 disputed      contested, adjudicated corroborated
  C "60 دولة"  (no outlet, published 2016-10-24)  users 2, 3 unverifiable   unanimous
  D "3500"     (no outlet)    user 3, then the annotation was deleted    none
  E "خمسة آلاف" (no outlet)   user 1 corroborated                       single
"""
import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article, Claim, Verdict
from fact.services.queries import claims_page_query, claims_query, claims_total_query
from tests.payloads import deleted, offer, region
from tests.test_webhook import created, hook, sentence, updated  # noqa: F401 (hook is a fixture)


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


@pytest.fixture
def annotated(hook, client, auth):
    """Claims A to E above; `between` is a time after A's verdicts and before the others'."""
    eleven, thirteen = sentence("11 دولة"), sentence("13 دولة في التحالف")
    sixty, thousands = sentence("60 دولة"), sentence("بين 3500")
    offer(eleven, f"span:{thirteen.id}")
    deliveries = [
        (1, eleven, region(eleven.text, "11 دولة", "disputed", refutes=[f"span:{thirteen.id}"],
                           urls_supporting=["https://example.org/a"]), 1),
        (2, eleven, region(eleven.text, "11 دولة", "disputed"), 2),
        (3, eleven, region(eleven.text, "11 دولة", "corroborated"), 3),
    ]
    for ls_id, span, result, user in deliveries:
        assert hook(created(ls_id, span, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    between = datetime.now(timezone.utc)
    deliveries = [
        (4, thirteen, region(thirteen.text, "13 دولة", "corroborated"), 1),
        (5, thirteen, region(thirteen.text, "13 دولة", "disputed"), 2),
        (6, sixty, region(sixty.text, "60 دولة", "unverifiable"), 2),
        (7, sixty, region(sixty.text, "60 دولة", "unverifiable"), 3),
        (8, thousands, region(thousands.text, "3500", "corroborated"), 3),
    ]
    for ls_id, span, result, user in deliveries:
        assert hook(created(ls_id, span, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    assert hook(deleted(8)).json["outcomes"][0]["outcome"] == "deleted"
    result = region(thousands.text, "خمسة آلاف", "corroborated")
    assert hook(created(9, thousands, result, user=1)).json["outcomes"][0]["outcome"] == "accepted"
    ids = dict(zip("ABCDE", db.session.scalars(select(Claim.id).order_by(Claim.id))))
    response = client.post(f"/api/claims/{ids['B']}/adjudication", headers=auth,
                           json={"label": "corroborated", "adjudicator": "lead@example.org"})
    assert response.status_code == 201
    return SimpleNamespace(ids=ids, between=between, eleven=eleven, thirteen=thirteen, sixty=sixty,
                           thousands=thousands, hook=hook)


def listed(client, annotated, url="/api/claims", **query) -> str:
    """The letters of the claims listed, in order."""
    response = client.get(url, query_string={"page_size": 100, **query})
    assert response.status_code == 200, response.json
    names = {claim_id: name for name, claim_id in annotated.ids.items()}
    return "".join(names[claim["id"]] for claim in response.json)


def test_by_default_claims_with_a_counting_verdict_are_listed_in_id_order(client, annotated):
    assert listed(client, annotated) == "ABCE"


def test_agreement_none_lists_the_claims_no_verdict_counts_for(client, annotated):
    assert listed(client, annotated, agreement="none") == "D"


@pytest.mark.parametrize("state, expected", [("single", "E"), ("unanimous", "C"), ("majority", "A"),
                                             ("contested", "B")])
def test_claims_filter_by_agreement(client, annotated, state, expected):
    assert listed(client, annotated, agreement=state) == expected


@pytest.mark.parametrize("verdict, expected", [("disputed", "A"), ("corroborated", "BE"), ("unverifiable", "C")])
def test_verdict_filters_the_final_label_adjudication_included(client, annotated, verdict, expected):
    assert listed(client, annotated, verdict=verdict) == expected


@pytest.mark.parametrize("label, expected", [("disputed", "AB"), ("corroborated", "ABE"), ("unverifiable", "C")])
def test_label_finds_claims_with_any_counting_verdict_of_that_label(client, annotated, label, expected):
    assert listed(client, annotated, label=label) == expected


def test_annotator_filter_ignores_deleted_annotations(client, annotated):
    assert listed(client, annotated, annotator_id=3) == "AC"
    assert listed(client, annotated, annotator_id=1) == "ABE"
    assert listed(client, annotated, annotator_id=99) == ""


def test_annotator_and_label_hold_for_the_same_verdict(client, annotated):
    assert listed(client, annotated, annotator_id=3, label="corroborated") == "A"
    assert listed(client, annotated, annotator_id=2, label="corroborated") == ""


def test_since_and_until_select_claims_by_the_time_of_their_counting_verdicts(client, annotated):
    between = annotated.between.isoformat()

    assert listed(client, annotated, until=between) == "A"
    assert listed(client, annotated, since=between) == "BCE"
    assert listed(client, annotated, since=between, annotator_id=3) == "C"


def test_article_outlet_and_publication_date_filters(client, annotated):
    assert listed(client, annotated, article_id=annotated.thirteen.article_id) == "B"
    assert listed(client, annotated, outlet="المغرب اليوم") == "A"
    assert listed(client, annotated, outlet="الرأي برس") == "B"
    assert listed(client, annotated, outlet="nobody") == ""
    assert listed(client, annotated, published_since="2016-10-24") == "C"
    assert listed(client, annotated, published_since="2016-10-01", published_until="2016-10-23") == ""


def test_story_cluster_filter_follows_the_stories_match_found(client, runner, annotated):
    assert runner.invoke(args=["fact", "match"]).exit_code == 0
    story = db.session.scalar(select(Article.story_cluster_id).where(Article.id == annotated.sixty.article_id))
    together = set(db.session.scalars(select(Article.id).where(Article.story_cluster_id == story)))
    assert annotated.thousands.article_id in together and annotated.eleven.article_id not in together

    assert listed(client, annotated, story_cluster_id=story) == "CE"


def test_adjudicated_filter(client, annotated):
    assert listed(client, annotated, adjudicated="true") == "B"
    assert listed(client, annotated, adjudicated="false") == "ACE"


def test_q_searches_claim_text_through_the_arabic_normalization(client, annotated):
    assert listed(client, annotated, q="١١ دولة") == "A"  # Arabic-Indic digits
    assert listed(client, annotated, q="دوله") == "ABC"  # taa marbuta folded
    assert listed(client, annotated, q="%") == ""


@pytest.mark.parametrize("sort, expected", [
    ("id", "ABCE"), ("-id", "ECBA"), ("verdict_count", "EBCA"), ("-verdict_count", "ACBE"),
    ("updated_at", "ACEB"), ("-updated_at", "BECA"),
])
def test_sorts(client, annotated, sort, expected):
    assert listed(client, annotated, sort=sort) == expected


def test_pages_carry_the_totals(client, annotated):
    first = client.get("/api/claims", query_string={"page_size": 3})
    second = client.get("/api/claims", query_string={"page_size": 3, "page": 2})

    assert pagination(first)["total"] == 4 and pagination(first)["total_pages"] == 2
    assert len(first.json) == 3 and len(second.json) == 1
    assert pagination(client.get("/api/claims", query_string={"label": "disputed"}))["total"] == 2


@pytest.mark.parametrize("query", [
    {}, {"annotator_id": 1}, {"annotator_id": 3}, {"annotator_id": 99}, {"label": "disputed"},
    {"label": "corroborated", "annotator_id": 3}, {"since": "between"}, {"until": "between"},
    {"since": "between", "annotator_id": 2}, {"since": "between", "until": "between"},
    {"annotator_id": 2, "verdict": "unverifiable"}, {"label": "disputed", "adjudicated": "false"},
    {"annotator_id": 1, "q": "دوله"}, {"annotator_id": 2, "outlet": "الرأي برس"}, {"agreement": "none"},
])
def test_the_total_is_the_number_of_claims_listed_whatever_the_filters(client, annotated, query):
    query = {key: annotated.between.isoformat() if value == "between" else value for key, value in query.items()}
    response = client.get("/api/claims", query_string={"page_size": 100, **query})

    assert response.status_code == 200, response.json
    assert pagination(response)["total"] == len(response.json)
    first = client.get("/api/claims", query_string={"page_size": 1, **query})
    assert pagination(first)["total"] == len(response.json) and len(first.json) == min(1, len(response.json))


def test_a_claim_with_several_matching_verdicts_is_counted_once(client, annotated):
    # A has two disputed verdicts (users 1 and 2), B one: two claims.
    response = client.get("/api/claims", query_string={"label": "disputed", "page_size": 1})

    assert pagination(response)["total"] == 2 and pagination(response)["total_pages"] == 2


def test_verdict_filters_alone_are_counted_from_the_verdicts_without_the_claims_table(app):
    counted = str(claims_total_query({"annotator_id": 3, "since": datetime(2026, 1, 1, tzinfo=timezone.utc)}))
    with_claim_condition = str(claims_total_query({"annotator_id": 3, "verdict": "disputed"}))
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    time_range = str(claims_total_query({"since": at, "until": at}))  # both bounds: from the verdicts

    assert "count(DISTINCT verdicts.claim_id)" in counted and "claims" not in counted.replace("claim_id", "")
    assert "FROM claims" in with_claim_condition
    assert "count(DISTINCT verdicts.claim_id)" in time_range and "FROM claims" not in time_range


def test_a_time_range_with_one_bound_is_a_range_of_the_claims_stored_verdict_times(app):
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    since_alone, until_alone = str(claims_total_query({"since": at})), str(claims_total_query({"until": at}))
    both = str(claims_total_query({"since": at, "until": at}))

    assert "claims.newest_verdict_at >=" in since_alone and "verdicts" not in since_alone
    assert "claims.oldest_verdict_at <=" in until_alone and "verdicts" not in until_alone
    # Both bounds: verdicts before and after the range do not put a claim in it (see below).
    assert "FROM verdicts" in both and "verdict_at" not in both
    for page in (claims_page_query({"since": at}, 0, 20, 100), claims_page_query({"until": at}, 500, 20, 100)):
        assert "verdicts.created_at" not in str(page.whereclause)


@pytest.fixture
def revised(annotated):
    """Claims A to E, then user 1 revises A to unverifiable: A's newest verdicts are after `between`."""
    eleven = annotated.eleven
    response = annotated.hook(updated(1, eleven, region(eleven.text, "11 دولة", "unverifiable")))
    assert response.json["outcomes"][0]["outcome"] == "accepted"
    return annotated


def claim_ids(statement) -> list[int]:
    return [claim.id for claim in db.session.scalars(statement)]


@pytest.mark.parametrize("query", [
    {"label": "disputed"}, {"label": "corroborated"}, {"label": "unverifiable"}, {"since": "between"},
    {"until": "between"}, {"since": "between", "label": "unverifiable"}, {"annotator_id": 1},
    {"annotator_id": 3, "since": "between"},
])
@pytest.mark.parametrize("sort", ["id", "-id", "updated_at", "-updated_at", "verdict_count", "-verdict_count"])
def test_probing_each_claims_verdicts_lists_what_the_list_of_matching_claims_lists(revised, query, sort):
    args = {key: revised.between if value == "between" else value for key, value in query.items()}
    args["sort"] = sort
    listed_ids = claim_ids(claims_query(args))

    assert claim_ids(claims_query(args, probe=True)) == listed_ids
    assert db.session.scalar(claims_total_query(args)) == len(listed_ids)
    for offset in range(len(listed_ids) + 1):
        page = claims_page_query(args, offset, 2, len(listed_ids))
        assert claim_ids(page) == listed_ids[offset:offset + 2]


def matching_verdicts(args: dict) -> list[int]:
    """The claims with a counting verdict in the time range, from the verdicts themselves (the reference)."""
    where = [Verdict.claim_id == Claim.id, Verdict.superseded_at.is_(None)]
    if "since" in args:
        where.append(Verdict.created_at >= args["since"])
    if "until" in args:
        where.append(Verdict.created_at <= args["until"])
    return list(db.session.scalars(select(Claim.id).where(select(Verdict.id).where(*where).exists())
                                   .order_by(Claim.id)))


def test_one_bound_lists_and_counts_exactly_the_claims_with_a_counting_verdict_in_the_range(client, revised):
    """Revisions, a claim left with no counting verdict, several annotators, and every verdict time
    (superseded ones too) as a bound, so that some verdicts are exactly at it."""
    assert revised.hook(deleted(9)).json["outcomes"][0]["outcome"] == "deleted"  # E: no verdict counts
    times = sorted(set(db.session.scalars(select(Verdict.created_at))) | {revised.between})
    assert db.session.scalar(select(Claim.newest_verdict_at).where(Claim.id == revised.ids["E"])) is None
    checked = 0
    for at in times:
        for key in ("since", "until"):
            expected = matching_verdicts({key: at})
            for sort in ("id", "-updated_at", "verdict_count"):
                args = {key: at, "sort": sort}
                listed_ids = claim_ids(claims_query(args))
                assert sorted(listed_ids) == expected
                assert db.session.scalar(claims_total_query(args)) == len(expected)
                for offset in range(len(listed_ids) + 1):
                    assert claim_ids(claims_page_query(args, offset, 2, len(listed_ids))) == listed_ids[offset:offset + 2]
            response = client.get("/api/claims", query_string={key: at.isoformat(), "page_size": 100})
            assert [claim["id"] for claim in response.json] == expected
            assert pagination(response)["total"] == len(expected)
            checked += bool(expected)
    assert checked >= len(times)  # neither bound is empty everywhere
    # With both bounds the range is not (newest >= since AND oldest <= until): between the revision of A
    # by user 1 and its first verdicts, A has verdicts on both sides of the range (users 2 and 3) but none
    # in it, unless one of them falls in it; the list still comes from the verdicts, and agrees.
    for since in times:
        for until in times:
            args = {"since": since, "until": until}
            expected = matching_verdicts(args)
            assert claim_ids(claims_query(args)) == expected
            assert db.session.scalar(claims_total_query(args)) == len(expected)


def test_a_claim_with_verdicts_only_before_and_after_a_range_is_not_in_it(client, revised):
    """A: users 2 and 3 judged it before `between`, user 1 revised it after: nothing of A in between."""
    first = db.session.scalar(select(func.max(Verdict.created_at)).where(Verdict.claim_id == revised.ids["A"],
                                                                         Verdict.superseded_at.is_(None),
                                                                         Verdict.created_at < revised.between))
    newest = db.session.scalar(select(Claim.newest_verdict_at).where(Claim.id == revised.ids["A"]))
    since, until = first + timedelta(microseconds=1), newest - timedelta(microseconds=1)
    assert since <= until
    response = client.get("/api/claims", query_string={"since": since.isoformat(), "until": until.isoformat(),
                                                       "page_size": 100})
    assert revised.ids["A"] not in [claim["id"] for claim in response.json]
    assert pagination(response)["total"] == len(response.json)


def test_revised_and_deleted_verdicts_no_longer_match_in_either_form(client, revised):
    between = revised.between.isoformat()

    assert listed(client, revised, label="unverifiable") == "AC"
    assert listed(client, revised, label="disputed") == "AB"  # user 2's verdict on A still counts
    assert listed(client, revised, label="corroborated") == "ABE"
    assert listed(client, revised, since=between) == "ABCE"  # A's revised verdict is new
    assert listed(client, revised, until=between) == "A"  # users 2 and 3's first verdicts
    for probe in (False, True):
        assert claim_ids(claims_query({"label": "unverifiable", "sort": "-id"}, probe)) == [
            revised.ids["C"], revised.ids["A"]]


def test_the_first_pages_probe_each_claim_and_the_last_ones_build_the_list(client, revised):
    # label=corroborated: A, B, E of five claims; a page of one walks about 5/3 claims per claim listed.
    args = {"label": "corroborated"}

    assert "EXISTS" in str(claims_page_query(args, 0, 1, 3))
    assert "EXISTS" not in str(claims_page_query(args, 2, 1, 3))
    pages = [client.get("/api/claims", query_string={**args, "page_size": 1, "page": page}) for page in (1, 2, 3)]
    assert listed(client, revised, **args) == "ABE"
    assert [response.json[0]["id"] for response in pages] == [revised.ids[name] for name in "ABE"]
    assert {pagination(response)["total"] for response in pages} == {3}


def test_a_listed_claim_carries_its_aggregate_and_each_verdict_with_its_sources(client, annotated):
    (claim,) = client.get("/api/claims", query_string={"verdict": "disputed"}).json

    assert (claim["label"], claim["majority_label"], claim["agreement"]) == ("disputed", "disputed", "majority")
    assert claim["verdict_count"] == 3 and claim["adjudicated_label"] is None
    first = claim["verdicts"][0]
    assert (first["annotator_id"], first["label"], first["text"]) == (1, "disputed", "11 دولة")
    assert first["end"] - first["start"] == len("11 دولة") and first["revision_id"] and first["created_at"]
    sources = {(s["stance"], s["kind"]): s for s in first["sources"]}
    passage = sources[("refutes", "passage")]
    assert passage["article_id"] == annotated.thirteen.article_id
    assert (passage["start"], passage["end"]) == (annotated.thirteen.start, annotated.thirteen.end)
    assert sources[("supports", "url")]["url"] == "https://example.org/a"
    assert [v["annotator_id"] for v in claim["verdicts"]] == [1, 2, 3]


def test_one_claim_shows_its_history_and_adjudications(client, annotated):
    contested = client.get(f"/api/claims/{annotated.ids['B']}").json
    gone = client.get(f"/api/claims/{annotated.ids['D']}").json

    assert contested["label"] == "corroborated" and contested["majority_label"] is None
    assert [(a["label"], a["adjudicator"]) for a in contested["adjudications"]] == [("corroborated", "lead@example.org")]
    assert gone["verdicts"] == [] and gone["agreement"] == "none"
    assert [(v["label"], bool(v["superseded_at"])) for v in gone["history"]] == [("corroborated", True)]


@pytest.mark.parametrize("query, field", [
    ({"verdict": "maybe"}, "verdict"), ({"label": "true"}, "label"), ({"agreement": "all"}, "agreement"),
    ({"adjudicated": "perhaps"}, "adjudicated"), ({"since": "yesterday"}, "since"),
    ({"since": "2026-11-23T00:00:00Z", "until": "2026-11-22T00:00:00Z"}, "until"),
    ({"published_since": "2016-13-01"}, "published_since"), ({"sort": "text"}, "sort"),
    ({"q": "ـــ"}, "q"), ({"annotator_id": "x"}, "annotator_id"), ({"story_cluster_id": "0"}, "story_cluster_id"),
    ({"outlets": "x"}, "outlets"),
])
@pytest.mark.parametrize("url", ["/api/claims", "/api/verdicts", "/api/articles/1/claims"])
def test_bad_parameters_get_422_with_field_messages(client, url, query, field):
    response = client.get(url, query_string=query)

    assert response.status_code == 422
    assert field in response.json["errors"]["query"]


def test_verdicts_are_listed_flat_with_their_claim(client, annotated):
    response = client.get("/api/verdicts", query_string={"page_size": 100})

    assert pagination(response)["total"] == 8  # D's verdict no longer counts
    row = response.json[0]
    assert (row["claim_id"], row["claim_text"], row["claim_label"]) == (annotated.ids["A"], "11 دولة", "disputed")
    assert (row["article_id"], row["outlet"]) == (annotated.eleven.article_id, "المغرب اليوم")
    assert (row["annotator_id"], row["label"], row["text"]) == (1, "disputed", "11 دولة")
    assert {s["kind"] for s in row["sources"]} == {"passage", "url"}


def verdict_rows(client, **query) -> list[tuple]:
    rows = client.get("/api/verdicts", query_string={"page_size": 100, **query}).json
    return [(row["claim_text"], row["annotator_id"]) for row in rows]


def test_verdicts_label_is_their_own_and_verdict_their_claims(client, annotated):
    assert verdict_rows(client, label="corroborated") == [("11 دولة", 3), ("13 دولة", 1), ("خمسة آلاف", 1)]
    assert verdict_rows(client, verdict="corroborated") == [("13 دولة", 1), ("13 دولة", 2), ("خمسة آلاف", 1)]


def test_verdicts_take_the_claims_filters(client, annotated):
    assert verdict_rows(client, annotator_id=3) == [("11 دولة", 3), ("60 دولة", 3)]
    assert verdict_rows(client, outlet="الرأي برس", sort="-id") == [("13 دولة", 2), ("13 دولة", 1)]
    assert verdict_rows(client, until=annotated.between.isoformat()) == [("11 دولة", 1), ("11 دولة", 2), ("11 دولة", 3)]
    assert verdict_rows(client, agreement="unanimous", q="60") == [("60 دولة", 2), ("60 دولة", 3)]
    assert verdict_rows(client, adjudicated="true", label="disputed") == [("13 دولة", 2)]
    assert verdict_rows(client, agreement="none") == []


def test_an_articles_claims_are_listed_with_the_same_filters(client, annotated):
    url = f"/api/articles/{annotated.eleven.article_id}/claims"

    assert listed(client, annotated, url) == "A"
    assert listed(client, annotated, url, annotator_id=2) == "A"
    assert listed(client, annotated, url, adjudicated="true") == ""
    assert client.get(url).json[0]["verdicts"][2]["label"] == "corroborated"


def test_claims_of_an_unknown_article_are_a_404(client, seeded):
    response = client.get("/api/articles/999999/claims")

    assert response.status_code == 404 and response.json["code"] == 404


def test_article_id_is_not_a_parameter_of_an_articles_claims(client, annotated):
    response = client.get(f"/api/articles/{annotated.eleven.article_id}/claims", query_string={"article_id": 1})

    assert response.status_code == 422 and "article_id" in response.json["errors"]["query"]


@pytest.mark.parametrize("url", ["/api/claims", "/api/verdicts", "/api/articles/{article}/claims", "/api/claims/{B}"])
def test_an_unchanged_list_answers_304_and_a_new_verdict_changes_its_etag(client, annotated, url):
    url = url.format(article=annotated.thirteen.article_id, B=annotated.ids["B"])
    first = client.get(url)
    etag = first.headers["ETag"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    thirteen = annotated.thirteen
    annotated.hook(created(20, thirteen, region(thirteen.text, "13 دولة", "disputed"), user=4))
    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.json != first.json


def test_an_adjudication_changes_the_etag(client, annotated, auth):
    url = f"/api/claims/{annotated.ids['A']}"
    etag = client.get(url).headers["ETag"]

    client.post(f"{url}/adjudication", headers=auth, json={"label": "corroborated", "adjudicator": "lead"})

    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.json["label"] == "corroborated"
