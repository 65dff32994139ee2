"""Whether two sentences report the same event: the gate before any dispute or corroboration hint.

Scraped news is full of reports of different events that share a unit and a number ("7 injured"
in one city, "13 dead" in another, similarity 0.16): comparing their values is what made most
dispute hints wrong. :func:`same_event` takes the similarity of the two sentences as an input
(today the overlap of their content tokens, :func:`token_similarity`; the semantic similarity of
an embedder can be passed instead) and says no when

* the two name different places, neither of which the other covers, and no city in common (حمص
  against حلب; سوريا is covered by حلب, so "in Syria" against "in Aleppo" is no conflict);
* their dates, where known, are more than :data:`MAX_DAYS` apart;
* the similarity is under :data:`FLOOR`, unless they name :data:`ANCHORS` places in common, or
  under :data:`FLOOR_ONE_PLACE` with one place in common.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fact.matching.places import PLACES

__all__ = ["Event", "same_event", "token_similarity", "FLOOR", "MAX_DAYS"]

#: Below this similarity two sentences with no place in common are not taken for one event.
FLOOR = 0.3
#: With one place in common, this similarity is enough.
FLOOR_ONE_PLACE = 0.2
#: This many places in common make one event at any similarity (a long sentence and a headline
#: about one movement from Mosul to Syria share little else).
ANCHORS = 2
#: Reports further apart than this many days are of different events.
MAX_DAYS = 3.0


@dataclass(frozen=True, slots=True)
class Event:
    places: frozenset[str]  # the gazetteer names of the places named (fact.matching.places.PLACES)
    words: frozenset[str]  # content tokens (fact.matching.tokens.match_tokens, without numbers)


def token_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The cosine of two sets of content tokens (binary vectors): 0..1."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _uncovered(own: frozenset[str], other: frozenset[str]) -> set[str]:
    """The places of `own` the other sentence neither names nor covers (a country is covered by a
    place in it)."""
    countries = {PLACES.get(p, p) for p in other}
    return {p for p in own - other if not (PLACES.get(p, p) == p and p in countries)}


def place_conflict(a: Event, b: Event) -> bool:
    """Each names a place the other neither names nor covers, and they share no place but a country
    (two cities of one country are two places; a city both name anchors them)."""
    if any(PLACES.get(p, p) != p for p in a.places & b.places):
        return False
    return bool(_uncovered(a.places, b.places)) and bool(_uncovered(b.places, a.places))


def same_event(a: Event, b: Event, similarity: float, days_apart: float | None = None) -> bool:
    """Whether two sentences can be reports of one event (see the module docstring)."""
    if days_apart is not None and abs(days_apart) > MAX_DAYS:
        return False
    if place_conflict(a, b):
        return False
    shared = len(a.places & b.places)
    if shared >= ANCHORS:
        return True
    return similarity >= (FLOOR_ONE_PLACE if shared else FLOOR)
