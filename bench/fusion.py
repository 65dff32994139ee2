"""Fit the fusion of the lexical and semantic scores on ANS train; report it on ANS dev and the seeds.

`python -m bench.fusion [--embedder e5-small]`. Every headline of a split is an article of its own;
for each `agree` pair, is s2 the first (recall@1) or among the first five (recall@5) candidates of s1?
The candidates of a sentence are the union of its WIDE best by each signal, each pair scored by both
cosines and ranked by fact.matching.fusion. The grid of (weight, floor) is searched on train only;
dev and the seed gold set are reported with the chosen pair, beside lexical alone and semantic alone.
Vectors are cached in bench/out/ (by model and text), so that a second run does not embed again.
"""
import argparse
import csv
import hashlib
import json
import unicodedata
from pathlib import Path

import numpy as np

from bench.embed_quality import GOLD, ROOT, seed_sentences
from fact.matching.embedders import load_embedder
from fact.matching.engine import SentenceIndex
from fact.matching.evaluation import evaluate, paraphrase_recall
from fact.matching.fusion import FLOOR, WEIGHT, fused_scores
from fact.matching.semantic import SemanticIndex

ANS = ROOT.parent / "shared" / "datasets" / "ans"
WIDE = 20
WEIGHTS = [round(float(w), 2) for w in np.arange(0.0, 1.01, 0.1)]
FLOORS = [0.7, 0.75, 0.8, 0.85]
NOISE = 0.01
SAVE_EVERY = 256  # texts embedded between two saves of the cache


def vectors(embedder, texts: list[str]) -> np.ndarray:
    """Passage vectors of `texts`, read from the cache where known."""
    cache = ROOT / "bench" / "out" / f"vectors-{hashlib.sha1(f'{embedder.name} {embedder.version}'.encode()).hexdigest()[:12]}.npz"
    known = dict(np.load(cache, allow_pickle=False)) if cache.exists() else {}
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in known))
    for start in range(0, len(missing), SAVE_EVERY):  # saved as it goes: a long run keeps its work
        part = missing[start : start + SAVE_EVERY]
        for text, vector in zip(part, embedder.embed_passages(part)):
            known[hashlib.sha1(text.encode()).hexdigest()] = vector
        cache.parent.mkdir(parents=True, exist_ok=True)
        written = cache.with_suffix(".part")
        with written.open("wb") as f:
            np.savez(f, **known)
        written.replace(cache)  # whole or not at all: another run may be reading it
    return np.stack([known[k] for k in keys]).astype(np.float32)


class Pools:
    """For every sentence: the union of its WIDE best by each signal, with both cosines of each pair."""

    def __init__(self, texts: list[str], articles: list, matrix: np.ndarray):
        self.lexical = SentenceIndex(texts, articles, approximate=False)
        self.semantic = SemanticIndex(matrix, articles, exact=True)
        rows = np.arange(len(texts))
        lex, _ = self.lexical.search(rows, k=WIDE, min_score=0.0)
        sem, _ = self.semantic.search(rows, k=WIDE)
        self.pairs = []  # (row, column, lexical, semantic)
        for row in rows:
            columns = sorted({int(c) for c in lex[row] if c >= 0} | {int(c) for c in sem[row] if c >= 0})
            a, b = np.full(len(columns), row), np.array(columns, dtype=np.int64)
            self.pairs.append((b, self.lexical.pair_scores(a, b), self.semantic.pair_scores(a, b)))

    def ranked(self, keys: list[str], weight: float, floor: float) -> dict[str, list[tuple[str, str]]]:
        out = {}
        for key, (columns, lexical, semantic) in zip(keys, self.pairs):
            order = np.argsort(-fused_scores(lexical, semantic, weight, floor), kind="stable")
            out[key] = [(keys[columns[i]], "") for i in order[:WIDE]]
        return out


def ans_split(name: str) -> tuple[list[str], list[tuple[str, str]]]:
    with (ANS / f"stance_{name}.csv").open(encoding="utf-8") as f:
        records = [{k: unicodedata.normalize("NFC", v.strip()) for k, v in r.items()} for r in csv.DictReader(f)]
    texts = sorted({r["s1"] for r in records} | {r["s2"] for r in records})
    return texts, [(r["s1"], r["s2"]) for r in records if r["stance"] == "agree"]


def recall(pools: Pools, texts, pairs, weight, floor) -> tuple[float, float]:
    ranked = pools.ranked(texts, weight, floor)
    return paraphrase_recall(pairs, {k: [c for c, _ in v] for k, v in ranked.items()})


def chosen(grid: dict[tuple[float, float], tuple[float, float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The most even weight (nearest 0.5) among those within NOISE of the best recall@1 + recall@5 on
    train, then the best of them: the grid is flat near its top (0.01 is 9 of 903 pairs), and short
    headlines favour meaning where long wire sentences favour words, so an uneven weight fitted on
    headlines alone would be fitted to headlines."""
    top = max(r1 + r5 for r1, r5 in grid.values())
    near = {key: value for key, value in grid.items() if sum(value) >= top - NOISE}
    return min(near.items(), key=lambda item: (abs(item[0][0] - 0.5), -sum(item[1])))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="e5-small")
    args = parser.parse_args(argv)
    embedder = load_embedder(args.embedder)
    train_texts, train_pairs = ans_split("train")
    train = Pools(train_texts, list(range(len(train_texts))), vectors(embedder, train_texts))
    grid = {(w, f): recall(train, train_texts, train_pairs, w, f) for w in WEIGHTS for f in FLOORS}
    (weight, floor), best = chosen(grid)
    print(f"\n## Fusion fitted on ANS train ({len(train_pairs)} agree pairs, {len(train_texts)} headlines)\n")
    print(f"chosen (weight, floor) = ({weight}, {floor}): recall@1 {best[0]:.3f}, recall@5 {best[1]:.3f} on train; "
          f"fact.matching.fusion uses ({WEIGHT}, {FLOOR})\n")
    print("| weight \\ floor | " + " | ".join(map(str, FLOORS)) + " |\n|---|" + "---|" * len(FLOORS))
    for w in WEIGHTS:
        print(f"| {w} | " + " | ".join(f"{grid[w, f][0]:.3f} / {grid[w, f][1]:.3f}" for f in FLOORS) + " |")

    dev_texts, dev_pairs = ans_split("dev")
    dev = Pools(dev_texts, list(range(len(dev_texts))), vectors(embedder, dev_texts))
    gold = json.loads(GOLD.read_text("utf-8"))
    keys, articles, texts = seed_sentences()
    seeds = Pools(texts, articles, vectors(embedder, texts))
    print(f"\n## Reported with ({WEIGHT}, {FLOOR}), never fitted on these\n")
    print("| ranking | ANS dev recall@1 | ANS dev recall@5 | seeds recall@1 | seeds recall@5 |\n|---|---|---|---|---|")
    rows = {"lexical alone": (0.0, FLOOR), "semantic alone": (1.0, 0.0), f"fused ({WEIGHT}, {FLOOR})": (WEIGHT, FLOOR)}
    best_on_train = max(grid, key=lambda key: sum(grid[key]))
    rows |= {f"fused {key}, the best on train alone, for comparison": key for key in [best_on_train] if key != (WEIGHT, FLOOR)}
    for name, (w, f) in rows.items():
        r1, r5 = recall(dev, dev_texts, dev_pairs, w, f)
        q = evaluate(gold, seeds.ranked(keys, w, f))
        print(f"| {name} | {r1:.3f} | {r5:.3f} | {q.recall_at_1:.3f} | {q.recall_at_5:.3f} |")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
