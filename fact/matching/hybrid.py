"""The lexical index and the semantic one searched together, their candidates fused into one ranking.

Each sentence's candidates are the union of its best by each signal; every pair of the union is
scored by both cosines (the lexical one exactly, the semantic one from the stored vectors) and ranked
by fact.matching.fusion. Sentences without a vector (not embedded yet) have a zero one: they are found,
and find, by words alone. Everything else a caller asks of the index (tokens shared, which sentences
state values, the search plan) is the lexical index's.
"""
from typing import NamedTuple

import numpy as np

from fact.matching.engine import SentenceIndex
from fact.matching.fusion import FLOOR, WEIGHT, fused_scores
from fact.matching.semantic import SemanticIndex

LEXICAL, SEMANTIC, BOTH = "lexical", "semantic", "both"
LEXICAL_FLOOR = 0.1  # a lexical cosine below this says little: the pair was found by meaning


class Found(NamedTuple):
    """What a query found, each (queries, k), best first: the sentences (-1 after the last), their
    fused scores, and the two cosines each was scored by."""
    columns: np.ndarray
    scores: np.ndarray
    lexical: np.ndarray
    semantic: np.ndarray


class HybridIndex:
    lists = 2  # search(k) unites the k best by words and the k best by meaning

    def __init__(self, lexical: SentenceIndex, vectors: np.ndarray | None = None, *,
                 semantic: SemanticIndex | None = None):
        """`vectors`: one row per sentence of `lexical`, zero where a sentence has none; or `semantic`,
        their index already built (an index that grows keeps its faiss index)."""
        self.lexical = lexical
        self.semantic = semantic if semantic is not None else SemanticIndex(vectors, lexical.article_ids)

    def __getattr__(self, name):
        return getattr(self.lexical, name)

    def __len__(self) -> int:
        return len(self.lexical)

    def search(self, rows, *, k: int = 5, min_score: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
        """(columns, fused scores), both (len(rows), 2k): the union of the k best by words and the k best
        by meaning, by fused score, best first; -1 (score 0) after the last. The whole union, not its k
        best, so that a passage found by words alone that states comparable values can still be hinted
        and kept (candidate_rows.choose) when twenty close in meaning outscore it."""
        rows = np.asarray(rows, dtype=np.int64)
        lexical, _ = self.lexical.search(rows, k=k, min_score=min_score)
        semantic, _ = self.semantic.search(rows, k=k, min_score=FLOOR)
        columns = np.sort(np.concatenate([lexical, semantic], axis=1), axis=1)
        columns[:, 1:][columns[:, 1:] == columns[:, :-1]] = -1  # each candidate once
        found = columns >= 0
        a, b = np.broadcast_to(rows[:, None], columns.shape)[found], columns[found]
        scores = np.full(columns.shape, -1.0, dtype=np.float32)
        scores[found] = fused_scores(self.lexical.pair_scores(a, b), self.semantic.pair_scores(a, b))
        order = np.argsort(-scores, axis=1, kind="stable")
        columns, scores = np.take_along_axis(columns, order, 1), np.take_along_axis(scores, order, 1)
        return np.where(scores >= 0, columns, -1), np.maximum(scores, 0)

    def query(self, texts: list[str] | None, vectors: np.ndarray | None, *, k: int = 5, min_score: float = 0.05,
              weight: float = WEIGHT, since: int = 0, rows=None) -> Found:
        """The k sentences of any article nearest each outside text (a claim), fused as `search` fuses:
        the union of each signal's k best, each pair scored by both cosines. `vectors`: the texts'
        embeddings by the index's model (None, or a zero row: by words alone). `since`: among the
        sentences from that row on only; `rows`: the texts' lexical.vectorize, where already made."""
        queries = self.lexical.vectorize(texts) if rows is None else rows
        lexical, _ = self.lexical.query(queries, k=k, min_score=min_score, since=since)
        if vectors is None:
            vectors = np.zeros((queries.shape[0], self.semantic.vectors.shape[1]), dtype=np.float32)
        semantic, _ = self.semantic.query(vectors, k=k, min_score=FLOOR, since=since)
        columns = np.sort(np.concatenate([lexical, semantic], axis=1), axis=1)
        columns[:, 1:][columns[:, 1:] == columns[:, :-1]] = -1  # each candidate once
        found = columns >= 0
        a, b = np.nonzero(found)[0], columns[found]
        by_words = np.zeros(columns.shape, dtype=np.float32)
        by_meaning = np.zeros(columns.shape, dtype=np.float32)
        by_words[found] = self.lexical.query_pair_scores(queries, a, b)
        by_meaning[found] = self.semantic.query_pair_scores(vectors, a, b)
        scores = np.where(found, fused_scores(by_words, by_meaning, weight), -1.0)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        columns, scores, by_words, by_meaning = (np.take_along_axis(m, order, 1)
                                                 for m in (columns, scores, by_words, by_meaning))
        return Found(np.where(scores >= 0, columns, -1), np.maximum(scores, 0), by_words, by_meaning)

    def signals(self, a, b) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """For each pair (a[i], b[i]): its lexical cosine, its semantic cosine, and which signal finds it."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        lexical, semantic = self.lexical.pair_scores(a, b), self.semantic.pair_scores(a, b)
        return lexical, semantic, [found_by(x, y) for x, y in zip(lexical.tolist(), semantic.tolist())]


def found_by(lexical: float, semantic: float) -> str:
    by_words, by_meaning = lexical >= LEXICAL_FLOOR, semantic >= FLOOR
    return BOTH if by_words and by_meaning else SEMANTIC if by_meaning else LEXICAL
