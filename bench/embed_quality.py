"""Recall of the embedder alone beside the lexical search, on the seed gold set and the ANS dev headlines.

`python -m bench.embed_quality [--embedder e5-small] [--only seeds|ans]` prints the tables of
docs/matching.md ("Embeddings: first figures"). Lexical here is the TF-IDF search alone
(fact.matching.engine, no hint promotion), so that both signals are ranked the same way; the full
matcher's figure is in docs/matching.md. The fused rows preview reciprocal rank fusion (k = 60),
not the matcher's; the bound row counts what either top 5 holds.
"""
import argparse
import csv
import json
import time
import unicodedata
from pathlib import Path

import numpy as np

from fact.matching.embedders import load_embedder
from fact.matching.engine import SentenceIndex
from fact.matching.evaluation import evaluate, nearest_by_embedding, paraphrase_recall
from fact.text.segment import segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "matching_seeds.json"
ANS_DEV = ROOT.parent / "shared" / "datasets" / "ans" / "stance_dev.csv"
WIDE = 20


def seed_sentences() -> tuple[list[str], list[str], list[str]]:
    """(keys "seed stem|sentence", articles, texts) of the matched sentences: not boilerplate."""
    keys, articles, texts = [], [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text("utf-8"))
        for s in segment(text):
            if s.kind == "sentence" and not s.boilerplate:
                keys.append(f"{path.stem}|{text[s.start : s.end]}")
                articles.append(path.stem)
                texts.append(text[s.start : s.end])
    return keys, articles, texts


def lexical(keys: list[str], articles: list, texts: list[str]) -> dict[str, list[tuple[str, str]]]:
    index = SentenceIndex(texts, articles, approximate=False)
    found = index.neighbours(np.arange(len(texts)), k=WIDE)
    return {key: [(keys[n.row], "") for n in row] for key, row in zip(keys, found)}


def fused(*rankings: dict[str, list[tuple[str, str]]], k: int = 60) -> dict[str, list[tuple[str, str]]]:
    """Reciprocal rank fusion: each list gives a candidate 1 / (k + rank)."""
    out = {}
    for key in rankings[0]:
        score: dict[str, float] = {}
        for ranking in rankings:
            for rank, (candidate, _) in enumerate(ranking.get(key, []), 1):
                score[candidate] = score.get(candidate, 0.0) + 1 / (k + rank)
        out[key] = [(c, "") for c in sorted(score, key=score.get, reverse=True)[:WIDE]]
    return out


def variants(embedder, keys, articles, texts) -> dict[str, dict]:
    """Embedding candidates three ways: query against passage vectors, and either kind on both sides."""
    passages, queries = embedder.embed_passages(texts), embedder.embed_queries(texts)
    return {
        "query → passage": nearest_by_embedding(keys, articles, passages, queries, k=WIDE),
        "query ↔ query": nearest_by_embedding(keys, articles, queries, k=WIDE),
        "passage ↔ passage": nearest_by_embedding(keys, articles, passages, k=WIDE),
    }


def previews(rows: dict[str, dict]) -> dict[str, dict]:
    """Each embedding ranking fused with the lexical one."""
    lexical_rows = rows["lexical (TF-IDF alone)"]
    return {f"RRF(lexical, {name.split(', ')[1]}), preview": fused(lexical_rows, found)
            for name, found in rows.items() if name != "lexical (TF-IDF alone)"}


def seeds_table(embedder) -> tuple[list[tuple[str, float | None, float]], list[str]]:
    gold = json.loads(GOLD.read_text("utf-8"))
    keys, articles, texts = seed_sentences()
    rows = {"lexical (TF-IDF alone)": lexical(keys, articles, texts)}
    rows |= {f"{embedder.name}, {v}": c for v, c in variants(embedder, keys, articles, texts).items()}
    rows |= previews(rows)
    quality = {name: evaluate(gold, c) for name, c in rows.items()}
    table = [(name, q.recall_at_1, q.recall_at_5) for name, q in quality.items()]
    # the bound of any fusion: a counterpart counts when either top 5 has it
    missed = set(quality["lexical (TF-IDF alone)"].missed)
    best = max((n for n in quality if n.startswith(embedder.name)), key=lambda n: len(missed - set(quality[n].missed)))
    both_missed = missed & set(quality[best].missed)
    table.append((f"in the top 5 of lexical or {best.split(', ')[1]} (the bound of a fusion)", None,
                  1 - len(both_missed) / quality[best].counterparts))
    return table, []


def ans_table(embedder) -> tuple[list[tuple[str, float | None, float]], list[str]]:
    """Every dev headline is an article of its own; each `agree` pair: is s2 among s1's candidates?"""
    with ANS_DEV.open(encoding="utf-8") as f:
        records = [{k: unicodedata.normalize("NFC", v.strip()) for k, v in r.items()} for r in csv.DictReader(f)]
    texts = sorted({r["s1"] for r in records} | {r["s2"] for r in records})
    pairs = [(r["s1"], r["s2"]) for r in records if r["stance"] == "agree"]
    articles = list(range(len(texts)))
    rows = {"lexical (TF-IDF alone)": lexical(texts, articles, texts)}
    rows |= {f"{embedder.name}, {v}": c for v, c in variants(embedder, texts, articles, texts).items()}
    rows |= previews(rows)
    table = [(name, *_recall(pairs, c)) for name, c in rows.items()]
    top5 = {name: {(s1, s2) for s1, s2 in pairs if s2 in [c for c, _ in found.get(s1, [])][:5]} for name, found in rows.items()}
    best = max((n for n in rows if n.startswith(embedder.name)), key=lambda n: len(top5[n] | top5["lexical (TF-IDF alone)"]))
    table.append((f"in the top 5 of lexical or {best.split(', ')[1]} (the bound of a fusion)", None,
                  len(top5[best] | top5["lexical (TF-IDF alone)"]) / len(pairs)))
    return table, contradictions_first(records, pairs, rows)


def contradictions_first(records: list[dict], pairs: list[tuple[str, str]], rows: dict[str, dict]) -> list[str]:
    """Where s2 is not first, how often the first is a headline that contradicts s1 (its `disagree` s2,
    in the pool too): the same claim negated, a candidate the dispute hint is for."""
    disagree = {(r["s1"], r["s2"]) for r in records if r["stance"] == "disagree"}
    notes = []
    for name, found in rows.items():
        firsts = [(s1, found[s1][0][0] if found.get(s1) else None) for s1, s2 in pairs
                  if [c for c, _ in found.get(s1, [])][:1] != [s2]]
        negated = sum((s1, first) in disagree for s1, first in firsts)
        notes.append(f"{name}: s2 not first for {len(firsts)}; of them, a contradiction of s1 first for {negated}")
    return notes


def _recall(pairs, candidates) -> tuple[float, float]:
    return paraphrase_recall(pairs, {key: [c for c, _ in found] for key, found in candidates.items()})


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--only", choices=["seeds", "ans"])
    args = parser.parse_args(argv)
    embedder = load_embedder(args.embedder)
    sets = {"seeds": ("seed gold set (150 directed pairs)", seeds_table),
            "ans": ("ANS dev, 268 agree pairs among 927 headlines", ans_table)}
    for key, (title, table) in sets.items():
        if args.only not in (None, key):
            continue
        started = time.perf_counter()
        rows, notes = table(embedder)
        print(f"\n{title} ({time.perf_counter() - started:.0f} s)\n\n| retrieval | recall@1 | recall@5 |\n|---|---|---|")
        for name, at1, at5 in rows:
            print(f"| {name} | {'' if at1 is None else f'{at1:.3f}'} | {at5:.3f} |")
        print("".join(f"\n* {note}" for note in notes))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
