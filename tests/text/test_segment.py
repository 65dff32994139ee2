"""Paragraph and sentence segmentation with exact code-point offsets."""

from pathlib import Path

import pytest

from fact.text.segment import Segment, segment

SEEDS = Path(__file__).parents[2] / "seeds"
SEED_PATHS = sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text) if s.kind == "sentence"]


def paragraphs(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text) if s.kind == "paragraph"]


def sentences_of_paragraph(text: str, starting_with: str) -> list[str]:
    segs = segment(text)
    (para,) = [s for s in segs if s.kind == "paragraph" and text[s.start : s.end].startswith(starting_with)]
    return [text[s.start : s.end] for s in segs if s.kind == "sentence" and s.paragraph == para.position]


def test_the_seed_corpus_is_there():
    assert len(SEED_PATHS) == 5


# --------------------------------------------------------------------------
# Invariants on every seed


@pytest.fixture(params=SEED_PATHS, ids=lambda p: p.name[:3])
def seed_text(request) -> str:
    return request.param.read_text(encoding="utf-8")


def test_no_span_starts_or_ends_with_whitespace(seed_text):
    for s in segment(seed_text):
        span = seed_text[s.start : s.end]
        assert span, s
        assert span == span.strip(), s


def test_paragraphs_are_exactly_the_non_blank_lines(seed_text):
    lines = [line.strip() for line in seed_text.split("\n") if line.strip()]
    assert paragraphs(seed_text) == lines


def test_sentences_lie_inside_their_paragraph(seed_text):
    segs = segment(seed_text)
    paras = {s.position: s for s in segs if s.kind == "paragraph"}
    for s in segs:
        if s.kind == "sentence":
            para = paras[s.paragraph]
            assert para.start <= s.start < s.end <= para.end


def test_sentences_cover_every_non_space_character_of_their_paragraph_in_order(seed_text):
    segs = segment(seed_text)
    for para in (s for s in segs if s.kind == "paragraph"):
        sents = [s for s in segs if s.kind == "sentence" and s.paragraph == para.position]
        assert sents, para
        cursor = para.start
        for s in sents:
            assert s.start >= cursor  # in order, no overlap
            assert seed_text[cursor : s.start].strip() == ""  # nothing skipped
            cursor = s.end
        assert cursor == para.end


def test_spans_come_in_document_order_with_each_paragraph_before_its_sentences(seed_text):
    segs = segment(seed_text)
    assert segs[0].kind == "paragraph"
    current = None
    for s in segs:
        if s.kind == "paragraph":
            current = s
        else:
            assert s.paragraph == current.position
            assert s.boilerplate == current.boilerplate
    starts = [(s.start, 0 if s.kind == "paragraph" else 1) for s in segs]
    assert starts == sorted(starts)


def test_positions_count_from_zero_separately_for_each_kind(seed_text):
    segs = segment(seed_text)
    for kind in ("paragraph", "sentence"):
        positions = [s.position for s in segs if s.kind == kind]
        assert positions == list(range(len(positions)))
    for s in segs:
        if s.kind == "paragraph":
            assert s.paragraph == s.position


@pytest.mark.parametrize(
    ("prefix", "n_paragraphs", "n_sentences"),
    [("000", 9, 19), ("001", 21, 62), ("002", 35, 36), ("003", 33, 34), ("004", 15, 17)],
)
def test_the_seeds_split_into_the_reviewed_number_of_spans(prefix, n_paragraphs, n_sentences):
    text = seed(prefix)
    assert len(paragraphs(text)) == n_paragraphs
    assert len(sentences(text)) == n_sentences


# --------------------------------------------------------------------------
# Cases forced by the seeds


def test_seed_000_glued_date_becomes_its_own_sentence():
    text = seed("000")
    sents = sentences_of_paragraph(text, "٢٤ أكتوبر")
    assert sents[0] == "٢٤ أكتوبر ٢٠١٦"
    assert sents[1].startswith("أفاد مصدر مقرب من وزير الدفاع الفرنسي الاثنين (24 تشرين الأول/ اكتوبر 2016)")
    assert sents[1].endswith("آتين من سوريا.")
    assert sents[2].startswith("وأوضح المصدر")
    assert len(sents) == 3


def test_seed_000_byline_of_initials_and_agency_is_one_sentence():
    text = seed("000")
    assert sentences_of_paragraph(text, "أ.ح/") == ["أ.ح/ح.ع.ح (أ ف ب)"]


def test_seed_004_double_period_ellipsis_does_not_cut_the_sentence():
    text = seed("004")
    sents = sentences_of_paragraph(text, "وذكر قال هولاند")
    assert len(sents) == 1
    assert "عند سقوط الموصل.. يتعين القضاء" in sents[0]


def test_seed_004_ellipsis_outside_any_quotation_does_not_cut_either():
    text = "وقال إن الخلافة أمر افتراضي.. وعندما لا تكون هناك خلافة على الأرض تنتهي."
    assert sentences(text) == [text]


def test_seed_000_quotation_containing_a_period_stays_one_sentence():
    text = seed("000")
    sents = sentences_of_paragraph(text, "في غضون ذلك")
    assert sents[1].startswith('وقال المصدر الفرنسي "لا نعرف كيف سترد داعش. هناك فرضيات')
    assert sents[1].endswith('للقوات العراقية".')
    assert len(sents) == 2


def test_seed_003_curly_quotation_containing_a_period_stays_one_sentence():
    text = seed("003")
    sents = sentences_of_paragraph(text, "وقال المسؤول العسكري “حقيقة")
    assert len(sents) == 1
    assert "إلى الرقة. إنهم يعرفون" in sents[0]
    assert sents[0].endswith("على المدينة”.")


def test_seed_001_period_just_before_the_closing_quote_ends_the_sentence():
    text = seed("001")
    sents = sentences_of_paragraph(text, "وقال وزير الدفاع الأمريكي آشتون كارتر إن")
    assert sents[1] == 'وقال كارتر في مؤتمر صحفي "نعم سيحدث تداخل وهذا جزء من خطتنا ونحن مستعدون لذلك."'
    assert sents[2].startswith("ولم يقدم الوزير")


def test_seed_002_text_after_a_closing_quote_continues_the_sentence():
    text = seed("002")
    sents = sentences_of_paragraph(text, 'وقال المصدر "ما لاحظناه')
    assert sents == [
        'وقال المصدر "ما لاحظناه حاليا هو انتقال مقاتلين من سوريا إلى العراق وليس العكس" '
        'متحدثا عن "بضع مئات من المقاتلين" تحركوا في الأيام الأخيرة.'
    ]


def test_seed_000_quote_with_a_space_before_its_closing_mark_is_handled():
    text = seed("000")
    sents = sentences_of_paragraph(text, "وكان وزير الدفاع الأميركي آشتون")
    assert sents[0].endswith("معقل التنظيم في العراق.")
    assert 'تنظيم "داعش " في مدينة' in sents[0]
    assert sents[1].startswith("وصرح كارتر")
    assert len(sents) == 2


def test_seed_001_decimal_comma_does_not_cut():
    text = seed("001")
    (sent,) = [s for s in sentences(text) if "1,5" in s]
    assert sent.startswith("وما زال نحو 1,5 مليون نسمة")
    assert sent.endswith("من المدينة.")


def test_seed_003_decimal_point_does_not_cut():
    text = seed("003")
    (sent,) = [s for s in sentences(text) if "1.5" in s]
    assert sent.startswith("والموصل التي يقطنها 1.5 مليون نسمة")


def test_seed_001_short_attribution_after_a_period_is_its_own_sentence():
    text = seed("001")
    assert sentences(text).count("بحسب رويتر.") == 3


def test_headlines_and_subheadings_without_punctuation_are_one_sentence():
    text = seed("002")
    assert sentences_of_paragraph(text, "مقاومة شرسة") == ["مقاومة شرسة لتقدم القوات العراقية"]


# --------------------------------------------------------------------------
# Synthetic cases


def test_question_mark_exclamation_and_arabic_semicolon_end_sentences():
    text = "هل انسحب المقاتلون؟ نعم! لكن الوضع معقد؛ والمعركة مستمرة. Really? Yes."
    assert sentences(text) == [
        "هل انسحب المقاتلون؟",
        "نعم!",
        "لكن الوضع معقد؛",
        "والمعركة مستمرة.",
        "Really?",
        "Yes.",
    ]


def test_runs_of_terminators_stay_together():
    assert sentences("ماذا حدث؟! لا أعرف!! حقا؟؟ نعم.") == ["ماذا حدث؟!", "لا أعرف!!", "حقا؟؟", "نعم."]


def test_decimals_and_thousands_separators_do_not_cut():
    text = "ارتفع المؤشر 1.5 نقطة وبلغ 3.500 دينار و2,75 بالمئة. ثم هبط."
    assert sentences(text) == ["ارتفع المؤشر 1.5 نقطة وبلغ 3.500 دينار و2,75 بالمئة.", "ثم هبط."]


def test_urls_emails_and_dotted_abbreviations_do_not_cut():
    text = "زار موقع www.example.com/news.html وراسل info@example.org عن سياسة U.S. الجديدة. انتهى."
    assert sentences(text) == [
        "زار موقع www.example.com/news.html وراسل info@example.org عن سياسة U.S. الجديدة.",
        "انتهى.",
    ]


def test_a_period_after_a_single_letter_is_an_initial_not_a_sentence_end():
    text = "قال د. محمد إن أ. ح وصل مع J. Smith إلى باريس. ثم غادر."
    assert sentences(text) == ["قال د. محمد إن أ. ح وصل مع J. Smith إلى باريس.", "ثم غادر."]


def test_common_latin_titles_do_not_end_a_sentence():
    assert sentences("Mr. Carter met Dr. Ayrault. They talked.") == [
        "Mr. Carter met Dr. Ayrault.",
        "They talked.",
    ]


def test_era_letter_after_a_year_may_end_a_sentence():
    assert sentences("سقطت المدينة عام 2014 م. وبدأت المعركة عام 2016.") == [
        "سقطت المدينة عام 2014 م.",
        "وبدأت المعركة عام 2016.",
    ]


def test_three_dots_and_the_ellipsis_character_never_cut():
    text = "انتظروا... ثم جاء الخبر… وانتهى الأمر."
    assert sentences(text) == [text]


def test_question_inside_guillemets_does_not_cut_and_the_closer_ends_the_sentence():
    text = "سأل «هل انتهت المعركة؟ متى؟» فأجاب الوزير. لا أحد يعرف."
    assert sentences(text) == ["سأل «هل انتهت المعركة؟ متى؟»", "فأجاب الوزير.", "لا أحد يعرف."]


def test_terminator_right_before_closing_guillemet_ends_the_sentence():
    assert sentences("قال «انتهى الأمر.» ثم غادر.") == ["قال «انتهى الأمر.»", "ثم غادر."]


def test_period_inside_parentheses_does_not_cut():
    text = "أي معقل (للتنظيم. وهو الأخير) يمثل تهديدا. وانتهى."
    assert sentences(text) == ["أي معقل (للتنظيم. وهو الأخير) يمثل تهديدا.", "وانتهى."]


def test_quotation_with_question_mark_then_period_after_the_quote():
    text = 'وسأل "هل تستطيع داعش الصمود؟". وأجاب الخبراء بالنفي.'
    assert sentences(text) == ['وسأل "هل تستطيع داعش الصمود؟".', "وأجاب الخبراء بالنفي."]


def test_an_unbalanced_quote_does_not_swallow_the_rest_of_the_paragraph():
    text = 'قال المصدر "إن القوات تقدمت. ثم توقفت. وانسحب المقاتلون.'
    assert sentences(text) == ['قال المصدر "إن القوات تقدمت.', "ثم توقفت.", "وانسحب المقاتلون."]


def test_an_unbalanced_opening_parenthesis_does_not_swallow_the_paragraph():
    assert sentences("انظر (الملحق. ثم الفصل الثاني. وأخيرا الخاتمة.") == [
        "انظر (الملحق.",
        "ثم الفصل الثاني.",
        "وأخيرا الخاتمة.",
    ]


@pytest.mark.parametrize(
    ("date", "rest"),
    [
        ("٢٤ أكتوبر ٢٠١٦", "أفاد مصدر"),
        ("24 اكتوبر 2016", "أفاد مصدر"),
        ("3 تشرين الثاني 2016", "قال الوزير"),
        ("٣ تشرين الثانى ٢٠١٦", "قال الوزير"),
        ("17 تشرين الأول/أكتوبر 2016", "بدأت القوات"),
        ("5 إبريل 2016", "أعلن الجيش"),
        ("5 ابريل 2016", "أعلن الجيش"),
        ("30 يونيه 2014", "سقطت المدينة"),
        ("12 شتنبر 2016", "أعلن المغرب"),
        ("1 دجنبر 2016", "أعلن المغرب"),
        ("9 آب 2016", "قالت المصادر"),
        ("9 اب 2016", "قالت المصادر"),
        ("الاثنين 24 أكتوبر 2016", "أفاد مصدر"),
    ],
)
def test_a_date_glued_to_the_first_word_is_split_off(date, rest):
    text = f"{date}{rest} مقرب من الوزير."
    assert sentences(text) == [date, f"{rest} مقرب من الوزير."]


def test_a_date_followed_by_a_space_is_not_split_off():
    text = "24 أكتوبر 2016 هو يوم بدء الهجوم."
    assert sentences(text) == [text]


def test_a_glued_date_is_only_split_at_the_start_of_a_paragraph():
    text = "قال المصدر في 24 أكتوبر 2016أن القوات تقدمت."
    assert sentences(text) == [text]


def test_crlf_line_endings_give_the_same_spans_and_exact_offsets():
    text = seed("002")
    crlf = text.replace("\n", "\r\n")
    assert paragraphs(crlf) == paragraphs(text)
    assert sentences(crlf) == sentences(text)
    for s in segment(crlf):
        assert "\r" not in crlf[s.start : s.end]


def test_old_mac_and_unicode_line_separators_end_paragraphs():
    text = "الفقرة الأولى.\rالفقرة الثانية.\u2028الفقرة الثالثة.\u2029الرابعة.\x85الخامسة."
    assert paragraphs(text) == [
        "الفقرة الأولى.",
        "الفقرة الثانية.",
        "الفقرة الثالثة.",
        "الرابعة.",
        "الخامسة.",
    ]


def test_a_line_break_ends_a_sentence_without_punctuation():
    assert sentences("عنوان بلا نقطة\nقال الوزير إن") == ["عنوان بلا نقطة", "قال الوزير إن"]


def test_emoji_diacritics_nbsp_and_zero_width_characters_keep_exact_offsets():
    text = "\u200b  مُحَمَّد وصل 👍🏽.\u00a0هل وصلتَ؟ 👨‍👩‍👧 نعم!\u200b \n\n\u00a0 الموصل ⚔️ انتهى \u200f"
    segs = segment(text)
    got = [(s.kind, text[s.start : s.end]) for s in segs]
    assert got == [
        ("paragraph", "مُحَمَّد وصل 👍🏽.\u00a0هل وصلتَ؟ 👨‍👩‍👧 نعم!"),
        ("sentence", "مُحَمَّد وصل 👍🏽."),
        ("sentence", "هل وصلتَ؟"),
        ("sentence", "👨‍👩‍👧 نعم!"),
        ("paragraph", "الموصل ⚔️ انتهى"),
        ("sentence", "الموصل ⚔️ انتهى"),
    ]
    # Offsets are code points: the astral emoji count as one each.
    assert segs[0].start == 3
    assert text.index("الموصل") == segs[4].start


def test_spans_of_seed_text_with_a_bom_and_padding_are_offset_correctly():
    text = seed("004")
    padded = "\ufeff\n\n  " + text + "  \n\n"
    shift = len("\ufeff\n\n  ")
    original = segment(text)
    moved = segment(padded)
    assert [(s.start + shift, s.end + shift) for s in original] == [(s.start, s.end) for s in moved]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n\u00a0\u2028 ", "\u200b\n\u200f"])
def test_empty_or_whitespace_only_text_gives_no_spans(text):
    assert segment(text) == []


def test_boilerplate_flags_reach_paragraphs_and_their_sentences():
    text = seed("003")
    flagged = [text[s.start : s.end] for s in segment(text) if s.boilerplate and s.kind == "sentence"]
    assert flagged[0] == "الثلاثاء 26 نوفمبر 2024 آخر تحديث: الخميس 21 نوفمبر 2024"
    assert flagged[-3:] == ["الأسم", "موضوع التعليق", "النص"]
    assert "اشتون كارتر" not in flagged


def test_segments_are_immutable_values():
    s = segment("جملة.")[0]
    assert s == Segment("paragraph", 0, 5, 0, 0, False)
    with pytest.raises(AttributeError):
        s.start = 1  # type: ignore[misc]


def test_every_unicode_whitespace_character_is_trimmed_from_span_edges():
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert len(spaces) > 20
    for space in spaces:
        text = f"{space}نص.{space}"
        spans = {(s.kind, text[s.start : s.end]) for s in segment(text)}
        assert spans == {("paragraph", "نص."), ("sentence", "نص.")}, repr(space)
