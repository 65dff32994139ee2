"""Sentence segmenters on Arabic news, clean and tokenized: boundary precision and recall on the labelled set
of bench/segment_cases.py, and the faults the real corpus showed (punctuation-only sentences, cut numbers,
cuts after a one-letter initial, one-word sentences).

    python -m bench.segment_quality [--segmenters ours,pysbd,...] [--by source] [--realistic ARTICLES]

Libraries that are not installed are skipped with a note; none of them is needed by the app.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from bench.segment_cases import ROOT, STYLES, Case, build

Spans = list[tuple[int, int]]


# --------------------------------------------------------------------------
# Segmenters, each as paragraph -> sentence spans


def _spans_of_strings(text: str, pieces: Iterable[str]) -> Spans:
    """Offsets of the pieces a library returned, found in order (libraries may strip or normalize spaces)."""
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0:  # a library that rewrote the text: fall back to the first word
            at = text.find(piece.split()[0], cursor)
            if at < 0:
                continue
            spans.append((at, at + len(piece.split()[0])))
            cursor = at + 1
            continue
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    return spans


def ours() -> Callable[[str], Spans]:
    from fact.text.segment import segment

    return lambda text: [(s.start, s.end) for s in segment(text) if s.kind == "sentence"]


#: The segmenter before issue 12 (the last commit that had the untokenized rules).
BEFORE = "e861026"


def before() -> Callable[[str], Spans]:
    """fact/text/segment.py as it was at ``BEFORE``, loaded from git (its imports are unchanged since)."""
    import importlib.util
    import subprocess
    import tempfile

    source = subprocess.run(["git", "show", f"{BEFORE}:fact/text/segment.py"], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout
    path = Path(tempfile.mkdtemp()) / "segment_before.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("segment_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["segment_before"] = module
    spec.loader.exec_module(module)
    return lambda text: [(s.start, s.end) for s in module.segment(text) if s.kind == "sentence"]


def pysbd_ar() -> Callable[[str], Spans]:
    import pysbd

    seg = pysbd.Segmenter(language="ar", clean=False, char_span=True)
    return lambda text: [(s.start, s.end) for s in seg.segment(text)]


def sentencex_ar() -> Callable[[str], Spans]:
    import sentencex

    return lambda text: _spans_of_strings(text, sentencex.segment("ar", text))


def syntok_() -> Callable[[str], Spans]:
    from syntok import segmenter

    def split(text: str) -> Spans:
        spans = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                spans.append((sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)))
        return spans

    return split


def blingfire_() -> Callable[[str], Spans]:
    import blingfire

    def split(text: str) -> Spans:
        _, offsets = blingfire.text_to_sentences_and_offsets(text)
        return [(s, e) for s, e in offsets]

    return split


def punkt() -> Callable[[str], Spans]:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tok = PunktSentenceTokenizer()  # untrained: no Arabic model ships, and none can be downloaded here
    return lambda text: list(tok.span_tokenize(text))


SEGMENTERS: dict[str, Callable[[], Callable[[str], Spans]]] = {
    "before": before,
    "ours": ours,
    "pysbd": pysbd_ar,
    "sentencex": sentencex_ar,
    "syntok": syntok_,
    "blingfire": blingfire_,
    "punkt": punkt,
}


# --------------------------------------------------------------------------
# Scoring

_WORDISH = re.compile(r"[^\W_]")
_NUMBER = re.compile(r"\d+(?:\s?[.,٫٬:/]\s?\d+)+")
_INITIAL_CUT = re.compile(r"(?:^|\s)[^\W\d_]\s?\.$")



def score(cases: list[Case], split: Callable[[str], Spans]) -> dict:
    tp = fp = fn = punct_only = cut_numbers = cut_initials = one_word = sentences = 0
    started = time.perf_counter()
    for case in cases:
        spans = [(s, e) for s, e in split(case.text) if case.text[s:e].strip()]
        predicted = {s for s, _ in spans[1:]}
        gold = set(case.starts)
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        numbers = [m.span() for m in _NUMBER.finditer(case.text)]
        for i, (s, e) in enumerate(spans):
            piece = case.text[s:e]
            sentences += 1
            if not _WORDISH.search(piece):
                punct_only += 1
            if len(piece.split()) == 1:
                one_word += 1
            if i and s not in gold:
                if any(ns < s < ne for ns, ne in numbers):
                    cut_numbers += 1
                if _INITIAL_CUT.search(case.text[: spans[i - 1][1]]):
                    cut_initials += 1
    seconds = time.perf_counter() - started
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "sentences": sentences,
        "punct_only": punct_only,
        "cut_numbers": cut_numbers,
        "cut_initials": cut_initials,
        "one_word": one_word / sentences if sentences else 0.0,
        "chars_per_s": sum(len(c.text) for c in cases) / seconds if seconds else 0.0,
    }


def realistic_cases(articles: int, seed: int = 0) -> list[Case]:
    """The real (non-clutter) paragraphs of bench/realistic.py's corpus, with its sentence truth: a labelled set
    written by another hand than these rules. Paragraphs with clutter glued to them are left out (where the
    clutter should be cut is not in the truth)."""
    from bench import realistic

    cases = []
    for record in realistic.generate(articles, seed):
        text = record["text"]
        style = "tokenized" if " . " in text or " ، " in text else "clean"
        for p in record["truth"]["paragraphs"]:
            if p["clutter"] or p["glued"] or not p["sentences"]:
                continue
            starts = tuple(s["start"] - p["start"] for s in p["sentences"][1:])
            cases.append(Case("realistic", style, text[p["start"] : p["end"]], starts))
    return cases


def faults(texts: list[str], split: Callable[[str], Spans]) -> dict:
    """The real corpus's figures, with no truth needed: cuts inside a paragraph, and of them those leaving
    a punctuation-only piece (a lone ``.``), splitting a number, or following a one-letter initial."""
    cuts = punct_only = lone_stop = numbers = initials = one_word = sentences = 0
    for text in texts:
        for line in text.splitlines():
            spans = [(s, e) for s, e in split(line) if line[s:e].strip()]
            cuts += max(0, len(spans) - 1)
            for i, (s, e) in enumerate(spans):
                piece = line[s:e]
                sentences += 1
                one_word += len(piece.split()) == 1
                if not _WORDISH.search(piece):
                    punct_only += 1
                    lone_stop += piece == "."
                if i and re.search(r"\d[\s.,]*$", line[: spans[i - 1][1]]) and piece[:1].isdigit():
                    numbers += 1
                if i and _INITIAL_CUT.search(line[: spans[i - 1][1]]):
                    initials += 1
    return {"cuts": cuts, "punct_only": punct_only, "lone_stop": lone_stop, "cut_numbers": numbers,
            "cut_initials": initials, "one_word": one_word / sentences if sentences else 0.0}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.segment_quality")
    parser.add_argument("--segmenters", default=",".join(SEGMENTERS))
    parser.add_argument("--by", choices=["style", "source"], default="style")
    parser.add_argument("--realistic", type=int, metavar="ARTICLES",
                        help="score on that many articles of bench/realistic.py instead of the labelled set")
    args = parser.parse_args(argv)
    cases = realistic_cases(args.realistic) if args.realistic else build()
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        key = case.style if args.by == "style" else f"{case.source} {case.style}"
        groups[key].append(case)
    order = sorted(groups, key=lambda k: (STYLES.index(k.split()[-1]), k))
    n_bounds = sum(len(c.starts) for c in cases)
    print(f"## Sentence segmenters on {len(cases)} labelled paragraphs ({n_bounds} true boundaries)\n")
    print("| segmenter | text | boundary precision | boundary recall | sentences | punctuation-only | cut numbers "
          "| cut after an initial | one-word sentences | k chars/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.segmenters.split(","):
        try:
            split = SEGMENTERS[name]()
        except ImportError as exc:
            print(f"| {name} | not installed ({exc.name}) | | | | | | | | |")
            continue
        for key in order:
            r = score(groups[key], split)
            print(f"| {name} | {key} | {r['precision']:.3f} | {r['recall']:.3f} | {r['sentences']} | {r['punct_only']} "
                  f"| {r['cut_numbers']} | {r['cut_initials']} | {r['one_word']:.1%} | {r['chars_per_s'] / 1000:.0f} |")
    print()
    if args.realistic:
        from bench import realistic

        texts = [r["text"] for r in realistic.generate(args.realistic)]
        print(f"## The same on the whole {len(texts)} records (clutter too), as the real corpus was counted\n")
        print("| segmenter | cuts inside paragraphs | punctuation-only pieces | of them a lone . | cut numbers "
              "| cut after an initial | one-word sentences |")
        print("|---|---|---|---|---|---|---|")
        for name in args.segmenters.split(","):
            try:
                split = SEGMENTERS[name]()
            except ImportError:
                continue
            f = faults(texts, split)
            print(f"| {name} | {f['cuts']} | {f['punct_only']} | {f['lone_stop']} | {f['cut_numbers']} "
                  f"| {f['cut_initials']} | {f['one_word']:.1%} |")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
