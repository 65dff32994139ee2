"""The shapes that ingest learns boilerplate by: a paragraph's key, its first and last words, whether
a repeated paragraph may be clutter, and whether a page is an article at all.

Pure functions of text; what the corpus repeats is counted in fact.services.ingest.boilerplate.
Keys hash the normalized words only (fact.text.normalize.normalize_for_search, punctuation dropped),
so a tokenized copy (" . ", " ، ") and a clean one of the same line share a key.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from fact.text.normalize import normalize_for_search

__all__ = ["EDGE_WORDS", "Edge", "edges", "is_listing", "is_prose", "is_sentence", "key_of", "may_be_clutter",
           "paragraph_key", "words"]

# A repeated paragraph of at most this many words is clutter; a longer one only when it is not prose.
SHORT_WORDS = 20
SENTENCE_WORDS = 8  # a sentence of news, for telling a page's lines apart: this many words and an end
# The words at the start of the first line (the end of the last) that are counted as a possible
# glued prefix (suffix); at least EDGE_KEEP words of the line stay on the other side of a cut.
EDGE_WORDS = 12
EDGE_KEEP = 2

_WORD = re.compile(r"[^\W_]+")
_TERMINAL = re.compile(r"[.!?؟]")  # a sentence's end (an ellipsis "…" is not one)
# What is skipped at a cut: blanks and the separators clutter is glued with.
_SEPARATORS = " \t\u00a0\u200f\u200e*{}[]|:-–—/\\>»«<•·،,;؛"


def words(text: str, normalized: bool = False) -> list[str]:
    """The normalized words of a text (already normalize_for_search'ed if `normalized`), punctuation dropped."""
    return _WORD.findall(text if normalized else normalize_for_search(text))


def key_of(tokens: list[str], kind: str = "p") -> int:
    """A signed 64-bit hash of these words (and of what they are: "p", "h", "t")."""
    digest = hashlib.blake2b(f"{kind}\x1f{' '.join(tokens)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def paragraph_key(text: str) -> int | None:
    """The key of a whole paragraph; None for one without a word (punctuation only)."""
    tokens = words(text)
    return key_of(tokens) if tokens else None


def is_prose(text: str, count: int | None = None) -> bool:
    """A real paragraph of news: long enough, with a sentence's end in it."""
    count = len(words(text)) if count is None else count
    return count > SHORT_WORDS and bool(_TERMINAL.search(text))


def is_sentence(text: str, count: int | None = None) -> bool:
    """A line that reads as a sentence of news (a lead, a last line), not a headline or a link."""
    count = len(words(text)) if count is None else count
    return count >= SENTENCE_WORDS and bool(_TERMINAL.search(text))


def may_be_clutter(text: str, count: int | None = None) -> bool:
    """Whether a paragraph repeated across an outlet's articles is clutter: short, or long but not
    prose. A wire story's background paragraph, repeated word for word, is news and stays."""
    return not is_prose(text, count)


@dataclass(frozen=True)
class Edge:
    """A possible glued prefix ("h") or suffix ("t") of a line: its first (last) `n` words, and
    where the rest of the line begins (ends) once it is cut off."""

    kind: str
    n: int
    key: int
    body_key: int  # the key of the same words as a paragraph of their own
    clutter: tuple[int, int]  # offsets in the line
    rest: tuple[int, int]


def edges(line: str, kind: str) -> list[Edge]:
    """Every possible cut of a line's start ("h") or end ("t"), shortest first: up to EDGE_WORDS
    words, leaving at least EDGE_KEEP words."""
    matches = list(_WORD.finditer(line))
    if len(matches) <= EDGE_KEEP:
        return []
    # only the words an edge can take are normalized (one by one: offsets stay the line's)
    reach = min(EDGE_WORDS, len(matches) - EDGE_KEEP)
    side = matches[:reach] if kind == "h" else matches[-reach:]
    found = [(m.start(), m.end()) for m in matches]
    normal = [" ".join(words(m.group())) for m in side]
    tokens = normal if kind == "h" else [""] * (len(matches) - reach) + normal
    out = []
    for n in range(1, min(EDGE_WORDS, len(found) - EDGE_KEEP) + 1):
        if kind == "h":
            cut = found[n - 1][1]
            rest = cut
            while rest < len(line) and line[rest] in _SEPARATORS:
                rest += 1
            out.append(Edge("h", n, key_of(tokens[:n], "h"), key_of(tokens[:n]), (0, cut), (rest, len(line))))
        else:
            cut = found[len(found) - n][0]
            while cut > 0 and line[cut - 1] in _SEPARATORS:
                cut -= 1
            out.append(Edge("t", n, key_of(tokens[-n:], "t"), key_of(tokens[-n:]), (cut, len(line)), (0, cut)))
    return out


# A page is a listing (an archive, a tag page, a profile) when it has many lines and nearly no prose.
LISTING_MIN_LINES = 6
LISTING_MAX_PROSE = 0.25  # of the words of its lines that are not boilerplate
LISTING_MAX_PROSE_LINES = 2


def is_listing(paragraphs: list[str], flags: list[bool] | None = None) -> bool:
    """Whether the paragraphs of a page (and which are boilerplate already) are those of a page that is
    not an article: many short, link-like lines and almost no sentences among those left."""
    if len(paragraphs) < LISTING_MIN_LINES:
        return False
    left = [p for p, flag in zip(paragraphs, flags or [False] * len(paragraphs)) if not flag]
    counts = [len(words(p)) for p in left]
    prose = [c for p, c in zip(left, counts) if is_sentence(p, c)]
    return len(prose) <= LISTING_MAX_PROSE_LINES and sum(prose) / (sum(counts) or 1) < LISTING_MAX_PROSE
