"""Recall by words, by meaning and fused, on the realistic scraped-news corpus: does a sentence find
the sentences of other articles that state the same figure of the same event?

`python -m bench.realistic_recall [--articles 60] [--seed 2]`, with the real bundled e5-small (passage
vectors cached in bench/out/ by bench.fusion.vectors: the first run embeds, at 6-7 sentences a
CPU-second). The corpus is bench/realistic.py's, its sentences as its truth cuts them (clutter left
out: ingest flags it). A sentence's counterparts: sentences of other articles, not its wire copies
(another outlet's copy of one story says the same in the same words: finding it is the copies'
work, docs/ingest-copies.md), that report the same event and give a figure of a kind it gives too
("ويشارك في المؤتمر ممثلو 11 دولة" and "انطلقت في جنيف أعمال مؤتمر دولي بمشاركة ١١ دولة"): most
state it in another template, so that they share the figure and few words. Three rankings of the 20
nearest, as `flask fact match` searches them (other articles only): words (fact.matching.engine),
meaning (the cosine of the passage vectors) and fused (fact.matching.hybrid, the matcher's rule);
five kept (no hint promotion, so that the three are ranked alike). Reported: recall@1 (the first is
a counterpart), recall@5 (one of the five is), over sentences with a counterpart, and the share of
all counterpart pairs among the five (the issue's measure on the real scraped corpus: 0.18).
"""
import argparse
from collections import defaultdict

import numpy as np

from bench.fusion import vectors
from bench.hints_quality import Candidates, realistic_sentences
from fact.matching.embedders import load_embedder
from fact.matching.evaluation import nearest_by_embedding

K, WIDE = 5, 20


def corpus(n: int, seed: int) -> tuple[list[str], list[str], list[dict], dict[str, str | None]]:
    """(texts, record ids, truths, wire group of each record) of the corpus's real sentences (those of
    bench.hints_quality.realistic_sentences, without its clutter lines)."""
    from bench.realistic import generate

    rows = [row for row in zip(*realistic_sentences(n, seed)) if row[2] is not None]
    texts, records, truths, _ = map(list, zip(*rows))
    wire = {record["truth"]["id"]: record["truth"].get("wire_group") for record in generate(n, seed)}
    return texts, records, truths, wire


def counterparts(texts: list[str], records: list[str], truths: list[dict], wire: dict) -> dict[int, set[int]]:
    """Row -> the rows that state a figure of its kind for its event, in other articles (not copies)."""
    by_figure: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, truth in enumerate(truths):
        for kind in {q["kind"] for q in truth["quantities"] if q["count"]}:
            by_figure[truth["event"], kind].append(row)
    out: dict[int, set[int]] = defaultdict(set)
    for rows in by_figure.values():
        for a in rows:
            for b in rows:
                copies = wire[records[a]] is not None and wire[records[a]] == wire[records[b]]
                if records[a] != records[b] and not copies and texts[a] != texts[b]:
                    out[a].add(b)
    return out


def by_meaning(matrix: np.ndarray, records: list[str]) -> np.ndarray:
    """The WIDE nearest of each row by cosine, other articles only (fact.matching.evaluation's), as
    columns (-1 where fewer)."""
    keys = [str(row) for row in range(len(records))]
    ranked = nearest_by_embedding(keys, records, matrix, k=WIDE)
    out = np.full((len(records), WIDE), -1, dtype=np.int64)
    for row, key in enumerate(keys):
        found = [int(other) for other, _ in ranked[key]]
        out[row, : len(found)] = found
    return out


def recall(columns: np.ndarray, truth: dict[int, set[int]]) -> tuple[float, float, float]:
    """(recall@1, recall@5, share of counterpart pairs in the five) over the rows with counterparts."""
    first = five = pairs = found = 0
    for row, others in truth.items():
        kept = [c for c in columns[row].tolist() if c >= 0][:K]
        first += bool(kept) and kept[0] in others
        five += any(c in others for c in kept)
        found += len(others.intersection(kept))
        pairs += len(others)
    return first / len(truth), five / len(truth), found / pairs


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--embedder", default="e5-small")
    args = parser.parse_args(argv)
    texts, records, truths, wire = corpus(args.articles, args.seed)
    truth = counterparts(texts, records, truths, wire)
    matrix = vectors(load_embedder(args.embedder), texts)
    rankings = {
        "words (lexical)": Candidates(texts, records).columns,
        "meaning (e5-small passage vectors)": by_meaning(matrix, records),
        "fused (the matcher's rule)": Candidates(texts, records, vectors=matrix).columns,
    }
    print(f"realistic corpus, {args.articles} articles, seed {args.seed}: {len(texts):,} sentences, "
          f"{len(truth):,} with a counterpart, {sum(map(len, truth.values())):,} counterpart pairs\n")
    print("| ranking | recall@1 | recall@5 | counterpart pairs in the five |\n|---|---|---|---|")
    for name, columns in rankings.items():
        first, five, pairs = recall(columns, truth)
        print(f"| {name} | {first:.3f} | {five:.3f} | {pairs:.3f} |")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
