"""The CLI and POST /api/articles apply one set of rules: the same record is refused alike, with the
same message, and accepted alike, stored the same, on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""
import json

import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article, Span

GOOD = {"text": "خبر سليم. وجملة ثانية."}
TEXT = "قال الوزير إن 13 دولة شاركت."

REFUSED = [
    pytest.param({"text": "خبر \ud800 آخر"}, "text", "lone surrogate (U+D800) at character 4", id="lone-surrogate"),
    pytest.param({"text": "خبر\udfff"}, "text", "lone surrogate (U+DFFF)", id="low-surrogate"),
    pytest.param({"text": "خبر\x00 آخر"}, "text", "NUL character (U+0000) at character 3", id="nul"),
    pytest.param({"text": "\u200b"}, "text", "No text", id="one-zero-width-space"),
    pytest.param({"text": " \u200f\n\u2060\t\ufeff "}, "text", "No text", id="only-invisible"),
    pytest.param({"text": "\u064e\u0651"}, "text", "No text", id="only-marks"),
    pytest.param({"text": TEXT + "\x01\x02\x1b"}, "text", "Looks binary", id="control-characters"),
    pytest.param({"text": TEXT, "title": "ع" * 1001}, "title", "Longer than maximum length 1000.", id="title"),
    # 600 characters, 1,200 once NFC (U+0958 is a composition exclusion): checked as stored.
    pytest.param({"text": TEXT, "title": "\u0958" * 600}, "title", "Longer than maximum length 1000.", id="title-nfc"),
    pytest.param({"text": TEXT, "title": "عنوان\x00"}, "title", "NUL character", id="title-nul"),
    pytest.param({"text": TEXT, "outlet": "و" * 201}, "outlet", "Longer than maximum length 200.", id="outlet"),
    pytest.param({"text": TEXT, "outlet": "وكالة\udc80"}, "outlet", "lone surrogate (U+DC80)", id="outlet-surrogate"),
    pytest.param({"text": TEXT, "url": "https://example.org/" + "a" * 2000}, "url", "Longer than maximum length 2000.",
                 id="url"),
    pytest.param({"text": TEXT, "language": "ar-EG-u-nu-latn-ca-islamic"}, "language",
                 "A language tag of at most 16 characters, got 26", id="language-too-long"),
    pytest.param({"text": TEXT, "language": "xx"}, "language", "Not a BCP 47 language tag", id="language-unknown"),
    pytest.param({"text": TEXT, "language": "ar\x00"}, "language", "NUL character", id="language-nul"),
    pytest.param({"text": TEXT, "language": "a" * 5000}, "language", "at most 16 characters, got 5,000",
                 id="language-huge"),
]


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")  # ASCII: \ud800 escaped
    return path


def post(client, auth, record):
    """The body as a client sends it: ASCII JSON, a lone surrogate as its \\ud800 escape."""
    return client.post("/api/articles", data=json.dumps(record), content_type="application/json", headers=auth)


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


@pytest.mark.parametrize("record, field, reason", REFUSED)
def test_the_cli_and_the_api_refuse_the_same_record_with_the_same_message(runner, client, auth, tmp_path,
                                                                           record, field, reason):
    path = write_jsonl(tmp_path / "batch.jsonl", GOOD, record)

    result = runner.invoke(args=["fact", "ingest", str(path)])
    response = post(client, auth, record)

    assert result.exit_code == 1
    assert response.status_code == 422
    (message,) = response.json["errors"]["json"][field]
    assert reason in message
    assert result.stderr.splitlines()[0] == f"rejected {path}:2: {field}: {message}"
    assert "1 file(s) rejected (1 bad record(s))" in result.stdout
    assert stored() == 0 and db.session.scalar(select(func.count()).select_from(Span)) == 0


ACCEPTED = [
    pytest.param({"text": TEXT, "language": "AR"}, {"language": "ar"}, id="language-case"),
    pytest.param({"text": TEXT, "language": "ar_eg"}, {"language": "ar-EG"}, id="language-underscore"),
    pytest.param({"text": TEXT, "language": "ar-EG-u-nu-latn"}, {"language": "ar-EG-u-nu-latn"}, id="language-16"),
    pytest.param({"text": TEXT, "title": "  عنوان  ", "outlet": " وكالة "}, {"title": "عنوان"}, id="trimmed"),
    pytest.param({"text": TEXT, "title": "ع" * 1000, "url": "https://example.org/" + "a" * 1980},
                 {"title": "ع" * 1000}, id="at-the-column-lengths"),
    pytest.param({"text": TEXT * 4 + "\x1b\u200b"}, {"text": TEXT * 4 + "\x1b\u200b"}, id="one-control-in-a-hundred"),
    pytest.param({"text": TEXT, "outlet": ""}, {"outlet": None}, id="empty-outlet-is-none"),
]


@pytest.mark.parametrize("record, expected", ACCEPTED)
def test_the_cli_and_the_api_store_an_accepted_record_alike(runner, client, auth, tmp_path, record, expected):
    result = runner.invoke(args=["fact", "ingest", str(write_jsonl(tmp_path / "batch.jsonl", record))])
    from_cli = _row()
    db.session.execute(Article.__table__.delete())
    db.session.commit()
    response = post(client, auth, record)

    assert result.exit_code == 0, result.output
    assert response.status_code == 201, response.json
    assert _row() == from_cli
    assert {key: from_cli[key] for key in expected} == expected


def _row() -> dict:
    article = db.session.scalars(select(Article)).one()
    db.session.expire_all()
    return {"text": article.text, "title": article.title, "url": article.url, "language": article.language,
            "outlet": article.outlet_name, "content_hash": article.content_hash}


def test_the_article_filters_read_text_as_ingest_does(client, auth):
    assert post(client, auth, {"text": TEXT, "language": "ar-eg", "outlet": "وكالة"}).status_code == 201

    assert [a["language"] for a in client.get("/api/articles?language=AR-EG").json] == ["ar-EG"]
    for query in ("language=a%00b", "language=xx", "language=" + "a" * 100, "outlet=%00"):
        response = client.get(f"/api/articles?{query}")
        assert response.status_code == 422, query
        assert response.json["code"] == 422


def test_the_text_size_limit_is_the_same_on_both_paths(runner, client, auth, app, tmp_path):
    app.config["FACT_MAX_ARTICLE_BYTES"] = 100
    fits_cli, fits_api, over = {"text": "خبر " * 14}, {"text": "نبأ " * 14}, {"text": "خبر " * 15}
    assert len(fits_cli["text"].encode()) == 98 and len(over["text"].encode()) == 105
    fits = write_jsonl(tmp_path / "fits.jsonl", fits_cli)  # 600 bytes once JSON escapes the Arabic
    too_long = write_jsonl(tmp_path / "over.jsonl", over)

    assert runner.invoke(args=["fact", "ingest", str(fits)]).exit_code == 0
    assert post(client, auth, fits_api).status_code == 201
    result = runner.invoke(args=["fact", "ingest", str(too_long)])
    response = post(client, auth, over)

    assert response.status_code == 422
    assert response.json["errors"]["json"]["text"] == ["The text is over the limit of 100 bytes."]
    assert result.stderr.splitlines()[0] == f"rejected {too_long}:1: text: The text is over the limit of 100 bytes."
    assert stored() == 2


def test_a_record_over_the_request_body_limit_is_refused_as_the_api_refuses_the_body(runner, client, auth, app,
                                                                                    tmp_path):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    big = {"text": "خبر " * 100}
    path = write_jsonl(tmp_path / "big.jsonl", GOOD, big)

    result = runner.invoke(args=["fact", "ingest", str(path)])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"rejected {path}:2: the record is over the limit of 1,000 bytes of a request body")
    assert post(client, auth, big).status_code == 413
    assert stored() == 0
