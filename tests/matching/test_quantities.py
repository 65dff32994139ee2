"""Quantities: numbers in digits and words, vague amounts, hedges, ranges and their units."""

import math

import pytest

from fact.matching.quantities import Quantity, quantities
from tests.matching.seeds import seed_sentence, seed_sentences

def only(text: str) -> Quantity:
    (q,) = quantities(text)
    return q


def values(text: str) -> list[tuple[float, float, str | None, bool]]:
    return [(q.low, q.high, q.unit, q.approximate) for q in quantities(text)]


# --------------------------------------------------------------------------
# The seeds' disagreements


def test_the_paris_meeting_counts_in_the_seeds():
    assert values(seed_sentence("003", "اجتماع 13 دولة")) == [(13, 13, "country", False)]
    assert values(seed_sentence("004", "11 دولة")) == [(11, 11, "country", False)]
    assert values(seed_sentence("000", "13 وزير دفاع")) == [(13, 13, "minister", False)]
    assert values(seed_sentence("002", "13 وزير دفاع")) == [(13, 13, "minister", False)]


def test_the_three_estimates_of_fighters_in_mosul_are_ranges_of_fighters():
    afp = only(seed_sentence("000", "خمسة آلاف وستة آلاف"))
    us = seed_sentence("001", "بين 3500")
    coalition = only(seed_sentence("002", "بين أربعة آلاف"))
    assert (afp.low, afp.high, afp.unit, afp.text) == (5000, 6000, "fighter", "ما بين خمسة آلاف وستة آلاف مسلح")
    assert values(us)[0] == (3500, 5000, "fighter", False)
    assert (coalition.low, coalition.high, coalition.unit) == (4000, 6000, "fighter")


def test_a_few_hundred_and_the_hundreds_in_the_seeds_are_vague_counts_of_fighters():
    few = quantities(seed_sentence("000", "وصلوا في الأيام الأخيرة"))
    assert [(q.low, q.high, q.unit, q.approximate) for q in few] == [(300, 900, "fighter", True)]
    hundreds = quantities(seed_sentence("001", "فرار إعداد كبيرة"))
    assert [(q.low, q.high, q.unit) for q in hundreds] == [(100, 999, "fighter"), (100, 999, "fighter")]


def test_one_and_a_half_million_is_read_the_same_with_a_comma_and_a_point():
    comma = only(seed_sentence("001", "1,5 مليون"))
    point = only(seed_sentence("003", "1.5 مليون"))
    assert (comma.low, comma.unit, comma.approximate) == (1_500_000, "person", True)  # نحو
    assert (point.low, point.unit, point.approximate) == (1_500_000, "person", False)


def test_more_than_35_leaders_is_open_ended_and_approximate():
    q = quantities(seed_sentence("003", "أكثر من 35"))[0]
    assert (q.low, q.high, q.unit, q.approximate, q.text) == (35, math.inf, "leader", True, "أكثر من 35 قائداً")


def test_every_quantity_text_is_the_slice_of_the_sentence_at_its_offsets():
    found = 0
    for sentence in seed_sentences():
        for q in quantities(sentence):
            assert sentence[q.start : q.end] == q.text
            assert q.low <= q.high
            found += 1
    assert found >= 35


# --------------------------------------------------------------------------
# Not quantities


@pytest.mark.parametrize(
    "text",
    [
        "أفاد مصدر الاثنين (24 تشرين الأول/ اكتوبر 2016) أن",
        "٢٤ أكتوبر ٢٠١٦أفاد مصدر مقرب",
        "استولى عليها الجهاديون في يونيو/حزيران 2014 وأعلنوا",
        "سقطت في حزيران/يونيو 2014 بأيدي",
        "في 17 تشرين الاول/اكتوبر بدعم من التحالف",
        "الذكرى السنوية الأولى لهجمات باريس في 13 نوفمبر تشرين الثاني",
        "الساعة 00:03 (الرأي برس - وكالات)",
        "الثلاثاء 26 نوفمبر 2024 آخر تحديث",
        "تنفذ فرنسا غارات في العراق منذ عام 2014.",
        "في الأيام التسعين الماضية وخلال الأيام الست الأولى",
        "فرنسا كواحدة من البلدان وواحدة من المعاقل",
        "",
    ],
)
def test_years_dates_times_ordinals_and_one_of_are_not_quantities(text):
    assert quantities(text) == []


def test_a_year_like_number_before_a_counted_noun_is_a_quantity():
    assert values("وصل 2000 مقاتل") == [(2000, 2000, "fighter", False)]


# --------------------------------------------------------------------------
# Digits


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,5", 1.5), ("1.5", 1.5), ("12,75", 12.75), ("5,000", 5000), ("3.500", 3500),
        ("1,250,000", 1_250_000), ("1,234.5", 1234.5), ("٥٠٠٠", 5000), ("٣٫٥", 3.5), ("٥٬٠٠٠", 5000),
        ("0.500", 0.5), ("1.2345", 1.2345), ("1400", 1400),
    ],
)  # fmt: skip
def test_digit_separators_one_or_two_digits_after_are_decimals_three_are_thousands(text, value):
    q = only(f"ألقت {text} قذيفة")
    assert q.low == q.high == value
    assert q.text == f"{text} قذيفة"


# --------------------------------------------------------------------------
# Number words


@pytest.mark.parametrize(
    "text, value",
    [
        ("واحد", 1), ("اثنان", 2), ("اثنتين", 2), ("ثلاث", 3), ("ثلاثة", 3), ("أربع", 4), ("خمسة", 5),
        ("ست", 6), ("سبعة", 7), ("ثماني", 8), ("ثمانية", 8), ("تسع", 9), ("عشرة", 10),
        ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("خمسة عشر", 15), ("تسع عشرة", 19),
        ("عشرون", 20), ("ثلاثين", 30), ("خمسة وعشرون", 25), ("تسعين", 90),
        ("مئة", 100), ("مائة", 100), ("مئتين", 200), ("ثلاثمائة", 300), ("خمسمئة", 500), ("ثلاث مئة", 300),
        ("مئة وخمسون", 150), ("ألف", 1000), ("ألفين", 2000), ("خمسة آلاف", 5000),
        ("ثلاثة آلاف وخمسمائة", 3500), ("أحد عشر ألفا", 11000), ("مليون", 1e6), ("ثلاثة ملايين", 3e6),
        ("6 آلاف", 6000), ("1,5 مليون", 1.5e6), ("15 ألف", 15000),
    ],
)  # fmt: skip
def test_number_words_and_their_combinations(text, value):
    q = only(f"قتل {text} مقاتل")
    assert (q.low, q.high, q.unit, q.approximate) == (value, value, "fighter", False)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("بضع مئات", 300, 900), ("المئات", 100, 999), ("مئات", 100, 999), ("عشرات", 10, 99),
        ("آلاف", 1000, 9999), ("الآلاف", 1000, 9999), ("عشرات الآلاف", 10000, 99999),
        ("مئات الآلاف", 100000, 999999), ("بضعة آلاف", 3000, 9000), ("عدة آلاف", 3000, 9000),
    ],
)  # fmt: skip
def test_vague_amounts_are_approximate_ranges(text, low, high):
    q = only(f"وصل {text} من المقاتلين")
    assert (q.low, q.high, q.unit, q.approximate) == (low, high, "fighter", True)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("نحو 900", 900, 900), ("حوالي 900", 900, 900), ("قرابة 900", 900, 900), ("ما يقارب 900", 900, 900),
        ("أكثر من 74", 74, math.inf), ("ما يزيد على 74", 74, math.inf), ("ما لا يقل عن 74", 74, math.inf),
        ("أقل من 10", 0, 10), ("900 تقريبا", 900, 900),
    ],
)  # fmt: skip
def test_hedged_numbers_are_approximate(text, low, high):
    q = only(f"قتل {text} جهادي")
    assert (q.low, q.high, q.approximate) == (low, high, True)
    assert q.text.startswith(text.split()[0])


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("ما بين خمسة آلاف وستة آلاف", 5000, 6000),
        ("بين 3500 وخمسة آلاف", 3500, 5000),
        ("بين أربعة آلاف الى ستة آلاف", 4000, 6000),
        ("بين أربعة وستة آلاف", 4000, 6000),
        ("من 3500 إلى خمسة آلاف", 3500, 5000),
        ("بين 10 و15 ألف", 10000, 15000),
        ("3500-5000", 3500, 5000),
        ("بين 3 و5", 3, 5),
    ],
)
def test_ranges_and_a_multiplier_on_the_upper_bound_applies_to_a_bare_lower_bound(text, low, high):
    q = only(f"يقدر عددهم {text} مسلح")
    assert (q.low, q.high, q.unit, q.approximate) == (low, high, "fighter", False)


def test_two_numbers_joined_by_and_without_between_are_two_quantities():
    assert values("قتلوا 190 من افراد قوات الامن و42 مدنيا") == [
        (190, 190, "افراد", False),
        (42, 42, "civilian", False),
    ]


# --------------------------------------------------------------------------
# Units


@pytest.mark.parametrize(
    "noun, unit",
    [
        ("دولة", "country"), ("دول", "country"), ("بلدان", "country"), ("بلدا", "country"),
        ("مقاتل", "fighter"), ("مقاتلين", "fighter"), ("من المقاتلين", "fighter"), ("مسلحا", "fighter"),
        ("من مسلحي", "fighter"), ("عنصر", "fighter"), ("من عناصر", "fighter"), ("جهادي", "fighter"),
        ("من الإرهابيين", "fighter"), ("إرهابيا", "fighter"), ("وزير", "minister"), ("وزراء", "minister"),
        ("قائدا", "leader"), ("شخصا", "person"), ("نسمة", "person"), ("مدنيا", "civilian"),
    ],
)  # fmt: skip
def test_units_are_stemmed_and_merged_into_synonym_classes(noun, unit):
    assert only(f"وصل 40 {noun} أمس").unit == unit


def test_other_nouns_get_a_shared_stem_for_singular_and_article_forms():
    assert only("ألقت 1400 قذيفة").unit == only("ألقت 1400 من القذيفة").unit


def test_percentages_have_the_percent_unit():
    assert values("ارتفعت إلى 50% ثم 30 في المئة ثم 20 بالمئة و10٪") == [
        (50, 50, "%", False),
        (30, 30, "%", False),
        (20, 20, "%", False),
        (10, 10, "%", False),
    ]


def test_a_number_followed_by_a_non_noun_has_no_unit_unless_an_earlier_count_names_it():
    assert only("قتل 5 في الهجوم").unit is None
    both = quantities(seed_sentence("001", "بين 3500"))
    assert (both[1].low, both[1].unit, both[1].text) == (2000, "fighter", "ألفين")  # عدد المسلحين ... ألفين آخرين


def test_the_conjunction_glued_to_a_number_word_is_not_part_of_its_text():
    q = quantities("قتل 3 جنود وخمسة مسلحين")[1]
    assert (q.low, q.text) == (5, "خمسة مسلحين")


@pytest.mark.parametrize(
    "text, low, shown",
    [
        ("واشنطن تعاقب الصين بخمسين مليار دولار", 50e9, "خمسين مليار دولار"),
        ("الطلب على النفط يصل لمائة مليون برميل", 100e6, "مائة مليون برميل"),
        ("قصف أدى بعشرة قتلى", 10, "عشرة قتلى"),
        ("ووصلت الحصيلة وبخمسين قتيلا", 50, "خمسين قتيلا"),
    ],
)
def test_a_number_word_with_a_preposition_written_onto_it_is_read(text, low, shown):
    q = only(text)
    assert (q.low, q.text) == (low, shown)


def test_a_short_word_that_looks_like_a_preposition_and_a_number_is_not_one():
    assert quantities("لست أدري كم شخصا حضر") == []  # "I do not know", not ل + ست (six)


def test_a_scaled_decimal_is_the_exact_number_it_names():
    assert only("بقيمة 2.14 مليار دولار").low == only("بقيمة ٢,١٤٠ مليون دولار").low == 2_140_000_000
