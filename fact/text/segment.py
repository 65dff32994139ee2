"""Split an article into paragraphs and sentences with exact code-point offsets.

``segment(text)`` never alters ``text``: every :class:`Segment` carries ``start``/``end`` offsets such
that ``text[start:end]`` is the span, and a span never starts or ends with whitespace (Unicode
whitespace, or the invisible zero-width / bidi format characters, :data:`GAP_CHARS`).

Paragraphs
    Every non-blank line is a paragraph.  Line breaks are those of :meth:`str.splitlines`.  A line made
    only of whitespace or invisible characters is blank.

Sentences (inside one paragraph; a line break always ends a sentence)
    The rules are in :mod:`fact.text.sentences` (terminators, quotations, numbers, initials, ellipses,
    URLs; clean text and text tokenized with a space around every mark alike) and
    :mod:`fact.text.dateline` (a date glued to the first word becomes a sentence of its own).  A piece
    with no letter or digit is never a sentence, so a paragraph made only of punctuation or emoji has
    none.

Paragraph boilerplate flags come from :func:`fact.text.boilerplate.boilerplate_paragraphs`; sentences
inherit them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fact.text.boilerplate import boilerplate_paragraphs
from fact.text.dateline import glued_date_end
from fact.text.gaps import GAP_CHARS, LINE_BREAKS
from fact.text.sentences import has_words, sentence_ends

__all__ = ["Segment", "SpanKind", "segment", "GAP_CHARS"]

SpanKind = Literal["paragraph", "sentence"]


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SpanKind
    start: int  # Python code-point offsets into the text given to segment()
    end: int  # text[start:end] is the span text; never starts or ends with whitespace
    position: int  # 0-based order among spans of the same kind in the article
    paragraph: int  # position of the paragraph this span belongs to
    boilerplate: bool  # paragraph flag; sentences inherit their paragraph's flag


_LINE_RE = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")
_NON_GAP_RE = re.compile(f"[^{re.escape(GAP_CHARS)}]")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed."""
    paras = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        left = line.lstrip(GAP_CHARS)
        if left:
            paras.append((m.end() - len(left), m.start() + len(line.rstrip(GAP_CHARS))))
    return paras


def _sentences(p: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of paragraph ``p``, relative to it and trimmed."""
    first = glued_date_end(p)
    pieces = [(0, first)] if first else []
    start = first
    for end in [*sentence_ends(p, first), len(p)]:
        m = _NON_GAP_RE.search(p, start, end)
        if m is not None:
            pieces.append((m.start(), end))
        start = end
    if len(pieces) == 1 and not has_words(p):
        return []  # punctuation or emoji only
    return pieces


def segment(text: str) -> list[Segment]:
    """Return the paragraphs and sentences of ``text`` in document order (each paragraph followed by
    its sentences).  See the module docstring."""
    paras = _paragraphs(text)
    if not paras:
        return []
    flags = boilerplate_paragraphs([text[s:e] for s, e in paras])
    out: list[Segment] = []
    sent_pos = 0
    for ppos, ((ps, pe), flag) in enumerate(zip(paras, flags)):
        out.append(Segment("paragraph", ps, pe, ppos, ppos, flag))
        for s, e in _sentences(text[ps:pe]):
            out.append(Segment("sentence", ps + s, ps + e, sent_pos, ppos, flag))
            sent_pos += 1
    return out
