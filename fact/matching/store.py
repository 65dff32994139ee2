"""The token counts of every sentence, kept on disk between runs of `flask fact match`.

Tokenizing, and counting the tokens of 100k sentences in Python, were most of an incremental run over
a large corpus, and an old sentence's tokens never change unless its text or the tokenizer does. So a
run reads the counts back as a sparse matrix: each sentence by its span id, and only if the CRC-32 of
its text and the fingerprint of the tokenizer (the source of the modules it runs and the versions of
the stemmers) are those they were stored with; anything else is tokenized afresh. The file is a cache,
never the truth: deleting it costs one slower run. It is a NumPy archive (no pickle), written to a
temporary file and renamed into place.
"""
import hashlib
import os
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from fact.matching.tokens import index_tokens


class TokenCounts(NamedTuple):
    """How often each term occurs in each sentence: a sentences x terms matrix, terms sorted."""

    matrix: sparse.csr_matrix
    terms: list[str]


def count_tokens(tokens: list[list[str]]) -> TokenCounts:
    """The counts of already tokenized sentences (terms sorted, as scikit-learn's vectorizers keep them)."""
    if not any(tokens):
        return TokenCounts(sparse.csr_matrix((len(tokens), 0), dtype=np.int32), [])
    vectorizer = CountVectorizer(analyzer=list, dtype=np.int32)
    matrix = vectorizer.fit_transform(tokens).tocsr()
    return TokenCounts(matrix, vectorizer.get_feature_names_out().tolist())


def _count_distinct(texts: list[str]) -> TokenCounts:
    """count_tokens of the texts, each distinct text tokenized once (wire copy and page clutter repeat
    sentences word for word: a scraped corpus has a third of its sentences more than once)."""
    distinct: dict[str, int] = {}
    which = np.fromiter((distinct.setdefault(t, len(distinct)) for t in texts), dtype=np.int64, count=len(texts))
    counted = count_tokens([index_tokens(t) for t in distinct])
    if len(distinct) == len(texts):
        return counted
    return TokenCounts(counted.matrix[which], counted.terms)


def fingerprint() -> str:
    """Changes whenever the tokens of a text may change."""
    from fact.matching import lexicon, numerals, quantities, tokens
    from fact.text import normalize

    digest = hashlib.sha1()
    for module in (tokens, quantities, numerals, lexicon, normalize):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"nltk {version('nltk')} PyStemmer {version('PyStemmer')}".encode())
    return digest.hexdigest()


class _Stored(NamedTuple):
    span_ids: np.ndarray  # ascending
    crcs: np.ndarray
    counts: TokenCounts


class TokenStore:
    """`counts(span_ids, texts)`: the token counts of the sentences, from the file where still valid;
    `save()` writes those of the last call. With no path it only tokenizes."""

    def __init__(self, path: Path | None):
        self.path = path
        self.reused = 0
        self._kept: _Stored | None = None

    def counts(self, span_ids, texts: list[str]) -> TokenCounts:
        span_ids = np.asarray(span_ids, dtype=np.int64)
        crcs = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in texts), dtype=np.uint32, count=len(texts))
        stored = self._load()
        hit = np.zeros(len(texts), dtype=bool)
        if stored is not None and len(stored.span_ids):
            where = np.minimum(np.searchsorted(stored.span_ids, span_ids), len(stored.span_ids) - 1)
            hit = (stored.span_ids[where] == span_ids) & (stored.crcs[where] == crcs)
        fresh = np.flatnonzero(~hit)
        self.reused = int(hit.sum())
        counted = _count_distinct([texts[i] for i in fresh.tolist()])
        if self.reused:
            counted = _combine(stored.counts, where[hit], counted, np.flatnonzero(hit), fresh)
        self._kept = _Stored(span_ids, crcs, counted)
        return counted

    def save(self) -> None:
        if self.path is None or self._kept is None:
            return
        (matrix, terms) = self._kept.counts
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial.npz")
        np.savez(partial, fingerprint=np.array(fingerprint()), span_ids=self._kept.span_ids, crcs=self._kept.crcs,
                 indptr=matrix.indptr, indices=matrix.indices, data=matrix.data, terms=np.array(terms, dtype=str))
        os.replace(partial, self.path)

    def _load(self) -> _Stored | None:
        """What the file holds, or None when there is no valid file."""
        if self.path is None or not self.path.exists():
            return None
        try:
            with np.load(self.path, allow_pickle=False) as archive:
                if str(archive["fingerprint"]) != fingerprint():
                    return None
                terms = archive["terms"].tolist()
                matrix = sparse.csr_matrix((archive["data"], archive["indices"], archive["indptr"]),
                                           shape=(len(archive["indptr"]) - 1, len(terms)))
                span_ids, crcs = archive["span_ids"], archive["crcs"]
        except (OSError, ValueError, KeyError):
            return None  # unreadable: tokenize afresh, the next save replaces it
        order = np.argsort(span_ids, kind="stable")  # looked up by binary search
        return _Stored(span_ids[order], crcs[order], TokenCounts(matrix[order], terms))


def _combine(stored: TokenCounts, stored_rows: np.ndarray, fresh: TokenCounts, at_stored: np.ndarray,
             at_fresh: np.ndarray) -> TokenCounts:
    """One count matrix of the stored rows `stored_rows` (which go to positions `at_stored`) and the
    fresh rows (positions `at_fresh`), over the sorted terms that occur in them."""
    known = {term: i for i, term in enumerate(stored.terms)}
    terms = list(stored.terms)
    for term in fresh.terms:
        if term not in known:
            known[term] = len(terms)
            terms.append(term)
    into = np.fromiter((known[t] for t in fresh.terms), dtype=np.int64, count=len(fresh.terms))
    old = stored.matrix[stored_rows]
    new = sparse.csr_matrix((fresh.matrix.data, into[fresh.matrix.indices], fresh.matrix.indptr),
                            shape=(fresh.matrix.shape[0], len(terms)))
    old.resize((old.shape[0], len(terms)))
    stacked = sparse.vstack([old, new], format="csr")
    order = np.empty(stacked.shape[0], dtype=np.int64)
    order[np.concatenate([at_stored, at_fresh])] = np.arange(stacked.shape[0])
    matrix = stacked[order]
    used = np.flatnonzero(np.bincount(matrix.indices, minlength=len(terms)))
    used = sorted(used.tolist(), key=terms.__getitem__)
    column = np.full(len(terms), -1, dtype=np.int32)
    column[used] = np.arange(len(used), dtype=np.int32)
    matrix = sparse.csr_matrix((matrix.data, column[matrix.indices], matrix.indptr), shape=(matrix.shape[0], len(used)))
    matrix.sort_indices()
    return TokenCounts(matrix, [terms[i] for i in used])


def appended(counts: TokenCounts, more: TokenCounts) -> TokenCounts:
    """The counts of `counts`' sentences followed by `more`'s, over the sorted terms of both: an index
    that grows tokenizes only its new sentences."""
    old, new = np.arange(counts.matrix.shape[0]), np.arange(more.matrix.shape[0])
    return _combine(counts, old, more, old, new + len(old))
