"""Nearest sentences by meaning: inner product of normalized embeddings, searched with faiss.

Exact (a flat index) while the corpus is small enough that brute force is cheap; past that an
inverted-file index (IVF) that probes a few lists per query. The search answers in the same shape as
fact.matching.engine.SentenceIndex.search, neighbours of the same article left out, so that the two
can be fused row by row.
"""
import numpy as np

from fact.matching.embedders import cores
from fact.matching.engine import SLACK, best_of_other_articles

# Brute force up to this many sentences (130k x 384 float32 is 200 MB, and a flat search of all of
# them against all would be 6.5e12 multiply-adds); then IVF with about PER_LIST sentences per list.
EXACT_UP_TO = 20_000
PER_LIST, PROBES = 256, 12
_CHUNK = 4096
PAIRS = 32_768  # pairs scored together (two gathers of 48 MB at 384 dimensions)


class SemanticIndex:
    """The embeddings of a set of sentences (rows L2-normalized), each tagged with its article."""

    def __init__(self, vectors: np.ndarray, article_ids, *, exact: bool | None = None):
        import faiss

        faiss.omp_set_num_threads(cores())
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.article_ids = np.asarray(article_ids)
        n, dims = self.vectors.shape
        self.exact = n <= EXACT_UP_TO if exact is None else exact
        if self.exact or n < 2 * PER_LIST:
            self._index = faiss.IndexFlatIP(dims)
        else:
            lists = max(1, min(8192, n // PER_LIST))
            self._index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dims), dims, lists, faiss.METRIC_INNER_PRODUCT)
            self._index.train(self.vectors)
            self._index.nprobe = min(lists, PROBES)
        self._index.add(self.vectors)

    def __len__(self) -> int:
        return len(self.vectors)

    def search(self, rows, *, k: int = 5, min_score: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores), both (len(rows), k): each row's k nearest sentences of other articles by
        cosine, best first; -1 (score 0) after the last found."""
        rows = np.asarray(rows, dtype=np.int64)
        columns = np.full((len(rows), k), -1, dtype=np.int64)
        scores = np.zeros((len(rows), k), dtype=np.float32)
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            found_scores, found = self._index.search(self.vectors[chunk], k + SLACK)
            columns[start : start + _CHUNK], scores[start : start + _CHUNK] = best_of_other_articles(
                self.article_ids, chunk, found.astype(np.int64), found_scores, k, min_score)
        return columns, scores

    def query(self, queries: np.ndarray, *, k: int = 5, min_score: float = 0.0,
              since: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores), both (len(queries), k): the k sentences of any article nearest each of
        these outside vectors (claims), best first (`since`: among the sentences from that row on, by
        brute force: they are the few added since); -1 (score 0) after the last, or where a query is a
        zero row (a text not embedded)."""
        import faiss

        queries = np.ascontiguousarray(queries, dtype=np.float32)
        columns = np.full((len(queries), k), -1, dtype=np.int64)
        scores = np.zeros((len(queries), k), dtype=np.float32)
        index = self._index
        if since:
            index = faiss.IndexFlatIP(self.vectors.shape[1])
            index.add(self.vectors[since:])
        if not index.ntotal:
            return columns, scores
        for start in range(0, len(queries), _CHUNK):
            found_scores, found = index.search(queries[start : start + _CHUNK], min(k, index.ntotal))
            found = np.where(found >= 0, found + since, -1)
            kept = (found >= 0) & (found_scores >= min_score) & (found_scores > 0)
            width = found.shape[1]
            columns[start : start + _CHUNK, :width] = np.where(kept, found, -1)
            scores[start : start + _CHUNK, :width] = np.where(kept, np.clip(found_scores, 0.0, 1.0), 0.0)
        return columns, scores

    def add(self, vectors: np.ndarray, article_ids) -> None:
        """Append sentences: a flat index grows as is; an inverted-file one keeps the lists it was trained
        with (their centroids are not moved: past a few times its first size, build it again)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index.add(vectors)
        self.vectors = np.concatenate([self.vectors, vectors])
        self.article_ids = np.concatenate([self.article_ids, np.asarray(article_ids)])

    def query_pair_scores(self, queries: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The cosine of each (query vector a[i], sentence b[i])."""
        return _cosines(np.asarray(queries, dtype=np.float32), self.vectors, a, b)

    def pair_scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The cosine of each pair of sentences (a[i], b[i])."""
        return _cosines(self.vectors, self.vectors, a, b)


def _cosines(left: np.ndarray, right: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """left[a[i]] . right[b[i]], PAIRS at a time: an incremental match scores 200 pairs for each new
    sentence, and gathering all their vectors at once took 0.9 GB per 300,000 pairs."""
    out = np.empty(len(a), dtype=np.float32)
    for start in range(0, len(a), PAIRS):
        part = slice(start, start + PAIRS)
        out[part] = np.einsum("ij,ij->i", left[a[part]], right[b[part]])
    return out
