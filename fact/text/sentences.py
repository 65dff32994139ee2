"""Where the sentences of one paragraph end, in clean text and in tokenized or scraped text alike.

A candidate end is a *cluster*: a terminator (``. ! ? ؟ ؛ …``) with the terminators and closing quotes
or brackets that follow it, spaces allowed between them, so ``انسحبت . "`` and ``الصمود؟".`` are one
cluster each, and the closers belong to the sentence that ends.  A cluster ends a sentence unless:

* it is the end of the paragraph anyway, or it falls inside a quotation (:mod:`fact.text.quotes`);
* it is glued to the next character (``1.5``, ``U.S.``, ``www.x.org``, ``?id=3``), except a full stop
  between two Arabic words, which a scraper glued (``المدينة.وقال``);
* it is an ellipsis (``..``, ``. . .``, ``…``): the news uses it as a pause inside a sentence;
* a lone full stop stands between digits (``1 . 78``, ``3.500``): a number is never cut;
* a lone full stop follows a one-letter word, an initial (``أ . ف . ب``, ``J. Smith``, ``د. محمد``), but
  not the era letters م / ه after a number (``عام 2016 م .``), or a Latin title (``Mr.``, ``Dr.``);
* it stands between Latin words and the next one is lower case (``www . aljazeera . net``).

Finally a piece with no letter or digit (a lone ``.``, an emoji, a ``* * *``) is never a sentence: it
joins the sentence before it, or the one after it at the start of the paragraph.
"""

from __future__ import annotations

import re

from fact.text.gaps import GAP_SET
from fact.text.quotes import Quotations, quotations

__all__ = ["sentence_ends", "has_words"]

TERMINATORS = ".!?؟؛…"
_STRONG = frozenset("!?؟؛")
_TERMINATOR_RE = re.compile(f"[{re.escape(TERMINATORS)}]")
_ALWAYS_CLOSING = frozenset("]’")
_WORD_CHAR_RE = re.compile(r"[^\W_]")

# The last word before a full stop (letters with optional diacritics/tatweel).
_MARKS = "\u0640\u064b-\u065f\u0670"
_LAST_WORD_RE = re.compile(f"(?:[^\\W\\d_][{_MARKS}]*)+$")
_LATIN_TAIL_RE = re.compile("[A-Za-z]+$")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06fc]")
_ERA_LETTERS = frozenset("مه")
_NOT_INITIALS = frozenset("ا")  # a bare alef is a tokenizer's split (أيض ا), not an initial
_LATIN_TITLES = frozenset("mr mrs ms dr prof jr sr st vs gen col lt sgt capt gov sen rep mt".split())


def has_words(p: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``p[start:end]`` holds a letter or a digit."""
    return _WORD_CHAR_RE.search(p, start, len(p) if end is None else end) is not None


def sentence_ends(p: str, first: int = 0) -> list[int]:
    """End offsets (exclusive) of the sentences of paragraph ``p`` from ``first`` on, but the last."""
    m = _TERMINATOR_RE.search(p, first)
    if m is None:
        return []
    quotes = quotations(p)
    ends: list[int] = []
    while m is not None:
        end, last_run, strong = _cluster(p, m.start(), quotes)
        if _ends_sentence(p, m.start(), end, last_run, strong, quotes):
            ends.append(end)
        m = _TERMINATOR_RE.search(p, end)
    return _without_wordless_pieces(p, first, ends)


def _cluster(p: str, i: int, quotes: Quotations) -> tuple[int, str, bool]:
    """The cluster starting at the terminator ``p[i]``: its end, its last run of terminators (``"..."``
    for ``. . .``) and whether it holds a strong terminator (``! ? ؟ ؛``)."""
    n, end, k = len(p), i, i
    last_run, strong, after_closer = "", False, False
    while k < n:
        ch = p[k]
        if ch in TERMINATORS:
            last_run = ch if after_closer else last_run + ch
            after_closer = False
            strong = strong or ch in _STRONG
        elif k in quotes.closers or ch in _ALWAYS_CLOSING:
            after_closer = True  # `" . " .` is a stop, a closer and a stop: no ellipsis
        elif ch in GAP_SET:
            k += 1
            continue
        else:
            break
        k = end = k + 1
    return end, last_run, strong


def _ends_sentence(p: str, start: int, end: int, last_run: str, strong: bool, quotes: Quotations) -> bool:
    """The module's rules, in its order, for the cluster ``p[start:end]``."""
    if end >= len(p) or quotes.encloses(end):
        return False
    if p[end] not in GAP_SET and not _glued_sentence_start(p, start, end, quotes):
        return False
    before, after = _previous_visible(p, start), _next_visible(p, end)
    if not strong:
        if len(last_run) > 1 or last_run == "…":
            return False
        if before >= 0 and p[before].isdigit() and p[after].isdigit():
            return False
        if _after_initial_or_title(p, before):
            return False
    return not (before >= 0 and p[before].isascii() and p[before].isalnum() and "a" <= p[after] <= "z")


def _glued_sentence_start(p: str, start: int, end: int, quotes: Quotations) -> bool:
    """A scraper's glued cut: a terminator right before an Arabic letter or a digit, after an Arabic
    word of two letters or more, a number of two digits or more, or a closing quote (``المدينة.وقال``,
    ``عام 2011.وقال``, ``(أونروا).وقال``); never digit, terminator, digit (``1.5``)."""
    if p[end - 1] not in TERMINATORS or not (_ARABIC_LETTER_RE.match(p, end) or p[end].isdigit()):
        return False
    if start == 0:
        return False
    if start - 1 in quotes.closers:
        return True
    if p[start - 1].isdigit():
        return start >= 2 and p[start - 2].isdigit() and not p[end].isdigit()
    word = _LAST_WORD_RE.search(p, max(0, start - 24), start)
    return word is not None and _ARABIC_LETTER_RE.match(word.group()) is not None and _letters(word.group()) >= 2


def _previous_visible(p: str, i: int) -> int:
    """Index of the last non-gap character before ``p[i]`` (-1 if none)."""
    i -= 1
    while i >= 0 and p[i] in GAP_SET:
        i -= 1
    return i


def _next_visible(p: str, i: int) -> int:
    """Index of the first non-gap character from ``p[i]`` on (the caller knows there is one)."""
    while p[i] in GAP_SET:
        i += 1
    return i


def _after_initial_or_title(p: str, last: int) -> bool:
    """Whether the word ending at ``p[last]`` is a one-letter initial or a Latin title."""
    if last < 0:
        return False
    window = max(0, last - 23)
    m = _LAST_WORD_RE.search(p, window, last + 1)
    if m is None or (m.start() == window and window > 0):
        return False  # no word, or a very long one
    word = m.group()
    latin = _LATIN_TAIL_RE.search(word)
    if latin is not None:
        word = latin.group()  # `وJ.`: the Arabic conjunction glued to a Latin initial
    if _letters(word) == 1:
        letter = next(c for c in word if c.isalpha() and c != "\u0640")
        if letter in _NOT_INITIALS:
            return False
        # م / هـ after a number is the era (AD / AH), which may end a sentence.
        era_number = _previous_visible(p, m.start())
        return not (letter in _ERA_LETTERS and era_number >= 0 and p[era_number].isdigit())
    return word.casefold() in _LATIN_TITLES


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha() and c != "\u0640")


def _without_wordless_pieces(p: str, first: int, ends: list[int]) -> list[int]:
    """Drop the cuts that would leave a piece with no letter or digit."""
    cuts: list[int] = []
    start = first
    for end in ends:
        if not has_words(p, start, end):
            if not cuts:
                continue  # the paragraph's first piece joins the next one
            cuts.pop()  # joins the sentence before it
        cuts.append(end)
        start = end
    if cuts and not has_words(p, start):
        cuts.pop()
    return cuts
