"""Hand-labelled hard pairs for the hints, as scraped news has them: what a hint must get right.

Each case is (what it tests, sentence a, sentence b, the right hint). Written for this sample from
the failures the issue lists (clutter, Hijri date bars, cut numbers, model and page numbers,
different events that share a unit) and the contradictions a hint must see (negations, denials,
opposite directions, other numbers); no ANS sentence is among them. :func:`tokenized` gives each in
the scraped corpus's style (a space before every period, comma, colon and quote).
"""
import re

CASES: list[tuple[str, str, str, str]] = [
    # clutter and numbers that are not counts
    ("hijri date bars", "الثلاثاء 1438 / 8 / 8 ه", "الأربعاء 1438 / 10 / 4 ه", "none"),
    ("date bars with the day", "آخر تحديث: الأحد 12/05/2017 الساعة 10:30", "آخر تحديث: الاثنين 13/05/2017 الساعة 11:45", "none"),
    ("model numbers", "وصلت طائرات سوخوي 30 الروسية إلى قاعدة حميميم في سوريا", "وصلت طائرات سوخوي 35 الروسية إلى قاعدة حميميم في سوريا", "none"),
    ("an air-defence system's model", "روسيا تسلم منظومة إس 300 إلى سوريا", "روسيا تسلم منظومة إس 400 إلى سوريا", "none"),
    ("page numbers", "التفاصيل الكاملة في صفحة 3 من عدد اليوم", "التفاصيل الكاملة في صفحة 5 من عدد اليوم", "none"),
    ("a resolution's number", "مجلس الأمن يذكر بالقرار 2254 بشأن سوريا", "مجلس الأمن يذكر بالقرار 2118 بشأن سوريا", "none"),
    ("a cut number", "وبلغت قيمة الصادرات نحو 1 .", "وبلغت قيمة الصادرات نحو 78 مليار دولار", "none"),
    ("comment counters", "تعليقات ( 12 )", "تعليقات ( 3 )", "none"),
    ("years", "بدأت الحرب في سوريا عام 2011 وما زالت مستمرة", "بدأت الحرب في سوريا عام 2012 وما زالت مستمرة", "none"),
    # different events that share a unit or a number
    ("injured in one city, dead in another", "أصيب 7 أشخاص بجروح في قصف على مدينة حمص", "قتل 13 شخصا في غارة جوية على مدينة حلب", "none"),
    ("the same unit in two cities", "قتل 7 مدنيين في قصف على مدينة حمص", "قتل 13 مدنيا في قصف على مدينة حلب", "none"),
    ("the same count in two cities", "قتل 5 أشخاص في انفجار سيارة مفخخة في بغداد", "قتل 5 أشخاص في غارة جوية على إدلب", "none"),
    ("two wars sharing a count", "نزح 300 ألف شخص من ريف درعا خلال أسبوع", "نزح 300 ألف شخص من محافظة الحديدة خلال أسبوع", "none"),
    ("a weak match on a unit", "وقال المرصد إن 100 عنصر من التنظيم نفذوا الهجوم على الحاجز", "وتقدر مصادر محلية عدد المقاتلين المحاصرين بنحو 400 مقاتل داخل الأحياء القديمة", "none"),
    # the same event: other numbers
    ("other count, same strike", "قتل 7 مدنيين في قصف جوي على مدينة دوما في الغوطة الشرقية", "قتل 13 مدنيا في القصف الجوي على مدينة دوما في الغوطة الشرقية", "dispute"),
    ("billion against million", "الصين تفرض رسوما على سلع أمريكية بقيمة 50 مليار دولار", "الصين تفرض رسوما على سلع أمريكية بقيمة 50 مليون دولار", "dispute"),
    ("countries at a meeting", "اجتمع وزراء دفاع 11 دولة في باريس لبحث معركة الموصل", "اجتمع وزراء دفاع 13 دولة في باريس لبحث معركة الموصل", "dispute"),
    ("aircraft downed", "أعلن الجيش إسقاط 3 طائرات مسيرة فوق قاعدة حميميم", "أعلن الجيش إسقاط 5 طائرات مسيرة فوق قاعدة حميميم", "dispute"),
    # the same event: the same numbers
    ("the same count in words and digits", "قتل خمسة مدنيين في قصف على مدينة دوما", "مقتل 5 مدنيين جراء القصف على مدينة دوما", "corroboration"),
    ("a wire copy", "وصل 200 مقاتل من المعارضة إلى جرابلس قادمين من تركيا", "وصل 200 مقاتل من المعارضة السورية إلى جرابلس قادمين من تركيا", "corroboration"),
    ("still, not a negation", "لا يزال 3 آلاف مدني محاصرين في أحياء حلب الشرقية", "ما زال 3 آلاف مدني محاصرين في أحياء حلب الشرقية", "corroboration"),
    ("and not the reverse", "انتقل مقاتلون من سوريا إلى العراق وليس العكس", "انتقال مقاتلين من سوريا إلى العراق", "corroboration"),
    # negations and opposites
    ("confirms / denies", "وزارة الدفاع الروسية تؤكد مقتل 5 جنود روس في سوريا", "وزارة الدفاع الروسية تنفي مقتل 5 جنود روس في سوريا", "dispute"),
    ("a negated verb", "الجيش السوري يسيطر على بلدة خان شيخون في ريف إدلب", "الجيش السوري لم يسيطر على بلدة خان شيخون في ريف إدلب", "dispute"),
    ("rises / falls", "ارتفاع أسعار النفط في الأسواق العالمية بعد قرار أوبك", "انخفاض أسعار النفط في الأسواق العالمية بعد قرار أوبك", "dispute"),
    ("arrives / leaves", "وصل وفد المعارضة السورية إلى جنيف للمشاركة في المفاوضات", "غادر وفد المعارضة السورية جنيف رافضا المشاركة في المفاوضات", "dispute"),
    ("accepts / refuses", "الحكومة توافق على اتفاق وقف إطلاق النار في الغوطة الشرقية", "الحكومة ترفض اتفاق وقف إطلاق النار في الغوطة الشرقية", "dispute"),
    ("opens / closes", "السلطات التركية تفتح معبر باب الهوى أمام المدنيين", "السلطات التركية تغلق معبر باب الهوى أمام المدنيين", "dispute"),
    ("will not", "المعارضة ستشارك في محادثات أستانا الأسبوع المقبل", "المعارضة لن تشارك في محادثات أستانا الأسبوع المقبل", "dispute"),
    ("both negated", "المعارضة لن تشارك في محادثات أستانا الأسبوع المقبل", "وفد المعارضة لن يشارك في محادثات أستانا", "none"),
    ("a negation about something else", "قتل 4 مدنيين في قصف على مدينة إدلب ولم تعرف الجهة المنفذة", "قتل أربعة مدنيين في قصف استهدف مدينة إدلب صباح اليوم", "corroboration"),
]  # fmt: skip

_PUNCTUATION = re.compile(r'\s*([.,،:;؛!?؟"«»()])\s*(?!\d)|(?<!\d)\s*([.,،:;؛!?؟"«»()])\s*')


def tokenized(text: str) -> str:
    """The scraped corpus's style: a space on both sides of punctuation, not inside numbers."""
    spaced = _PUNCTUATION.sub(lambda m: f" {m.group(1) or m.group(2)} ", text)
    return re.sub(r"\s+", " ", spaced).strip()


def cases(style: str = "clean") -> list[tuple[str, str, str, str]]:
    """The cases in one style, "clean" or "tokenized"."""
    if style == "clean":
        return CASES
    return [(name, tokenized(a), tokenized(b), want) for name, a, b, want in CASES]
