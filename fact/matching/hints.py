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

from fact.matching.counts import Count, compare_counts, counts
from fact.matching.events import Event, same_event, token_similarity
from fact.matching.lexicon import UNIT_CLASSES
from fact.matching.places import PLACES, _Move, _moves, _place_at, _same_move
from fact.matching.polarity import Polarity, polar_word, polarity
from fact.matching.quantities import analyze
from fact.matching.tokens import ROOT, index_tokens, match_tokens

__all__ = ["Difference", "Hint", "hint", "hintable_term", "has_negation", "may_hint", "places_of", "PLACES",
           "PRECISION"]


@dataclass(frozen=True)
class Difference:
    kind: str  # "quantity", "place", "direction"
    ours: str  # the value in sentence A, e.g. "13 دولة" or "سوريا ← الموصل"
    theirs: str  # the value in sentence B


#: The precision each kind of difference was measured at (bench/hints_quality.py; docs/ingest-hints.md):
#: on ANS train quantity 0.93, opposite 0.98, negation 0.95; on the seed gold set quantities and
#: directions 1.0. A task is pre-annotated only from a hint at fact.services.tasks.predictions.PRECISION
#: or more. Negations are held under it (the seeds' long sentences gave one false of nine); on the
#: generated realistic corpus quantities reach 0.77-0.87 by seed (undated reports of two events of
#: one kind in one town, told in one template, whose articles name the same few places): see
#: docs/ingest-hints.md before trusting them.
PRECISION: dict[str, float] = {"quantity": 0.94, "direction": 0.9, "opposite": 0.95, "negation": 0.85, "place": 0.8}
#: What a corroboration hint is worth (ANS train 0.65: a headline that swaps a name or an act around
#: the same number "corroborates"); under the threshold, so corroborations are not pre-annotated.
CORROBORATION_PRECISION = 0.65


@dataclass(frozen=True)
class Hint:
    kind: str  # "dispute", "corroboration" or "none"
    differences: tuple[Difference, ...]
    agreements: tuple[str, ...]

    @property
    def precision(self) -> float:
        """How often a hint like this one was right (PRECISION); 0 for "none"."""
        return precision_of(self.kind, [d.kind for d in self.differences])


def precision_of(kind: str, difference_kinds: list[str]) -> float:
    """The measured precision of a hint of this kind with these differences (as stored)."""
    if kind == "dispute":
        return max((PRECISION.get(k, 0.0) for k in difference_kinds), default=0.0)
    return CORROBORATION_PRECISION if kind == "corroboration" else 0.0


_NONE = Hint("none", (), ())


# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    counts: tuple[Count, ...]
    moves: tuple[_Move, ...]
    named: frozenset[str]  # every place named, and its country
    polarity: Polarity
    event: Event
    clutter: bool


#: Fewer content words than this and a sentence is a date bar, a caption or a widget, not a report.
MIN_WORDS = 2
#: A sentence whose tokens are this share or more digits and date marks is clutter (1438 / 8 / 8 ه).
MAX_NUMERIC_SHARE = 0.5
_DATE_MARKS = frozenset("/-:.ه")
_UNIT_TOKENS = {t: "unit:" + cls for cls, forms in UNIT_CLASSES.items() for form in forms for t in match_tokens(form)}


@lru_cache(maxsize=None)  # a match run reads each distinct sentence once; forget_readings() after it
def _read(text: str) -> _Reading:
    """What a sentence states (cached: a sentence is compared with many others; about 170 µs a
    sentence uncached, mostly its retrieval tokens with roots and its quantities)."""
    toks, found = analyze(text)
    words = [t for t, _, _ in toks]
    places = {p.name for p in map(lambda i: _place_at(words, i), range(len(words))) if p is not None}
    named = places | {PLACES.get(p, p) for p in places}
    tokens = index_tokens(text)
    content = [t for t in tokens if t[0] != "#" and not t[0].isdigit() and not t.startswith(ROOT)]
    numeric = sum(w[0].isdigit() or w in _DATE_MARKS for w in words)
    clutter = len(content) < MIN_WORDS or numeric >= MAX_NUMERIC_SHARE * len(words)
    # What the similarity of two readings compares: the tokens with their roots and numbers, a
    # counted noun as its unit class (مسلح, مقاتل and عنصر are one "fighter").
    compared = frozenset(_UNIT_TOKENS.get(t, t) for t in tokens)
    return _Reading(tuple(counts(words, found)), tuple(_moves(words)), frozenset(named), polarity(words),
                    Event(frozenset(places), compared), clutter)


@lru_cache(maxsize=1)
def _place_tokens() -> frozenset[str]:
    return frozenset(t for name in PLACES for t in match_tokens(name))


def hintable_term(term: str) -> bool:
    """Whether a retrieval token (fact.matching.tokens.match_tokens) can carry a hint: a number, a
    place, a polar word. With has_negation, the matcher's cheap test of may_hint over a whole corpus."""
    return term[:1] == "#" or term[:1].isdigit() or term in _place_tokens() or polar_word(term) is not None


_NEGATION_RE = re.compile(r"(?<![^\W\d_])[وف]?(?:لا|لم|لن|ليس|ليست|غير|عدم|دون|بدون)(?![^\W\d_])")


def has_negation(text: str) -> bool:
    """Whether a sentence holds a negation particle (stop words, so not among the retrieval tokens)."""
    return _NEGATION_RE.search(text) is not None


def may_hint(text: str) -> bool:
    """Whether a sentence can be hinted at all: it states a number, names a place or holds a polar
    word or a negation (the matcher skips the hint of pairs where either cannot)."""
    reading = _read(text)
    return not reading.clutter and bool(reading.counts or reading.named or reading.polarity.sides
                                        or reading.polarity.particles)


#: Opposites are compared from this similarity on, the same-event floor (fact.matching.events.FLOOR):
#: that they must be said of a common word (fact.matching.polarity.NEAR) is what keeps a long
#: sentence's polar words about other things out (0.45 before that rule; ANS train at 0.3: 180 right
#: opposites of 184, against 153 of 157).
POLAR_FLOOR = 0.3
#: A negation alone disputes from this similarity on: the rest of the two must be nearly the same
#: ("ولم يصدر أي تعليق رسمي من ..." is said of many things).
NEGATION_FLOOR = 0.6
#: From this similarity on, two counts of one unit conflict however far apart (50 مليار / 50 مليون):
#: the sentences say the same thing but for the number.
SAME_WORDING = 0.5


def places_of(text: str) -> frozenset[str]:
    """The places a sentence names (gazetteer names): what an article's lead gives as ``context``."""
    return _read(text).event.places


def places_named(text: str) -> frozenset[str]:
    """The places a sentence names (none for clutter): what an article names is the union of its
    sentences' (fact.matching.events.places_apart)."""
    reading = _read(text)
    return frozenset() if reading.clutter else reading.event.places


def forget_readings() -> None:
    """Drop the readings of a match run's sentences (about 30 MB at 125k sentences): the next run reads
    its own corpus."""
    _read.cache_clear()


def hint(a: str, b: str, similarity: float | None = None, days_apart: float | None = None,
         article_similarity: float | None = None, semantic: float | None = None) -> Hint:
    """Compare sentence ``a`` (ours) with ``b`` (theirs); see the module docstring.

    ``similarity``: of the two sentences, 0..1 (by default the overlap of their content tokens,
    fact.matching.events.token_similarity); ``days_apart``: of their articles' dates, where known;
    ``article_similarity``: of their whole articles, where each has more than the sentence;
    ``semantic``: the cosine of their embeddings, where both have one: the same-event gate reads it
    (fact.matching.events.close_enough); the floors of values, opposites and negations stay on words."""
    ra, rb = _read(a), _read(b)
    if ra.clutter or rb.clutter:
        return _NONE
    if similarity is None:
        similarity = token_similarity(ra.event.words, rb.event.words)
    if not same_event(ra.event, rb.event, similarity, days_apart, article_similarity, semantic):
        return _NONE
    differences: dict[Difference, None] = {}
    agreements: dict[str, None] = {}
    count_differences, count_agreements = compare_counts(ra.counts, rb.counts, similarity >= SAME_WORDING)
    differences.update((Difference("quantity", ours, theirs), None) for ours, theirs in count_differences)
    agreements.update((display, None) for display in count_agreements)
    _compare_moves(ra, rb, differences, agreements)
    polar = _polar_differences(ra.polarity, rb.polarity, negation_counts=True)  # read once: veto and dispute
    opposites = bool(polar) and polar[0].kind == "opposite"
    if similarity >= POLAR_FLOOR and (opposites or similarity >= NEGATION_FLOOR):
        differences.update((difference, None) for difference in polar)

    if differences:
        kind = "dispute"
    elif agreements and not polar:
        kind = "corroboration"
    else:  # a figure in common is no agreement where one goes the other way or negates, even where
        kind = "none"  # that is too weak to dispute on (NEGATION_FLOOR)
    return Hint(kind, tuple(differences), tuple(agreements) if kind != "none" else ())


def _compare_moves(ra: _Reading, rb: _Reading, differences: dict, agreements: dict) -> None:
    moves_a, moves_b, named_a, named_b = ra.moves, rb.moves, ra.named, rb.named
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


def _polar_differences(a: Polarity, b: Polarity, negation_counts: bool) -> list[Difference]:
    """Opposite sides of one axis (``يرتفع`` / ``يهبط``), or a negation on one side only.

    An axis counts where each sentence takes one side of it (a sentence that says both, "الدولار
    يتراجع والذهب يرتفع", says nothing of it); a particle just before a polar word flips its side
    (fact.matching.polarity.SCOPE); the two must be said of a common word (fact.matching.polarity.NEAR:
    "ارتفاع الأسعار" against "نقصا حادا في اللقاحات" is no opposite).
    Without an opposite, the sentences differ in negation when the count of particles and of
    negating words (fact.matching.polarity.NEGATING_WORDS) on axes the other does not use differs
    in parity; that is a difference only where `negation_counts` (a dispute: the two at NEGATION_FLOOR
    or more; a corroboration's veto: always)."""
    axes_a, axes_b = a.axes(), b.axes()
    out = []
    shared = set(axes_a) & set(axes_b)
    for axis in sorted(shared):
        if len(axes_a[axis]) != 1 or len(axes_b[axis]) != 1:
            continue
        if axes_a[axis] != axes_b[axis] and a.near(axis) & b.near(axis):
            out.append(Difference("opposite", a.word(axis), b.word(axis)))
    if out:
        return out
    negations_a = [w for w in a.negations if (polar_word(w) or ("",))[0] not in axes_b]
    negations_b = [w for w in b.negations if (polar_word(w) or ("",))[0] not in axes_a]
    # Where an axis is shared (and agrees), the particles were read with it.
    said_a = negations_a if shared else [*a.particles, *negations_a]
    said_b = negations_b if shared else [*b.particles, *negations_b]
    if len(said_a) % 2 != len(said_b) % 2 and negation_counts:
        return [Difference("negation", " ".join(said_a) or "—", " ".join(said_b) or "—")]
    return []
