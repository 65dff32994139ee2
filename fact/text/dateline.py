"""A dateline glued to the first word of a paragraph, a scraping artefact: ``٢٤ أكتوبر ٢٠١٦أفاد مصدر``.

Day + month + year, Arabic-Indic or ASCII digits, with Levantine, Egyptian, Maghrebi and
Algerian/Tunisian month names (and ``تشرين الأول/أكتوبر`` pairs), optionally after a weekday.  The date
becomes a sentence of its own; a date followed by a space, or later in the paragraph, is left alone.
"""

from __future__ import annotations

import re

__all__ = ["glued_date_end"]


def _fuzzy(word: str) -> str:
    """Regex for an Arabic word allowing hamza/alef, ya/alef-maqsura and
    ta-marbuta/ha spelling variants (datelines carry no diacritics)."""
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"\s+")
            continue
        if ch in "اأإآٱ":
            cls = "[اأإآٱ]"
        elif ch in "يى":
            cls = "[يى]"
        elif ch in "هة":
            cls = "[هة]"
        else:
            cls = re.escape(ch)
        out.append(cls)
    return "".join(out)


_MONTHS = sorted(
    {
        # Levantine / Iraqi
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
        # Egyptian / Gulf
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "إبريل",
        "مايو",
        "يونيو",
        "يونيه",
        "يوليو",
        "يوليه",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        # Moroccan
        "ماي",
        "يوليوز",
        "غشت",
        "شتنبر",
        "نونبر",
        "دجنبر",
        # Algerian / Tunisian
        "جانفي",
        "فيفري",
        "أفريل",
        "جوان",
        "جويلية",
        "أوت",
    },
    key=len,
    reverse=True,
)
_WEEKDAYS = ["السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
_MONTH_RE = "(?:" + "|".join(_fuzzy(m) for m in _MONTHS) + ")"
_WEEKDAY_RE = "(?:" + "|".join(_fuzzy(d) for d in _WEEKDAYS) + ")"
_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_GLUED_DATE_RE = re.compile(
    f"(?:(?:{_fuzzy('يوم')}\\s+)?{_WEEKDAY_RE}\\s*[،,]?\\s*)?"
    f"{_DIGIT}{{1,2}}\\s*{_MONTH_RE}"
    f"(?:\\s*[/\\-]\\s*{_MONTH_RE})?"
    f"\\s*[،,]?\\s*{_DIGIT}{{4}}"
    # glued: at least two letters follow the year directly
    r"(?=[^\W\d_]{2})"
)


def glued_date_end(paragraph: str) -> int:
    """Where a date glued to the paragraph's first word ends (0 when there is none)."""
    m = _GLUED_DATE_RE.match(paragraph)
    return m.end() if m else 0
