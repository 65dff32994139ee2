"""Search normalization: every spelling variant the seeds use must match."""

from pathlib import Path

import pytest

from fact.text.normalize import normalize_for_search, normalize_query

SEEDS = Path(__file__).parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_the_three_spellings_of_ashton_in_the_seeds_normalize_equal():
    spellings = {"آشتون": "000", "أشتون": "004", "اشتون": "002"}
    for spelling, prefix in spellings.items():
        assert spelling in seed(prefix)
    assert {normalize_for_search(s) for s in spellings} == {"اشتون"}


def test_a_word_without_foldable_letters_is_unchanged():
    assert normalize_for_search("كارتر") == "كارتر"


def test_diacritics_are_removed():
    assert normalize_for_search("مُحَمَّد") == normalize_for_search("محمد") == "محمد"


def test_shadda_and_damma_in_the_seeds_are_removed():
    assert "كُلفت" in seed("001")
    assert "فرّ" in seed("002")
    assert normalize_for_search("كُلفت") == "كلفت"
    assert normalize_for_search("فرّ سكانها") == "فر سكانها"


def test_tatweel_is_removed():
    assert normalize_for_search("الــموصل") == normalize_for_search("الموصل") == "الموصل"


def test_superscript_alef_and_quranic_marks_are_removed():
    assert normalize_for_search("هٰذا") == "هذا"
    assert normalize_for_search("الرحيم\u06db") == "الرحيم"


def test_arabic_indic_and_extended_digits_become_ascii():
    assert normalize_for_search("٢٠١٦") == "2016"
    assert normalize_for_search("۲۰۱۶") == "2016"
    assert normalize_for_search("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"


def test_the_glued_date_of_seed_000_normalizes_to_ascii_digits():
    first_words = seed("000").splitlines()[1][:14]
    assert first_words == "٢٤ أكتوبر ٢٠١٦"
    assert normalize_for_search(first_words) == "24 اكتوبر 2016"


def test_ta_marbuta_folds_to_ha():
    assert normalize_for_search("مدينة") == normalize_for_search("مدينه") == "مدينه"


def test_alef_maqsura_folds_to_ya():
    assert normalize_for_search("على") == normalize_for_search("علي") == "علي"


def test_hamza_below_alef_folds_to_bare_alef():
    assert normalize_for_search("إبراهيم") == normalize_for_search("ابراهيم") == "ابراهيم"


@pytest.mark.parametrize("alef", ["أ", "إ", "آ", "ٱ", "ٲ", "ٳ"])
def test_every_alef_form_folds_to_bare_alef(alef):
    assert normalize_for_search(alef + "لف") == "الف"


def test_latin_text_is_casefolded():
    assert normalize_for_search("Ashton CARTER") == "ashton carter"
    assert normalize_for_search("Straße") == normalize_for_search("STRASSE")


def test_whitespace_runs_collapse_to_one_space_and_ends_are_stripped():
    text = "  وزير\t\tالدفاع\u00a0\u00a0الفرنسي\r\nجان\u2028إيف  "
    assert normalize_for_search(text) == "وزير الدفاع الفرنسي جان ايف"


def test_decomposed_hamza_matches_the_precomposed_letter():
    decomposed = "ا\u0654شتون"  # alef + combining hamza above
    assert normalize_for_search(decomposed) == normalize_for_search("أشتون") == "اشتون"


def test_decomposed_latin_matches_the_precomposed_letter():
    assert normalize_for_search("Cafe\u0301") == normalize_for_search("Café") == "café"


def test_zero_width_and_bidi_marks_do_not_break_matching():
    assert normalize_for_search("الموص\u200cل\u200f") == "الموصل"
    assert normalize_for_search("\ufeffداعش\u200b") == "داعش"


def test_empty_and_blank_text_normalize_to_empty():
    assert normalize_for_search("") == ""
    assert normalize_for_search(" \n\t\u00a0") == ""


def test_normalize_query_treats_a_query_like_span_text():
    for q in ["إبراهيم الجعفري", "  آشتون   كارتر ", "الــموصل", "٢٠١٤"]:
        assert normalize_query(q) == normalize_for_search(q)


def test_a_query_spelled_differently_finds_the_seed_sentence():
    haystack = normalize_for_search(seed("004"))
    # The seed writes إبراهيم and الإرهابيين; users type without hamza.
    assert normalize_query("ابراهيم الجعفري") in haystack
    assert normalize_query("اشتون كارتر") in haystack
    assert normalize_query("عام ٢٠١٤") in haystack  # the seed has ASCII 2014


def test_normalizing_seed_text_is_idempotent():
    for path in sorted(SEEDS.glob("*.txt")):
        once = normalize_for_search(path.read_text(encoding="utf-8"))
        assert normalize_for_search(once) == once
        assert "أ" not in once and "ة" not in once and "ى" not in once
