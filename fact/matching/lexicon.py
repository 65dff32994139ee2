"""The Arabic words quantities are read with: tokens, clitics, counted nouns (units), number words.

Both parsers need them (:mod:`fact.matching.numerals` for the value of a number,
:mod:`fact.matching.quantities` for hedges, ranges and units), and the retrieval tokens
(:mod:`fact.matching.tokens`) share the clitic and stemmer helpers, so they live below all three.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer

from fact.text.normalize import normalize_for_search

__all__ = ["CLAUSE_BREAKS", "FATES", "NORM_TOKEN_RE", "NUMBER_PROCLITICS", "NUMBER_TRIGGERS", "PEOPLE", "UNIT_CLASSES", "bare_number_word",
           "clitic_variants", "fate", "stemmer", "unit_key"]


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
#: Punctuation that ends a clause: what a number, a place or a polar word is said of stays inside one.
CLAUSE_BREAKS = frozenset("،,;؛:.!?؟()[]")
_BREAKS = CLAUSE_BREAKS


@lru_cache(maxsize=65536)
def _norm(token: str) -> str:
    return normalize_for_search(token)


_MULTIPLIER_WORDS = frozenset({"الف", "الاف", "مليون", "ملايين", "مليار", "مليارات"})


def _tokenize(text: str) -> list[tuple[str, int, int]]:
    """(normalized token, start, end) for each token of raw ``text``.

    Tokenized scraped text puts spaces inside numbers: ``2 , 441`` (a thousands separator: three
    digits follow) and ``1 . 19 مليار`` (a decimal point before a multiplier) are one number again.
    Digits glued to Latin letters (``@almashriq2``) are a name, not a number, and are left out."""
    out: list[tuple[str, int, int]] = []
    for m in _RAW_TOKEN_RE.finditer(text):
        tok = _norm(m.group())
        if not tok:
            continue
        if tok[0] in _DIGITS and out and out[-1][2] == m.start() and out[-1][0].isascii() and out[-1][0].isalpha():
            continue
        out.append((tok, m.start(), m.end()))
    return _join_spaced_numbers(out)


def _join_spaced_numbers(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if len(toks) < 3:
        return toks
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (t[0][0] in _DIGITS and i + 2 < len(toks) and toks[i + 1][0] in (",", ".") and toks[i + 2][0][0] in _DIGITS
                and toks[i + 1][1] > t[2]):
            after = toks[i + 3][0] if i + 3 < len(toks) else ""
            digits = toks[i + 2][0]
            if (toks[i + 1][0] == "," and len(digits) == 3 and digits.isdigit()) or after in _MULTIPLIER_WORDS:
                sep = "," if toks[i + 1][0] == "," and len(digits) == 3 else "."
                out.append((f"{t[0]}{sep}{digits}", t[1], toks[i + 2][2]))
                i += 3
                continue
        out.append(t)
        i += 1
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
    "aircraft": frozenset(normalize_for_search(w) for w in "طائرة طائرات طائرتين طائرتان مروحية مروحيات".split()),
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


#: The classes that count people, of whom a sentence says what befell them (FATES).
PEOPLE = frozenset({"person", "civilian", "fighter"})
#: What befell the people a count counts, by the words that say it: "13 شخصا أصيبوا" and "مقتل 37
#: شخصا" count two things, whatever the event. Full forms (with their clitics: clitic_variants), no
#: stemming: a wrong fate would keep two counts of one thing apart.
FATES: dict[str, frozenset[str]] = {name: frozenset(normalize_for_search(w) for w in forms.split()) for name, forms in {
    "killed": "قتل قتلوا قتلت يقتل مقتل قتلى قتيل قتيلا قتيلًا مصرع لقي لقوا لقيت حتفهم حتفه توفي توفوا وفاة استشهد "
              "استشهدوا استشهاد شهيد شهيدا شهداء ماتوا ضحايا ضحية",
    "injured": "أصيب أصيبوا أصيبت يصاب إصابة إصابات جرح جرحوا جرحى جريح جريحا مصاب مصابا مصابين مصابون",
    "displaced": "نزح نزحوا نزوح نازح نازحا نازحين نازحون تهجير هجر هجروا فر فروا فرار لجأ لجأوا",
    "detained": "اعتقل اعتقلوا اعتقال معتقل معتقلا معتقلين احتجز احتجزوا احتجاز أسر أسرى اختطف اختطفوا اختطاف خطف",
    "released": "أفرج أفرجت إفراج سراح",
}.items()}
_FATE_OF_FORM = {form: name for name, forms in FATES.items() for form in forms}


def fate(word: str) -> str | None:
    """The fate (FATES) a normalized word says befell people, or None."""
    if not word or not word[0].isalpha():
        return None
    return next((_FATE_OF_FORM[form] for form in clitic_variants(word) if form in _FATE_OF_FORM), None)


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

#: Prepositions written onto a number word ("بخمسين مليار", "لمائة مليون", "بعشرة قتلى"); not onto a
#: word of two letters ("لست" is "I am not", not ل + ست).
NUMBER_PROCLITICS = frozenset("بلك")
_WITH_PROCLITIC = {p + w for p in NUMBER_PROCLITICS for w in _NUMBER_WORDS if len(w) > 2}

#: Number words, also with و or a preposition: a text without any of them (and without digits) has no
#: quantity.
NUMBER_TRIGGERS = frozenset(_NUMBER_WORDS | {"و" + w for w in _NUMBER_WORDS} | _WITH_PROCLITIC
                            | {"و" + w for w in _WITH_PROCLITIC})


def bare_number_word(word: str) -> str:
    """The number word under a preposition written onto it ("بخمسين" -> "خمسين"), else `word`."""
    return word[1:] if word in _WITH_PROCLITIC and word not in _NUMBER_WORDS else word
