"""Find, for sentences, the most similar sentences of other articles.

TF-IDF over Arabic match tokens (clitics stripped, stems, canonical numbers: fact.matching.tokens),
then an exact sparse cosine top-n by sparse_dot_topn's multi-threaded C++ kernel: no pairwise loop in
Python, and only pairs that share a token are ever touched. docs/matching.md says what else was tried
on the seed gold set, and how this would run on a search engine past one machine.
"""
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sparse_dot_topn import sp_matmul_topn

from fact.matching.hints import PLACES
from fact.matching.tokens import match_tokens

# Extra neighbours fetched per sentence, so that some can be dropped (same article) and k remain.
_SLACK = 10


@dataclass(frozen=True)
class Neighbour:
    row: int  # a sentence of the index
    score: float  # cosine similarity of the TF-IDF vectors, 0..1


class SentenceIndex:
    """The TF-IDF vectors of a set of sentences, each tagged with its article."""

    def __init__(self, texts: list[str], article_ids, *, max_df: float = 1.0, threads: int = 2):
        self.vectorizer = TfidfVectorizer(analyzer=match_tokens, sublinear_tf=True, dtype=np.float32,
                                          max_df=max_df if len(texts) > 50 else 1.0)
        self.matrix = self.vectorizer.fit_transform(texts).tocsr()
        self.terms = self.vectorizer.get_feature_names_out()
        self.article_ids = np.asarray(article_ids)
        self.texts = texts
        self.threads = threads
        self.valued = self._stating_values()

    def __len__(self) -> int:
        return len(self.texts)

    def neighbours(self, rows, among=None, *, k: int = 5, min_score: float = 0.05) -> list[list[Neighbour]]:
        """For each sentence of `rows`, its k best sentences of other articles (among `among`), best first."""
        rows = np.asarray(rows, dtype=np.int64)
        among = np.arange(len(self)) if among is None else np.asarray(among, dtype=np.int64)
        if len(rows) == 0 or len(among) == 0:
            return [[] for _ in rows]
        product = sp_matmul_topn(self.matrix[rows], self.matrix[among].T.tocsr(), top_n=k + _SLACK,
                                 threshold=min_score, sort=True, n_threads=self.threads).tocsr()
        found = []
        for i, row in enumerate(rows):
            start, end = product.indptr[i], product.indptr[i + 1]
            best = []
            for column, score in zip(among[product.indices[start:end]], product.data[start:end]):
                if self.article_ids[column] != self.article_ids[row]:
                    best.append(Neighbour(int(column), float(min(score, 1.0))))
                    if len(best) == k:
                        break
            found.append(best)
        return found

    def shared_terms(self, a: int, b: int, n: int = 4) -> list[str]:
        """The rarest tokens the two sentences share: the reason, for a person."""
        m, idf = self.matrix, self.vectorizer.idf_
        shared = set(m.indices[m.indptr[a] : m.indptr[a + 1]].tolist())
        shared &= set(m.indices[m.indptr[b] : m.indptr[b + 1]].tolist())
        return [str(self.terms[column]) for column in sorted(shared, key=lambda c: (-idf[c], c))[:n]]

    def _stating_values(self) -> np.ndarray:
        """Which sentences state a number or name a place: only those can be hinted (fact.matching.hints)."""
        place_tokens = {t for name in PLACES for t in match_tokens(name)}
        columns = np.array([t.startswith("#") or t[:1].isdigit() or t in place_tokens for t in self.terms])
        if not len(columns):
            return np.zeros(len(self.texts), dtype=bool)
        return np.asarray((self.matrix[:, np.flatnonzero(columns)] != 0).sum(axis=1)).ravel() > 0
