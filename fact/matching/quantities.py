"""Quantities stated in an Arabic news sentence: numbers, ranges and vague amounts.

``quantities(text)`` finds every amount a sentence states and what it counts::

    >>> [(q.low, q.high, q.unit) for q in quantities("اجتماع 13 دولة في التحالف")]
    [(13.0, 13.0, 'country')]

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
      ``واحد/واحدة من`` ("one of") is not a count.
    * vague amounts (``approximate=True``): ``عشرات`` 10..99, ``مئات`` /
      ``المئات`` 100..999, ``آلاف`` 1000..9999, ``ملايين``; ``عشرات الآلاف``
      10000..99999; ``بضع/بضعة/عدة`` + one of those: 3..9 times its base
      (``بضع مئات`` = 300..900); ``بضعة`` + a noun: 3..9.
    * hedges (``approximate=True``): ``نحو/حوالي/قرابة/زهاء/ما يقارب X`` is
      X (hints allow it 10 %); ``أكثر من/ما يزيد على/لا يقل عن X`` is X..inf;
      ``أقل من X`` is 0..X; ``X تقريبا`` and ``X على الأقل`` likewise.
    * ranges (``approximate=False``: the bounds are stated): ``(ما) بين A و B``,
      ``بين A إلى B``, ``من A إلى/حتى B``, ``A إلى B``, ``A-B``.  A multiplier
      on the upper bound applies to a bare lower bound no larger than its
      coefficient: ``بين أربعة وستة آلاف`` is 4000..6000, but ``بين 3500 وخمسة
      آلاف`` is 3500..5000.

Not quantities
    years (a four-digit 1900..2100 after a month name, ``عام``, ``منذ`` ..., or
    not followed by a counted noun), day numbers before a month name
    (``24 أكتوبر``, ``13 نوفمبر``, ``17 تشرين الأول``), times (``00:03``,
    ``الساعة 10``), ordinals with the article (``الأيام الست``), duals.

Units
    The counted noun: the word after the number, or for ``X من Y`` the noun
    after ``من`` (``بضع مئات من المقاتلين``); if none, a noun after an earlier
    ``عدد``.  Clitics and the article are stripped and a few synonym classes
    are merged (:data:`UNIT_CLASSES`: مقاتل/مسلح/عنصر/جهادي/إرهابي/داعشي/
    متشدد → ``fighter``, دولة/دول/بلد/بلدان → ``country``, وزير/وزراء →
    ``minister``, قائد/زعيم → ``leader``, شخص/نسمة → ``person``,
    مدني → ``civilian``); other nouns are reduced by PyStemmer's Arabic
    stemmer.  Percent signs and ``في المئة/بالمئة`` give ``%``.  Words that
    are not nouns of a count (``آخرين``, ``فقط``, prepositions) give ``None``.

``Quantity.text`` is ``text[start:end]``: the number expression including its
hedge (``أكثر من``, ``ما بين``) and its unit noun when one was found.

This module also holds the small Arabic word helpers the retrieval tokens
(:mod:`fact.matching.tokens`) share with it (:func:`clitic_variants`).
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from fact.text.normalize import normalize_for_search

__all__ = ["Quantity", "quantities", "UNIT_CLASSES", "clitic_variants", "canonical_number"]


@dataclass(frozen=True)
class Quantity:
    low: float  # equal to high for an exact number
    high: float  # math.inf for "more than X"
    unit: str | None  # a class of UNIT_CLASSES, "%", a stem of the counted noun, or None
    approximate: bool
    text: str  # text[start:end] of the sentence it came from
    start: int  # code-point offsets in the sentence given to quantities()
    end: int


# --------------------------------------------------------------------------
# Tokens

_MARKS = "\u064b-\u065f\u0670\u0640\u200b-\u200f\u061c\u2060\ufeff"
_PUNCT = r"%٪/\-–—،,;؛:.!?؟()\[\]"
_NUMBER = r"\d{1,2}:\d{2}(?!\d)|\d+(?:[.,٫٬]\d+)*"
#: Tokens of raw text: numbers (and times), words (with their diacritics and
#: invisible characters), and the punctuation the parser looks at.
_RAW_TOKEN_RE = re.compile(rf"(?:[^\W\d_]|[{_MARKS}])+|{_NUMBER}|[{_PUNCT}]")
#: The same on text already passed through normalize_for_search.
NORM_TOKEN_RE = re.compile(rf"[^\W\d_]+|{_NUMBER}|[{_PUNCT}]")

_DIGITS = frozenset("0123456789")
_BREAKS = frozenset("،,;؛:.!?؟()[]")


@lru_cache(maxsize=65536)
def _norm(token: str) -> str:
    return normalize_for_search(token)


def _tokenize(text: str) -> list[tuple[str, int, int]]:
    """(normalized token, start, end) for each token of raw ``text``."""
    out = []
    for m in _RAW_TOKEN_RE.finditer(text):
        tok = _norm(m.group())
        if tok:
            out.append((tok, m.start(), m.end()))
    return out


# --------------------------------------------------------------------------
# Word helpers shared with fact.matching.tokens

_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال", "ال")
_LAM_LAM_PREFIXES = ("ولل", "فلل", "لل")
_ARTICLE_WORDS = frozenset({"الله"})


def clitic_variants(word: str) -> list[str]:
    """Possible bare forms of a normalized word, most likely first.

    The article with its proclitics (ال وال بال فال كال وبال ...) is
    unambiguous and is stripped when two letters remain (``الالتزام`` loses
    both, so it meets ``التزام`` → ``تزام``).  ``لل`` is ل + ال or ل + a word
    beginning with ل (``للقاء``): both are returned.  A bare و/ف and then
    ب/ل/ك may be proclitics or the word's own letters (``بسوريا`` but
    ``بلد``, ``وزير``, ``فرنسا``, ``لبنان``): the unstripped word comes first,
    then each stripped form leaving at least three letters.
    """
    if word in _ARTICLE_WORDS:
        return [word]
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix) :]
            if rest.startswith("ال") and len(rest) >= 4:
                rest = rest[2:]
            return [rest]
    for prefix in _LAM_LAM_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return [word[len(prefix) :], word[len(prefix) - 1 :]]
    out = [word]
    if word[0] in "وف" and len(word) >= 4:
        out.append(word[1:])
    for form in tuple(out):
        if form[0] in "بلك" and len(form) >= 4:
            out.append(form[1:])
    return out


_local = threading.local()


def stemmer() -> Stemmer.Stemmer:
    """This thread's Arabic PyStemmer (stemmer objects are not shared between threads)."""
    s = getattr(_local, "stemmer", None)
    if s is None:
        s = _local.stemmer = Stemmer.Stemmer("arabic")
    return s


# --------------------------------------------------------------------------
# Units


def _forms(*stems: str, endings: tuple[str, ...]) -> set[str]:
    return {s + e for s in stems for e in endings}


_M_PLURAL = ("", "ا", "ين", "ون", "ي", "و")  # sound masculine plural, construct forms, accusative
UNIT_CLASSES: dict[str, frozenset[str]] = {
    "fighter": frozenset(
        _forms("مقاتل", "مسلح", "جهادي", "ارهابي", "متشدد", "داعشي", "مجند", endings=_M_PLURAL)
        | {"عنصر", "عنصرا", "عناصر", "دواعش", "جهادي", "ارهابي"}
    ),
    "country": frozenset({"دوله", "دول", "دولا", "دولتين", "دولتان", "بلد", "بلدا", "بلدان", "بلاد"}),
    "minister": frozenset({"وزير", "وزيرا", "وزراء", "وزيري", "وزيرين", "وزيران"}),
    "leader": frozenset(
        {"قائد", "قائدا", "قاده", "قيادي", "قياديا", "قياديين", "قياديون", "قياديي", "زعيم", "زعيما", "زعماء"}
    ),
    "person": frozenset({"شخص", "شخصا", "اشخاص", "نسمه"}),
    "civilian": frozenset(_forms("مدني", endings=("", "ا", "ين", "ون"))),
}
_UNIT_OF_FORM = {form: cls for cls, forms in UNIT_CLASSES.items() for form in forms}

_MONTHS = frozenset(
    normalize_for_search(m)
    for m in (
        "كانون تشرين شباط آذار نيسان أيار حزيران تموز آب أيلول "
        "يناير فبراير مارس أبريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر "
        "ماي يوليوز غشت شتنبر نونبر دجنبر جانفي فيفري أفريل جوان جويلية أوت"
    ).split()
)
_YEAR_WORDS = frozenset({"عام", "العام", "لعام", "بعام", "وعام", "سنه", "السنه", "لسنه", "منذ", "ومنذ", "عامي"})
#: Words after a number that are not the noun it counts.
_NOT_UNITS = frozenset(
    "اخرين اخرون اخري اخر اخريات فقط تقريبا علي في الي عن و او ثم بين منذ خلال قبل بعد حتي "
    "مع عند لدي هم هي هو من ان انه قد كل ما لا لم لن الذين التي الذي".split()
)
_UNIT_ADJECTIVES = frozenset({"كبار", "ابرز", "اهم", "بين"})


@lru_cache(maxsize=16384)
def unit_key(word: str) -> str | None:
    """The unit a counted noun stands for: a synonym class, or the stem of its bare form."""
    if not word or not word[0].isalpha():
        return None
    variants = clitic_variants(word)
    for form in variants:
        cls = _UNIT_OF_FORM.get(form)
        if cls is not None:
            return cls
    if word in _NOT_UNITS or word in _MONTHS or word in _NUMBER_WORDS:
        return None
    return stemmer().stemWord(variants[0])


# --------------------------------------------------------------------------
# Number words

_UNITS = {
    "واحد": 1, "واحده": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}  # fmt: skip
_TEEN_ONLY = {"احد": 1, "احدي": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2}
_TEN_SUFFIX = frozenset({"عشر", "عشره"})
_TENS = {
    stem + end: value
    for stem, value in (
        ("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70), ("ثمان", 80), ("تسع", 90)
    )
    for end in ("ون", "ين")
}  # fmt: skip
_HUNDRED_WORDS = ("مئه", "مائه")
_HUNDREDS: dict[str, float] = {
    "مئه": 100, "مائه": 100,
    **dict.fromkeys(("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي"), 200),
    **{
        unit + hundred: value * 100
        for unit, value in (
            ("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9)
        )
        for hundred in _HUNDRED_WORDS
    },
}  # fmt: skip
_MULT = {
    "الف": 1e3, "الفا": 1e3, "الاف": 1e3,
    "مليون": 1e6, "مليونا": 1e6, "ملايين": 1e6,
    "مليار": 1e9, "مليارا": 1e9, "مليارات": 1e9,
}  # fmt: skip
_STANDALONE = {
    "الف": 1e3, "الفا": 1e3, "الفان": 2e3, "الفين": 2e3, "الفي": 2e3,
    "مليون": 1e6, "مليونا": 1e6, "مليونان": 2e6, "مليونين": 2e6, "مليوني": 2e6,
    "مليار": 1e9, "ملياران": 2e9, "مليارين": 2e9,
}  # fmt: skip
_VAGUE = {
    "عشرات": (10, 99), "العشرات": (10, 99),
    "مئات": (100, 999), "المئات": (100, 999),
    "الاف": (1e3, 9999), "الالاف": (1e3, 9999),
    "ملايين": (1e6, 9999999), "الملايين": (1e6, 9999999),
    "مليارات": (1e9, 9999999999), "المليارات": (1e9, 9999999999),
}  # fmt: skip
_VAGUE_MULT = {"الاف": 1e3, "الالاف": 1e3, "ملايين": 1e6, "الملايين": 1e6}
_FEW = frozenset({"بضع", "بضعه", "عده"})
_PERCENT_WORDS = frozenset({"بالمئه", "بالمائه"})

_NUMBER_WORDS = frozenset(
    set(_UNITS) | set(_TEEN_ONLY) | set(_TENS) | set(_HUNDREDS) | set(_STANDALONE) | set(_VAGUE) | _FEW
)

# Hedges and range openers: word sequences -> kind.  The first word may carry و.
_HEDGES: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("نحو",), "about"), (("حوالي",), "about"), (("قرابه",), "about"), (("زهاء",), "about"),
        (("ما", "يقارب"), "about"), (("يقارب",), "about"), (("ما", "يناهز"), "about"), (("يناهز",), "about"),
        (("اكثر", "من"), "more"), (("ازيد", "من"), "more"), (("ما", "يزيد", "علي"), "more"),
        (("ما", "يزيد", "عن"), "more"), (("يزيد", "علي"), "more"), (("يزيد", "عن"), "more"),
        (("ما", "لا", "يقل", "عن"), "more"), (("لا", "يقل", "عن"), "more"), (("ما", "يربو", "علي"), "more"),
        (("اقل", "من"), "less"), (("ما", "لا", "يزيد", "عن"), "less"), (("لا", "يزيد", "عن"), "less"),
        (("ما", "بين"), "between"), (("بين",), "between"), (("من",), "from"),
    ],
    key=lambda item: -len(item[0]),
)  # fmt: skip
_HEDGE_FIRST = frozenset(seq[0] for seq, _ in _HEDGES) | frozenset("و" + seq[0] for seq, _ in _HEDGES)

#: Number words, also with و: a text without any of them (and without digits) has no quantity.
NUMBER_TRIGGERS = frozenset(_NUMBER_WORDS | {"و" + w for w in _NUMBER_WORDS})
#: Tokens at which a quantity may start (besides digits).
TRIGGERS = NUMBER_TRIGGERS | _HEDGE_FIRST


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
        if _is_year(toks, i, v, t) or _at(toks, i - 1) in ("الساعه", "ساعه"):
            return _Num(0, 0, i + 1, skip=True)
        return _Num(v, v, i + 1, coef=v)
    if not c.isalpha():
        return None
    w = t
    if w not in _NUMBER_WORDS and wa and w[0] == "و" and w[1:] in _NUMBER_WORDS:
        w = w[1:]
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


@dataclass(slots=True)
class _Hit:
    start: int  # first token (hedge included)
    num_end: int  # token after the number expression
    end: int  # token after the unit (== num_end without one)
    lo: float
    hi: float
    approx: bool
    vague: bool
    values: tuple[float, ...]  # the values stated, for canonical tokens
    unit: str | None = None
    skip: bool = False


_HEDGE_BARE_FIRST = frozenset(seq[0] for seq, _ in _HEDGES)


def _hedge_at(toks: list[str], i: int) -> tuple[str | None, int]:
    first = _at(toks, i)
    if first not in _HEDGE_FIRST:
        return None, i
    bare = first if first in _HEDGE_BARE_FIRST else first[1:]
    for seq, kind in _HEDGES:
        if bare == seq[0] and all(_at(toks, i + k) == seq[k] for k in range(1, len(seq))):
            return kind, i + len(seq)
    return None, i


def _parse_at(toks: list[str], i: int) -> _Hit | None:
    kind, k = _hedge_at(toks, i)
    num = _card(toks, k, wa=True)
    if num is None:
        return None
    if num.skip:
        return None if kind else _Hit(i, num.end, num.end, 0, 0, False, False, (), skip=True)
    start = i if kind else k
    lo, hi, approx, vague, end = num.lo, num.hi, num.approx, num.vague, num.end
    values: tuple[float, ...] = (lo,) if not vague else ()
    ranged = False
    if kind in (None, "between", "from"):
        t = _at(toks, end)
        second = None
        if t in ("الي", "حتي", "-", "–", "—"):
            second = _card(toks, end + 1)
        elif kind == "between" and (t == "و" or (t[:1] == "و" and len(t) > 1)):
            second = _card(toks, end, wa=True)
        if second is not None and not second.skip:
            if num.mult == 1 and second.mult > 1 and not num.vague and num.lo <= second.coef:
                lo = num.lo * second.mult
            hi = second.hi
            values = tuple(v for v, n in ((lo, num), (second.lo, second)) if not n.vague)
            if lo > hi:  # "من 20 إلى 10"
                lo, hi = second.lo, max(num.hi, lo)
            approx = num.approx or second.approx
            vague = num.vague and second.vague
            end = second.end
            ranged = True
    if not ranged:
        if kind in ("between", "from"):
            start = k
        elif kind == "about":
            approx = True
        elif kind == "more":
            hi, approx = math.inf, True
        elif kind == "less":
            lo, approx = 0.0, True
            values = (num.hi,) if not vague else ()
    if _at(toks, end) == "تقريبا":
        approx, end = True, end + 1
    elif _at(toks, end) == "علي" and _at(toks, end + 1) == "الاقل":
        hi, approx, end = math.inf, True, end + 2
    if not ranged and num.word in ("واحد", "واحده") and _at(toks, end) == "من":
        return None  # "one of ..."
    return _Hit(start, end, end, lo, hi, approx, vague, values)


def _unit_after(toks: list[str], j: int) -> tuple[str | None, int]:
    t = _at(toks, j)
    if not t:
        return None, j
    if t in ("%", "٪") or t in _PERCENT_WORDS:
        return "%", j + 1
    if t == "في" and _at(toks, j + 1) in ("المئه", "المائه"):
        return "%", j + 2
    if not t[0].isalpha():
        return None, j
    if t == "من":
        k = j + 1
        if _at(toks, k) in _UNIT_ADJECTIVES:
            k += 1
        w = _at(toks, k)
        if w and w[0].isalpha() and w not in _NOT_UNITS:
            u = unit_key(w)
            if u is not None:
                return u, k + 1
        return None, j
    if t in _NOT_UNITS or t in _NUMBER_WORDS or (t[0] == "و" and t[1:] in _NUMBER_WORDS):
        return None, j
    u = unit_key(t)
    return (u, j + 1) if u is not None else (None, j)


def _unit_before(toks: list[str], i: int) -> str | None:
    """``عدد المسلحين ... 3500``: the noun after an earlier عدد (same clause)."""
    for k in range(i - 1, max(-1, i - 13), -1):
        t = toks[k]
        if t in _BREAKS:
            return None
        if t in ("عدد", "وعدد", "بعدد", "لعدد"):
            w = _at(toks, k + 1)
            return unit_key(w) if w and w[0].isalpha() and w not in _NOT_UNITS else None
    return None


def _number_soon(toks: list[str], i: int) -> bool:
    """Whether a digit or number word follows within the next four tokens (a hedge is only
    worth parsing then)."""
    for t in toks[i + 1 : i + 5]:
        if t[0] in _DIGITS or t in NUMBER_TRIGGERS:
            return True
    return False


def scan(toks: list[str], units: bool = True) -> list[_Hit]:
    """Quantities in a list of normalized tokens (NORM_TOKEN_RE)."""
    hits: list[_Hit] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t[0] in _DIGITS or t in NUMBER_TRIGGERS or (t in _HEDGE_FIRST and _number_soon(toks, i)):
            hit = _parse_at(toks, i)
            if hit is not None:
                if not hit.skip:
                    if units:
                        hit.unit, hit.end = _unit_after(toks, hit.num_end)
                        if hit.unit is None:
                            hit.unit = _unit_before(toks, hit.start)
                    hits.append(hit)
                i = max(hit.num_end, i + 1)
                continue
        i += 1
    return hits


def canonical_number(value: float) -> str:
    """``13``, ``5000``, ``1.5``: the text of a value in retrieval tokens."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def canonical_tokens(hit: _Hit) -> list[str]:
    """Retrieval tokens of a quantity: ``#13``; ``#5000 #6000`` for a range; ``#~100`` for "hundreds"."""
    if hit.values:
        return ["#" + canonical_number(v) for v in hit.values if math.isfinite(v)]
    magnitude = 10 ** math.floor(math.log10(hit.lo)) if hit.lo >= 1 else 1
    return ["#~" + canonical_number(float(magnitude))]


def _after_wa(text: str, start: int) -> int:
    """The offset after the و that begins the word at ``start`` (and after its diacritics)."""
    i = text.index("و", start) + 1
    while i < len(text) and (0x064B <= ord(text[i]) <= 0x065F or text[i] in "\u0670\u0640"):
        i += 1
    return i


def analyze(text: str) -> tuple[list[tuple[str, int, int]], list[tuple[Quantity, _Hit]]]:
    """The tokens of ``text`` and its quantities with their token spans (for hints)."""
    toks = _tokenize(text)
    words = [t for t, _, _ in toks]
    out = []
    for hit in scan(words):
        start, end = toks[hit.start][1], toks[hit.end - 1][2]
        first = words[hit.start]
        if first[0] == "و" and first not in _NUMBER_WORDS and first[1:] in TRIGGERS:
            start = _after_wa(text, start)  # "وستة آلاف": the conjunction is not part of the amount
        q = Quantity(float(hit.lo), float(hit.hi), hit.unit, hit.approx, text[start:end], start, end)
        out.append((q, hit))
    return toks, out


def quantities(text: str) -> list[Quantity]:
    """Every quantity stated in ``text``, in order (see the module docstring)."""
    return [q for q, _ in analyze(text)[1]]
