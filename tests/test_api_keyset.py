"""GET /api/claims and /api/verdicts by `after` cursor: the same rows as the page numbers, in the same
order, for every sort and with filters; keyset semantics when rows arrive; a bad cursor is a 422.

The corpus is bench/api.py's (every label, agreement state, outlet, revision and deletion), small,
with its sort columns given many ties so that the id has to break them.
"""
import base64
import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from bench.api import NOW, fill
from fact.extensions import db
from fact.models import Claim, Verdict
from tests.payloads import created, region

CLAIM_SORTS = ["id", "-id", "updated_at", "-updated_at", "verdict_count", "-verdict_count"]
VERDICT_SORTS = ["id", "-id", "created_at", "-created_at"]
FILTERS = [{}, {"verdict": "disputed"}, {"label": "corroborated"}, {"annotator_id": "annotator"},
           {"outlet": "outlet"}, {"since": "since"}, {"agreement": "majority", "adjudicated": "false"}]


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


@pytest.fixture
def corpus(app):
    """bench/api.py's corpus at 240 verdicts, with the claims' update times on 5 values and the
    verdicts' times on 7, so that most rows tie with others in their sort column."""
    with db.engine.begin() as connection:
        facts = fill(connection, 240, random.Random(7))
        for column, values in ((Claim.updated_at, 5), (Verdict.created_at, 7)):
            for k in range(values):  # through the column's type, which writes SQLite's text as it reads it
                connection.execute(update(column.class_).where(column.class_.id % values == k)
                                   .values({column: NOW - timedelta(days=k)}))
    facts["outlet"] = db.session.scalar(text(  # an outlet with some claims, whatever the seed
        "SELECT o.name FROM outlets o JOIN articles a ON a.outlet_id = o.id JOIN claims c ON c.article_id = a.id "
        "GROUP BY o.name ORDER BY count(*) DESC, o.name LIMIT 1"))
    return facts


def filters(query: dict, facts: dict) -> dict:
    return {key: facts.get(value, value) for key, value in query.items()}


def by_page(client, url: str, query: dict, page_size: int) -> list[int]:
    ids, page = [], 1
    while True:
        response = client.get(url, query_string={**query, "page_size": page_size, "page": page})
        assert response.status_code == 200, response.json
        ids += [row["id"] for row in response.json]
        if page >= pagination(response)["total_pages"]:
            return ids
        page += 1


def by_cursor(client, url: str, query: dict, page_size: int) -> list[int]:
    """Every page from the first (or from query's `after`), each asked with the previous one's next_after;
    checks the header."""
    response = client.get(url, query_string={**query, "page_size": page_size})
    counted = "total" if "total" in pagination(response) else "total_at_least"  # past FACT_COUNT_LIMIT
    total = pagination(response)[counted]
    ids = [row["id"] for row in response.json]
    while "next_after" in pagination(response):
        response = client.get(url, query_string={**query, "page_size": page_size,
                                                 "after": pagination(response)["next_after"]})
        assert response.status_code == 200, response.json
        header = pagination(response)
        assert header[counted] == total and "page" not in header and "next_page" not in header
        assert response.json  # a cursor is given only when a row follows it
        ids += [row["id"] for row in response.json]
    assert len(ids) == total or "after" in query or counted == "total_at_least"
    return ids


@pytest.mark.parametrize("query", FILTERS)
@pytest.mark.parametrize("url, sort", [("/api/claims", sort) for sort in CLAIM_SORTS]
                         + [("/api/verdicts", sort) for sort in VERDICT_SORTS])
def test_rows_by_cursor_are_the_rows_of_the_numbered_pages_in_order(client, corpus, url, sort, query):
    query = {**filters(query, corpus), "sort": sort}
    expected = by_page(client, url, query, 100)

    assert by_cursor(client, url, query, 4) == expected
    assert len(expected) > 4  # more than one page


def test_sort_columns_tie_so_that_the_id_breaks_the_ties(client, corpus):
    claims = client.get("/api/claims", query_string={"sort": "updated_at", "page_size": 100}).json
    verdicts = client.get("/api/verdicts", query_string={"sort": "created_at", "page_size": 100}).json

    assert 1 < len({claim["updated_at"] for claim in claims}) < len(claims)
    assert 1 < len({verdict["created_at"] for verdict in verdicts}) < len(verdicts)


def test_the_last_page_by_number_or_cursor_gives_no_cursor(client, corpus):
    first = client.get("/api/claims", query_string={"page_size": 100})
    total = pagination(first)["total"]
    last = client.get("/api/claims", query_string={"page_size": 10, "page": (total + 9) // 10})
    before_last = client.get("/api/claims", query_string={"page_size": total - 1})
    by_cursor_last = client.get("/api/claims", query_string={"page_size": 10,
                                                              "after": pagination(before_last)["next_after"]})

    assert "next_after" not in pagination(first)
    assert "next_after" not in pagination(last) and "previous_page" in pagination(last)
    assert [claim["id"] for claim in by_cursor_last.json] == [first.json[-1]["id"]]
    assert "next_after" not in pagination(by_cursor_last)


def test_a_claim_made_after_a_cursor_was_given_appears_past_it_only_where_it_sorts(client, annotated):
    """By id a new claim comes last, so the pages past a cursor list it; by newest update it comes first,
    so they do not, and no claim is listed twice (as the next numbered page then does)."""
    newest_first = {"sort": "-updated_at", "page_size": 2}
    by_id = client.get("/api/claims", query_string={"page_size": 2})
    by_update = client.get("/api/claims", query_string=newest_first)
    listed_first = [claim["id"] for claim in by_update.json]
    result = region(annotated.eleven.text, "اجتماع", "corroborated")
    assert annotated.hook(created(11, annotated.eleven, result, user=1)).json["outcomes"][0]["outcome"] == "accepted"
    made = max(claim["id"] for claim in client.get("/api/claims", query_string={"page_size": 100}).json)
    assert made not in annotated.ids.values()

    rest_by_id = by_cursor(client, "/api/claims", {"after": pagination(by_id)["next_after"]}, 2)
    rest_by_update = by_cursor(client, "/api/claims", {**newest_first, "after": pagination(by_update)["next_after"]}, 2)
    page_two = client.get("/api/claims", query_string={**newest_first, "page": 2}).json

    assert rest_by_id[-1] == made
    assert made not in rest_by_update and not set(rest_by_update) & set(listed_first)
    assert set(listed_first) & {claim["id"] for claim in page_two}  # offsets moved: a claim comes again


def _cursor(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).rstrip(b"=").decode()


BAD_CURSORS = {  # (the sort asked for, the cursor); "-time" is the list's time sort
    "not base64": ("id", "%%%not-a-cursor%%%"),
    "not JSON": ("id", base64.urlsafe_b64encode(b"\xff\xfe{").decode()),
    "not a list": ("id", _cursor()),
    "too short": ("id", _cursor("id", 5)),
    "unknown sort": ("id", _cursor("text", "a", 5)),
    "id of 0": ("id", _cursor("id", 0, 0)),
    "id past INTEGER": ("id", _cursor("id", 2**31, 2**31)),
    "id as text": ("id", _cursor("id", "5", "5")),
    "id as a boolean": ("id", _cursor("id", True, True)),
    "naive time": ("-time", _cursor("-time", "2026-11-01T10:00:00", 5)),
    "time as a number": ("-time", _cursor("-time", 1764582000, 5)),
    "time out of range in UTC": ("-time", _cursor("-time", "0001-01-01T00:00:00+05:00", 5)),
    "too long": ("id", "A" * 300),
}


@pytest.mark.parametrize("url, time_sort", [("/api/claims", "updated_at"), ("/api/verdicts", "created_at")])
@pytest.mark.parametrize("name", BAD_CURSORS)
def test_a_bad_or_forged_cursor_is_a_422_with_a_field_message(client, corpus, url, time_sort, name):
    sort, cursor = BAD_CURSORS[name]
    if sort == "-time":
        sort = f"-{time_sort}"
        cursor = _cursor(*[sort if part == "-time" else part
                           for part in json.loads(base64.urlsafe_b64decode(cursor + "=="))])
    response = client.get(url, query_string={"sort": sort, "after": cursor})

    assert response.status_code == 422, (name, response.json)
    assert response.json["code"] == 422 and list(response.json["errors"]["query"]) == ["after"]
    assert response.json["errors"]["query"]["after"] == ["Not a cursor of this list: send back the next_after "
                                                         "of X-Pagination."]


@pytest.mark.parametrize("url", ["/api/claims", "/api/verdicts"])
def test_after_with_page_or_with_another_sort_is_refused(client, corpus, url):
    cursor = pagination(client.get(url, query_string={"page_size": 3}))["next_after"]

    both = client.get(url, query_string={"after": cursor, "page": 2})
    other_sort = client.get(url, query_string={"after": cursor, "sort": "-id"})

    assert both.status_code == other_sort.status_code == 422
    assert both.json["errors"]["query"]["after"] == ["Give page or after, not both."]
    assert "sorted by id" in other_sort.json["errors"]["query"]["after"][0]


def test_a_hand_made_cursor_of_a_valid_position_starts_there(client, corpus):
    """Opaque is not secret: a cursor names a position in the list, whoever wrote it."""
    ids = by_page(client, "/api/verdicts", {"sort": "-id"}, 100)
    response = client.get("/api/verdicts", query_string={"sort": "-id", "after": _cursor("-id", ids[9], ids[9]),
                                                         "page_size": 3})

    assert [verdict["id"] for verdict in response.json] == ids[10:13]



# Past FACT_COUNT_LIMIT a list stops counting: X-Pagination says `total_at_least`, and the pages,
# by number or by cursor, still list every row once.

def _numbered_past_the_limit(client, url: str, query: dict, page_size: int) -> list[int]:
    ids, page = [], 1
    while True:
        response = client.get(url, query_string={**query, "page_size": page_size, "page": page})
        assert response.status_code == 200, response.json
        meta = pagination(response)
        assert "total" not in meta and "total_pages" not in meta and "last_page" not in meta
        assert meta["total_at_least"] == 7 and meta["page"] == page
        assert meta.get("previous_page") == (page - 1 if page > 1 else None)
        ids += [row["id"] for row in response.json]
        if "next_page" not in meta:
            return ids
        assert meta["next_page"] == page + 1 and len(response.json) == page_size
        page += 1


@pytest.mark.parametrize("url, query", [("/api/claims", {}), ("/api/claims", {"label": "corroborated"}),
                                        ("/api/claims", {"verdict": "disputed", "sort": "-updated_at"}),
                                        ("/api/verdicts", {}), ("/api/verdicts", {"outlet": "outlet"}),
                                        ("/api/spans", {})])
def test_past_the_count_limit_the_total_is_a_lower_bound_and_every_row_is_listed_once(app, client, corpus, url,
                                                                                     query):
    query = filters(query, corpus)
    exact = by_page(client, url, query, 9)
    assert len(exact) > 7
    app.config["FACT_COUNT_LIMIT"] = 7
    assert _numbered_past_the_limit(client, url, query, 9) == exact
    if url != "/api/spans":  # a list with a sort reads by cursor too
        assert by_cursor(client, url, query, 9) == exact


def test_a_page_past_the_last_row_of_an_uncounted_list_is_empty_with_no_next(app, client, corpus):
    app.config["FACT_COUNT_LIMIT"] = 7
    response = client.get("/api/verdicts", query_string={"page_size": 100, "page": 1000})
    assert response.status_code == 200 and response.json == []
    meta = pagination(response)
    assert meta["total_at_least"] == 7 and "next_page" not in meta and meta["previous_page"] == 999


def test_at_or_under_the_count_limit_the_total_is_exact(app, client, corpus):
    total = pagination(client.get("/api/verdicts"))["total"]
    app.config["FACT_COUNT_LIMIT"] = total
    meta = pagination(client.get("/api/verdicts", query_string={"page_size": 5}))
    assert meta["total"] == total and "total_at_least" not in meta
    assert meta["last_page"] == -(-total // 5)
