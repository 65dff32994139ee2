"""Rationale lines to sentences and back (fact.services.claims.labels.lines): the one mapping."""
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Span
from fact.services.claims.labels.lines import LineError, copied_lines, line_spans, span_lines
from fact.text.segment import segment

TEXT = "عنوان الخبر\r\n\r\nالجملة الأولى. الجملة الثانية!\n***\nسطر أخير بلا نقطة\u2028وسطر بعد فاصل يونيكود"


def sentences(text: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=100 + i, start=s.start) for i, s in enumerate(segment(text)) if s.kind == "sentence"]


def test_a_line_is_one_of_splitlines_and_its_sentences_are_those_that_start_on_it():
    spans = sentences(TEXT)

    found = line_spans(TEXT, spans, [2, 0, 4, 5])

    assert list(found) == [0, 2, 4, 5]
    texts = {s.id: TEXT[s.start:] for s in spans}
    assert [texts[i][:14] for i in found[2]] == ["الجملة الأولى.", "الجملة الثانية"]
    assert len(found[0]) == len(found[4]) == len(found[5]) == 1


def test_span_lines_gives_the_lines_back():
    spans = sentences(TEXT)
    found = line_spans(TEXT, spans, [0, 2, 5])

    chosen = [s for s in spans if any(s.id in ids for ids in found.values())]

    assert span_lines(TEXT, chosen) == [0, 2, 5]


@pytest.mark.parametrize("line, reason", [
    (1, "line 1 of the article is blank"),
    (3, "line 3 of the article is without a sentence (no letter or digit)"),
    (6, "line 6 is past the article's last line (5)"),
])
def test_a_line_that_names_no_sentence_is_refused(line, reason):
    with pytest.raises(LineError, match=None) as refused:
        line_spans(TEXT, sentences(TEXT), [line])

    assert str(refused.value) == reason


def test_the_lines_of_a_copy_are_found_in_the_stored_article_by_their_text():
    stored = "عنوان\nسطر أول.\nسطر ثان."
    given = "اقرأ أيضا\nعنوان\n  سطر أول.\nسطر ثان."

    assert copied_lines(given, stored, [2, 3]) == {2: 1, 3: 2}
    with pytest.raises(LineError, match="line 0 is not a line of the article it is a copy of"):
        copied_lines(given, stored, [0])


def test_every_line_of_a_seed_article_maps_to_its_own_sentences_and_back(seeded):
    for article in db.session.scalars(select(Article)):
        spans = db.session.scalars(select(Span).where(Span.article_id == article.id, Span.kind == "sentence")).all()
        lines = span_lines(article.text, spans)
        found = line_spans(article.text, spans, lines)
        assert sorted(i for ids in found.values() for i in ids) == sorted(s.id for s in spans)
        paragraphs = db.session.scalars(select(Span).where(Span.article_id == article.id, Span.kind == "paragraph")
                                        .order_by(Span.position))
        by_id = {s.id: s for s in spans}
        for paragraph, line in zip(paragraphs, lines, strict=True):
            assert {by_id[i].paragraph for i in found[line]} == {paragraph.position}
