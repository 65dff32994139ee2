"""Properties of segment() over generated tokenized (and partly glued) news text: no sentence is only
punctuation, no number is cut, and the sentences still tile their paragraph exactly."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fact.text.segment import segment

WORDS = ["قال", "الجيش", "في", "حلب", "وأضاف", "مليار", "دولار", "أ", "ف", "ب", "د", "م", "هـ", "ا", "و",
         "Reuters", "www", "net", "U", "S", "Mr", "the", "#حلب", "@UN", "مُحَمَّد", "ـ"]
MARKS = list(".,!?؟،؛\"«»“”()…:/*-[]'") + [". . .", "..", "?!", "\u200f", "\u00a0"]
EMOJI = ["😢", "🔴", "👍🏽", "👨‍👩‍👧"]
DIGITS = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=4)
SEPARATORS = st.sampled_from([" . ", ".", " , ", ",", " / ", " : ", "٫"])


@st.composite
def numbers(draw) -> str:
    parts = draw(st.lists(DIGITS, min_size=1, max_size=4))
    out = parts[0]
    for part in parts[1:]:
        out += draw(SEPARATORS) + part
    return out


TOKENS = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(EMOJI), numbers())


@st.composite
def paragraphs(draw) -> str:
    tokens = draw(st.lists(TOKENS, min_size=1, max_size=40))
    glues = draw(st.lists(st.sampled_from([" ", " ", " ", " ", "", "  "]), min_size=len(tokens), max_size=len(tokens)))
    return "".join(t + g for t, g in zip(tokens, glues)).strip()


# A number: digit runs joined by a decimal or date separator, spaces allowed around it.
NUMBER = re.compile(r"\d+(?:[ \u00a0]*[.,/:٫][ \u00a0]*\d+)*")
WORDISH = re.compile(r"[^\W_]")


def _sentences(text: str):
    return [s for s in segment(text) if s.kind == "sentence"]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(paragraphs())
def test_no_sentence_is_only_punctuation_or_emoji(text):
    for s in _sentences(text):
        assert WORDISH.search(text[s.start : s.end]), text[s.start : s.end]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(paragraphs())
def test_no_number_is_cut(text):
    sents = _sentences(text)
    for number in NUMBER.finditer(text):
        for s in sents[1:]:
            assert not number.start() < s.start < number.end(), (text, number.group())


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(paragraphs(), min_size=1, max_size=4))
def test_sentences_tile_each_paragraph_that_has_words(parts):
    text = "\n".join(parts)
    segs = segment(text)
    for para in (s for s in segs if s.kind == "paragraph"):
        sents = [s for s in segs if s.kind == "sentence" and s.paragraph == para.position]
        if not WORDISH.search(text[para.start : para.end]):
            assert sents == []
            continue
        cursor = para.start
        for s in sents:
            span = text[s.start : s.end]
            assert span and span == span.strip()
            assert text[cursor : s.start].strip() == ""
            cursor = s.end
        assert cursor == para.end
