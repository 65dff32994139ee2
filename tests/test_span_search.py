"""The substring index behind GET /api/spans?q=: it proposes every span the plain LIKE finds and no
other, follows new and deleted articles, and the API answers what the plain scan answers."""
import json

import pytest
from sqlalchemy import delete, select, text

from fact.database import like_pattern
from fact.extensions import db
from fact.models import Article, Span
from fact.search import span_text_contains
from fact.text.normalize import normalize_query


def found(conditions) -> list[int]:
    return list(db.session.scalars(select(Span.id).where(*conditions).order_by(Span.id)))


def scanned(needle: str) -> list[int]:
    """What a plain LIKE over every span finds: the answer the index must give."""
    return found([Span.search_text.like(like_pattern(needle), escape="\\")])


@pytest.mark.parametrize("q", ["أشتون", "الموصل", "2016", "داعش", "وزير الخارجية", "ab",
                               # under three: two through the pair index on PostgreSQL, else scanned with strpos() / instr()
                               "في", "13", "ه", "%", "_", "\\", "%_"])
def test_the_index_proposes_exactly_the_spans_that_contain_the_text(seeded, q):
    needle = normalize_query(q)
    conditions = span_text_contains(needle, db.engine.dialect.name)
    expected = scanned(needle)

    assert found(conditions) == expected
    assert found(conditions[:1]) == expected  # the index alone (on SQLite: the FTS5 trigram table)
    assert q in ("ab", "%", "_", "\\", "%_") or expected  # the seeds name them


def test_the_index_follows_new_and_deleted_articles(client, auth, seeded):
    text = "وصلت قافلة المساعدات إلى بلدة زملكا المحاصرة صباح اليوم."
    response = client.post("/api/articles", json={"text": text, "language": "ar"}, headers=auth)
    assert response.status_code == 201, response.json
    needle = normalize_query("زملكا")
    conditions = span_text_contains(needle, db.engine.dialect.name)
    assert len(found(conditions[:1])) == 2  # the paragraph and its sentence

    db.session.execute(delete(Article).where(Article.id == response.json["id"]))
    db.session.commit()

    assert found(conditions[:1]) == [] and scanned(needle) == []


def test_the_api_answers_what_the_plain_scan_answers_page_by_page(client, seeded):
    expected = db.session.scalars(
        select(Span.id).where(Span.search_text.like(like_pattern(normalize_query("الولايات")), escape="\\"))
        .order_by(Span.article_id, Span.start, Span.kind)).all()
    db.session.commit()
    pages = [client.get("/api/spans", query_string={"q": "الولايات", "page": page, "page_size": 5})
             for page in (1, 2, 3)]
    assert all(p.status_code == 200 for p in pages)
    assert json.loads(pages[0].headers["X-Pagination"])["total"] == len(expected) > 10
    assert [s["id"] for p in pages for s in p.json] == list(expected[:15])


def test_a_rare_short_fragment_is_read_from_the_fragment_index_on_postgresql(seeded):
    """Under three characters no trigram serves; on PostgreSQL the pair index must serve two, or a
    rare pair reads every span (110 ms at p99 on 194k spans, docs/benchmarks.md). SQLite scans, and
    so does one character on both."""
    conditions = span_text_contains(normalize_query("13"), db.engine.dialect.name)
    statement = select(Span.id).where(*conditions)
    one = str(select(Span.id).where(*span_text_contains("ه", db.engine.dialect.name)).compile(db.engine))
    assert "fact_short_fragments" not in one
    if db.engine.dialect.name != "postgresql":
        assert "instr" in str(statement.compile(db.engine))
        return
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # seven seed articles: a scan is cheaper
    plan = "\n".join(db.session.scalars(text("EXPLAIN " + str(statement.compile(
        db.engine, compile_kwargs={"literal_binds": True})))))
    assert "ix_spans_search_text_short" in plan
    assert found(conditions) == scanned(normalize_query("13"))
