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

#: For the same-event gate by meaning (fact.matching.events.close_enough): pairs that share few words,
#: so that the token gate refuses them all. One event told in other words with other numbers must be
#: a dispute with vectors; two events of one kind that share a unit and little else must stay none.
#: Written for the semantic fit (bench/hints_semantic.py) after seeing e5's cosine of seven of them
#: (the boat, the earthquake and the car bomb 0.90-0.95; the fire, the poisoning, the goals and the
#: donation 0.86-0.89): they pin the floor above different events told in few shared words rather
#: than measure it. Labels are with vectors; without, every one is none.
PARAPHRASES: list[tuple[str, str, str, str]] = [
    ("a capsized boat", "غرق 40 شخصا إثر انقلاب قارب يقل مهاجرين قبالة السواحل", "وفاة 25 شخصا من المهاجرين بعد أن انقلب مركبهم في عرض البحر", "dispute"),
    ("an earthquake's toll", "أعلنت السلطات أن 120 شخصا لقوا حتفهم في الزلزال الذي ضرب البلاد فجر اليوم", "ارتفعت حصيلة ضحايا الهزة الأرضية العنيفة إلى 150 شخصا بحسب الدفاع المدني", "dispute"),
    ("a car bomb", "قتل 7 أشخاص في انفجار سيارة مفخخة قرب سوق شعبي", "لقي 9 أشخاص مصرعهم حين دوى انفجار عربة ملغومة بجوار سوق مزدحم", "dispute"),
    ("a collapsed building", "انهيار مبنى سكني من 5 طوابق يودي بحياة 11 شخصا", "مصرع 14 شخصا تحت أنقاض عمارة سكنية انهارت فوق ساكنيها", "dispute"),
    ("hostages freed", "أفرج الخاطفون عن 12 رهينة بعد مفاوضات استمرت أسبوعا", "إطلاق سراح 15 رهينة كانوا محتجزين لدى جماعة مسلحة منذ أيام", "dispute"),
    ("a factory fire and clashes", "أصيب 3 أشخاص في حريق اندلع داخل مصنع للبلاستيك", "أصيب 8 أشخاص في اشتباكات بين عشيرتين بسبب خلاف على الأرض", "none"),
    ("a poisoning and a shootout", "توفي 4 أشخاص جراء تسمم غذائي في حفل زفاف", "قتل 6 أشخاص في تبادل لإطلاق النار مع قوات الأمن", "none"),
    ("two seasons' goals", "فاز الفريق بالبطولة بعد أن سجل 3 أهداف في المباراة النهائية", "سجل المهاجم 5 أهداف في الموسم الماضي مع ناديه السابق", "none"),
    ("a donation and a loss", "تبرع رجل أعمال بمبلغ 5 ملايين دولار لبناء مستشفى للأطفال", "خسرت الشركة 7 ملايين دولار في الربع الأخير من العام", "none"),
    ("a flood and a drought", "تضرر 2000 شخص من السيول التي اجتاحت القرى الجبلية", "يعاني 5000 شخص من نقص المياه بسبب الجفاف في الأرياف", "none"),
    ("arrests and a strike", "اعتقلت الشرطة 30 شخصا خلال مداهمات في الأحياء الشمالية", "أضرب 400 شخص عن العمل احتجاجا على تأخر الرواتب", "none"),
    ("two hospitals", "استقبل المستشفى 60 مريضا مصابا بالكوليرا خلال يومين", "افتتح الوزير مستشفى جديدا يتسع لـ 200 مريض في العاصمة", "none"),
]  # fmt: skip

_PUNCTUATION = re.compile(r'\s*([.,،:;؛!?؟"«»()])\s*(?!\d)|(?<!\d)\s*([.,،:;؛!?؟"«»()])\s*')


def tokenized(text: str) -> str:
    """The scraped corpus's style: a space on both sides of punctuation, not inside numbers."""
    spaced = _PUNCTUATION.sub(lambda m: f" {m.group(1) or m.group(2)} ", text)
    return re.sub(r"\s+", " ", spaced).strip()


def cases(style: str = "clean") -> list[tuple[str, str, str, str]]:
    """The cases in one style, "clean" or "tokenized"."""
    return _styled(CASES, style)


def paraphrases(style: str = "clean") -> list[tuple[str, str, str, str]]:
    """PARAPHRASES in one style, "clean" or "tokenized"."""
    return _styled(PARAPHRASES, style)


def _styled(labelled: list[tuple[str, str, str, str]], style: str) -> list[tuple[str, str, str, str]]:
    if style == "clean":
        return labelled
    return [(name, tokenized(a), tokenized(b), want) for name, a, b, want in labelled]
