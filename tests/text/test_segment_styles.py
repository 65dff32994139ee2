"""Each sentence rule on clean text and on the same text tokenized as the scraped corpus was (a space on both
sides of every punctuation mark, inside numbers and initials too), plus the scraper's glued full stops."""

import json
import re
from pathlib import Path

import pytest

from fact.text.segment import segment

SEEDS = Path(__file__).parents[2] / "seeds"
SEED_SENTENCES = json.loads((Path(__file__).parent / "data" / "seed_sentences.json").read_text("utf-8"))
_MARK = re.compile(r"\s*([.,:;!?؟،؛\"«»“”()\[\]{}/…])\s*")


def tokenize(sentence: str) -> str:
    """The scraped corpus's style: `نحو 1.78 مليار.` becomes `نحو 1 . 78 مليار .`."""
    return " ".join(_MARK.sub(r" \1 ", sentence).split())


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text) if s.kind == "sentence"]


def assert_splits(expected: list[str]) -> None:
    """The clean paragraph splits into ``expected``, and its tokenized form into the tokenized sentences."""
    assert sentences(" ".join(expected)) == expected
    tokenized = [tokenize(s) for s in expected]
    assert sentences(" ".join(tokenized)) == tokenized


# --------------------------------------------------------------------------
# The seeds, as reviewed, in both styles


def test_every_seed_paragraph_splits_into_its_reviewed_sentences():
    for name, paragraphs in SEED_SENTENCES.items():
        text = (SEEDS / name).read_text("utf-8")
        got = [[text[s.start : s.end] for s in segment(text) if s.kind == "sentence" and s.paragraph == p.position]
               for p in segment(text) if p.kind == "paragraph"]
        assert got == paragraphs, name


def test_tokenized_seeds_split_into_the_tokenized_reviewed_sentences():
    checked = 0
    for name, paragraphs in SEED_SENTENCES.items():
        text = (SEEDS / name).read_text("utf-8")
        for expected in paragraphs:
            if len(expected) > 1 and " ".join(expected) in text:  # one space between sentences (no glued date)
                tokenized = [tokenize(s) for s in expected]
                assert sentences(" ".join(tokenized)) == tokenized, name
                checked += 1
    assert checked >= 20


# --------------------------------------------------------------------------
# One rule at a time


def test_terminators_end_sentences_and_runs_stay_together():
    assert_splits(["هل انسحب المقاتلون؟!", "نعم!", "لكن الوضع معقد؛", "والمعركة مستمرة.", "Really?", "Yes."])


def test_a_closing_quote_after_the_full_stop_belongs_to_the_sentence_that_ends():
    assert_splits(['قال المتحدث "إن القوات انسحبت."', "وأضاف أن الوضع هادئ."])


def test_a_full_stop_after_a_closing_quote_is_no_sentence_of_its_own():
    assert_splits(['قال المتحدث "إن القوات انسحبت".', 'وأضاف "سنبقى هنا".'])
    assert sentences('قال المتحدث " إن القوات انسحبت " . وأضاف') == ['قال المتحدث " إن القوات انسحبت " .', "وأضاف"]


def test_a_full_stop_inside_a_quotation_does_not_cut():
    assert_splits(['قال "انتهى الأمر. لن نعود".', "ثم غادر."])
    assert_splits(["وتابع «هل انتهت المعركة؟ لا».", "ثم غادر."])
    assert_splits(["أي معقل (للتنظيم. وهو الأخير) يمثل تهديدا.", "وانتهى."])


def test_an_unbalanced_quote_does_not_swallow_the_rest_of_the_paragraph():
    assert_splits(['قال المصدر "إن القوات تقدمت.', "ثم توقفت.", "وانسحب المقاتلون."])
    assert_splits(["انظر (الملحق.", "ثم الفصل الثاني.", "وأخيرا الخاتمة."])


@pytest.mark.parametrize("number", ["1.78", "3,5", "12.500", "24.10.2016", "1438/8/8"])
def test_a_number_is_never_cut(number):
    assert_splits([f"بلغت الخسائر نحو {number} مليار دولار.", "ثم هبطت."])


def test_a_full_stop_after_a_one_letter_initial_does_not_cut():
    assert_splits(["نقلت (أ.ف.ب) عن د. محمد العلي وJ. Smith أن المعارك مستمرة.", "وأكد ذلك م. أحمد."])
    assert sentences("بحسب أ . ف . ب . وقال") == ["بحسب أ . ف . ب . وقال"]


def test_the_era_letter_after_a_year_may_end_a_sentence():
    assert_splits(["سقطت المدينة عام 2014 م.", "وبدأت المعركة عام 1438 هـ.", "ثم انتهت."])


def test_latin_titles_do_not_cut():
    assert_splits(["Mr. Kerry met Dr. Ayrault.", "They talked."])


def test_ellipses_never_cut():
    assert_splits(["الذهب يرتفع.. والدولار يهبط... ثم جاء الخبر… وانتهى الأمر.", "وقال المصدر."])


def test_urls_and_emails_do_not_cut():
    assert_splits(["زار www.aljazeera.net/news/report.html وراسل info@sana.sy عن سياسة U.S. الجديدة.", "انتهى."])


def test_hashtags_mentions_and_emoji_stay_in_their_sentence():
    assert_splits(["قتل 3 مدنيين في حلب 😢.", "وانتشر وسم #حلب_تحترق عبر @UN_News 🔴.", "انتهى."])


def test_a_piece_with_no_letter_or_digit_is_never_a_sentence():
    assert sentences("انتهى الأمر. . 😢 . وقال المصدر. * * *") == ["انتهى الأمر. . 😢 .", "وقال المصدر. * * *"]
    assert sentences(". وقال المصدر") == [". وقال المصدر"]
    assert sentences('" . " .') == []
    assert [s.kind for s in segment("* * *\nنص.")] == ["paragraph", "paragraph", "sentence"]


# --------------------------------------------------------------------------
# Scraped text: full stops glued to the next sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("يتقدم في حلب.المعارضة تنسحب.", ["يتقدم في حلب.", "المعارضة تنسحب."]),
        ("ترك إرثاً غنياً.العمودي يعيش", ["ترك إرثاً غنياً.", "العمودي يعيش"]),
        ("قتل متظاهرين عام 2011.براءة 3 أشخاص", ["قتل متظاهرين عام 2011.", "براءة 3 أشخاص"]),
        ("اللاجئين (أونروا).خامنئي يعترف", ["اللاجئين (أونروا).", "خامنئي يعترف"]),
        ("جوائز بافتا.10 نجوم", ["جوائز بافتا.", "10 نجوم"]),
        ("هل انسحبوا؟نعم", ["هل انسحبوا؟", "نعم"]),
    ],
)
def test_a_full_stop_glued_between_two_arabic_sentences_cuts(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text", ["نحو 1.5 مليون", "أ.ح/ح.ع.ح (أ ف ب)", "د.محمد", "U.S.A", "www.sana.sy", "ص.ب 1234"])
def test_glued_full_stops_in_numbers_initials_and_urls_do_not_cut(text):
    assert sentences(text) == [text]
