"""The value of a number in an Arabic sentence, in digits or in words; which numbers are dates.

The lowest layer of :mod:`fact.matching.quantities` (which adds hedges, ranges and units),
kept apart because spelling out Arabic numbers is a grammar of its own.

Numbers
    * digits, ASCII or Arabic-Indic, with thousands separators and decimals.
      A single ``,`` or ``.`` followed by exactly three digits is a thousands
      separator (``5,000`` = ``3.500`` + 1500 = 5000 / 3500); followed by one,
      two or four+ digits it is a decimal point (``1,5`` = ``1.5`` = 1.5).
      ``٫`` is always a decimal point and ``٬`` always a thousands separator.
      ``1,234.5`` mixes both (the last separator differs, so it is the decimal).
    * number words: واحد..عشرة (both genders), أحد عشر..تسعة عشر,
      عشرون..تسعون (ون/ين), مئة/مائة, مئتان, ثلاثمئة..تسعمائة, ألف/ألفان,
      مليون, مليار, and their combinations (``خمسة آلاف``, ``ثلاثة آلاف
      وخمسمائة``, ``خمسة وعشرون``, ``1,5 مليون``, ``6 آلاف``).
    * vague amounts (``approximate=True``): ``عشرات`` 10..99, ``مئات`` /
      ``المئات`` 100..999, ``آلاف`` 1000..9999, ``ملايين``; ``عشرات الآلاف``
      10000..99999; ``بضع/بضعة/عدة`` + one of those: 3..9 times its base
      (``بضع مئات`` = 300..900); ``بضعة`` + a noun: 3..9.

Not quantities
    years (a four-digit 1900..2100 after a month name, ``عام``, ``منذ`` ..., or
    not followed by a counted noun), day numbers before a month name
    (``24 أكتوبر``, ``13 نوفمبر``, ``17 تشرين الأول``), times (``00:03``,
    ``الساعة 10``), ordinals with the article (``الأيام الست``), duals; parts of a date written
    with slashes (``1438 / 8 / 8 ه``, ``12/05/2017``) and Hijri years (``1438 ه``); numbers that name
    a thing (a model ``سوخوي 30``, ``إف-16``, ``S-300``; a page, an article, a resolution:
    ``صفحة 3``, ``القرار 2254``); times written ``11 : 00``; ``منذ 3 أيام`` (when, not how many).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fact.text.normalize import normalize_for_search
from fact.matching.lexicon import (
    _DIGITS,
    _FEW,
    _HUNDRED_WORDS,
    _HUNDREDS,
    _MONTHS,
    _MULT,
    _NUMBER_WORDS,
    NUMBER_TRIGGERS,
    _STANDALONE,
    _TEEN_ONLY,
    _TEN_SUFFIX,
    _TENS,
    _UNITS,
    _VAGUE,
    _VAGUE_MULT,
    _YEAR_WORDS,
    UNIT_CLASSES,
    bare_number_word,
    clitic_variants,
    unit_key,
)

__all__ = ["canonical_number"]


# --------------------------------------------------------------------------
# Parsing


def _digits_value(tok: str) -> float | None:
    """Value of a digit token (see the module docstring for separators)."""
    tok = tok.replace("٬", "\x00").replace("٫", "\x01")
    parts = re.split(r"([.,\x00\x01])", tok)
    groups, seps = parts[0::2], parts[1::2]
    if not seps:
        return float(tok)
    whole = groups[0]
    if len(seps) == 1:
        sep, frac = seps[0], groups[1]
        if sep == "\x00" or (sep != "\x01" and len(frac) == 3 and 1 <= len(whole) <= 3 and whole != "0"):
            return float(whole + frac)
        return float(f"{whole}.{frac}")
    thousands, last = seps[:-1], seps[-1]
    if len(set(thousands)) != 1 or thousands[0] == "\x01" or any(len(g) != 3 for g in groups[1:-1]):
        return None
    if last == thousands[0]:  # 1,234,567
        return float("".join(groups)) if len(groups[-1]) == 3 else None
    return float("".join(groups[:-1]) + "." + groups[-1])  # 1,234.5


@dataclass(slots=True)
class _Num:
    lo: float
    hi: float
    end: int  # token index after the number
    coef: float = 1.0  # value before the multiplier
    mult: float = 1.0
    approx: bool = False
    vague: bool = False
    skip: bool = False  # a date, year or time: not a quantity, but consume it
    word: str = ""  # the (first) number word, for "واحد من"


def _at(toks: list[str], i: int) -> str:
    return toks[i] if 0 <= i < len(toks) else ""


def _under100(toks: list[str], i: int, w: str) -> tuple[float, int] | None:
    nxt = _at(toks, i + 1)
    if w in _UNITS or w in _TEEN_ONLY:
        u = _UNITS.get(w) or _TEEN_ONLY[w]
        if nxt in _TEN_SUFFIX and u < 10:
            return 10 + u, i + 2
        if w in _TEEN_ONLY:
            return None
        if nxt[:1] == "و" and nxt[1:] in _TENS:
            return u + _TENS[nxt[1:]], i + 2
        return u, i + 1
    if w in _TENS:
        return _TENS[w], i + 1
    return None


def _wa_under100(toks: list[str], j: int) -> tuple[float, int] | None:
    """``وخمسون`` or ``و خمسون`` at j."""
    t = _at(toks, j)
    if t == "و":
        w = _at(toks, j + 1)
        return _under100(toks, j + 1, w) if w else None
    if t[:1] == "و" and len(t) > 1:
        return _under100(toks, j, t[1:])
    return None


def _small(toks: list[str], i: int, w: str) -> tuple[float, int] | None:
    """A number word below 1000 at i (w is toks[i] without a leading و)."""
    if w in _HUNDREDS:
        v, j = _HUNDREDS[w], i + 1
        tail = _wa_under100(toks, j)
        return (v + tail[0], tail[1]) if tail else (v, j)
    if w in _UNITS and w not in _TEN_SUFFIX and _at(toks, i + 1) in _HUNDRED_WORDS:
        v, j = _UNITS[w] * 100, i + 2
        tail = _wa_under100(toks, j)
        return (v + tail[0], tail[1]) if tail else (v, j)
    return _under100(toks, i, w)


def _add_tail(toks: list[str], num: _Num) -> _Num:
    """``ثلاثة آلاف وخمسمائة``: add a smaller number joined by و after a multiplier."""
    nxt = _at(toks, num.end)
    if nxt == "و" or (nxt[:1] == "و" and len(nxt) > 1):
        tail = _card(toks, num.end, wa=True)
        if tail and not tail.skip and not tail.vague and tail.mult < num.mult and tail.hi < num.mult:
            num.lo += tail.lo
            num.hi += tail.hi
            num.end = tail.end
    return num


def _is_year(toks: list[str], i: int, value: float, tok: str) -> bool:
    if len(tok) != 4 or not 1900 <= value <= 2100:
        return False
    k = i - 1
    while _at(toks, k) in ("/", "،", ","):
        k -= 1
    prev = _at(toks, k)
    if prev in _MONTHS or prev in _YEAR_WORDS:
        return True
    if prev in ("الاول", "الثاني") and _at(toks, k - 1) in _MONTHS:
        return True
    nxt = _at(toks, i + 1)
    return not (nxt and nxt[0].isalpha() and unit_key(nxt) in UNIT_CLASSES)


#: Words after which a number names a thing, not a count of it: models (سوخوي 30, إف 16, إس 300),
#: pages, articles, resolutions, issues.
_NAMING_WORDS = frozenset(normalize_for_search(w) for w in (
    "سوخوي سو ميغ ميج إف اف إس اس تي بي يو توبوليف إليوشن ايرباص بوينغ بوينج طراز موديل نموذج "
    "صفحة الصفحة ص رقم برقم الرقم القرار قرار المادة مادة الفقرة البند الحلقة الجزء العدد الإصدار النسخة"
).split())  # fmt: skip
_DATE_SEPARATORS = frozenset("/")


def _not_a_count(toks: list[str], i: int) -> bool:
    """A digit token that is part of a date (8 / 8, 1438 ه), a model or a page number."""
    prev, nxt = _at(toks, i - 1), _at(toks, i + 1)
    if prev in _DATE_SEPARATORS or nxt in _DATE_SEPARATORS or nxt in _HIJRI or prev in _SINCE:
        return True
    if (prev == ":" and _at(toks, i - 2)[:1].isdigit()) or (nxt == ":" and _at(toks, i + 2)[:1].isdigit()):
        return True  # a time written "11 : 00"
    if prev in ("-", "–"):
        prev = _at(toks, i - 2)
    if prev.isascii() and prev.isalpha() and len(prev) <= 4:
        return True
    return bool(prev) and prev[0].isalpha() and any(form in _NAMING_WORDS for form in clitic_variants(prev))


_HIJRI = frozenset({"ه", "هـ", "هجري", "هجريه", "للهجره"})
_SINCE = frozenset({"منذ", "ومنذ"})  # "منذ 3 أيام": when, not how many


def _card(toks: list[str], i: int, wa: bool = False) -> _Num | None:
    """A cardinal number (digits or words, with a multiplier) at token i."""
    t = _at(toks, i)
    if not t:
        return None
    if wa and t == "و":
        i += 1
        t = _at(toks, i)
        if not t:
            return None
    c = t[0]
    if c in _DIGITS:
        if ":" in t:
            return _Num(0, 0, i + 1, skip=True)
        v = _digits_value(t)
        if v is None:
            return _Num(0, 0, i + 1, skip=True)
        nxt = _at(toks, i + 1)
        if nxt in _MULT:
            m = _MULT[nxt]
            return _add_tail(toks, _Num(v * m, v * m, i + 2, coef=v, mult=m))
        if v.is_integer() and 1 <= v <= 31 and nxt in _MONTHS:
            return _Num(0, 0, i + 2, skip=True)
        if _is_year(toks, i, v, t) or _at(toks, i - 1) in ("الساعه", "ساعه") or _not_a_count(toks, i):
            return _Num(0, 0, i + 1, skip=True)
        return _Num(v, v, i + 1, coef=v)
    if not c.isalpha():
        return None
    w = t
    if w not in _NUMBER_WORDS and wa and w[0] == "و" and w[1:] in NUMBER_TRIGGERS:
        w = w[1:]
    w = bare_number_word(w)
    if w not in _NUMBER_WORDS:
        return None
    nxt = _at(toks, i + 1)
    if w in _FEW:
        if nxt in _VAGUE:
            lo, _ = _VAGUE[nxt]
            j = i + 2
            if _at(toks, j) in _VAGUE_MULT:
                lo *= _VAGUE_MULT[_at(toks, j)]
                j += 1
            return _Num(3 * lo, 9 * lo, j, approx=True, vague=True, word=w)
        if w != "عده" and nxt[:1].isalpha():
            return _Num(3, 9, i + 1, approx=True, vague=True, word=w)
        return None
    if w in _VAGUE and w not in _STANDALONE:
        lo, hi = _VAGUE[w]
        j = i + 1
        if _at(toks, j) in _VAGUE_MULT:
            m = _VAGUE_MULT[_at(toks, j)]
            lo, hi, j = lo * m, (hi + 1) * m - 1, j + 1
        return _Num(lo, hi, j, approx=True, vague=True, word=w)
    small = _small(toks, i, w)
    if small is None:
        if w in _STANDALONE:
            v = _STANDALONE[w]
            base = 1e3 if v < 1e6 else 1e6 if v < 1e9 else 1e9
            return _add_tail(toks, _Num(v, v, i + 1, coef=v / base, mult=base, word=w))
        return None
    v, j = small
    if _at(toks, j) in _MULT:
        m = _MULT[_at(toks, j)]
        return _add_tail(toks, _Num(v * m, v * m, j + 1, coef=v, mult=m, word=w))
    return _Num(v, v, j, coef=v, word=w)


def canonical_number(value: float) -> str:
    """``13``, ``5000``, ``1.5``: the text of a value in retrieval tokens."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")

