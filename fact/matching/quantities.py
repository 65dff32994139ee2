"""Quantities stated in an Arabic news sentence: numbers, ranges and vague amounts.

``quantities(text)`` finds every amount a sentence states and what it counts::

    >>> [(q.low, q.high, q.unit) for q in quantities("اجتماع 13 دولة في التحالف")]
    [(13.0, 13.0, 'country')]

Numbers
    * digits, number words and vague amounts, and what is not a quantity
      (years, dates, times): see :mod:`fact.matching.numerals`.
      ``واحد/واحدة من`` ("one of") is not a count.
    * hedges (``approximate=True``): ``نحو/حوالي/قرابة/زهاء/ما يقارب X`` is
      X (hints allow it 10 %); ``أكثر من/ما يزيد على/لا يقل عن X`` is X..inf;
      ``أقل من X`` is 0..X; ``X تقريبا`` and ``X على الأقل`` likewise.
    * ranges (``approximate=False``: the bounds are stated): ``(ما) بين A و B``,
      ``بين A إلى B``, ``من A إلى/حتى B``, ``A إلى B``, ``A-B``.  A multiplier
      on the upper bound applies to a bare lower bound no larger than its
      coefficient: ``بين أربعة وستة آلاف`` is 4000..6000, but ``بين 3500 وخمسة
      آلاف`` is 3500..5000.

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

The words all this reads (number words, units, clitics) are in
:mod:`fact.matching.lexicon`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fact.matching.lexicon import (
    _BREAKS,
    _DIGITS,
    _NOT_UNITS,
    _NUMBER_WORDS,
    _PERCENT_WORDS,
    _UNIT_ADJECTIVES,
    NORM_TOKEN_RE,  # re-exported: fact.matching.tokens imports it from here
    NUMBER_TRIGGERS,
    UNIT_CLASSES,
    _tokenize,
    bare_number_word,
    clitic_variants,
    stemmer,  # re-exported: fact.matching.tokens imports it from here
    unit_key,
)
from fact.matching.numerals import _at, _card, canonical_number

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


def _exact(value: float) -> float:
    """A value with the float error of its scaling rounded off: 2.14 مليار (2.14 × 1e9 =
    2140000000.0000002) is the same count as ٢,١٤٠ مليون, and counts agree only where equal."""
    return value if math.isinf(value) else float(f"{value:.12g}")


# --------------------------------------------------------------------------
# Hedges, ranges and units

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

#: Tokens at which a quantity may start (besides digits).
TRIGGERS = NUMBER_TRIGGERS | _HEDGE_FIRST


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


def canonical_tokens(hit: _Hit) -> list[str]:
    """Retrieval tokens of a quantity: ``#13``; ``#5000 #6000`` for a range; ``#~100`` for "hundreds"."""
    if hit.values:
        return ["#" + canonical_number(v) for v in hit.values if math.isfinite(v)]
    magnitude = 10 ** math.floor(math.log10(hit.lo)) if hit.lo >= 1 else 1
    return ["#~" + canonical_number(float(magnitude))]


def _after_letter(text: str, start: int) -> int:
    """The offset after the letter that begins the word at ``start`` (and after its diacritics)."""
    i = start
    while not text[i].isalpha():
        i += 1
    i += 1
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
            start = _after_letter(text, start)  # "وستة آلاف": the conjunction is not part of the amount
            first = first[1:]
        if bare_number_word(first) != first:
            start = _after_letter(text, start)  # "بخمسين مليار": nor is the preposition
        q = Quantity(_exact(hit.lo), _exact(hit.hi), hit.unit, hit.approx, text[start:end], start, end)
        out.append((q, hit))
    return toks, out


def quantities(text: str) -> list[Quantity]:
    """Every quantity stated in ``text``, in order (see the module docstring)."""
    return [q for q, _ in analyze(text)[1]]
