"""Already checked: the claims with a verdict nearest a new claim, and whether to offer or link them.

As Meedan Check matches an incoming item against earlier ones: multilingual sentence embeddings, here
fused with the lexical cosine (the claims index is a fact.matching.claim_evidence.EvidenceIndex in
which every checked claim is an article of one sentence), and two thresholds on the fused score:

* SUGGEST: the new claim is offered as "already checked" with those claims, their verdicts and scores,
  for the lead to link or reject;
* LINK: the best one is the same claim; linked claims share the verdict.

Both are fitted on the ANS train split by bench/checked_claims.py (docs/claim-evidence.md gives the
figures on ANS dev): SUGGEST as the score with the best F2 of the suggestion (a suggestion is only an
offer to the lead: recall weighs more), LINK as the lowest score at which links were right at least
95 % of the time (a wrong link shares a wrong verdict). No score reaches that on ANS: a contradiction
of a checked claim ("... did not ...", another figure) is nearer it, by words and by meaning alike,
than a paraphrase is (ANS train: at most 4 links in 10 are right at any threshold, with or without
the dispute hint as a veto). So LINK is infinite: nothing is linked without the lead, who
sees the suggestion with its verdict and score; a stronger model refitted by the bench may change it.
"""
import math
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from fact.matching.claim_evidence import HYBRID, EvidenceIndex

# by ranking, as each scores on its own scale: fused (fact.matching.fusion, 0..2), a cosine (0..1)
SUGGEST = {"hybrid": 0.948, "lexical": 0.153, "semantic": 0.941}
LINK = {"hybrid": math.inf, "lexical": math.inf, "semantic": math.inf}
K = 5


@dataclass(frozen=True)
class CheckedMatch:
    claim_id: int
    label: str  # the checked claim's verdict
    score: float
    lexical_score: float | None
    semantic_score: float | None
    found_by: str


@dataclass(frozen=True)
class Decision:
    matches: tuple[CheckedMatch, ...]  # the k nearest checked claims, best first
    suggested: tuple[CheckedMatch, ...]  # those scoring SUGGEST or more: offer "already checked"
    link: CheckedMatch | None  # the best, when it scores LINK or more: the same claim


class CheckedClaims:
    """The claims that have a verdict: ids, texts, labels, and their vectors (as passages, by the
    corpus's embedder) when there are any. A new verdict is one `add`: the TF-IDF weights of the
    checked claims are refitted from kept counts, the vector appended."""

    def __init__(self, claim_ids: Sequence[int], texts: list[str], labels: Sequence[str],
                 vectors: np.ndarray | None = None):
        self.labels = dict(zip((int(i) for i in claim_ids), labels))
        self.index = EvidenceIndex(claim_ids, list(claim_ids), texts, vectors)

    def __len__(self) -> int:
        return len(self.index)

    def add(self, claim_ids: Sequence[int], texts: list[str], labels: Sequence[str],
            vectors: np.ndarray | None = None) -> None:
        self.labels.update(zip((int(i) for i in claim_ids), labels))
        self.index.add(claim_ids, list(claim_ids), texts, vectors)

    def nearest(self, texts: Sequence[str], vectors: np.ndarray | None = None, *, k: int = K,
                ranking: str = HYBRID) -> list[list[CheckedMatch]]:
        """For each new claim, the k checked claims nearest it, best first (`ranking`: hybrid, or one
        signal alone; hybrid falls back to words when there are no vectors)."""
        found = self.index.evidence(texts, vectors, k=k, passages=1, ranking=ranking, second=0.0,
                                    depth=max(k, 20))
        return [[CheckedMatch(int(a.article_id), self.labels[int(a.article_id)], a.score,
                              a.passages[0].lexical_score, a.passages[0].semantic_score, a.passages[0].found_by)
                 for a in articles] for articles in found]

    def decide(self, texts: Sequence[str], vectors: np.ndarray | None = None, *, suggest: float | None = None,
               link: float | None = None, k: int = K, ranking: str = HYBRID) -> list[Decision]:
        """For each new claim: its nearest checked claims, those to suggest, and the one to link (the
        thresholds: the ranking's fitted ones, unless given)."""
        used = self.index.ranking_for(ranking, vectors)
        suggest = SUGGEST[used] if suggest is None else suggest
        link = LINK[used] if link is None else link
        return [decision(matches, suggest, link) for matches in self.nearest(texts, vectors, k=k, ranking=ranking)]


def decision(matches: list[CheckedMatch], suggest: float = SUGGEST[HYBRID], link: float = LINK[HYBRID]) -> Decision:
    """The two thresholds applied to a claim's nearest checked claims (best first)."""
    suggested = tuple(m for m in matches if m.score >= suggest)
    return Decision(tuple(matches), suggested, matches[0] if matches and matches[0].score >= link else None)


def qrels(links: Iterable[tuple[object, object]], relevance: int = 1) -> list[str]:
    """TREC qrels lines, "query_id 0 doc_id relevance", of (new claim id, checked claim id) links: the
    already-checked links in the layout of the CheckThat! task and of trec_eval. Ids must not hold
    whitespace (the format splits on it)."""
    lines = []
    for query, document in links:
        query, document = str(query), str(document)
        if not query or not document or any(c.isspace() for c in query + document):
            raise ValueError(f"a qrels id must be non-empty and without whitespace: {query!r} {document!r}")
        lines.append(f"{query} 0 {document} {int(relevance)}")
    return lines
