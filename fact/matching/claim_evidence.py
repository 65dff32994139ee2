"""Evidence per claim: the articles most likely to support or refute a claim, each with its best passages.

A claim (from outside, in any language the embedder reads) is a query against the corpus's hybrid
index (fact.matching.hybrid.HybridIndex.query): the DEPTH sentences nearest it by words and by meaning,
fused as the matcher fuses, then grouped by article. An article scores its best passage plus SECOND
times its second best:

    article score = best + SECOND * second

The best passage decides, since one sentence that states the claim is evidence enough; a second one
breaks ties between articles that each have one, in favour of the one that says it twice (a report
on the event, not a roundup line). SECOND was measured on ANS train and the seeds
(bench/claim_evidence.py, docs/claim-evidence.md): a larger bonus, or a sum of passages, lets long
articles on the same topic outrank the one article that states the claim.

Incremental: `add` appends sentences (only the new ones are tokenized and embedded by the caller; the
TF-IDF weights are refitted from the kept token counts, the vectors are appended to the faiss index);
`update(claims, ..., earlier, since=n)` searches only the sentences added from row n on, scores the
passages of each claim's earlier list again under the refitted weights (IDF moves as the corpus grows)
and merges the two, so that new articles cost claims x new sentences plus a few pairs, not a re-run.
A new claim is one query: nothing is rebuilt. The claims' tokens are kept for the next update.
"""
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from fact.matching.engine import SentenceIndex
from fact.matching.fusion import WEIGHT, fused_scores
from fact.matching.hybrid import LEXICAL, SEMANTIC, HybridIndex, found_by
from fact.matching.semantic import SemanticIndex
from fact.matching.store import TokenCounts, appended, count_tokens
from fact.matching.tokens import index_tokens

SECOND = 0.1
DEPTH = 100  # sentences looked at per claim before grouping them by article
CHUNK = 500  # claims searched together
CLAIM_TOKENS = 200_000  # claims whose tokens are kept (a few MB)
HYBRID, RANKINGS = "hybrid", ("hybrid", "lexical", "semantic")


@dataclass(frozen=True)
class Passage:
    span_id: int
    score: float  # the fused score (fact.matching.fusion), or the one cosine of a single-signal ranking
    lexical_score: float | None
    semantic_score: float | None
    found_by: str  # lexical, semantic, both


@dataclass(frozen=True)
class EvidenceArticle:
    article_id: object
    score: float
    passages: tuple[Passage, ...]  # best first


class EvidenceIndex:
    """The corpus's sentences (span ids, their articles, texts, and stored vectors when there are any:
    one row per sentence, zero where a sentence has none), searchable by claim."""

    def __init__(self, span_ids: Sequence[int], article_ids: Sequence, texts: list[str],
                 vectors: np.ndarray | None = None, *, counts: TokenCounts | None = None,
                 weight: float = WEIGHT):
        """`weight`: of meaning against words in the fused score (fact.matching.fusion)."""
        self.weight = weight
        self.span_ids = np.asarray(span_ids, dtype=np.int64)
        self.article_ids = np.asarray(article_ids)
        self.texts = list(texts)
        self._counts = counts if counts is not None else count_tokens([index_tokens(t) for t in texts])
        self.lexical = SentenceIndex(self.texts, self.article_ids, counts=self._counts, approximate=False)
        self.semantic = SemanticIndex(vectors, self.article_ids) if vectors is not None else None
        self._claim_tokens: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, span_ids: Sequence[int], article_ids: Sequence, texts: list[str],
            vectors: np.ndarray | None = None) -> int:
        """Append sentences; returns the row the first of them has (`since` for `evidence`)."""
        since = len(self)
        self._counts = appended(self._counts, count_tokens([index_tokens(t) for t in texts]))
        self.span_ids = np.concatenate([self.span_ids, np.asarray(span_ids, dtype=np.int64)])
        self.article_ids = np.concatenate([self.article_ids, np.asarray(article_ids)])
        self.texts += list(texts)
        self.lexical = SentenceIndex(self.texts, self.article_ids, counts=self._counts, approximate=False)
        if vectors is not None and self.semantic is None:  # the first vectors: older sentences have none
            self.semantic = SemanticIndex(np.zeros((since, vectors.shape[1]), dtype=np.float32), self.article_ids[:since])
        if self.semantic is not None:
            dims = self.semantic.vectors.shape[1]
            self.semantic.add(vectors if vectors is not None else np.zeros((len(texts), dims), np.float32), article_ids)
        return since

    def evidence(self, claims: Sequence[str], vectors: np.ndarray | None = None, *, k: int = 10,
                 passages: int = 3, ranking: str = HYBRID, since: int = 0, second: float = SECOND,
                 depth: int = DEPTH) -> list[list[EvidenceArticle]]:
        """For each claim, its k best articles, best first, each with its best `passages`.
        `vectors`: the claims' embeddings by the corpus's model, read as queries (e5's `query: `: measured
        better than as passages, docs/claim-evidence.md; None: by words alone);
        `ranking`: hybrid, or one signal alone (the baselines); `since`: only sentences from that row on."""
        ranking = self.ranking_for(ranking, vectors)
        return self._found(self._rows(claims, ranking), vectors, ranking, k, passages, since, second, depth)

    def update(self, claims: Sequence[str], vectors: np.ndarray | None, earlier: list[list[EvidenceArticle]],
               *, since: int, k: int = 10, passages: int = 3, ranking: str = HYBRID,
               second: float = SECOND) -> list[list[EvidenceArticle]]:
        """Each claim's `earlier` evidence brought up to date after `add`: its passages scored again
        under the refitted weights (a few pairs a claim), merged with what the sentences added from row
        `since` on hold. The same articles and passages as a search of everything, unless a passage
        that was not among an old article's best became one: it is not looked at again."""
        ranking = self.ranking_for(ranking, vectors)
        rows = self._rows(claims, ranking)  # tokenizing the claims is most of the cost: once
        found = self._found(rows, vectors, ranking, k, passages, since, second, DEPTH)
        rescored = self._rescored(rows, vectors, earlier, ranking)
        return [merged(old, new, k, passages, second) for old, new in zip(rescored, found)]

    def _rows(self, claims: Sequence[str], ranking: str):
        """The claims' TF-IDF rows, or their count when the ranking needs none. A claim's tokens are
        kept (tokenizing is most of an update's cost); the weights are the index's of the moment."""
        if ranking == "semantic":
            return len(claims)
        if len(self._claim_tokens) > CLAIM_TOKENS:
            self._claim_tokens.clear()
        tokens = [self._claim_tokens.get(c) or self._claim_tokens.setdefault(c, index_tokens(c)) for c in claims]
        return self.lexical.vectorize(list(claims), tokens)

    def forget_claims(self) -> None:
        """Drop the kept tokens of claims (a benchmark measures a claim arriving for the first time)."""
        self._claim_tokens.clear()

    def _found(self, rows, vectors, ranking, k, passages, since, second, depth) -> list[list[EvidenceArticle]]:
        out = []
        count = rows if isinstance(rows, int) else rows.shape[0]
        for start in range(0, count, CHUNK):  # bounds the memory of the fused pairs (DEPTH x 2 a claim)
            part = slice(start, start + CHUNK)
            found = self._search(None if isinstance(rows, int) else rows[part],
                                 None if vectors is None else vectors[part], ranking, depth, since)
            out += [self._articles(*row, k, passages, second) for row in zip(*found)]
        return out

    def ranking_for(self, ranking: str, vectors) -> str:
        """The ranking a search will use: hybrid falls back to words without vectors on either side."""
        if ranking not in RANKINGS:
            raise ValueError(f"ranking must be one of {RANKINGS}")
        if ranking == "semantic" and (self.semantic is None or vectors is None):
            raise ValueError("a semantic ranking needs the corpus's vectors and the claims'")
        return "lexical" if ranking == HYBRID and (self.semantic is None or vectors is None) else ranking

    def _rescored(self, rows, vectors, earlier, ranking) -> list[list[EvidenceArticle]]:
        where = {int(span): row for row, span in enumerate(self.span_ids.tolist())}
        pairs = [(i, where[p.span_id]) for i, articles in enumerate(earlier) for a in articles for p in a.passages]
        if not pairs:
            return earlier
        a, b = (np.array(x, dtype=np.int64) for x in zip(*pairs))
        nan = np.full(len(a), np.nan, dtype=np.float32)
        lexical = self.lexical.query_pair_scores(rows, a, b) if ranking != "semantic" else nan
        semantic = self.semantic.query_pair_scores(vectors, a, b) if ranking != "lexical" else nan
        scores = {"lexical": lexical, "semantic": semantic}.get(ranking)
        scores = fused_scores(lexical, semantic, self.weight) if scores is None else scores
        passes = iter(_passage(int(self.span_ids[row]), *values)
                      for row, values in zip(b.tolist(), zip(scores.tolist(), lexical.tolist(), semantic.tolist())))
        return [[EvidenceArticle(art.article_id, 0.0, tuple(next(passes) for _ in art.passages)) for art in articles]
                for articles in earlier]

    def _search(self, rows, vectors, ranking, depth, since):
        if ranking == HYBRID:
            return HybridIndex(self.lexical, semantic=self.semantic).query(None, vectors, rows=rows, k=depth,
                                                                           since=since, weight=self.weight)
        if ranking == "lexical":
            columns, scores = self.lexical.query(rows, k=depth, since=since)
            return columns, scores, scores, np.full(scores.shape, np.nan, dtype=np.float32)
        columns, scores = self.semantic.query(vectors, k=depth, since=since)
        return columns, scores, np.full(scores.shape, np.nan, dtype=np.float32), scores

    def _articles(self, columns, scores, by_words, by_meaning, k, passages, second) -> list[EvidenceArticle]:
        grouped: dict[object, list[Passage]] = {}
        for column, score, lexical, semantic in zip(columns.tolist(), scores.tolist(), by_words.tolist(),
                                                    by_meaning.tolist()):
            if column >= 0:
                grouped.setdefault(self.article_ids[column].item(), []).append(
                    _passage(int(self.span_ids[column]), score, lexical, semantic))
        ranked = [EvidenceArticle(article, article_score(p, second), tuple(p[:passages])) for article, p in grouped.items()]
        return sorted(ranked, key=lambda a: -a.score)[:k]


def article_score(passages: Sequence[Passage], second: float = SECOND) -> float:
    """The best passage's score plus `second` times the second best's (module docstring)."""
    return passages[0].score + (second * passages[1].score if len(passages) > 1 else 0.0)


def merged(earlier: list[EvidenceArticle], found: list[EvidenceArticle], k: int = 10,
           passages: int = 3, second: float = SECOND) -> list[EvidenceArticle]:
    """A claim's earlier evidence with what a search of the newer sentences found: an article in both
    (new sentences of an old article) pools its passages; the k best articles are kept."""
    pooled: dict[object, list[Passage]] = {}
    for article in earlier + found:
        pooled.setdefault(article.article_id, []).extend(article.passages)
    out = []
    for article, found_passages in pooled.items():
        best = sorted({p.span_id: p for p in found_passages}.values(), key=lambda p: -p.score)
        out.append(EvidenceArticle(article, article_score(best, second), tuple(best[:passages])))
    return sorted(out, key=lambda a: -a.score)[:k]


def _passage(span_id: int, score: float, lexical: float, semantic: float) -> Passage:
    """A passage from its scores; a NaN cosine is a signal not asked (a single-signal ranking)."""
    lexical, semantic = (None if x != x else x for x in (lexical, semantic))
    by = SEMANTIC if lexical is None else LEXICAL if semantic is None else found_by(lexical, semantic)
    return Passage(span_id, score, lexical, semantic, by)
