"""Find, for sentences, the most similar sentences of other articles.

TF-IDF over Arabic index tokens (clitics stripped, light stems and roots, canonical numbers:
fact.matching.tokens), scored by cosine. Candidates come one of two ways, whichever is the cheaper:

* exact: a sparse top-n product (sparse_dot_topn's multi-threaded C++ kernel), which touches every
  pair of sentences that share a token. Its cost is known before it runs (the sum, over the query's
  tokens, of how many sentences carry each), so it is used while it is the cheaper of the two: the
  seeds, an incremental run of a few articles.
* approximate: the TF-IDF vectors reduced by a truncated SVD, an inverted-file index over them (faiss),
  and the exact TF-IDF cosine of the few dozen neighbours it proposes. Cost grows with n log n
  instead of with the pairs sharing a token, which for a corpus of wire copy is nearly all of them.

Either way the score is the exact cosine; only which pairs are looked at differs. docs/matching.md
says what else was tried on the seed gold set, and how this would run on a search engine.
"""
from collections import Counter
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sparse_dot_topn import sp_matmul_topn

from fact.matching.hints import has_negation, hintable_term
from fact.matching.store import TokenCounts, count_tokens
from fact.matching.tokens import ROOT, index_tokens, match_tokens

# Extra neighbours fetched per sentence, so that some can be dropped (same article) and k remain.
SLACK = 10
# What each search costs on this 2-core machine, to pick the cheaper: the exact product does about
# 1.5e8 multiply-adds a second (a full run of 100k synthetic sentences costs 2.7e10); the approximate
# one takes about 60 us a sentence to build (SVD, IVF training) and 500 us a query (150 us with 64
# dimensions, 4 lists probed and 48 proposals, before session 9; the search measured 3.3 times as long).
EXACT_RATE, BUILD_SECONDS, QUERY_SECONDS = 1.5e8, 6e-5, 5e-4
_CHUNK = 2000
# The approximate search: SVD dimensions, sentences per inverted list, lists probed, neighbours proposed.
# On bench.realistic's 110k sentences (a 5th neighbour as good as the exact one's, for 1,000 sentences):
# 64, 4, 48 gave 0.53 (wire copies and one-template reports crowd a 64-dimension space); 128, 16, 96
# 0.88; 256, 8, 96 0.92, the search of every sentence 10 s against 3 s; 256, 16, 160 0.96 in 21 s.
_DIMS, _PER_LIST, _PROBES, _PROPOSED = 256, 400, 8, 96
# Sentences per inverted list the k-means that places the lists trains on (faiss's default is 256).
_TRAIN_PER_LIST = 64
# Fewer query rows than this run on one thread: the product splits rows, and a second one only waits
# (a single claim: median 0.4 ms on one thread, 0.7 ms on two, p95 13 against 40 ms).
_FEW = 64


class Neighbour(NamedTuple):
    row: int  # a sentence of the index
    score: float  # cosine similarity of the TF-IDF vectors, 0..1


class SentenceIndex:
    """The TF-IDF vectors of a set of sentences, each tagged with its article.

    `approximate`: None decides by cost (above); True or False forces one way (tests, benchmarks)."""

    lists = 1  # neighbour lists a search(k) unites: it returns up to lists * k passages a sentence

    def __init__(self, texts: list[str], article_ids, *, counts: TokenCounts | None = None,
                 max_df: float = 1.0, threads: int = 2, approximate: bool | None = None):
        """`counts`: the token counts of the texts, where already known (fact.matching.store)."""
        if counts is None:
            counts = count_tokens([index_tokens(t) for t in texts])
        self.matrix, self.terms, self.idf = _weigh(counts, max_df if len(texts) > 50 else 1.0)
        # shared_terms names words before roots, the rarest first
        roots = np.char.startswith(self.terms.astype(str), ROOT)
        rank = np.empty(len(self.terms), dtype=np.int64)
        rank[np.lexsort((np.arange(len(self.terms)), -self.idf, roots))] = np.arange(len(self.terms))
        self._rank = rank
        self.article_ids = np.asarray(article_ids)
        self.texts = texts
        self.threads = threads
        self.approximate = approximate
        self.valued = self._stating_values()
        self._document_frequency = np.bincount(self.matrix.indices, minlength=self.matrix.shape[1])
        self._transposed = None
        self._ann = None
        self._column = None  # term -> column, for vectorize

    def __len__(self) -> int:
        return len(self.texts)

    def exact_cost(self, rows) -> int:
        """Multiply-adds of the exact product of `rows` with every sentence."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == len(self):
            return int(np.square(self._document_frequency, dtype=np.int64).sum())
        return int(self._document_frequency[self.matrix[rows].indices].sum())

    def plan(self, rows) -> bool:
        """Decide, from the cost of all the `rows` a run will query (in chunks), how their neighbours
        are searched, unless forced; returns whether approximately."""
        if self.approximate is None:
            exact = self.exact_cost(rows) / EXACT_RATE
            self.approximate = exact > BUILD_SECONDS * len(self) + QUERY_SECONDS * len(rows)
        return self.approximate

    def neighbours(self, rows, *, k: int = 5, min_score: float = 0.05) -> list[list[Neighbour]]:
        """For each sentence of `rows`, its k best sentences of other articles, best first."""
        return as_lists(*self.search(rows, k=k, min_score=min_score))

    def search(self, rows, *, k: int = 5, min_score: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores), both shaped (len(rows), k): for each sentence of `rows` its k best sentences
        of other articles, best first; -1 (score 0) after the last found. Arrays, not lists of
        neighbours: an incremental run looks at 100 of each new sentence, a few hundred thousand."""
        rows = np.asarray(rows, dtype=np.int64)
        columns, scores = np.full((len(rows), k), -1, dtype=np.int64), np.zeros((len(rows), k), dtype=np.float32)
        if len(rows) == 0:
            return columns, scores
        approximate = self.plan(rows) if self.approximate is None else self.approximate
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            found = self._proposed(chunk, k + SLACK) if approximate else self._exact(chunk, k + SLACK)
            columns[start : start + _CHUNK], scores[start : start + _CHUNK] = best_of_other_articles(self.article_ids, chunk, *found, k, min_score)
        return columns, scores

    def vectorize(self, texts: list[str], tokens: list[list[str]] | None = None) -> sparse.csr_matrix:
        """The TF-IDF rows of outside texts (claims) in this index's terms and weights, L2-normalized
        over all their tokens: a token no sentence has weighs as a term seen nowhere would, so that the
        score stays the cosine of the whole text and a claim mostly of unseen words scores low.
        `tokens`: the texts' index_tokens, where already known."""
        if self._column is None:
            self._column = {term: i for i, term in enumerate(self.terms.tolist())}
        unseen = np.log(len(self) + 1.0) + 1.0  # scikit-learn's smooth idf of a term in no document
        rows, columns, weights, norms = [], [], [], np.zeros(len(texts), dtype=np.float32)
        for row, text in enumerate(texts):  # a few claims at a time: plain counting beats a vectorizer
            for term, count in Counter(index_tokens(text) if tokens is None else tokens[row]).items():
                column = self._column.get(term, -1)
                weight = (1.0 + np.log(count)) * (self.idf[column] if column >= 0 else unseen)  # sublinear tf, as _weigh
                norms[row] += weight * weight
                if column >= 0:
                    rows.append(row), columns.append(column), weights.append(weight)
        weights = np.asarray(weights, dtype=np.float32) / np.sqrt(np.maximum(norms[rows], 1e-24))
        return sparse.csr_matrix((weights, (rows, columns)), shape=(len(texts), len(self.terms)), dtype=self.matrix.dtype)

    def query(self, queries: sparse.csr_matrix, *, k: int = 5, min_score: float = 0.05,
              since: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores), both (len(queries), k): the k sentences nearest each row of `vectorize`, of
        any article (`since`: among the sentences from that row on only), best first by the exact cosine;
        -1 (score 0) after the last. Exact always: a claim's few tokens make the product cheap (its cost
        is exact_cost of the claim's tokens)."""
        columns, scores = np.full((queries.shape[0], k), -1, dtype=np.int64), np.zeros((queries.shape[0], k), dtype=np.float32)
        right = self.matrix[since:].T.tocsr() if since else None
        for start in range(0, queries.shape[0], _CHUNK):
            found, found_scores = self._top(queries[start : start + _CHUNK], k, right,
                                            threads=1 if queries.shape[0] < _FEW else self.threads)
            found[found_scores < max(min_score, 1e-6)] = -1
            found[found >= 0] += since
            columns[start : start + _CHUNK] = found
            scores[start : start + _CHUNK] = np.where(found >= 0, np.clip(found_scores, 0.0, 1.0), 0.0)
        return columns, scores

    def query_pair_scores(self, queries: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The cosine of each (query row a[i], sentence b[i])."""
        return np.asarray(queries[a].multiply(self.matrix[b]).sum(axis=1), dtype=np.float32).ravel()

    def _exact(self, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores), both shaped (len(rows), n), -1 where fewer were found."""
        return self._top(self.matrix[rows], n)

    def _top(self, left: sparse.csr_matrix, n: int, right: sparse.csr_matrix | None = None,
             threads: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The n best sentences of every row of `left` by the exact product (with `right`: the
        transposed rows of the sentences it holds)."""
        if right is None:
            if self._transposed is None:
                self._transposed = self.matrix.T.tocsr()
            right = self._transposed
        product = sp_matmul_topn(left, right, top_n=n, threshold=1e-6, sort=True,
                                 n_threads=self.threads if threads is None else threads).tocsr()
        columns = np.full((left.shape[0], n), -1, dtype=np.int64)
        scores = np.zeros((left.shape[0], n), dtype=np.float32)
        lengths = np.diff(product.indptr)
        positions = np.arange(product.nnz) - np.repeat(product.indptr[:-1], lengths)
        which = np.repeat(np.arange(left.shape[0]), lengths)
        columns[which, positions] = product.indices
        scores[which, positions] = product.data
        return columns, scores

    def _proposed(self, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The approximate index's proposals, scored by the exact cosine and sorted."""
        index, reduced = self._approximate_index()
        _, columns = index.search(reduced[rows], max(n, _PROPOSED))
        columns = columns.astype(np.int64)
        scores = self.pair_scores(np.repeat(rows, columns.shape[1]), np.maximum(columns, 0).ravel())
        scores = np.where(columns >= 0, scores.reshape(columns.shape), -1.0).astype(np.float32)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :n]
        columns, scores = np.take_along_axis(columns, order, 1), np.take_along_axis(scores, order, 1)
        return np.where(scores >= 0, columns, -1), np.maximum(scores, 0)

    def pair_scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The cosine of each pair of sentences (a[i], b[i])."""
        out = np.empty(len(a), dtype=np.float32)
        step = _CHUNK * _PROPOSED
        for start in range(0, len(a), step):
            left, right = self.matrix[a[start : start + step]], self.matrix[b[start : start + step]]
            out[start : start + step] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
        return out

    def _approximate_index(self):
        if self._ann is None:
            import faiss
            from sklearn.decomposition import TruncatedSVD

            faiss.omp_set_num_threads(self.threads)
            dims = max(1, min(_DIMS, self.matrix.shape[1] - 1, len(self) - 1))
            reduced = TruncatedSVD(dims, n_iter=3, random_state=0).fit_transform(self.matrix)
            reduced = np.ascontiguousarray(reduced, dtype=np.float32)
            faiss.normalize_L2(reduced)
            lists = max(1, min(4096, len(self) // _PER_LIST))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dims), dims, lists, faiss.METRIC_INNER_PRODUCT)
            index.cp.max_points_per_centroid = _TRAIN_PER_LIST  # k-means on a sample: as good, a quarter the time
            index.train(reduced)
            index.add(reduced)
            index.nprobe = min(lists, _PROBES)
            self._ann = index, reduced
        return self._ann

    def shared_terms(self, a, b, n: int = 4) -> list[list[str]]:
        """For each pair (a[i], b[i]), the rarest tokens the two sentences share: the reason, for a person."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        shared = self.matrix[a].multiply(self.matrix[b]).tocsr()
        which = np.repeat(np.arange(len(a)), np.diff(shared.indptr))
        order = np.lexsort((self._rank[shared.indices], which))
        columns, which = shared.indices[order], which[order]
        first = np.searchsorted(which, np.arange(len(a)))
        keep = np.arange(len(which)) - first[which] < n
        terms = [t.removeprefix(ROOT) for t in self.terms[columns[keep]].tolist()]
        bounds = np.concatenate(([0], np.cumsum(np.bincount(which[keep], minlength=len(a)))))
        return [terms[start:end] for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist())]

    def _stating_values(self) -> np.ndarray:
        """Which sentences state a number, name a place, hold a polar word or a negation: only those can
        be hinted (fact.matching.hints.hintable_term, has_negation)."""
        columns = np.array([hintable_term(t) for t in self.terms.tolist()], dtype=bool)
        negated = np.array([has_negation(t) for t in self.texts], dtype=bool)
        if not len(columns):
            return negated
        return (np.asarray((self.matrix[:, np.flatnonzero(columns)] != 0).sum(axis=1)).ravel() > 0) | negated


def _weigh(counts: TokenCounts, max_df: float) -> tuple:
    """(TF-IDF matrix, terms, idf): what scikit-learn's TfidfVectorizer(sublinear_tf=True, max_df=max_df)
    makes of the same tokens, from their counts."""
    matrix, terms = counts.matrix.astype(np.float32), np.array(counts.terms, dtype=object)
    if max_df < 1.0:
        keep = np.flatnonzero(np.bincount(matrix.indices, minlength=matrix.shape[1]) <= max_df * matrix.shape[0])
        matrix, terms = matrix[:, keep], terms[keep]
    if not matrix.shape[1]:
        raise ValueError("empty vocabulary; no sentence has a token to match on")
    transformer = TfidfTransformer(sublinear_tf=True)
    weighted = transformer.fit_transform(matrix).tocsr()
    return weighted, terms, transformer.idf_


def best_of_other_articles(article_ids: np.ndarray, rows, columns, scores, k: int,
                           min_score: float) -> tuple[np.ndarray, np.ndarray]:
    """Of each row's proposed neighbours (best first), the first k of other articles scoring at least
    `min_score`; -1 (score 0) after the last. Both indexes, lexical and semantic, answer through it."""
    keep = (columns >= 0) & (scores >= min_score)
    keep &= article_ids[np.maximum(columns, 0)] != article_ids[rows][:, None]
    first = np.argsort(~keep, axis=1, kind="stable")[:, :k]  # the kept ones, in their order
    keep = np.take_along_axis(keep, first, 1)
    columns, scores = np.take_along_axis(columns, first, 1), np.take_along_axis(scores, first, 1)
    return np.where(keep, columns, -1), np.where(keep, np.clip(scores, 0.0, 1.0), 0).astype(np.float32)


def as_lists(columns: np.ndarray, scores: np.ndarray) -> list[list[Neighbour]]:
    """What `search` found, as a list of neighbours for each sentence."""
    found = columns >= 0
    return [list(map(Neighbour._make, zip(cs[m].tolist(), ss[m].tolist())))
            for cs, ss, m in zip(columns, scores, found)]
