"""Rationale lines to sentences and back: the one mapping between a stance corpus's rationale (0-based
line indices into the article text) and our spans, used by the label import and by the exports.

A line is one of `text.splitlines()` (blank lines count, as a corpus numbers them); every non-blank
line is one paragraph (fact.text.segment), and a sentence never crosses a line break. So line i's
sentences are the sentence spans that start on line i, and a sentence's line is the line it starts
on: `span_lines(text, line_spans(text, sentences, lines)[…])` gives the lines back.
"""
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol


class Located(Protocol):
    id: int
    start: int  # code points into the article's text


class LineError(ValueError):
    """A rationale line that names no sentence of the article."""


def line_starts(text: str) -> list[int]:
    """The offset where each line of text.splitlines() starts."""
    starts, offset = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(offset)
        offset += len(line)
    return starts


def line_spans(text: str, sentences: Iterable[Located], lines: Iterable[int]) -> dict[int, list[int]]:
    """{line: its sentences' span ids, in text order} for these lines of the article `text`, whose
    sentence spans are `sentences`; LineError for a line past the end, blank, or without a sentence."""
    starts = line_starts(text)
    on_line: dict[int, list[int]] = defaultdict(list)
    for span in sorted(sentences, key=lambda s: s.start):
        on_line[bisect_right(starts, span.start) - 1].append(span.id)
    found = {}
    for line in sorted(set(lines)):
        if not 0 <= line < len(starts):
            raise LineError(f"line {line} is past the article's last line ({len(starts) - 1})")
        if not on_line.get(line):
            what = "blank" if not text.splitlines()[line].strip() else "without a sentence (no letter or digit)"
            raise LineError(f"line {line} of the article is {what}")
        found[line] = on_line[line]
    return found


def span_lines(text: str, spans: Iterable[Located]) -> list[int]:
    """The lines (0-based, ascending, each once) of the article `text` that these spans start on."""
    starts = line_starts(text)
    return sorted({bisect_right(starts, span.start) - 1 for span in spans})


def copied_lines(given: str, stored: str, lines: Iterable[int]) -> dict[int, int]:
    """{line of `given`: the line of `stored` with the same text}: a corpus's article that ingest found
    to be a copy of one stored (fact.services.ingest.copies) keeps its rationale where its lines are
    the stored article's too; LineError for a line the stored copy does not have."""
    given_lines, stored_lines = given.splitlines(), [line.strip() for line in stored.splitlines()]
    found = {}
    for line in sorted(set(lines)):
        if not 0 <= line < len(given_lines):
            raise LineError(f"line {line} is past the article's last line ({len(given_lines) - 1})")
        text = given_lines[line].strip()
        if not text or text not in stored_lines:
            raise LineError(f"line {line} is not a line of the article it is a copy of")
        found[line] = stored_lines.index(text)
    return found
