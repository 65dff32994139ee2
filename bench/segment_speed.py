"""segment() throughput now against the segmenter before issue 12, on the same texts in the same run.

    python -m bench.segment_speed [--megabytes 5] [--repeats 3]

Texts: the synthetic seed corpus of bench/corpus.py as it is (clean) and tokenized like the real scraped
corpus (bench/segment_cases.tokenize), so the ratio covers both styles.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from bench.corpus import read_texts, write_corpus
from bench.segment_cases import tokenize
from bench.segment_quality import before, ours


def _seconds(split, texts: list[str], repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            split(text)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.segment_speed")
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    old, new = before(), ours()  # both return the sentence spans alone
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, args.megabytes)
        clean = [unicodedata.normalize("NFC", t) for t in read_texts(corpus)]
    tokenized = ["\n".join(tokenize(line) for line in t.split("\n")) for t in clean]
    print(f"## segment() against the segmenter before issue 12 (median of {args.repeats} runs)\n")
    print("| text | MB | before MB/s | now MB/s | now / before time |")
    print("|---|---|---|---|---|")
    for name, texts in (("clean", clean), ("tokenized", tokenized)):
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1024 / 1024
        was = _seconds(old, texts, args.repeats)
        now = _seconds(new, texts, args.repeats)
        print(f"| {name} | {mb:.1f} | {mb / was:.2f} | {mb / now:.2f} | {now / was:.2f} |")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
