"""GET /api/claims, /api/verdicts and /api/articles/<id>/claims: every filter, sort, totals, 422s, ETags.

On the claims A to E of the `annotated` fixture (conftest.py).
"""
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article, Claim, Verdict
from tests.payloads import created, deleted, region, updated


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


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


@pytest.fixture
def revised(annotated):
    """Claims A to E, then user 1 revises A to unverifiable: A's newest verdicts are after `between`."""
    eleven = annotated.eleven
    response = annotated.hook(updated(1, eleven, region(eleven.text, "11 دولة", "unverifiable")))
    assert response.json["outcomes"][0]["outcome"] == "accepted"
    return annotated


SORTS = {"id": Claim.id, "updated_at": Claim.updated_at, "verdict_count": Claim.verdict_count}


def matching_claims(args: dict, sort: str = "id") -> list[int]:
    """The reference, read from the verdicts themselves: the ids of the claims with one counting verdict
    of that label, annotator and time range (and of that final verdict), in `sort` order, ties by id."""
    where = [Verdict.claim_id == Claim.id, Verdict.superseded_at.is_(None)]
    if "label" in args:
        where.append(Verdict.label == args["label"])
    if "annotator_id" in args:
        where.append(Verdict.annotator_id == args["annotator_id"])
    if "since" in args:
        where.append(Verdict.created_at >= args["since"])
    if "until" in args:
        where.append(Verdict.created_at <= args["until"])
    claim_where = [Claim.label == args["verdict"]] if "verdict" in args else []
    column = SORTS[sort.lstrip("-")]
    rows = db.session.execute(select(column, Claim.id).where(select(Verdict.id).where(*where).exists(),
                                                              *claim_where)).all()
    return [claim_id for _, claim_id in sorted(rows, reverse=sort.startswith("-"))]


def query_string(args: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, datetime) else value for key, value in args.items()}


def walked(client, args: dict, page_size: int) -> tuple[list[int], set[int]]:
    """The ids of every page of /api/claims at `page_size`, in order, and the totals the pages gave."""
    ids, totals, page = [], set(), 1
    while True:
        response = client.get("/api/claims", query_string={**query_string(args), "page_size": page_size,
                                                           "page": page})
        assert response.status_code == 200, response.json
        ids += [claim["id"] for claim in response.json]
        totals.add(pagination(response)["total"])
        if page >= pagination(response)["total_pages"]:
            return ids, totals
        page += 1


def assert_pages_list_exactly(client, args: dict, expected: list[int]) -> None:
    """The whole list, and every page of one or two claims, list `expected` in order with its total."""
    response = client.get("/api/claims", query_string={**query_string(args), "page_size": 100})
    assert [claim["id"] for claim in response.json] == expected
    assert pagination(response)["total"] == len(expected)
    for page_size in (1, 2):
        assert walked(client, args, page_size) == (expected, {len(expected)})


@pytest.mark.parametrize("query", [
    {"label": "disputed"}, {"label": "corroborated"}, {"label": "unverifiable"}, {"since": "between"},
    {"until": "between"}, {"since": "between", "label": "unverifiable"},
    {"annotator_id": 1}, {"annotator_id": 3, "since": "between"}, {"annotator_id": 2, "verdict": "corroborated"},
    {"label": "corroborated", "verdict": "corroborated"},
])
@pytest.mark.parametrize("sort", ["id", "-id", "updated_at", "-updated_at", "verdict_count", "-verdict_count"])
def test_every_page_lists_and_counts_exactly_the_claims_with_a_matching_counting_verdict(client, revised,
                                                                                        query, sort):
    """Verdict conditions alone, with a claim condition or with one time bound: the first pages and the
    last (of one claim, of two) list the reference in sort order, and every page gives its total."""
    args = {key: revised.between if value == "between" else value for key, value in query.items()}
    expected = matching_claims(args, sort)

    assert_pages_list_exactly(client, {**args, "sort": sort}, expected)
    assert 0 < len(expected) < len(revised.ids)  # each of these filters keeps some claims, not all


def test_one_bound_lists_and_counts_exactly_the_claims_with_a_counting_verdict_in_the_range(client, revised):
    """Revisions, a claim left with no counting verdict, several annotators, and every verdict time
    (superseded ones too) as a bound, so that some verdicts are exactly at it."""
    assert revised.hook(deleted(9)).json["outcomes"][0]["outcome"] == "deleted"  # E: no verdict counts
    times = sorted(set(db.session.scalars(select(Verdict.created_at))) | {revised.between})
    checked = 0
    for at in times:
        for key in ("since", "until"):
            for sort in ("id", "-updated_at", "verdict_count"):
                expected = matching_claims({key: at}, sort)
                assert_pages_list_exactly(client, {key: at, "sort": sort}, expected)
            checked += bool(expected)
    assert checked >= len(times)  # neither bound is empty everywhere
    # With both bounds the range is not (newest >= since AND oldest <= until): between the revision of A
    # by user 1 and its first verdicts, A has verdicts on both sides of the range (users 2 and 3) but none
    # in it, unless one of them falls in it; the list still comes from the verdicts, and agrees.
    for since in times:
        for until in times[times.index(since):]:
            args = {"since": since, "until": until}
            response = client.get("/api/claims", query_string={**query_string(args), "page_size": 100})
            assert [claim["id"] for claim in response.json] == matching_claims(args)
            assert pagination(response)["total"] == len(response.json)


def test_a_claim_with_verdicts_only_before_and_after_a_range_is_not_in_it(client, revised):
    """A: users 2 and 3 judged it before `between`, user 1 revised it after: nothing of A in between."""
    first = db.session.scalar(select(func.max(Verdict.created_at)).where(Verdict.claim_id == revised.ids["A"],
                                                                         Verdict.superseded_at.is_(None),
                                                                         Verdict.created_at < revised.between))
    newest = db.session.scalar(select(func.max(Verdict.created_at)).where(Verdict.claim_id == revised.ids["A"]))
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
    assert listed(client, revised, label="unverifiable", sort="-id") == "CA"
    assert listed(client, revised, label="unverifiable", sort="-id", page_size=1) == "C"


def test_pages_of_one_claim_walk_a_label_in_order_with_one_total(client, revised):
    # label=corroborated: A, B, E of five claims, one page each.
    args = {"label": "corroborated"}

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
