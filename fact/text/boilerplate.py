"""Detect site boilerplate paragraphs (kept in the article, never annotated).

Boilerplate is page chrome that scrapers carry into article text: share and
comment prompts, comment forms, "like our page" / "follow us" / "click here"
lines, "last updated" headers, "read also" and "all rights reserved" lines,
and wire-credit lines made only of editor initials and an agency, such as
``أ.ح/ح.ع.ح (أ ف ب)``, date bars (``1438 / 8 / 8 ه``), tag lists and "more" links.

Rules:

* patterns are matched against the normalized form of the line
  (:func:`fact.text.normalize.normalize_for_search`), so spelling variants
  (إضغط/اضغط, الأسم/الاسم, ...) are covered by one pattern;
* only SHORT lines (at most :data:`MAX_WORDS` words) can match, so real news
  sentences that merely contain a word such as تعليق ("رفض التعليق") are
  never flagged; and the patterns are phrases, not single words;
* tail rule: in the trailing block of the article made only of boilerplate
  and very short lines (at most :data:`TAIL_MAX_WORDS` words), every short
  line after the first boilerplate line is boilerplate too (comment-form
  labels such as الأسم / موضوع التعليق / النص).  A longer non-boilerplate
  line (a real paragraph, a headline) anywhere after a short line keeps that
  short line out of the tail, so a photo caption below a "last updated"
  header, or a subheading after a mid-article "read also" line, is not
  flagged.
"""

from __future__ import annotations

import re

from fact.text.normalize import normalize_for_search

__all__ = ["boilerplate_paragraphs", "is_boilerplate_line", "MAX_WORDS", "TAIL_MAX_WORDS"]

MAX_WORDS = 15
TAIL_MAX_WORDS = 4

# All patterns are written in the *normalized* spelling: ا for أ/إ/آ, ه for ة,
# ي for ى, lower-case Latin, ASCII digits.

# Punctuation/space allowed around a whole-line phrase.
_P = r"[\s\W_]*"

# Lines that are boilerplate when the phrase is the whole line (up to
# surrounding punctuation).
_WHOLE_LINE = [
    # comment prompts and headers
    r"(?:ا?ضف|اضافه|اكتب|ارسل|شاركنا|شارك ب?|اترك|ادل ب)\s*(?:تعليق|تعليقا|تعليقك|رايك|براي|برايك)",
    r"(?:ال)?تعليقات",
    r"\d+\s*(?:تعليق|تعليقات)",
    r"عدد التعليقات\W*\d*",
    r"لا (?:توجد|يوجد) تعليقات(?: بعد)?",
    r"كن اول من (?:يعلق|يعلق علي (?:الخبر|الموضوع|المقال))",
    r"(?:التعليقات|التعليق) (?:مغلقه|متوقفه)",
    # share prompts
    r"شارك(?:نا)?",
    r"(?:شارك|انشر|مشاركه)(?: هذا)? (?:الخبر|المقال|الموضوع|المقاله|علي\s+\S+)",
    r"مشاركه|شارك عبر|شارك علي",
    # "related" headers ("read also" lines are in _START below), "more" links
    r"ذات صله|الاكثر قراءه|الاكثر مشاهده|المزيد|(?:عرض |اقرا )?المزيد من الاخبار",
    # English
    r"share(?: this)?(?: article| story| post| page)?(?: on \w+)?",
    r"(?:\d+\s*)?comments?(?:\s*\(\d+\))?",
    r"(?:leave|post|add|write|submit) (?:a |your )?(?:comment|reply)",
    r"no comments(?: yet)?|be the first to comment",
    r"related(?: articles| stories| news| posts)?|most read",
]

# Phrases that make a short line boilerplate wherever they occur in it.
_ANYWHERE = [
    # like / follow / subscribe
    r"(?:الاعجاب|اعجاب|لايك|بالاعجاب) (?:ب|علي )?صفحتنا",
    r"صفحتنا (?:علي|في|عبر) (?:ال)?(?:فيس ?بوك|فيسبوك|تويتر|انستغرام|انستجرام)",
    r"تابعونا|تابعنا علي|تابعنا عبر|تابعوا (?:صفحتنا|قناتنا|حسابنا)",
    r"لمتابعه (?:اخبار|اخر|جديد|اهم)\b.*\b(?:عبر|علي|في) (?:ال)?(?:تليجرام|تلجرام|تيليجرام|تيليغرام|تلغرام|تويتر|فيس ?بوك|فيسبوك|واتس ?اب|واتساب|يوتيوب|انستغرام|انستجرام|قناتنا|تطبيق)",
    r"اشترك (?:في|ب) (?:قناتنا|القائمه البريديه|النشره)",
    r"(?:ا?ضغط|انقر|اضغطي|انقري) هنا",
    r"لمزيد من الاخبار",
    # comment forms and disclaimers
    r"(?:التعليقات|المشاركات|الاراء)(?: و(?:التعليقات|المشاركات|الاراء))?"
    r"(?: (?:المنشوره|الوارده|المنشوره هنا))? (?:لا ?تمثل|لا ?تعبر)",
    r"تعبر عن (?:راي|اراء) (?:اصحابها|كاتبيها|كتابها|كاتبها)",
    r"موضوع التعليق|نص التعليق",
    # rights / copyright
    r"(?:جميع|كل) الحقوق محفوظه|الحقوق محفوظه",
    r"all rights reserved|copyright\b|\u00a9",
    # last updated
    r"اخر تحديث\s*[:：]|اخر تحديث\s+(?:في\s+)?(?:\d|السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه)",
    r"\blast updated?\b|\bupdated\s*(?:on\s*)?:",
    # English like/follow/click
    r"like (?:us|our page)|follow us\b|click here|tap here|subscribe to (?:our|the) (?:newsletter|channel)",
    r"your browser does not support",
]

_AGENCY = (
    r"(?:ا\s*\.?\s*ف\s*\.?\s*ب|رويترز?|د\s*\.?\s*ب\s*\.?\s*ا|ا\s*\.?\s*ش\s*\.?\s*ا|ا\s*\.\s*ب"
    r"|ي\s*\.?\s*ب\s*\.?\s*ا"
    r"|يو ?بي ?اي|اسوشيتد برس|الاناضول|واس|قنا|وام|كونا|سانا|ارنا|سبوتنيك|وكالات"
    r"|afp|reuters|ap|dpa|upi|ansa|efe|xinhua|anadolu|agencies)"
)
_INITIALS = r"[^\W\d_]{1,2}(?:\s?\.\s?[^\W\d_]{1,2})*\.?"
# A wire-credit line: optional initials groups (ا.ح/ح.ع.ح) then one or more
# agencies, optionally in brackets: "ا.ح/ح.ع.ح (ا ف ب)", "(رويترز)", "(AFP)".
_WIRE_CREDIT = (
    rf"(?:{_INITIALS}(?:\s*[/\\،,-]\s*{_INITIALS})*\s*)?"
    rf"[(\[]?\s*{_AGENCY}(?:\s*[،,/و+-]\s*{_AGENCY})*\s*[)\]]?\.?"
)

# Phrases that make a short line boilerplate when they start it
# ("اقرأ أيضا: <title of another article>").
_START = [
    r"(?:اقرا|اقراوا|طالع|شاهد|انظر) (?:ايضا|المزيد)\b",
    r"(?:مواضيع|اخبار|مقالات|مواد) (?:ذات صله|متعلقه|مشابهه)\b",
    r"ذات صله\s*:",
    # tag lists: "الوسوم: حلب، سوريا"
    r"(?:الوسوم|الوسم|الكلمات المفتاحيه|كلمات مفتاحيه|tags)\s*:",
    r"read (?:also|more|next)\b|see also\b|related(?: articles| stories| news| posts)?\s*:",
]

_START_RE = re.compile(rf"^{_P}(?:{'|'.join(_START)})")
_WHOLE_RE = re.compile(rf"^{_P}(?:{'|'.join(_WHOLE_LINE)}){_P}$")
_ANYWHERE_RE = re.compile("|".join(_ANYWHERE))
_WIRE_RE = re.compile(rf"^(?:{_WIRE_CREDIT}|(?:المصدر|المصادر|source)\s*:\s*{_AGENCY}.{{0,20}})$")


# A date bar: a line of nothing but a date (Hijri and Gregorian, weekday, time), e.g.
# "الاثنين 15 ربيع الآخر 1432 ه - 21 آذار 2011 م" or "1438 / 8 / 8 ه". Words in normalized spelling.
_DATE_WORDS = frozenset("""
الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت
يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر
كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين الاول الثاني
محرم صفر ربيع الاخر جمادي الاولي الاخره رجب شعبان رمضان شوال ذو القعده الحجه
ه هـ م الموافق ميلادي هجري ص مساء صباحا بتوقيت مكه غرينتش am pm gmt
""".split())
_TOKEN_RE = re.compile(r"[^\W_]+")


def _is_date_line(norm: str) -> bool:
    tokens = _TOKEN_RE.findall(norm)
    return (any(t.isdigit() for t in tokens)
            and all(t.isdigit() or t in _DATE_WORDS for t in tokens)
            and (any(not t.isdigit() for t in tokens) or "/" in norm))


def _is_boilerplate_normalized(norm: str, words: int) -> bool:
    if words == 0 or words > MAX_WORDS:
        return False
    return bool(
        _WHOLE_RE.match(norm) or _START_RE.match(norm) or _WIRE_RE.match(norm) or _ANYWHERE_RE.search(norm)
        or _is_date_line(norm)
    )


def is_boilerplate_line(line: str) -> bool:
    """Whether one line, on its own, is boilerplate (without the tail rule)."""
    norm = normalize_for_search(line)
    return _is_boilerplate_normalized(norm, len(norm.split()))


def boilerplate_paragraphs(paragraphs: list[str]) -> list[bool]:
    """Flag the boilerplate paragraphs of one article, given in order.

    Returns one bool per paragraph.  See the module docstring for the rules.
    """
    flags: list[bool] = []
    counts: list[int] = []
    for para in paragraphs:
        raw_words = len(para.split())
        if raw_words > 2 * MAX_WORDS:
            # Fast path for long paragraphs.  Normalization can only drop
            # tokens made solely of tatweel/diacritics/invisible characters,
            # never as many as MAX_WORDS of them in real text.
            counts.append(raw_words)
            flags.append(False)
            continue
        norm = normalize_for_search(para)
        words = len(norm.split())
        counts.append(words)
        flags.append(_is_boilerplate_normalized(norm, words))

    # Tail rule: find the trailing block made only of boilerplate or very
    # short lines; inside it, short lines after the first boilerplate line are
    # boilerplate too.
    start = len(paragraphs)
    while start > 0 and (flags[start - 1] or counts[start - 1] <= TAIL_MAX_WORDS):
        start -= 1
    in_tail = False
    for i in range(start, len(paragraphs)):
        if flags[i]:
            in_tail = True
        elif in_tail and counts[i] <= TAIL_MAX_WORDS:
            flags[i] = True
    return flags
