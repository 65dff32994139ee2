"""A realistic scraped-news benchmark corpus, generated from a seed, with its ground truth.

What scraped Arabic news has and the seed corpora hide: per-outlet clutter (navigation, login widgets,
newsletter prompts, video-tag fallbacks, "read also" lines, sidebar teasers that are other articles'
headlines, an outlet slogan in most of its articles, Hijri/Gregorian date bars, share widgets shared
across outlets), clutter glued to the headline or the last line, tokenized punctuation (a space around
every period, comma, quote and slash, inside numbers and initials too) for some outlets and clean text
for others, wire copies of one story across outlets with small edits, unrelated events that share
units and numbers, several articles on one event with equal or conflicting figures, and pages that are
not articles. Sentences come from templates over a varied vocabulary, mixed with real headlines of the
ANS train split (../shared/datasets/ans, Apache-2.0); never from the seeds.

`generate(n, seed)` returns JSON Lines ingest records (text, title, outlet, url, published_at,
language) with a `truth` key; offsets in the truth are code points into the NFC `text`. The CLI
writes the records to FILE and the truth to FILE with `.truth.jsonl`:

    python -m bench.realistic --articles 3000 --out corpus.jsonl   # about 130k sentences
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ANS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ans" / "stance_train.csv"

# -- vocabulary ------------------------------------------------------------------------------------
CITIES = ["حلب", "حمص", "دمشق", "إدلب", "درعا", "دير الزور", "الرقة", "حماة", "اللاذقية", "طرطوس", "القامشلي",
          "الحسكة", "تدمر", "دوما", "داريا", "منبج", "عفرين", "جسر الشغور", "معرة النعمان", "البوكمال", "الميادين",
          "القصير", "الزبداني", "مضايا", "سراقب", "خان شيخون", "تلبيسة", "الرستن", "السويداء", "القنيطرة", "جرابلس",
          "الباب", "عين العرب", "تل أبيض", "أريحا", "سلمية", "النبك", "يبرود", "الصنمين", "نوى", "بصرى الشام"]
DISTRICTS = ["حي الشعار", "حي الوعر", "حي صلاح الدين", "حي بابا عمرو", "حي الخالدية", "حي جوبر", "حي القابون",
             "حي برزة", "حي الفردوس", "حي الكلاسة", "حي بستان القصر", "حي الصاخور", "حي الإنشاءات", "حي القدم",
             "حي التضامن", "حي المشهد", "حي السكري", "الحي الشرقي", "السوق القديم", "محيط المشفى الوطني",
             "الطريق الدولي", "المنطقة الصناعية", "دوار الكرة", "ساحة الساعة", "مخيم اليرموك"]
CAPITALS = ["جنيف", "موسكو", "واشنطن", "أنقرة", "الرياض", "الدوحة", "طهران", "بيروت", "عمان", "القاهرة", "باريس",
            "لندن", "بروكسل", "فيينا", "أستانا", "إسطنبول", "نيويورك", "برلين", "الكويت", "روما"]
AIR = ["الطيران الحربي", "الطيران الروسي", "طيران التحالف الدولي", "الطيران المروحي", "طائرات النظام",
       "مقاتلات روسية", "طائرات مجهولة"]
WEAPONS = ["براميل متفجرة", "صواريخ فراغية", "قنابل عنقودية", "صواريخ موجهة", "غارات متتالية", "قذائف مدفعية"]
FORCES = ["قوات النظام", "الجيش السوري", "فصائل المعارضة", "الجيش السوري الحر", "تنظيم الدولة الإسلامية",
          "جبهة النصرة", "قوات سوريا الديمقراطية", "وحدات حماية الشعب الكردية", "حزب الله اللبناني",
          "جيش الإسلام", "حركة أحرار الشام", "فيلق الرحمن", "ميليشيات موالية للنظام", "فصائل الجبهة الجنوبية"]
SOURCES = ["المرصد السوري لحقوق الإنسان", "مصادر محلية", "ناشطون معارضون", "وكالة الأنباء الرسمية سانا",
           "مصدر عسكري", "الدفاع المدني", "مسؤول في المجلس المحلي", "شبكة شام الإخبارية", "لجان التنسيق المحلية",
           "مصادر طبية", "التلفزيون الرسمي", "مراسلنا في المنطقة", "الهلال الأحمر العربي السوري", "شهود عيان"]
SPEAKERS = ["وزير الخارجية الروسي سيرغي لافروف", "المبعوث الأممي ستيفان دي ميستورا", "د. رامي عبد الرحمن",
            "الناطق باسم الدفاع المدني", "المتحدث باسم الخارجية الأمريكية", "محافظ المدينة", "قائد ميداني",
            "الأمين العام للأمم المتحدة", "وزير الخارجية التركي", "رئيس الائتلاف الوطني", "مسؤول في منظمة الصحة العالمية",
            "المتحدث باسم التحالف الدولي", "م. خالد العمر", "أ. د. سمير الحسن", "مدير المشفى الميداني",
            "منسق الشؤون الإنسانية", "المفوض السامي لشؤون اللاجئين"]
AGENCIES = [("رويترز", "رويترز"), ("أ.ف.ب", "فرانس برس"), ("د.ب.أ", "الألمانية"), ("سانا", "سانا"),
            ("الأناضول", "الأناضول"), ("أ.ب", "أسوشيتد برس"), ("ي.ب.أ", "يونايتد برس")]
DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
WHEN = ["أمس", "اليوم", "فجر اليوم", "مساء أمس", "صباح اليوم", "ليلة أمس", "في وقت سابق اليوم", "ظهر اليوم"]
SAID = ["قال", "أعلن", "أكد", "ذكر", "أفاد", "أوضح", "صرح", "أشار"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
          "تشرين الثاني", "كانون الأول"]
HIJRI = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان",
         "شوال", "ذو القعدة", "ذو الحجة"]
MODELS = [("سوخوي", 24), ("سوخوي", 30), ("سوخوي", 34), ("ميغ", 21), ("ميغ", 23), ("ميغ", 29), ("إف", 16), ("إل", 39)]
SYNONYMS = [("قال", "أضاف"), ("أعلن", "ذكر"), ("قوات النظام", "القوات الحكومية"), ("تنظيم الدولة الإسلامية", "تنظيم داعش"),
            ("مقتل", "سقوط"), ("أصيب", "جرح"), ("مدينة", "بلدة"), ("أكد", "شدد"), ("مساء", "ليلة"), ("إن", "أن")]
WORDS = {2: "اثنين", 3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة",
         11: "أحد عشر", 12: "اثني عشر", 13: "ثلاثة عشر", 14: "أربعة عشر", 15: "خمسة عشر", 20: "عشرين", 30: "ثلاثين",
         40: "أربعين", 50: "خمسين", 100: "مئة", 200: "مئتي", 1000: "ألف"}
# noun forms: singular (1, hundreds), dual (2), plural (3-10), accusative singular (11-99)
NOUNS = {
    "killed": [("شخص", "شخصين", "أشخاص", "شخصا"), ("مدني", "مدنيين", "مدنيين", "مدنيا"),
               ("قتيل", "قتيلين", "قتلى", "قتيلا")],
    "fighters_killed": [("عنصر", "عنصرين", "عناصر", "عنصرا"), ("مقاتل", "مقاتلين", "مقاتلين", "مقاتلا")],
    "injured": [("جريح", "جريحين", "جرحى", "جريحا"), ("مصاب", "مصابين", "مصابين", "مصابا"),
                ("شخص", "شخصين", "أشخاص", "شخصا")],
    "displaced": [("نازح", "نازحين", "نازحين", "نازحا"), ("شخص", "شخصين", "أشخاص", "شخصا")],
    "families": [("عائلة", "عائلتين", "عائلات", "عائلة"), ("أسرة", "أسرتين", "أسر", "أسرة")],
    "countries": [("دولة", "دولتين", "دول", "دولة")],
    "delegations": [("وفد", "وفدين", "وفود", "وفدا")],
    "aircraft": [("طائرة", "طائرتين", "طائرات", "طائرة"), ("مقاتلة", "مقاتلتين", "مقاتلات", "مقاتلة")],
    "trucks": [("شاحنة", "شاحنتين", "شاحنات", "شاحنة")],
    "villages": [("قرية", "قريتين", "قرى", "قرية"), ("بلدة", "بلدتين", "بلدات", "بلدة")],
    "rockets": [("قذيفة", "قذيفتين", "قذائف", "قذيفة"), ("صاروخ", "صاروخين", "صواريخ", "صاروخا")],
    "detainees": [("معتقل", "معتقلين", "معتقلين", "معتقلا"), ("معتقلة", "معتقلتين", "معتقلات", "معتقلة")],
    "beneficiaries": [("شخص", "شخصين", "أشخاص", "شخصا"), ("مستفيد", "مستفيدين", "مستفيدين", "مستفيدا")],
}
# what each kind of event reports, and the range of each figure
EVENT_KINDS = {
    "strike": {"killed": (2, 60), "injured": (3, 90)},
    "bombing": {"killed": (2, 45), "injured": (5, 120)},
    "clashes": {"fighters_killed": (3, 70), "villages": (2, 12)},
    "displacement": {"displaced": (300, 45000), "families": (20, 4000)},
    "aid": {"trucks": (8, 90), "beneficiaries": (2000, 80000)},
    "conference": {"countries": (5, 40), "delegations": (4, 30)},
    "donors": {"dollars": (120, 9000), "countries": (8, 70)},
    "aircraft": {"aircraft": (2, 40)},
    "release": {"detainees": (10, 900)},
    "shelling": {"rockets": (5, 120), "injured": (2, 60)},
}

# -- templates: {slot} from the context, {#kind} a figure of the event -------------------------------
HEADLINES = {
    "strike": ["مقتل {#killed} بغارات على {city}", "{air} يقصف {district} في {city}", "قتلى وجرحى بقصف جوي على {city}",
               "غارات جديدة على ريف {city} تخلف {#killed}"],
    "bombing": ["تفجير يهز {city} ويوقع {#killed}", "سيارة مفخخة في {district} ب{city}", "انفجار عنيف في {city}"],
    "clashes": ["اشتباكات عنيفة بين {force} و{force2} في ريف {city}", "{force} تسيطر على {#villages} قرب {city}",
                "معارك في محيط {city} ومقتل {#fighters_killed}"],
    "displacement": ["نزوح {#displaced} من {city}", "موجة نزوح جديدة من ريف {city}", "آلاف العائلات تفر من {city}"],
    "aid": ["قافلة مساعدات تدخل {city}", "دخول {#trucks} إلى {city} المحاصرة", "الأمم المتحدة تعلن إيصال مساعدات إلى {city}"],
    "conference": ["انطلاق مؤتمر {capital} بمشاركة {#countries}", "اجتماع {capital} حول سوريا", "مؤتمر دولي في {capital}"],
    "donors": ["مؤتمر المانحين في {capital} يجمع {#dollars}", "تعهدات بمليارات الدولارات لسوريا في {capital}"],
    "aircraft": ["روسيا ترسل {#aircraft} إلى قاعدة حميميم", "وصول مقاتلات {%model} إلى سوريا", "إسقاط طائرة {%model} قرب {city}"],
    "release": ["الإفراج عن {#detainees} في صفقة تبادل", "صفقة تبادل أسرى في {city}", "إطلاق سراح معتقلين من سجون النظام"],
    "shelling": ["سقوط {#rockets} على أحياء {city}", "قصف مدفعي على {city} وإصابة {#injured}", "قذائف على {district} في {city}"],
}
LEADS = {
    "strike": ["{said} {source} إن {#killed} قتلوا وأصيب {#injured} {when} جراء غارات شنها {air} على {district} في مدينة {city}.",
               "قتل {#killed} وأصيب {#injured} بجروح {when} إثر قصف {air} ب{weapon} على {city}، بحسب {source}.",
               "لقي {#killed} حتفهم {when} في غارات ل{air} استهدفت {district} بمدينة {city}."],
    "bombing": ["{said} {source} إن {#killed} قتلوا وأصيب {#injured} في تفجير سيارة مفخخة في {district} بمدينة {city} {when}.",
                "قتل {#killed} وجرح {#injured} {when} في انفجار عبوة ناسفة قرب {district} في {city}."],
    "clashes": ["قتل {#fighters_killed} في اشتباكات عنيفة بين {force} و{force2} في ريف {city} {when}، وفق {source}.",
                "سيطرت {force} على {#villages} في ريف {city} بعد معارك مع {force2} استمرت أياما."],
    "displacement": ["نزح {#displaced} من ريف {city} خلال الأيام الماضية هربا من المعارك، بحسب {source}.",
                     "{said} {source} إن {#families} نزحت من {city} باتجاه الحدود {when}."],
    "aid": ["دخلت قافلة مساعدات مؤلفة من {#trucks} إلى مدينة {city} المحاصرة {when}، وفق {source}.",
            "{said} {source} إن المساعدات التي دخلت {city} تكفي {#beneficiaries} لمدة شهر."],
    "conference": ["انطلقت في {capital} {when} أعمال مؤتمر دولي حول سوريا بمشاركة {#countries}.",
                   "{said} {speaker} إن اجتماع {capital} يضم {#delegations} لبحث الحل السياسي في سوريا."],
    "donors": ["تعهد المشاركون في مؤتمر المانحين في {capital} بتقديم {#dollars} لمساعدة السوريين.",
               "{said} {speaker} إن {#countries} تعهدت في {capital} بتقديم مساعدات بقيمة {#dollars}."],
    "aircraft": ["أرسلت روسيا {#aircraft} إلى قاعدة حميميم في ريف اللاذقية، بينها مقاتلات من طراز {%model}.",
                 "{said} {source} إن {#aircraft} من طراز {%model} وصلت إلى مطار {city} العسكري {when}."],
    "release": ["أفرجت السلطات {when} عن {#detainees} في إطار صفقة تبادل جرت في {city}، بحسب {source}.",
                "{said} {source} إن {#detainees} أطلق سراحهم من سجن {city} المركزي {when}."],
    "shelling": ["سقطت {#rockets} على أحياء سكنية في مدينة {city} {when}، ما أدى إلى إصابة {#injured}.",
                 "{said} {source} إن {#rockets} استهدفت {district} في {city} وأوقعت {#injured}."],
}
FIGURES = {  # a sentence that reports one figure again, often from another source
    "killed": ["وارتفعت حصيلة القتلى إلى {#killed}، بينهم أطفال ونساء، بحسب {source}.",
               "{said} {source} إن عدد الضحايا بلغ {#killed}.", "ووثق {source} مقتل {#killed} في {city}."],
    "fighters_killed": ["{said} {source} إن {#fighters_killed} من {force2} قتلوا في المعارك.",
                        "وبلغت خسائر {force2} {#fighters_killed} خلال يومين من القتال."],
    "injured": ["وأصيب {#injured} بجروح متفاوتة نقلوا إلى المشافي الميدانية.", "{said} {source} إن {#injured} أصيبوا في القصف."],
    "displaced": ["ويقدر {source} عدد النازحين ب{#displaced} يعيشون في العراء.", "وبلغ عدد النازحين {#displaced} وفق {source}."],
    "families": ["{said} {source} إن {#families} وصلت إلى المخيمات الحدودية.", "ولجأت {#families} إلى المدارس والمساجد."],
    "trucks": ["وتضم القافلة {#trucks} محملة بالمواد الغذائية والطبية.", "{said} {source} إن {#trucks} فقط سمح لها بالدخول."],
    "beneficiaries": ["ويستفيد من المساعدات نحو {#beneficiaries} في المدينة وريفها.",
                      "{said} {source} إن {#beneficiaries} بحاجة ماسة إلى الغذاء والدواء."],
    "countries": ["ويشارك في المؤتمر ممثلو {#countries} ومنظمات دولية.", "{said} {speaker} إن {#countries} أكدت مشاركتها."],
    "delegations": ["وحضر الاجتماع {#delegations} من الحكومة والمعارضة والدول الراعية.",
                    "{said} {speaker} إن {#delegations} وصلت إلى {capital} للمشاركة."],
    "dollars": ["وبلغ مجموع التعهدات {#dollars} بحسب الأمم المتحدة.", "{said} {speaker} إن إجمالي التعهدات بلغ {#dollars}."],
    "aircraft": ["وتضم المجموعة {#aircraft} بينها قاذفات ومروحيات هجومية.", "{said} {source} إن {#aircraft} شاركت في الغارات."],
    "villages": ["وباتت {force} تسيطر على {#villages} في المنطقة.", "{said} {source} إن {#villages} خرجت عن سيطرة {force2}."],
    "rockets": ["{said} {source} إن {#rockets} سقطت على المدينة منذ الصباح.", "وسقطت {#rockets} على {district}."],
    "detainees": ["{said} {source} إن عدد المفرج عنهم بلغ {#detainees}.", "وشملت الصفقة الإفراج عن {#detainees} بحسب {source}."],
}
DETAILS = [  # each with a slot, so that no sentence repeats across unrelated articles
    "وتشهد {city} منذ أسابيع تصعيدا عسكريا كبيرا من قبل {force}.", "وأظهرت صور نشرها ناشطون دمارا واسعا في {district}.",
    "وتعمل فرق {source} على انتشال العالقين تحت الأنقاض في {city}.", "ولم يصدر أي تعليق رسمي من {force} حتى الآن.",
    "وتقع {city} على الطريق الواصل بين دمشق و{city2}.", "وتتهم المعارضة {force} باستهداف المدنيين في {city} بشكل متعمد.",
    "وتحدث ناشطون عن انقطاع الكهرباء والاتصالات عن {district}.", "وتسيطر {force} على أجزاء واسعة من ريف {city} الشمالي.",
    "وأعلنت {force2} النفير العام في صفوفها بريف {city}.", "وتأتي هذه التطورات قبل أيام من جولة مفاوضات جديدة في {capital}.",
    "وشوهدت أعمدة الدخان تتصاعد من {district} حتى ساعات المساء.", "وسمع دوي انفجارات قوية في أرجاء {city}.",
    "وانتشرت حواجز {force} على مداخل {city} الرئيسية.", "ولا تزال حركة المرور متوقفة في {district}.",
    "وقالت مصادر إن التعزيزات العسكرية وصلت إلى المنطقة عبر طريق {city2}.",
    "وبدأت الهدنة في {city} الساعة {%time} بالتوقيت المحلي لكنها لم تصمد طويلا.",
    "وبحسب القرار رقم {%resolution} يجب إيصال المساعدات إلى {city} دون عوائق.",
    "ويعود تاريخ الحصار إلى عام {%year} حين دخلت {force} المنطقة.", "ونشرت {source} تسجيلا مصورا يظهر آثار الدمار في {city}.",
    "وأفاد مراسل في {city} بأن الأسواق بدت شبه خالية.", "وشاركت مقاتلات من طراز {%model} في العمليات فوق ريف {city}.",
]
SUBJECTS = ["سكان {city}", "الأهالي في {district}", "فرق الإسعاف", "المنظمات الإغاثية العاملة في {city}", "ناشطون في {city}",
            "الأطباء في المشافي الميدانية", "{source}", "مسؤولون في المجلس المحلي في {city}", "النازحون من {city2}",
            "عمال الإغاثة", "المدرسون في {district}", "أصحاب المحال التجارية في {city}", "{force}", "وجهاء {city}"]
PREDICATES = ["يواجهون نقصا حادا في {supply}", "تحدثوا عن {hardship} في {district}", "طالبوا ب{demand}",
              "حذروا من {risk}", "اشتكوا من {hardship}", "أكدوا الحاجة العاجلة إلى {supply}", "ناشدوا المجتمع الدولي {demand2}",
              "وصفوا الوضع بأنه ينذر ب{risk}"]
SUPPLY = ["الأدوية", "الخبز", "الوقود", "المياه الصالحة للشرب", "حليب الأطفال", "الطحين", "الأدوات الجراحية",
          "أكياس الدم", "مواد التدفئة", "اللقاحات"]
HARDSHIP = ["انقطاع الكهرباء", "شح المياه", "ارتفاع الأسعار", "انتشار الأمراض", "إغلاق الطرق", "توقف الأفران",
            "انقطاع الاتصالات", "نقص الكوادر الطبية"]
DEMAND = ["فتح ممرات إنسانية", "وقف القصف", "إدخال المساعدات", "إخلاء الجرحى", "حماية المدنيين", "الإفراج عن المعتقلين",
          "رفع الحصار", "إعادة تشغيل المشافي"]
TIMES = ["منذ أسابيع", "خلال الأيام الماضية", "منذ مطلع {month}", "منذ بداية الحصار", "في الساعات الأخيرة", "",
         "منذ أشهر", "طوال الليل"]
RISKS = ["كارثة إنسانية", "موجة نزوح جديدة", "انهيار الهدنة", "تفشي الكوليرا", "انهيار القطاع الصحي", "مجاعة حقيقية"]
CONNECTIVES = ["و", "من جهتهم، ", "في المقابل، ", "إلى ذلك، ", "وفي {city}، "]
CONDEMNERS = ["ودانت الخارجية الفرنسية", "ونددت منظمة العفو الدولية", "واستنكرت الجامعة العربية", "ودانت الخارجية التركية",
              "وأدان الاتحاد الأوروبي", "وانتقدت منظمة هيومن رايتس ووتش", "وأدانت الخارجية البريطانية"]
CONDEMNED = ["الهجوم على {city}", "استهداف المدنيين في {city}", "القصف الذي طال {district}", "التصعيد في ريف {city}"]
CONDEMN_TAIL = ["ووصفته بأنه «جريمة حرب»", "ودعت إلى محاسبة المسؤولين", "وطالبت بتحقيق دولي مستقل",
                "وحملت {force} المسؤولية", ""]


def _detail(rng: random.Random) -> str:
    """A detail sentence from a small grammar (thousands of distinct ones) or a fixed template."""
    if rng.random() < 0.3:
        return rng.choice(DETAILS)
    predicate = rng.choice(PREDICATES).format(supply=rng.choice(SUPPLY), hardship=rng.choice(HARDSHIP),
                                              demand=rng.choice(DEMAND), demand2=rng.choice(DEMAND), risk=rng.choice(RISKS),
                                              district="{district}")
    words = [rng.choice(CONNECTIVES) + rng.choice(SUBJECTS), predicate, rng.choice(TIMES)]
    return " ".join(filter(None, words)) + "."


def _reaction(rng: random.Random) -> str:
    words = [rng.choice(CONDEMNERS), rng.choice(CONDEMNED)]
    tail = rng.choice(CONDEMN_TAIL)
    return " ".join(words) + (f"، {tail}" if tail else "") + "."


QUOTES = ["{said} {speaker} في تصريح صحفي: «الوضع الإنساني في {city} كارثي ولا يحتمل التأخير».",
          "وأضاف {speaker} أن «الحل العسكري لن يجلب الاستقرار إلى {city}».",
          "{said} {speaker} لوكالة {agency_name}: «نطالب المجتمع الدولي بتحمل مسؤولياته في {city}».",
          "ونقلت {source} عن {speaker} قوله: «لن نسمح بتكرار ما حدث في {city2}».",
          "وقال أحد سكان {district}: «لم نعد نجد مكانا آمنا نلجأ إليه».",
          "وشدد {speaker} على «ضرورة وقف استهداف المشافي والمدارس في {city} فورا»."]
BACKGROUND = {  # another event, told again: "was ... earlier"
    "killed": "وكان {#killed} قد قتلوا في {city} في {month} الماضي.",
    "fighters_killed": "وكان {#fighters_killed} قد قتلوا في معارك مماثلة في ريف {city}.",
    "injured": "وكان {#injured} قد أصيبوا في قصف مماثل على {city} قبل أسابيع.",
    "displaced": "وكان {#displaced} قد نزحوا من {city} في موجة سابقة.",
    "countries": "وكانت {#countries} قد شاركت في اجتماع سابق في {capital}.",
    "rockets": "وكانت {#rockets} قد سقطت على {city} في {month} الماضي.",
}
ROUNDUP = ["وفي سياق آخر،", "وفي أخبار أخرى:", "على صعيد آخر،", "في غضون ذلك،"]

# -- clutter -----------------------------------------------------------------------------------------
LOGIN = "{ * welcomeName * } { * loginWidget * } تسجيل الدخول"
VIDEO = "Your browser does not support the video tag."
READ_ALSO = ["اقرأ / ي أيض ا : الأكثر قراءة", "اقرأ أيضا:", "الأكثر قراءة", "مواضيع ذات صلة", "شاهد أيضا"]
SHARE = ["شارك: فيسبوك تويتر واتساب تيليغرام", "Share on Facebook Share on Twitter", "شارك هذا الخبر",
         "طباعة إرسال لصديق", "نشر في فيسبوك نشر في تويتر"]  # a few widgets, shared by many outlets
NEWSLETTER = ["اشترك في النشرة البريدية ليصلك جديد الأخبار", "سجل بريدك الإلكتروني ليصلك كل جديد",
              "اشترك الآن في نشرتنا اليومية", "Subscribe to our newsletter"]
MENU = ["الرئيسية", "أخبار سوريا", "سياسة", "اقتصاد", "رياضة", "منوعات", "تقارير", "رأي", "فيديو", "اتصل بنا",
        "من نحن", "عربي ودولي", "Home", "News"]
SLOGANS = ["صوت الحقيقة", "الخبر كما هو", "نافذتك على سوريا والعالم", "منبر من لا منبر له", "أخبار سوريا لحظة بلحظة",
           "إعلام مستقل", "لأن الحقيقة لا تموت"]
COMMENTS = ["التعليقات (0)", "أضف تعليقك", "لا توجد تعليقات", "اترك تعليقا"]
OUTLET_HEAD = ["شبكة", "موقع", "وكالة", "صحيفة", "قناة", "راديو", "بوابة"]
OUTLET_CORE = [("الشام", "sham"), ("حلب اليوم", "aleppotoday"), ("الحدث", "alhadath"), ("الوطن", "alwatan"),
               ("الخبر", "alkhabar"), ("الفرات", "furat"), ("سوريا الآن", "syrianow"), ("المدن", "almodon"),
               ("العاصي", "alasi"), ("الجسر", "aljisr"), ("قاسيون", "qasioun"), ("البلد", "albalad"),
               ("زمان الوصل", "zamanalwsl"), ("الشرق", "alsharq"), ("المشرق", "almashriq"), ("بردى", "barada")]
OUTLET_TAIL = ["الإخبارية", "نت", "برس", "24", "اليوم", ""]
AGENCY_CREDIT = ["المصدر: {agency}", "({agency})", "المصدر: وكالات", "{agency_name} - وكالات"]

_TOKEN_PUNCT = re.compile(r"\s*([.,،؛:!?؟\"«»()/])\s*")
_SPACES = re.compile(r"\s+")
_SLOT = re.compile(r"\{([#%]?)(\w+)\}")
_DIGITS = re.compile(r"\d+")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass
class Outlet:
    name: str
    domain: str
    tokenized: bool
    indic: bool
    thousands: bool
    has_title: bool
    has_date: bool
    has_url: bool
    nav: str
    slogan: str
    share: str
    newsletter: str
    date_bar: int
    agency: tuple[str, str]
    clutter: dict[str, float]
    headlines: list[str] = field(default_factory=list)


@dataclass
class Event:
    id: str
    kind: str
    day: date
    slots: dict
    figures: dict[str, float]


# -- rendering ---------------------------------------------------------------------------------------
def _style(text: str, outlet: Outlet) -> str:
    """The outlet's typography: tokenized punctuation (inside numbers and initials too) or clean."""
    if outlet.tokenized:
        text = _TOKEN_PUNCT.sub(r" \1 ", text.replace("«", '"').replace("»", '"'))
    if outlet.indic:
        text = text.translate(_INDIC)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


def _number(value: float, outlet: Outlet, rng: random.Random) -> str:
    if value != int(value):
        return f"{value:.2f}".rstrip("0")
    value = int(value)
    if value in WORDS and value <= 1000 and rng.random() < 0.3:
        return WORDS[value]
    if value >= 1000 and outlet.thousands:
        return f"{value:,}"
    return str(value)


def _quantity(kind: str, value: float, outlet: Outlet, rng: random.Random) -> str:
    if kind == "dollars":  # value in millions
        if value >= 1000 and rng.random() < 0.7:
            return f"{_number(round(value / 1000, 2), outlet, rng)} مليار دولار"
        return f"{_number(value, outlet, rng)} مليون دولار"
    forms = rng.choice(NOUNS[kind])
    number, rest = _number(value, outlet, rng), int(value) % 100
    if int(value) == 2:
        return forms[1]
    noun = forms[2] if 3 <= rest <= 10 else forms[3] if rest >= 11 else forms[0]
    return f"{number} {noun}"


def _fill(template: str, slots: dict, values: dict, outlet: Outlet, rng: random.Random):
    """The sentence in the outlet's style and the code-point spans of its numbers: the event's figures
    ({#kind}, counts) and numbers that are not counts ({%time}, {%year}, {%model}, {%resolution})."""
    numbers: list[tuple[str, float, str, bool]] = []

    def slot(match):
        mark, name = match.groups()
        if not mark:
            return slots[name]
        if mark == "#":
            numbers.append((name, values[name], _quantity(name, values[name], outlet, rng), True))
        else:
            numbers.append((name, float(_DIGITS.findall(slots[name])[-1]), slots[name], False))
        return f"\x01{chr(0xE000 + len(numbers) - 1)}\x02"

    text = _style(_SLOT.sub(slot, template), outlet)
    quantities, out, at, last = [], [], 0, 0
    for match in re.finditer("\x01(.)\x02", text):
        out.append(text[last : match.start()])
        at += match.start() - last
        kind, value, shown, count = numbers[ord(match.group(1)) - 0xE000]
        shown = _style(shown, outlet)
        out.append(shown)
        quantities.append({"kind": kind, "value": value, "count": count, "start": at, "end": at + len(shown)})
        at += len(shown)
        last = match.end()
    out.append(text[last:])
    return "".join(out), quantities


class _Page:
    """Paragraphs of one record, with their truth, joined by line breaks."""

    def __init__(self, outlet: Outlet, rng: random.Random):
        self.outlet, self.rng, self.paragraphs = outlet, rng, []

    def clutter(self, text: str, kind: str) -> None:
        self.paragraphs.append({"text": _style(text, self.outlet), "clutter": True, "kind": kind, "sentences": []})

    def real(self, specs: list[dict], kind: str = "body") -> None:
        parts, sentences, at = [], [], 0
        for spec in specs:
            text, quantities = _fill(spec["template"], spec["slots"], spec["values"], self.outlet, self.rng)
            sentences.append({"start": at, "end": at + len(text), "event": spec["event"], "role": spec["role"],
                              "quantities": quantities})
            parts.append(text)
            at += len(text) + 1
        self.paragraphs.append({"text": " ".join(parts), "clutter": False, "kind": kind, "sentences": sentences})

    def glue(self, index: int, text: str, kind: str, before: bool) -> None:
        """Clutter on the same line as a real paragraph (scraped headline or last line)."""
        paragraph, text = self.paragraphs[index], _style(text, self.outlet)
        if before:
            shift = len(text) + 1
            paragraph["text"] = f"{text} {paragraph['text']}"
            for sentence in paragraph["sentences"]:
                sentence["start"] += shift
                sentence["end"] += shift
            paragraph.setdefault("glued", []).append({"start": 0, "end": len(text), "kind": kind})
        else:
            start = len(paragraph["text"]) + 1
            paragraph["text"] = f"{paragraph['text']} {text}"
            paragraph.setdefault("glued", []).append({"start": start, "end": start + len(text), "kind": kind})

    def finish(self, record_id: str) -> tuple[str, list[dict]]:
        """The text and the paragraphs' truth with absolute offsets; sentence ids are record.index."""
        text, out, at, number = [], [], 0, 0
        for p in self.paragraphs:
            truth = {"start": at, "end": at + len(p["text"]), "clutter": p["clutter"], "kind": p["kind"],
                     "glued": [{**g, "start": g["start"] + at, "end": g["end"] + at} for g in p.get("glued", [])],
                     "sentences": []}
            for s in p["sentences"]:
                truth["sentences"].append({
                    "id": f"{record_id}.{number}", "start": s["start"] + at, "end": s["end"] + at,
                    "event": s["event"], "role": s["role"],
                    "quantities": [{**q, "start": q["start"] + s["start"] + at, "end": q["end"] + s["start"] + at}
                                   for q in s["quantities"]]})
                number += 1
            out.append(truth)
            text.append(p["text"])
            at += len(p["text"]) + 1
        return "\n".join(text), out


# -- the corpus --------------------------------------------------------------------------------------
def _ans_rows() -> list[dict]:
    if not ANS.exists():
        return []
    with ANS.open(encoding="utf-8", newline="") as rows:
        return [{**row, "row": i} for i, row in enumerate(csv.DictReader(rows))]


def _outlets(count: int, rng: random.Random) -> list[Outlet]:
    outlets, seen = [], set()
    while len(outlets) < count:
        head, (core, latin), tail = rng.choice(OUTLET_HEAD), rng.choice(OUTLET_CORE), rng.choice(OUTLET_TAIL)
        name = " ".join(filter(None, [head, core, tail]))
        if name in seen:
            name = f"{name} {len(outlets)}"
        seen.add(name)
        menu = rng.sample(MENU, rng.randint(4, 8))
        outlets.append(Outlet(
            name=name, domain=f"{latin}{len(outlets)}.{rng.choice(['net', 'com', 'org', 'news'])}",
            tokenized=rng.random() < 0.6, indic=rng.random() < 0.1, thousands=rng.random() < 0.5,
            has_title=rng.random() < 0.4, has_date=rng.random() < 0.5, has_url=rng.random() < 0.85,
            nav=rng.choice([" | ", " - ", "  "]).join(menu), slogan=f"{name} - {rng.choice(SLOGANS)}",
            share=rng.choice(SHARE), newsletter=rng.choice(NEWSLETTER), date_bar=rng.randrange(3),
            agency=rng.choice(AGENCIES),
            clutter={"nav": rng.choice([0.0, 0.9, 1.0]), "date_bar": rng.choice([0.0, 0.8]), "login": rng.choice([0.0, 0.0, 0.9]),
                     "video": rng.choice([0.0, 0.3]), "read_also": rng.choice([0.0, 0.7]), "teaser": rng.choice([0.0, 0.8]),
                     "slogan": rng.choice([0.0, 0.85, 0.95]), "share": rng.choice([0.0, 0.7, 0.9]),
                     "newsletter": rng.choice([0.0, 0.5]), "copyright": rng.choice([0.0, 0.6]),
                     "comments": rng.choice([0.0, 0.3]), "tags": rng.choice([0.0, 0.4]), "social": rng.choice([0.0, 0.2]),
                     "glue_head": rng.choice([0.0, 0.15]), "glue_tail": rng.choice([0.0, 0.2])}))
    return outlets


def _hijri(day: date) -> tuple[int, int, int]:
    """The tabular Islamic calendar date of a Gregorian day (year, month, day)."""
    jd = day.toordinal() + 1721425
    n, l = divmod(jd - 1948440 + 10632 - 1, 10631)
    l = l + 1 + 354
    j = ((10985 - l) // 5316) * ((50 * l) // 17719) + (l // 5670) * ((43 * l) // 15238)
    l = l - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    month = (24 * l) // 709
    return 30 * n + j - 30, month, l - (709 * month) // 24


def _date_bar(outlet: Outlet, day: date, rng: random.Random) -> str:
    hy, hm, hd = _hijri(day)
    if outlet.date_bar == 0:
        return f"{DAYS[(day.weekday() + 1) % 7]} {hd} {HIJRI[hm - 1]} {hy} ه - {day.day} {MONTHS[day.month - 1]} {day.year} م"
    if outlet.date_bar == 1:
        return f"{hy}/{hm}/{hd} ه"
    return f"آخر تحديث: {day.year}/{day.month}/{day.day} - {rng.randint(0, 23)}:{rng.randint(10, 59)}"


def _events(first: int, count: int, rng: random.Random) -> list[Event]:
    events, start = [], date(2011, 3, 15)
    for i in range(first, first + count):
        kind = rng.choice(list(EVENT_KINDS))
        city, city2 = rng.sample(CITIES, 2)
        force, force2 = rng.sample(FORCES, 2)
        model = rng.choice(MODELS)
        slots = {"city": city, "city2": city2, "district": rng.choice(DISTRICTS), "capital": rng.choice(CAPITALS),
                 "air": rng.choice(AIR), "weapon": rng.choice(WEAPONS), "force": force, "force2": force2,
                 "model": f"{model[0]} {model[1]}", "when": rng.choice(WHEN)}
        figures = {}
        for figure, (low, high) in EVENT_KINDS[kind].items():
            value = round(low * (high / low) ** rng.random())  # small figures are the common ones
            figures[figure] = value if figure != "dollars" else float(value if value < 1000 else round(value, -1))
        events.append(Event(f"e{i:05d}", kind, start + timedelta(days=rng.randrange(2400)), slots, figures))
    return sorted(events, key=lambda e: (e.day, e.id))


def _spec(template: str, event: Event, values: dict, role: str, rng: random.Random, extra: dict | None = None) -> dict:
    slots = {**event.slots, "said": rng.choice(SAID), "source": rng.choice(SOURCES), "speaker": rng.choice(SPEAKERS),
             "time": f"{rng.randint(1, 12)}:00", "resolution": str(rng.choice([2118, 2139, 2165, 2254, 2268, 2401])),
             "year": str(rng.randint(2011, 2016)), "month": rng.choice(MONTHS),
             "agency_name": rng.choice(AGENCIES)[1], **(extra or {})}
    return {"template": template, "slots": slots, "values": values, "event": event.id, "role": role}


def _reported(event: Event, rng: random.Random) -> dict[str, float]:
    """The figures one article gives: mostly the event's, sometimes another source's count."""
    values = {}
    for kind, value in event.figures.items():
        if rng.random() < 0.25:
            if kind == "dollars":
                value = float(round(value * rng.choice([0.8, 0.9, 1.1, 1.25]), -1 if value >= 1000 else 0))
            else:
                value = max(2, int(value) + rng.choice([-3, -2, -1, 1, 2, 4, 7]) * max(1, int(value) // 10))
        values[kind] = value
    return values


def _story(event: Event, earlier: list[Event], ans: list[dict], rng: random.Random) -> dict:
    """One article's content as sentence specs (rendered per outlet later, so wire copies share it)."""
    values = _reported(event, rng)
    head = _spec(rng.choice(HEADLINES[event.kind]), event, values, "headline", rng)
    lead = _spec(rng.choice(LEADS[event.kind]), event, values, "lead", rng)
    body = []
    for kind in event.figures:
        for template in rng.sample(FIGURES[kind], rng.randint(1, len(FIGURES[kind]))):
            body.append(_spec(template, event, values, "figure", rng))
    for _ in range(rng.randint(22, 36)):
        body.append(_spec(_detail(rng), event, values, "detail", rng))
    for template in rng.sample(QUOTES, rng.randint(1, 3)):
        body.append(_spec(template, event, values, "quote", rng))
    for _ in range(rng.randint(0, 2)):
        body.append(_spec(_reaction(rng), event, values, "reaction", rng))
    rng.shuffle(body)
    for other in rng.sample(earlier, min(len(earlier), rng.randint(0, 2))):  # an unrelated event that shares units
        shared = [k for k in other.figures if k in BACKGROUND]
        if shared:
            kind = rng.choice(shared)
            body.insert(rng.randrange(len(body) + 1), _spec(BACKGROUND[kind], other, dict(other.figures), "background", rng))
    paragraphs, at = [[lead]], 0
    while at < len(body):
        size = rng.choice([1, 2, 2, 3, 3, 4])
        paragraphs.append(body[at : at + size])
        at += size
    if ans and rng.random() < 0.35:  # a roundup of other news: real ANS headlines, each its own event
        rows = rng.sample(ans, rng.randint(1, 3))
        roundup = [{"template": "{text}", "slots": {"text": f"{rng.choice(ROUNDUP) if i == 0 else ''} {r['s1']}."},
                    "values": {}, "event": f"ans{r['row']}", "role": "roundup"} for i, r in enumerate(rows)]
        paragraphs.insert(rng.randint(2, len(paragraphs)), roundup)
    return {"head": head, "paragraphs": paragraphs, "event": event}


def _edit(story: dict, rng: random.Random) -> dict:
    """A wire copy: the same story with a dropped sentence and a reworded one."""
    paragraphs = [list(p) for p in story["paragraphs"]]
    if rng.random() < 0.5 and len(paragraphs) > 3:
        target = rng.randrange(1, len(paragraphs))
        paragraphs[target].pop(rng.randrange(len(paragraphs[target])))
        paragraphs = [p for p in paragraphs if p]
    if rng.random() < 0.6:
        p = rng.randrange(len(paragraphs))
        s = rng.randrange(len(paragraphs[p]))
        old, new = rng.choice(SYNONYMS)
        spec = paragraphs[p][s]
        paragraphs[p][s] = {**spec, "template": spec["template"].replace(old, new, 1)}
    return {**story, "paragraphs": paragraphs}


class _Corpus:
    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.ans = _ans_rows()
        self.outlets = _outlets(max(6, min(100, n // 30)), self.rng)
        self.n = n
        self.records: list[dict] = []

    def _record(self, outlet: Outlet, page: _Page, day: date, title: str | None, truth: dict, path: str) -> dict:
        record_id = f"r{len(self.records):05d}"
        text, paragraphs = page.finish(record_id)
        record = {"text": text, "title": title if outlet.has_title else None, "outlet": outlet.name,
                  "url": f"https://{outlet.domain}/{path}" if outlet.has_url else None,
                  "published_at": day.isoformat() if outlet.has_date else None, "language": "ar",
                  "truth": {"id": record_id, "page": "article", "event": None, "wire_group": None,
                            "duplicate_of": None, "style": "tokenized" if outlet.tokenized else "clean",
                            **truth, "paragraphs": paragraphs, "pairs": []}}
        self.records.append(record)
        return record

    def article(self, outlet: Outlet, story: dict, day: date, wire: str | None) -> None:
        rng, event = self.rng, story["event"]
        page, chance = _Page(outlet, rng), outlet.clutter
        if rng.random() < chance["nav"]:
            page.clutter(outlet.nav, "nav")
        if rng.random() < chance["date_bar"]:
            page.clutter(_date_bar(outlet, day, rng), "date_bar")
        if rng.random() < chance["login"]:
            page.clutter(LOGIN, "login")
        head = len(page.paragraphs)
        page.real([story["head"]], "headline")
        title = page.paragraphs[head]["text"]
        for paragraph in story["paragraphs"]:
            if paragraph[0]["role"] == "lead" and wire:
                agency = outlet.agency if rng.random() < 0.5 else AGENCIES[hash_index(wire, len(AGENCIES))]
                dateline = rng.choice(["{city} - {a}:", "{city} ({a}) -", "{city} - {a} -"])
                dateline = dateline.format(city=event.slots["city"], a=agency[0])
                paragraph = [{**paragraph[0], "template": f"{dateline} {paragraph[0]['template']}"}, *paragraph[1:]]
            page.real(paragraph)
            if rng.random() < chance["video"] / 4:
                page.clutter(VIDEO, "video")
        last = len(page.paragraphs) - 1
        if wire and rng.random() < 0.7:
            page.clutter(rng.choice(AGENCY_CREDIT).format(agency=outlet.agency[0], agency_name=outlet.agency[1]), "credit")
        if rng.random() < chance["read_also"]:
            page.clutter(rng.choice(READ_ALSO), "read_also")
        if rng.random() < chance["teaser"]:
            teasers = outlet.headlines[-rng.randint(8, 40):] or [r["s1"] for r in self.ans[:5]]
            for teaser in rng.sample(teasers, min(len(teasers), rng.randint(2, 5))):
                page.clutter(teaser, "teaser")
        if rng.random() < chance["tags"]:
            page.clutter(f"الوسوم: {event.slots['city']}، سوريا، {event.slots['force']}", "tags")
        if rng.random() < chance["slogan"]:
            page.clutter(outlet.slogan, "slogan")
        if rng.random() < chance["glue_tail"]:
            page.glue(last, outlet.share, "share", before=False)
        elif rng.random() < chance["share"]:
            page.clutter(outlet.share, "share")
        if rng.random() < chance["newsletter"]:
            page.clutter(outlet.newsletter, "newsletter")
        if rng.random() < chance["social"]:
            handle = outlet.domain.split(".")[0]
            page.clutter(f"تابعونا على تويتر @{handle} #سوريا 🔴 https://t.me/{handle}", "social")
        if rng.random() < chance["comments"]:
            page.clutter(rng.choice(COMMENTS), "comments")
        if rng.random() < chance["copyright"]:
            page.clutter(f"جميع الحقوق محفوظة © {outlet.name} {day.year}", "copyright")
        if rng.random() < chance["glue_head"]:
            page.glue(head, outlet.nav if chance["nav"] else LOGIN, "nav" if chance["nav"] else "login", before=True)
        outlet.headlines.append(title)
        self._record(outlet, page, day, title, {"event": event.id, "wire_group": wire}, f"news/{day.year}/{len(self.records)}.html")

    def not_article(self, outlet: Outlet, day: date) -> None:
        rng, page = self.rng, _Page(outlet, self.rng)
        kind = rng.choice(["archive", "tag", "profile"])
        if outlet.clutter["nav"]:
            page.clutter(outlet.nav, "nav")
        titles = outlet.headlines[-30:] or [r["s1"] for r in self.ans[:30]] or ["خبر"]
        if kind == "archive":
            page.clutter(f"أرشيف شهر {MONTHS[day.month - 1]} {day.year}", "archive")
            for title in rng.sample(titles, min(len(titles), rng.randint(5, 15))):
                page.clutter(f"{title} - {day.year}/{day.month}/{rng.randint(1, 28)}", "archive")
            page.clutter(f"الصفحة {rng.randint(2, 9)} من {rng.randint(10, 40)}", "archive")
        elif kind == "tag":
            page.clutter(f"الوسم: {rng.choice(CITIES)}", "tag")
            for title in rng.sample(titles, min(len(titles), rng.randint(4, 12))):
                page.clutter(title, "tag")
            page.clutter("المزيد", "tag")
        else:
            user = rng.choice(["abu_omar", "sham2013", "haleb_free", "ahmad.k", "syrian_voice"])
            for line in [f"الملف الشخصي: {user}", f"عدد المشاركات: {rng.randint(3, 4000)}",
                         f"تاريخ التسجيل: {rng.randint(2008, 2015)}/{rng.randint(1, 12)}/{rng.randint(1, 28)}",
                         f"الرتبة: {rng.choice(['عضو جديد', 'عضو مميز', 'مشرف'])}", "آخر نشاط: منذ 3 أيام",
                         "إرسال رسالة خاصة", "عرض جميع مواضيع العضو"]:
                page.clutter(line, "profile")
        if outlet.clutter["copyright"]:
            page.clutter(f"جميع الحقوق محفوظة © {outlet.name} {day.year}", "copyright")
        self._record(outlet, page, day, None, {"page": kind}, f"{kind}/{len(self.records)}")

    def duplicate(self, record: dict) -> None:
        """The same page again under a twin URL (http/https, a tracking parameter)."""
        if not record["url"]:
            return
        url = record["url"]
        twin = url.replace("https://", "http://", 1) if self.rng.random() < 0.5 else f"{url}?utm_source=facebook"
        truth = {**record["truth"], "id": f"r{len(self.records):05d}", "duplicate_of": record["truth"]["id"], "pairs": []}
        prefix = record["truth"]["id"] + "."
        truth["paragraphs"] = [{**p, "sentences": [{**s, "id": truth["id"] + "." + s["id"][len(prefix):]}
                                                   for s in p["sentences"]]} for p in record["truth"]["paragraphs"]]
        self.records.append({**record, "url": twin, "truth": truth})

    def build(self) -> list[dict]:
        rng, earlier, made = self.rng, [], 0
        while len(self.records) < self.n:  # rounds of events over the whole period until n records
            events = _events(made, (self.n - len(self.records)) * 5 // 8 + 1, rng)
            made += len(events)
            for day, _, event, wire, copies in self._plan(events):
                if len(self.records) >= self.n:
                    break
                story = _story(event, earlier[-200:], self.ans, rng)
                for outlet in rng.sample(self.outlets, min(copies, len(self.outlets))):
                    if len(self.records) >= self.n:
                        break
                    self.article(outlet, _edit(story, rng) if wire else story, day + timedelta(days=rng.randint(0, 1)), wire)
                    if len(self.records) < self.n and rng.random() < 0.03:
                        self.not_article(rng.choice(self.outlets), day)
                    if len(self.records) < self.n and rng.random() < 0.015:
                        self.duplicate(self.records[-1])
                earlier.append(event)
        self._pairs()
        return self.records

    def _plan(self, events: list[Event]) -> list[tuple[date, int, Event, str | None, int]]:
        """Who reports each event, in date order: one outlet, a few on their own (figures may
        disagree), or one wire story copied by 2-5 outlets."""
        plan, rng = [], self.rng
        for event in events:
            roll = rng.random()
            if roll < 0.45:
                plan.append((event.day, len(plan), event, None, 1))
            elif roll < 0.75:
                for _ in range(rng.randint(2, 3)):
                    plan.append((event.day + timedelta(days=rng.randint(0, 2)), len(plan), event, None, 1))
            else:
                plan.append((event.day, len(plan), event, f"w{event.id[1:]}", rng.randint(2, 5)))
        return sorted(plan, key=lambda p: (p[0], p[1]))

    def _pairs(self) -> None:
        """Labelled pairs: same event and kind (corroborate if equal, dispute if not) and, as hard
        negatives, different events that report the same kind of figure (unrelated)."""
        rng, by_event, by_kind = self.rng, {}, {}
        owner = {}
        for record in self.records:
            truth = record["truth"]
            if truth["duplicate_of"]:
                continue
            for p in truth["paragraphs"]:
                for s in p["sentences"]:
                    owner[s["id"]] = record
                    for q in s["quantities"]:
                        item = (s["id"], q["value"], truth["id"], truth["wire_group"])
                        by_event.setdefault((s["event"], q["kind"]), []).append(item)
                        by_kind.setdefault(q["kind"], []).append((s["event"], *item))
        pairs = []
        for (event, kind), items in by_event.items():
            across = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :] if a[2] != b[2]]
            for a, b in rng.sample(across, min(len(across), 8)):
                pairs.append({"a": a[0], "b": b[0], "event": event, "kind": kind, "a_value": a[1], "b_value": b[1],
                              "relation": "corroborate" if a[1] == b[1] else "dispute",
                              "wire": a[3] is not None and a[3] == b[3]})
        labelled = len(pairs)
        for kind, items in sorted(by_kind.items()):
            for _ in range(min(len(items), labelled // max(1, len(by_kind)))):
                a, b = rng.sample(items, 2)
                if a[0] != b[0] and a[3] != b[3]:
                    pairs.append({"a": a[1], "b": b[1], "event": None, "kind": kind, "a_value": a[2],
                                  "b_value": b[2], "relation": "unrelated", "wire": False})
        for pair in pairs:
            owner[pair["b"]]["truth"]["pairs"].append(pair)


def hash_index(text: str, size: int) -> int:
    """A stable index from a string (Python's hash() changes between runs)."""
    return sum(map(ord, text)) % size


def generate(n_articles: int, seed: int = 0) -> list[dict]:
    """`n_articles` records (articles, wire copies, URL twins and a few non-article pages), each with
    its `truth`; the same seed gives the same corpus."""
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    return _Corpus(n_articles, seed).build()


def pairs(records: list[dict]) -> list[dict]:
    """Every labelled pair of the corpus (each is kept with the record of its `b` sentence)."""
    return [pair for record in records for pair in record["truth"]["pairs"]]


def sentence_count(records: list[dict]) -> tuple[int, int]:
    """(real sentences, clutter paragraphs): about what segmentation would cut, before its own errors."""
    real = sum(len(p["sentences"]) for r in records for p in r["truth"]["paragraphs"])
    clutter = sum(p["clutter"] for r in records for p in r["truth"]["paragraphs"])
    return real, clutter


def write(records: list[dict], out: Path) -> Path:
    """The records to `out` (JSON Lines ingest shape) and their truth to `out` .truth.jsonl."""
    truth = out.with_suffix(".truth.jsonl")
    with out.open("w", encoding="utf-8") as data, truth.open("w", encoding="utf-8") as labels:
        for record in records:
            data.write(json.dumps({k: v for k, v in record.items() if k != "truth" and v is not None},
                                  ensure_ascii=False) + "\n")
            labels.write(json.dumps({"url": record["url"], **record["truth"]}, ensure_ascii=False) + "\n")
    return truth


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.realistic", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    records = generate(args.articles, args.seed)
    truth = write(records, args.out)
    real, clutter = sentence_count(records)
    print(f"{len(records)} records, {real} real sentences, {clutter} clutter paragraphs, "
          f"{len(pairs(records))} labelled pairs -> {args.out}, {truth}")


if __name__ == "__main__":
    main(sys.argv[1:])
