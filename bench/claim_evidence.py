"""Evidence per claim (fact.matching.claim_evidence): article-level recall, and its cost at scale.

    python -m bench.claim_evidence            # quality: ANS train (fit), ANS dev and the seeds (report)
    python -m bench.claim_evidence --scale    # 10,000 claims against 100,000 realistic sentences

Quality. ANS: each distinct headline `s1` of a split is planted among 8 sentences of distractor prose
(bench.claim_sets.planted_corpus), beside 100 realistic distractor articles; the claim is `s2`, and
the right articles are those holding its `s1` or a paraphrase of it (ANS's headlines come in
clusters joined by `agree` pairs: bench.claim_sets.same_claims): agree, they support it; disagree,
they refute it. A claim
whose text is itself a sentence of the corpus (ANS reuses some `s2` as another pair's `s1`) is left
out, as trivially found. Seeds: the
claim is a seed sentence with a gold counterpart, verbatim; the right articles are the other seeds
holding a counterpart (written by other outlets), its own article left out of the answer; the corpus
is the five seeds and the 100 distractor articles. recall@k: the share of claims with a right article
among their first k. Lexical alone, semantic alone and the hybrid are run on the same index; the
aggregation's SECOND is chosen on ANS train only: the largest bonus within 0.002 of the best train
recall at every k (on ANS an article holds one right sentence by construction, so a bonus can only
cost there: train says how much is free). Semantic alone is ranked by raw cosines, which e5 crowds
into 0.85-0.95: a bonus of SECOND x 0.9 would outweigh the differences, so it is aggregated by its
best passage alone (SECOND 0).
"""
import argparse
import sys

import numpy as np

from bench.claim_sets import (ans_pairs, cached_vectors, planted_corpus, realistic_sentences, relevant_articles,
                              same_claims)
from fact.matching.claim_evidence import SECOND, EvidenceIndex
from fact.matching.embedders import load_embedder
from fact.matching.fusion import WEIGHT

KS = (1, 5, 10)
SECONDS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
NOISE = 0.002  # about 4 of the 1,935 train claims


def recall(index: EvidenceIndex, claims: list[str], vectors, relevant: list[set], ranking: str,
           second: float, exclude: list | None = None) -> dict[int, float]:
    """recall@k of each k in KS; `exclude`: an article per claim never counted (the claim's own)."""
    found = index.evidence(claims, vectors, k=max(KS) + 1, ranking=ranking, second=second)
    hits = {k: 0 for k in KS}
    for i, articles in enumerate(found):
        ids = [a.article_id for a in articles if exclude is None or a.article_id != exclude[i]][: max(KS)]
        for k in KS:
            hits[k] += bool(relevant[i] & set(ids[:k]))
    return {k: hits[k] / len(claims) for k in KS}


def ans_set(split: str, embedder):
    ids, texts = planted_corpus(split)
    index = EvidenceIndex(np.arange(len(texts)), ids, texts, cached_vectors(embedder, texts, "claims"))
    stated = set(texts)  # ANS reuses some s2 as the s1 of another pair: such a claim is in the corpus verbatim
    pairs = [(s1, s2, stance) for s1, s2, stance in ans_pairs(split) if stance in ("agree", "disagree")
             and s2 not in stated]
    same = same_claims(ans_pairs(split))
    holding: dict[str, set] = {}
    for s1 in {p[0] for p in pairs}:
        holding[s1] = set().union(*(relevant_articles(ids, texts, t) for t in same.get(s1, {s1}) if t in stated))
    claims = [s2 for _, s2, _ in pairs]
    return index, claims, cached_vectors(embedder, claims, "claims"), [holding[s1] for s1, _, _ in pairs], \
        [stance for _, _, stance in pairs]


def seed_set(embedder):
    import json

    from bench.embed_quality import GOLD, seed_sentences

    keys, articles, texts = seed_sentences()
    d_ids, d_texts = realistic_sentences(100, 1)
    ids, all_texts = articles + d_ids, texts + d_texts
    index = EvidenceIndex(np.arange(len(all_texts)), ids, all_texts, cached_vectors(embedder, all_texts, "claims"))
    counterparts: dict[str, set] = {}
    for pair in json.loads(GOLD.read_text("utf-8"))["pairs"]:
        a, b = pair["a"], pair["b"]
        counterparts.setdefault(f"{a['article']}|{a['sentence']}", set()).add(b["article"])
        counterparts.setdefault(f"{b['article']}|{b['sentence']}", set()).add(a["article"])
    chosen = [i for i, key in enumerate(keys) if key in counterparts]
    claims = [texts[i] for i in chosen]
    return (index, claims, cached_vectors(embedder, claims, "claims"), [counterparts[keys[i]] for i in chosen],
            [articles[i] for i in chosen])


def _row(name: str, r: dict[int, float]) -> str:
    return f"| {name} | " + " | ".join(f"{r[k]:.3f}" for k in KS) + " |"


def quality(embedder) -> None:
    header = "| ranking | " + " | ".join(f"recall@{k}" for k in KS) + " |\n|---|" + "---|" * len(KS)
    train = ans_set("train", embedder)
    index, claims, vectors, relevant, _ = train
    grid = {s: recall(index, claims, vectors, relevant, "hybrid", s) for s in SECONDS}
    chosen = max(s for s in SECONDS if all(grid[s][k] >= max(g[k] for g in grid.values()) - NOISE for k in KS))
    print(f"\n## Aggregation fitted on ANS train ({len(claims)} claims, {len(set(index.article_ids))} articles, "
          f"{len(index)} sentences; hybrid)\n")
    print("| article score = best + SECOND x second; SECOND | " + " | ".join(f"recall@{k}" for k in KS)
          + " |\n|---|" + "---|" * len(KS))
    for s in SECONDS:
        print(_row(str(s), grid[s]))
    print(f"\nthe largest within {NOISE} of the best at every k on train: {chosen}; "
          f"fact.matching.claim_evidence.SECOND = {SECOND}")
    weights = {}
    for w in WEIGHTS:  # the matcher's fusion weight (fitted on sentence pairs), checked for claims on train
        index.weight = w
        weights[w] = recall(index, claims, vectors, relevant, "hybrid", SECOND)
    print(f"\nThe fusion weight on train (recall@1/5/10 with SECOND {SECOND}; the matcher's is {WEIGHT}): "
          + ", ".join(f"{w}: {r[1]:.3f}/{r[5]:.3f}/{r[10]:.3f}" for w, r in weights.items()))
    index, claims, vectors, relevant, stances = ans_set("dev", embedder)
    print(f"\n## ANS dev, never fitted on ({len(claims)} claims: {stances.count('agree')} agree, "
          f"{stances.count('disagree')} disagree; {len(set(index.article_ids))} articles, {len(index)} sentences)\n")
    print(header)
    for ranking in ("lexical", "semantic", "hybrid"):
        second = 0.0 if ranking == "semantic" else SECOND
        print(_row(f"{ranking}, all", recall(index, claims, vectors, relevant, ranking, second)))
        for stance in ("agree", "disagree"):
            keep = [i for i, s in enumerate(stances) if s == stance]
            print(_row(f"{ranking}, {stance}", recall(index, [claims[i] for i in keep], vectors[keep],
                                                      [relevant[i] for i in keep], ranking, second)))
    for s in (0.0, 0.3, 1.0):
        print(_row(f"hybrid, SECOND {s}", recall(index, claims, vectors, relevant, "hybrid", s)))
    index, claims, vectors, relevant, own = seed_set(embedder)
    print(f"\n## Seeds ({len(claims)} claims, each a seed sentence with a gold counterpart; "
          f"{len(set(index.article_ids))} articles)\n")
    print(header)
    for ranking in ("lexical", "semantic", "hybrid"):
        second = 0.0 if ranking == "semantic" else SECOND
        print(_row(ranking, recall(index, claims, vectors, relevant, ranking, second, own)))
    for s in (0.0, 0.3, 1.0):
        print(_row(f"hybrid, SECOND {s}", recall(index, claims, vectors, relevant, "hybrid", s, own)))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.claim_evidence", description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--claims", type=int, default=10_000, help="with --scale")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args(argv)
    if args.scale or args.child:
        from bench import claim_scale

        claim_scale.main(args)
        return
    quality(load_embedder(args.embedder))


if __name__ == "__main__":
    main(sys.argv[1:])
