"""Counts of one kind compared: what the quantity hints of fact.matching.hints read (their rules are
in that module's docstring, "Quantities"): a count with the units it counts, and whether two sentences'
counts of one unit agree or differ.
"""

import re
from dataclasses import dataclass

from fact.matching.lexicon import CLAUSE_BREAKS, FATES, PEOPLE, fate, unit_key
from fact.matching.quantities import Quantity
from fact.text.normalize import normalize_for_search

__all__ = ["Count", "MAX_RATIO", "compare_counts", "conflict", "counts"]

_COUNTRY_PEOPLE = frozenset({"minister"})
_MINISTER_PLURALS = frozenset(normalize_for_search(w) for w in "وزراء لوزراء ووزراء بوزراء ووزراءَ".split())
_QUOTES = re.compile('["“”«»„‟()]')
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Count:
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


def counts(words: list[str], found) -> list[Count]:
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
        if q.unit in PEOPLE:
            said = _fate(words, h.start, h.end)
            # a count of people is a count of those killed, or injured...: one that says none meets each
            units = {f"{u}:{f}" for u in units for f in ((said,) if said else FATES)}
        composition = h.start > 0 and words[h.start - 1] in ("من", "ومن")
        out.append(Count(q, frozenset(units), composition))
    return out


#: How far from a count of people the word saying what befell them is looked for, in tokens.
FATE_WINDOW = 3


def _fate(words: list[str], start: int, end: int) -> str | None:
    """The fate said by the word nearest the count (tokens start..end) within FATE_WINDOW on its side
    of a clause break; the word before first at equal distance ("قتل 8 أشخاص وأصيب 12")."""
    for distance in range(1, FATE_WINDOW + 1):
        for at in (start - distance, end - 1 + distance):
            between = words[at + 1 : start] if at < start else words[end:at]
            if 0 <= at < len(words) and not CLAUSE_BREAKS.intersection(between):
                if (found := fate(words[at])) is not None:
                    return found
    return None


#: Values further apart than this are taken to count different things, not to disagree.
MAX_RATIO = 3.0


def conflict(x: Count, y: Count, same_wording: bool = False) -> float | None:
    """How strongly two counts of one unit conflict, or None if they do not.

    Disjoint values at most MAX_RATIO apart conflict, by their ratio (1 = touching).  Two
    explicit ranges (neither approximate) with different bounds conflict even where they
    overlap (0: the sources' figures differ); a value inside the other's range does not.
    """
    (a, b), (c, d) = x.bounds, y.bounds
    if b < c or d < a:
        low_side_high, high_side_low = (b, c) if b < c else (d, a)
        if low_side_high <= 0 or (high_side_low / low_side_high > MAX_RATIO and not same_wording):
            return None
        return high_side_low / low_side_high
    explicit_ranges = not (x.q.approximate or y.q.approximate) and a < b and c < d
    return 0.0 if explicit_ranges and (a, b) != (c, d) else None


def compare_counts(counts_a, counts_b, same_wording: bool) -> tuple[list[tuple[str, str]], list[str]]:
    """The (ours, theirs) of each unit whose counts differ, and the counts both give, as displayed;
    `same_wording`: the two sentences say nearly the same but for the numbers (conflict)."""
    differences: dict[tuple[str, str], None] = {}
    agreements: dict[str, None] = {}
    values_a, values_b = {c.q.low for c in counts_a}, {c.q.low for c in counts_b}
    for unit in sorted({u for c in counts_a for u in c.units} & {u for c in counts_b for u in c.units}):
        for composition in (False, True):
            xs = [c for c in counts_a if unit in c.units and c.composition == composition]
            ys = [c for c in counts_b if unit in c.units and c.composition == composition]
            same = [x for x in xs for y in ys if (x.q.low, x.q.high) == (y.q.low, y.q.high)]
            if same:
                agreements.update((x.display, None) for x in same)
                continue
            if any(x.q.low in values_b for x in xs) or any(y.q.low in values_a for y in ys):
                continue  # the same number given to another noun ("14 شخصا" killed / "14 قتيلا")
            conflicts = {(x, y): conflict(x, y, same_wording) for x in xs for y in ys}
            if conflicts and None not in conflicts.values():
                x, y = min(conflicts, key=conflicts.__getitem__)  # the closest pair
                differences[x.display, y.display] = None
    return list(differences), list(agreements)
