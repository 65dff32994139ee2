"""Measure the matcher against a gold set of sentence pairs (tests/fixtures/matching_seeds.json shows the format).

recall@k: of every (sentence, counterpart) in the gold set, in both directions, the share whose
counterpart is among the sentence's top k candidates. precision of the dispute hint: of the candidates
hinted as disputes, the share that the gold set labels as disputes (a hinted pair the gold set does not
pair at all counts against it).
"""
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Quality:
    recall_at_1: float
    recall_at_5: float
    dispute_precision: float
    dispute_recall: float
    counterparts: int  # directed gold pairs
    hinted_disputes: int
    missed: list[tuple[str, str]] = field(default_factory=list)  # (sentence, counterpart) not in top 5
    false_disputes: list[tuple[str, str]] = field(default_factory=list)


def evaluate(gold: dict, candidates: dict[str, list[tuple[str, str]]]) -> Quality:
    """`candidates`: sentence key -> [(candidate key, hint)] best first; keys are "article|sentence text"."""
    relation = {}
    for pair in gold["pairs"]:
        a, b = _key(pair["a"]), _key(pair["b"])
        relation[a, b] = relation[b, a] = pair["relation"]
    directed = list(relation)
    hits1 = hits5 = 0
    missed = []
    for sentence, counterpart in directed:
        ranked = [c for c, _ in candidates.get(sentence, [])]
        hits5 += counterpart in ranked[:5]
        if counterpart not in ranked[:5]:
            missed.append((sentence, counterpart))
    with_counterparts = {s for s, _ in directed}
    for sentence in with_counterparts:
        ranked = [c for c, _ in candidates.get(sentence, [])]
        hits1 += bool(ranked) and relation.get((sentence, ranked[0])) is not None
    hinted = [(s, c) for s, found in candidates.items() for c, h in found[:5] if h == "dispute"]
    true = [(s, c) for s, c in hinted if relation.get((s, c)) == "disputes"]
    gold_disputes = [(s, c) for (s, c), r in relation.items() if r == "disputes"]
    return Quality(
        recall_at_1=hits1 / len(with_counterparts) if with_counterparts else 1.0,
        recall_at_5=hits5 / len(directed) if directed else 1.0,
        dispute_precision=len(true) / len(hinted) if hinted else 1.0,
        dispute_recall=len(true) / len(gold_disputes) if gold_disputes else 1.0,
        counterparts=len(directed),
        hinted_disputes=len(hinted),
        missed=missed,
        false_disputes=[p for p in hinted if p not in true],
    )


def _key(ref: dict) -> str:
    return f"{ref['article']}|{ref['sentence']}"


def nearest_by_embedding(keys: list[str], articles: list, vectors: np.ndarray, queries: np.ndarray | None = None,
                         k: int = 20) -> dict[str, list[tuple[str, str]]]:
    """Candidates by embedding alone, in `evaluate`'s shape: for each key, the k keys of other articles
    whose vectors are nearest by cosine (`queries`: the vectors the keys search with, if not `vectors`)."""
    scores = (vectors if queries is None else queries) @ vectors.T
    articles = np.asarray(articles)
    scores[articles[:, None] == articles[None, :]] = -np.inf  # never the same article
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return {key: [(keys[j], "") for j in row if np.isfinite(scores[i, j])] for i, (key, row) in enumerate(zip(keys, order))}


def paraphrase_recall(pairs: list[tuple[str, str]], ranked: dict[str, list[str]]) -> tuple[float, float]:
    """(recall@1, recall@5) of headline pairs: the share of (s1, s2) whose s2 is s1's first, or among
    its first five, candidates (`ranked`: text -> candidate texts, best first)."""
    at1 = sum(ranked.get(s1, [])[:1] == [s2] for s1, s2 in pairs)
    at5 = sum(s2 in ranked.get(s1, [])[:5] for s1, s2 in pairs)
    return at1 / len(pairs), at5 / len(pairs)


def map_at_k(ranked: dict, relevant: dict, k: int = 5) -> float:
    """Mean average precision at k, as the CheckThat! "previously fact-checked claims" scorer and
    trec_eval's map_cut computes it: for each query with a relevant document, the precision at each
    rank (up to k) that holds a relevant one, summed and divided by the query's number of relevant
    documents; averaged over those queries (`ranked`: query -> documents best first; `relevant`:
    query -> set of documents). Queries without a relevant document are not counted."""
    total, queries = 0.0, 0
    for query, right in relevant.items():
        if not right:
            continue
        queries += 1
        hits, precision = 0, 0.0
        for rank, document in enumerate(ranked.get(query, [])[:k], 1):
            if document in right:
                hits += 1
                precision += hits / rank
        total += precision / len(right)
    return total / queries if queries else 0.0
