"""Quotations and brackets of a paragraph, paired once so that sentence rules can ask "is this inside?".

A full stop inside ``"…"``, ``“…”``, ``«…»`` or ``(…)`` does not end the sentence.  Only pairs count: an
opener with no closer after it, or a closer with nothing open, is ignored, so a stray mark can never
swallow the rest of the paragraph.

* ``“ ”``, ``« »`` and ``( )`` pair like brackets, each kind on its own stack.
* A straight ``"`` closes the one that is open; otherwise it opens if it looks like an opener: glued to
  the word after it (``"نعم``), or, in tokenized text where every quote stands between spaces
  (``" إن القوات انسحبت "``), followed by a word rather than by punctuation (``" .`` never opens).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from fact.text.gaps import GAPS_RE

__all__ = ["Quotations", "quotations", "QUOTE_MARKS", "NO_QUOTATIONS"]

QUOTE_MARKS = '"“”«»()'
_QUOTE_RE = re.compile(f"[{re.escape(QUOTE_MARKS)}]")
_OPENER_OF = {"”": "“", "»": "«", ")": "("}


@dataclass(frozen=True, slots=True)
class Quotations:
    """Outermost quoted spans as (opener, closer) positions, and the position of every closing mark."""

    spans: tuple[tuple[int, int], ...]
    closers: frozenset[int]

    def encloses(self, pos: int) -> bool:
        """Whether a cut at ``pos`` (between ``pos - 1`` and ``pos``) would fall inside a quotation."""
        i = bisect_right(self.spans, (pos, -1)) - 1
        return i >= 0 and self.spans[i][0] < pos <= self.spans[i][1]


NO_QUOTATIONS = Quotations((), frozenset())


def _may_open(p: str, i: int) -> bool:
    """Whether the straight quote at ``p[i]`` is placed like an opener."""
    nxt = GAPS_RE.match(p, i + 1).end()
    if nxt == len(p):
        return False
    if nxt > i + 1 and i > 0 and p[i - 1].isalnum():
        return False  # `داعش" قال`: shaped like a closer
    return p[nxt].isalnum() or p[nxt] in "#@“«("


def quotations(p: str) -> Quotations:
    """Pair the quotation marks and brackets of paragraph ``p``."""
    if _QUOTE_RE.search(p) is None:
        return NO_QUOTATIONS
    pairs: list[tuple[int, int]] = []
    stacks: dict[str, list[int]] = {"“": [], "«": [], "(": []}
    straight: int | None = None
    for m in _QUOTE_RE.finditer(p):
        i, ch = m.start(), m.group()
        if ch == '"':
            if straight is not None:
                pairs.append((straight, i))
                straight = None
            elif _may_open(p, i):
                straight = i
        elif ch in stacks:
            stacks[ch].append(i)
        elif stacks[_OPENER_OF[ch]]:
            pairs.append((stacks[_OPENER_OF[ch]].pop(), i))
    if not pairs:
        return NO_QUOTATIONS
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return Quotations(tuple(merged), frozenset(end for _, end in pairs))
