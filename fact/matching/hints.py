"""Hints for an annotator comparing two sentences already judged to report the same fact.

``hint(a, b)`` says whether the two sentences seem to disagree (``"dispute"``),
to state the same values (``"corroboration"``), or neither (``"none"``).  It is
a hint, never a verdict: it compares only quantities (with what they count)
and movements between places, and it prefers saying nothing to a false alarm.

Quantities (:func:`fact.matching.quantities.quantities`)
    Counts are compared only when the two sentences name a common place, or
    share at least three content tokens (:func:`fact.matching.tokens.match_tokens`,
    numbers left out) or half of the shorter one's: a weak retrieval candidate
    that merely counts the same kind of thing is not the same fact.  Only quantities whose
    unit is known are compared, and only with quantities of the same unit
    (``13 دولة`` with ``11 دولة``; never ``60 دولة`` with ``35 قائدا``).  A
    count of ministers "من الدول" also counts the countries, and a count of
    countries right after ``وزراء`` also counts the ministers (one per country)
    (``13 وزير دفاع من الدول الأعضاء`` vs ``لوزراء دفاع 11 دولة``).  The size
    of a group (``تحالفا من 60 دولة``, a count right after من) is compared only
    with other sizes, not with a count of participants (``اجتماع 13 دولة``).
    An approximate single value (``نحو 900``) is allowed 10 % either way.
    For one unit:

    * the same bounds on both sides (``بضع مئات`` and ``بضع مئات``; ``أكثر من
      35``; ``1,5 مليون`` and ``1.5 مليون``) is an agreement;
    * otherwise, if every value one side gives conflicts with every value the
      other gives, it is a difference (the closest pair is shown).  Values conflict when they are disjoint (``13`` vs ``11``;
      ``بضع مئات`` = 300..900 vs ``1400``) but no more than :data:`MAX_RATIO`
      (3) times apart (``بضع مئات`` arriving and ``4000..6000`` in the city,
      or ``نحو 900`` killed and ``5000..6000`` present, count different
      things), or when both are explicit ranges with different bounds, even
      overlapping ones: the seeds' estimates of the fighters in Mosul,
      ``ما بين خمسة آلاف وستة آلاف`` (Western estimates, 000/002), ``بين 3500
      وخمسة آلاف`` (US forces, 001) and ``بين أربعة آلاف الى ستة آلاف`` (the
      coalition, 002), are the same quantity given differently by different
      sources, which is what the annotator should look at (the project's gold
      set, tests/fixtures/matching_seeds.json, labels them disputes);
    * overlapping values of which one is vague or hedged (``المئات`` vs
      ``بضع مئات``; ``نحو 900`` vs ``950``), or a value inside the other's
      range (``5500`` vs ``5000..6000``), are neither.

Directions
    Movements between places are read by :mod:`fact.matching.places` (cities
    through their country; a movement under a cue of prevention, risk,
    expectation, warning or negation is *hypothetical*: it never disputes
    anything, and agrees only with the same movement under the same cue).

    * the same movement (same modality) on both sides is an agreement;
    * opposite asserted movements are a ``direction`` difference, unless one
      sentence asserts both ways;
    * asserted movements from the same origin to different countries (or from
      different countries to the same destination) are a ``place``
      difference, unless either sentence names the other's place anywhere.

A hint is ``"dispute"`` when any difference was found (its agreements are
kept too), ``"corroboration"`` when there are agreements and no difference,
else ``"none"``.  ``ours``/``theirs`` are the values as the sentences state
them: the quantity with its counted noun (``13 دولة``), or ``origin ← dest``
with the places' gazetteer names (``سوريا ← الموصل``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fact.matching.lexicon import unit_key
from fact.matching.places import PLACES, _Move, _moves, _place_at, _same_move
from fact.matching.quantities import Quantity, analyze
from fact.matching.tokens import match_tokens
from fact.text.normalize import normalize_for_search

__all__ = ["Difference", "Hint", "hint", "PLACES"]


@dataclass(frozen=True)
class Difference:
    kind: str  # "quantity", "place", "direction"
    ours: str  # the value in sentence A, e.g. "13 دولة" or "سوريا ← الموصل"
    theirs: str  # the value in sentence B


@dataclass(frozen=True)
class Hint:
    kind: str  # "dispute", "corroboration" or "none"
    differences: tuple[Difference, ...]
    agreements: tuple[str, ...]


# --------------------------------------------------------------------------
# Quantities

_COUNTRY_PEOPLE = frozenset({"minister"})
_MINISTER_PLURALS = frozenset(normalize_for_search(w) for w in "وزراء لوزراء ووزراء بوزراء ووزراءَ".split())
_QUOTES = re.compile('["“”«»„‟()]')
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Count:
    q: Quantity
    units: frozenset[str]
    composition: bool  # "تحالفا من 60 دولة": the size of a group, not a count of participants

    @property
    def display(self) -> str:
        return _SPACES.sub(" ", _QUOTES.sub("", self.q.text)).strip()

    @property
    def bounds(self) -> tuple[float, float]:
        lo, hi = self.q.low, self.q.high
        if self.q.approximate and lo == hi:
            return lo * 0.9, hi * 1.1
        return lo, hi


def _counts(words: list[str], found) -> list[_Count]:
    out = []
    for q, h in found:
        if q.unit is None:
            continue
        units = {q.unit}
        if q.unit in _COUNTRY_PEOPLE:
            after = words[h.end : h.end + 4]
            for k, w in enumerate(after[:-1]):
                if w in ("من", "ومن") and unit_key(after[k + 1]) == "country":
                    units.add("country")
        elif q.unit == "country":
            if any(w in _MINISTER_PLURALS for w in words[max(0, h.start - 3) : h.start]):
                units.add("minister")
        composition = h.start > 0 and words[h.start - 1] in ("من", "ومن")
        out.append(_Count(q, frozenset(units), composition))
    return out


#: Values further apart than this are taken to count different things, not to disagree.
MAX_RATIO = 3.0
#: Counts are compared only between sentences naming a common place or sharing this many
#: content tokens (or half of the shorter one's): the same unit alone ("100 عنصر نفذوا
#: الهجوم" and "بضع مئات من المسلحين وصلوا إلى الموصل") does not make two counts of one thing.
MIN_SHARED_WORDS = 3


def _conflict(x: _Count, y: _Count) -> float | None:
    """How strongly two counts of one unit conflict, or None if they do not.

    Disjoint values at most MAX_RATIO apart conflict, by their ratio (1 = touching).  Two
    explicit ranges (neither approximate) with different bounds conflict even where they
    overlap (0: the sources' figures differ); a value inside the other's range does not.
    """
    (a, b), (c, d) = x.bounds, y.bounds
    if b < c or d < a:
        low_side_high, high_side_low = (b, c) if b < c else (d, a)
        if low_side_high <= 0 or high_side_low / low_side_high > MAX_RATIO:
            return None
        return high_side_low / low_side_high
    explicit_ranges = not (x.q.approximate or y.q.approximate) and a < b and c < d
    return 0.0 if explicit_ranges and (a, b) != (c, d) else None


# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    counts: tuple[_Count, ...]
    moves: tuple[_Move, ...]
    named: frozenset[str]  # every place named, and its country
    places: frozenset[str]  # every place named
    words: frozenset[str]  # the content tokens (match_tokens without numbers)


@lru_cache(maxsize=4096)
def _read(text: str) -> _Reading:
    """What a sentence states (cached: a sentence is compared with many others)."""
    toks, found = analyze(text)
    words = [t for t, _, _ in toks]
    places = {p.name for p in map(lambda i: _place_at(words, i), range(len(words))) if p is not None}
    named = places | {PLACES.get(p, p) for p in places}
    content = frozenset(t for t in match_tokens(text) if t[0] != "#" and not t[0].isdigit())
    return _Reading(tuple(_counts(words, found)), tuple(_moves(words)), frozenset(named), frozenset(places), content)


def _related(a: _Reading, b: _Reading) -> bool:
    """Whether two sentences share enough for their counts to be compared: a place, or
    MIN_SHARED_WORDS content tokens, or half of the shorter one's."""
    if a.places & b.places:
        return True
    shared = len(a.words & b.words)
    return shared >= MIN_SHARED_WORDS or (bool(a.words and b.words) and shared / min(len(a.words), len(b.words)) >= 0.5)


def hint(a: str, b: str) -> Hint:
    """Compare sentence ``a`` (ours) with ``b`` (theirs); see the module docstring."""
    ra, rb = _read(a), _read(b)
    counts_a, moves_a, named_a = ra.counts, ra.moves, ra.named
    counts_b, moves_b, named_b = rb.counts, rb.moves, rb.named
    differences: dict[Difference, None] = {}
    agreements: dict[str, None] = {}

    if not _related(ra, rb):
        counts_a = counts_b = ()
    for unit in sorted({u for c in counts_a for u in c.units} & {u for c in counts_b for u in c.units}):
        for composition in (False, True):
            xs = [c for c in counts_a if unit in c.units and c.composition == composition]
            ys = [c for c in counts_b if unit in c.units and c.composition == composition]
            same = [x for x in xs for y in ys if (x.q.low, x.q.high) == (y.q.low, y.q.high)]
            if same:
                agreements.update((x.display, None) for x in same)
                continue
            conflicts = {(x, y): _conflict(x, y) for x in xs for y in ys}
            if conflicts and None not in conflicts.values():
                x, y = min(conflicts, key=conflicts.__getitem__)  # the closest pair
                differences[Difference("quantity", x.display, y.display)] = None

    asserted_a = {m.key for m in moves_a if m.asserted}
    asserted_b = {m.key for m in moves_b if m.asserted}
    for x in moves_a:
        for y in moves_b:
            if _same_move(x, y):
                agreements[x.display] = None
    for x in moves_a:
        if not x.asserted:
            continue
        reverse = (x.key[1], x.key[0])
        for y in moves_b:
            if not y.asserted:
                continue
            if y.key == reverse:
                if x.key not in asserted_b and reverse not in asserted_a:
                    differences[Difference("direction", x.display, y.display)] = None
                continue
            if x.key == y.key or x.origin.country == x.dest.country or y.origin.country == y.dest.country:
                continue
            if x.origin.country == y.origin.country and x.dest.country != y.dest.country:
                ours, theirs = x.dest, y.dest
            elif x.dest.country == y.dest.country and x.origin.country != y.origin.country:
                ours, theirs = x.origin, y.origin
            else:
                continue
            if theirs.country in named_a or ours.country in named_b:
                continue
            differences[Difference("place", x.display, y.display)] = None

    if differences:
        kind = "dispute"
    elif agreements:
        kind = "corroboration"
    else:
        kind = "none"
    return Hint(kind, tuple(differences), tuple(agreements))
