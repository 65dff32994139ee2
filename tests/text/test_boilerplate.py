"""Site boilerplate: kept in the article, never annotated; real news never flagged."""

from pathlib import Path

import pytest

from fact.text.boilerplate import boilerplate_paragraphs, is_boilerplate_line

SEEDS = Path(__file__).parents[2] / "seeds"

LONG_NEWS = (
    "وقال وزير الدفاع الأمريكي آشتون كارتر إن الولايات المتحدة تتوقع أن تتداخل عمليتا "
    "الموصل العراقية والرقة السورية ضد داعش في مؤشر على أن المساعي لبدء عزل الرقة تلوح في الأفق."
)


def seed_paragraphs(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.split("\n") if line.strip()]


def flagged(paras: list[str]) -> list[str]:
    return [p for p, f in zip(paras, boilerplate_paragraphs(paras)) if f]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", ["أ.ح/ح.ع.ح (أ ف ب)"]),
        ("001", ["اضف تعليق"]),
        ("002", []),
        (
            "003",
            [
                "الثلاثاء 26 نوفمبر 2024 آخر تحديث: الخميس 21 نوفمبر 2024",
                "لمزيد من الأخبار يرجى الإعجاب بصفحتنا على الفيس بوك : إضغط هنا",
                "لمتابعة أخبار الرأي برس عبر التليجرام إضغط هنا",
                "شارك برأيك",
                "المشاركات والتعليقات المنشورة لاتمثل الرأي برس وانما تعبر عن رأي أصحابها",
                "إضافة تعليق",
                "الأسم",
                "موضوع التعليق",
                "النص",
            ],
        ),
        ("004", []),
    ],
)
def test_only_the_site_chrome_of_each_seed_is_flagged(prefix, expected):
    assert flagged(seed_paragraphs(prefix)) == expected


def test_seed_003_photo_caption_and_byline_are_not_boilerplate():
    paras = seed_paragraphs("003")
    flags = dict(zip(paras, boilerplate_paragraphs(paras)))
    assert flags["اشتون كارتر"] is False
    assert flags['أمريكا تقول إنها ستبدأ حملة الرقة قبل استكمال "عملية الموصل"'] is False
    assert flags["تدفق مقاتلين أجانب"] is False


def test_seed_004_dateline_is_not_boilerplate():
    paras = seed_paragraphs("004")
    assert paras[0] == "باريس ـ المغرب اليوم"
    assert boilerplate_paragraphs(paras)[0] is False


def test_seed_subheadings_are_not_boilerplate():
    for prefix, heading in [("001", "تعاون مشترك"), ("001", "قلق سوري"), ("002", "تعزيز الدفاعات")]:
        paras = seed_paragraphs(prefix)
        assert dict(zip(paras, boilerplate_paragraphs(paras)))[heading] is False


@pytest.mark.parametrize(
    "line",
    [
        "رفض التعليق",
        "ورفض المتحدث باسم البنتاغون التعليق على التقارير.",
        "البيت الأبيض يرفض التعليق على هروب مقاتلي داعش",
        "وامتنع الجيش العراقي عن التعليق.",
        "تعليق الرحلات الجوية إلى الموصل",
        "وقال إن التعليقات الأخيرة للوزير لا تعبر عن موقف الحكومة الرسمي من المعركة الدائرة.",
        "شارك فيه وزير الخارجية العراقي",
        "آخر تحديث لحصيلة القتلى في الموصل",
        "بحسب رويتر.",
    ],
)
def test_short_news_lines_that_mention_comments_or_sharing_are_not_flagged(line):
    assert is_boilerplate_line(line) is False
    assert boilerplate_paragraphs([LONG_NEWS, line, LONG_NEWS]) == [False, False, False]


def test_a_long_paragraph_containing_a_boilerplate_phrase_is_not_flagged():
    line = (
        "وقال المتحدث إن على المواطنين في الموصل عدم الاستجابة لأي رسالة تقول اضغط هنا "
        "أو شارك برأيك لأن التنظيم يستخدمها لجمع المعلومات عن السكان والمقاتلين في المدينة"
    )
    assert len(line.split()) > 15
    assert is_boilerplate_line(line) is False


@pytest.mark.parametrize(
    "line",
    [
        "أ.ح/ح.ع.ح (أ ف ب)",
        "ع.ج.م/ أ.ح (د ب أ، رويترز)",
        "(رويترز)",
        "(د ب أ)",
        "(أ ش أ)",
        "(AFP)",
        "(Reuters)",
        "المصدر: رويترز",
    ],
)
def test_wire_credit_lines_are_flagged(line):
    assert is_boilerplate_line(line) is True


@pytest.mark.parametrize(
    "line",
    [
        "اضف تعليق",
        "أضف تعليقك",
        "إضافة تعليق",
        "شارك برأيك",
        "شارك",
        "التعليقات",
        "3 تعليقات",
        "لا توجد تعليقات",
        "تابعونا على تويتر",
        "اضغط هنا",
        "انقر هنا لمتابعة آخر الأخبار",
        "لمتابعة أخبار الموصل عبر تيليجرام",
        "يرجى الإعجاب بصفحتنا على فيسبوك",
        "اقرأ أيضا: معركة الموصل تدخل أسبوعها الثاني",
        "اقرأ المزيد",
        "مواضيع ذات صلة",
        "جميع الحقوق محفوظة © 2016",
        "آخر تحديث: الخميس 21 نوفمبر 2024",
        "المشاركات والتعليقات المنشورة لا تمثل رأي الموقع",
    ],
)
def test_arabic_share_comment_follow_and_chrome_lines_are_flagged(line):
    assert is_boilerplate_line(line) is True


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "Share this article",
        "Leave a comment",
        "Comments (12)",
        "Like our page on Facebook",
        "Follow us on Twitter",
        "Click here to read more",
        "All rights reserved.",
        "© 2016 Example News",
        "Read more",
        "Read also: Mosul offensive enters second week",
        "Last updated: 24 October 2016",
    ],
)
def test_english_boilerplate_lines_are_flagged(line):
    assert is_boilerplate_line(line) is True


@pytest.mark.parametrize(
    "line",
    [
        "Carter declined to comment.",
        "Updated death toll rises in Mosul",
        "Iraqi forces share intelligence with allies",
    ],
)
def test_english_news_lines_are_not_flagged(line):
    assert is_boilerplate_line(line) is False


def test_matching_ignores_hamza_and_ta_marbuta_spelling():
    assert is_boilerplate_line("إضغط هنا") and is_boilerplate_line("اضغط هنا")
    assert is_boilerplate_line("اضافة تعليق") and is_boilerplate_line("إضافة تعليق")
    assert is_boilerplate_line("جميع الحقوق محفوظه")


def test_short_lines_after_a_trailing_boilerplate_line_are_boilerplate_too():
    paras = [LONG_NEWS, "تعاون مشترك", LONG_NEWS, "إضافة تعليق", "الأسم", "البريد الإلكتروني", "النص"]
    assert boilerplate_paragraphs(paras) == [False, False, False, True, True, True, True]


def test_short_lines_before_the_first_boilerplate_line_are_not_swept_in():
    paras = [LONG_NEWS, "تعاون مشترك", "شارك برأيك", "الاسم"]
    assert boilerplate_paragraphs(paras) == [False, False, True, True]


def test_a_real_paragraph_after_boilerplate_stops_the_tail():
    paras = [LONG_NEWS, "اقرأ أيضا: معركة الموصل", "قلق سوري", LONG_NEWS, "بين الموصل والرقة"]
    assert boilerplate_paragraphs(paras) == [False, True, False, False, False]


def test_a_caption_under_a_last_updated_header_is_not_swept_in():
    paras = ["آخر تحديث: الخميس 21 نوفمبر 2024", "اشتون كارتر", LONG_NEWS]
    assert boilerplate_paragraphs(paras) == [True, False, False]


def test_lines_of_five_or_more_words_are_not_swept_into_the_tail():
    paras = [LONG_NEWS, "اضف تعليق", "كان التنظيم قد أعلن الخلافة"]
    assert boilerplate_paragraphs(paras) == [False, True, False]


def test_no_paragraphs_give_no_flags():
    assert boilerplate_paragraphs([]) == []
