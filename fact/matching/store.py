"""The index tokens of every sentence, kept on disk between runs of `flask fact match`.

Tokenizing is the largest part of an incremental run over a large corpus (about 10 s for 100k
sentences, where matching 100 new articles takes a few), and an old sentence's tokens never change
unless its text or the tokenizer does. So a run reads them back: each sentence by its span id, and
only if the CRC-32 of its text and the fingerprint of the tokenizer (the source of the modules it
runs and the versions of the stemmers) are those they were stored with; anything else is tokenized
afresh. The file is a cache, never the truth: deleting it costs one slower run. It is a NumPy
archive (no pickle), written to a temporary file and renamed into place.
"""
import hashlib
import os
import zlib
from importlib.metadata import version
from pathlib import Path

import numpy as np

from fact.matching.tokens import index_tokens


def fingerprint() -> str:
    """Changes whenever the tokens of a text may change."""
    from fact.matching import lexicon, numerals, quantities, tokens
    from fact.text import normalize

    digest = hashlib.sha1()
    for module in (tokens, quantities, numerals, lexicon, normalize):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"nltk {version('nltk')} PyStemmer {version('PyStemmer')}".encode())
    return digest.hexdigest()


class TokenStore:
    """`tokens(span_ids, texts)`: the index tokens of each sentence, from the file where still valid;
    `save()` writes those of the last call. With no path it only tokenizes."""

    def __init__(self, path: Path | None):
        self.path = path
        self.reused = 0
        self._kept: tuple | None = None

    def tokens(self, span_ids, texts: list[str]) -> list[list[str]]:
        stored = self._load()
        crcs = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in texts), dtype=np.uint32, count=len(texts))
        out: list[list[str]] = []
        self.reused = 0
        for span_id, crc, text in zip(np.asarray(span_ids).tolist(), crcs.tolist(), texts):
            hit = stored.get(span_id)
            if hit is not None and hit[0] == crc:
                out.append(hit[1][hit[2] : hit[3]])
                self.reused += 1
            else:
                out.append(index_tokens(text))
        self._kept = (np.asarray(span_ids, dtype=np.int64), crcs, out)
        return out

    def save(self) -> None:
        if self.path is None or self._kept is None:
            return
        span_ids, crcs, tokens = self._kept
        vocabulary = sorted({t for row in tokens for t in row})
        number = {t: i for i, t in enumerate(vocabulary)}
        flat = np.fromiter((number[t] for row in tokens for t in row), dtype=np.int32)
        offsets = np.concatenate(([0], np.cumsum([len(row) for row in tokens]))).astype(np.int64)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial.npz")
        np.savez(partial, fingerprint=np.array(fingerprint()), span_ids=span_ids, crcs=crcs, offsets=offsets,
                 terms=flat, vocabulary=np.array(vocabulary, dtype=str))
        os.replace(partial, self.path)

    def _load(self) -> dict:
        """span id -> (CRC, all stored tokens, where its own begin and end); empty when there is no valid
        file."""
        if self.path is None or not self.path.exists():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as archive:
                if str(archive["fingerprint"]) != fingerprint():
                    return {}
                span_ids, crcs, offsets = archive["span_ids"], archive["crcs"], archive["offsets"]
                terms, vocabulary = archive["terms"], archive["vocabulary"].tolist()
        except (OSError, ValueError, KeyError):
            return {}  # unreadable: tokenize afresh, the next save replaces it
        words = [vocabulary[i] for i in terms.tolist()]
        bounds = offsets.tolist()
        return {span_id: (crc, words, start, end)
                for span_id, crc, start, end in zip(span_ids.tolist(), crcs.tolist(), bounds[:-1], bounds[1:])}
