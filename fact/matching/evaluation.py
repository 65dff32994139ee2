"""Measure the matcher against a gold set of sentence pairs (tests/fixtures/matching_seeds.json shows the format).

recall@k: of every (sentence, counterpart) in the gold set, in both directions, the share whose
counterpart is among the sentence's top k candidates. precision of the dispute hint: of the candidates
hinted as disputes, the share that the gold set labels as disputes (a hinted pair the gold set does not
pair at all counts against it).
"""
from dataclasses import dataclass, field


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
