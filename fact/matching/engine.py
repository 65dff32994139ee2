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
        self.article_ids = np.asarray(article_ids)
        self.texts = texts
        self.threads = threads

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
        idf, vocabulary = self.vectorizer.idf_, self.vectorizer.vocabulary_
        shared = set(match_tokens(self.texts[a])) & set(match_tokens(self.texts[b]))
        return sorted(shared, key=lambda t: (-idf[vocabulary[t]] if t in vocabulary else 0, t))[:n]
