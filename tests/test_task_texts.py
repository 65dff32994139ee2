"""What a task says to its annotator: words in the task's language, source labels that omit what is
unknown, hints isolated for bidi, and whole articles offered without their dateline."""
import re

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Span
from fact.services.tasks.payloads import header, opening, task_payloads, taskable_spans
from fact.services.tasks.wording import STANCES, VERDICTS, WORDS, hint_note
from tests.helpers import sentence


def _payload(fragment: str) -> dict:
    return task_payloads([sentence(fragment)], source_articles=20)[0]


def _ingest_english(runner, tmp_path) -> None:
    (tmp_path / "wire.txt").write_text("Defence ministers of 11 countries met in Paris on Tuesday.\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        '{"articles": [{"file": "wire.txt", "title": null, "url": null, "outlet": "Example Wire", '
        '"published_at": "2016-10-25", "language": "en"}]}', encoding="utf-8")
    assert runner.invoke(args=["fact", "ingest", str(tmp_path)]).exit_code == 0


def test_an_arabic_task_speaks_arabic_right_to_left(app, seeded):
    form = _payload("11 دولة")["data"]["form"]

    assert form["words"] == WORDS["ar"] and "اختر" in form["words"]["instruction"]
    assert [v["html"] for v in form["verdicts"]] == list(VERDICTS["ar"].values())
    assert [v["value"] for v in form["verdicts"]] == ["corroborated", "disputed", "unverifiable"]
    assert all([c["html"] for c in s["children"]] == ["يؤيد", "ينفي"] for s in form["sources"])
    assert "fact-rtl" in form["direction"]


def test_an_english_task_speaks_english_left_to_right(app, runner, seeded, tmp_path):
    _ingest_english(runner, tmp_path)

    form = _payload("11 countries")["data"]["form"]

    assert form["words"] == WORDS["en"]
    assert [v["html"] for v in form["verdicts"]] == list(VERDICTS["en"].values())
    assert all([c["html"] for c in s["children"]] == list(STANCES["en"].values()) for s in form["sources"])
    assert "fact-ltr" in form["direction"]


def test_no_label_says_what_is_unknown(app, runner, seeded):
    runner.invoke(args=["fact", "match"])
    payloads = task_payloads(list(db.session.scalars(taskable_spans())), source_articles=20)

    shown = [p["data"]["header"] for p in payloads] + [s["html"] for p in payloads for s in p["data"]["form"]["sources"]]
    assert not [text for text in shown if re.search(r"unknown|untitled", text)]
    bare = db.session.scalar(select(Article).where(Article.outlet_id.is_(None), Article.title.is_(None),
                                                   Article.published_at.is_(None)))
    assert header(bare) == ""


def test_a_source_label_reads_outlet_date_then_the_passage(app, runner, seeded):
    runner.invoke(args=["fact", "match"])
    sources = _payload("11 دولة")["data"]["form"]["sources"]
    thirteen = sentence("بعد اجتماع 13 دولة")

    (label,) = [s["html"] for s in sources if s["value"] == f"span:{thirteen.id}"]
    assert label.startswith('<b><bdi dir="auto">الرأي برس</bdi></b> — <bdi dir="auto">وقال كارتر')


def test_a_hint_isolates_each_value_so_that_13_stays_beside_its_noun(app):
    differences = [{"kind": "quantity", "ours": "13 دولة", "theirs": "11 دولة"}]

    assert str(hint_note("dispute", differences, "en")) == (
        '<i dir="auto">⚠ possible dispute: <bdi dir="auto">13 دولة</bdi> ≠ <bdi dir="auto">11 دولة</bdi></i>')
    assert str(hint_note("dispute", differences, "ar")).startswith('<i dir="auto">⚠ خلاف محتمل: <bdi')
    assert str(hint_note(None, differences, "en")) == ""
    assert "&lt;script&gt;" in str(hint_note("dispute", [{"ours": "<script>", "theirs": "1"}], "en"))


def test_the_hints_a_task_shows_are_isolated(app, runner, seeded):
    runner.invoke(args=["fact", "match"])
    sources = _payload("11 دولة")["data"]["form"]["sources"]

    hinted = [s["html"] for s in sources if WORDS["ar"]["dispute"] in s["html"]]
    assert hinted and all(re.search(r'<bdi dir="auto">11 دولة</bdi> ≠ <bdi dir="auto">13 [^<]+</bdi>', h) for h in hinted)


@pytest.mark.parametrize("paragraph, first_words", [
    ("٢٤ أكتوبر ٢٠١٦أفاد مصدر مقرب", "أفاد مصدر مقرب"),
    ("24 تشرين الأول 2016أفاد مصدر", "أفاد مصدر"),
    ("أفاد مصدر في 24 أكتوبر 2016", "أفاد مصدر في 24 أكتوبر 2016"),
])
def test_a_whole_article_offered_as_a_source_opens_after_its_dateline(paragraph, first_words):
    assert opening(paragraph) == first_words


def test_the_seed_article_with_a_glued_dateline_is_offered_from_its_first_words(app, seeded):
    dated = db.session.scalar(select(Article).where(Article.title.contains("مئات من مسلحي داعش")))
    other = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.article_id != dated.id))

    (offered,) = [s["html"] for s in task_payloads([other], source_articles=20)[0]["data"]["form"]["sources"]
                  if s["value"] == f"article:{dated.id}"]
    assert offered.startswith('<b><bdi dir="auto">2016-10-24</bdi></b> — <bdi dir="auto">أفاد مصدر مقرب من وزير الدفاع')


def test_who_else_published_it_is_said_in_the_tasks_language():
    from datetime import date
    from types import SimpleNamespace

    from fact.services.tasks.payloads import also_published

    first = SimpleNamespace(outlet_name="A", url_key=None, published_at=None)
    copies = [first, SimpleNamespace(outlet_name="B", url_key=None, published_at=date(2016, 10, 25)),
              SimpleNamespace(outlet_name=None, url_key="c.com/x", published_at=None)]

    assert also_published(copies, "en") == "Also published by: B (2016-10-25), c.com/x"
    assert also_published(copies, "ar") == "نشره أيضًا: B (2016-10-25)، c.com/x"
    assert also_published([first], "ar") == ""
