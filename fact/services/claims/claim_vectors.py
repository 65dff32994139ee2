"""Claims' embeddings for their evidence search, kept on disk between runs.

Every claim is searched again when articles arrive, so its vector is needed at every run: embedding
10,000 claims again each time would be most of the run. The vectors are kept by the model's key and
the hash of the claim's text, in a NumPy archive beside the matcher's token counts (written to a
temporary file and renamed into place). It is a cache, never the truth: deleting it costs one run
that embeds every claim again. No table: nothing else reads these vectors, and a claim's text, the
key, never changes (a claim from outside is found by it).
"""
import hashlib
import os
from pathlib import Path

import numpy as np

from fact.matching.embedders import Embedder
from fact.services.matching.embeddings import STORED, model_key, text_hash


class ClaimVectors:
    """`vectors(texts)`: the claims' embeddings by `embedder`, from the file where known; `save()`
    writes the file back with those embedded since (with no path it only embeds)."""

    def __init__(self, embedder: Embedder, folder: Path | None):
        self.embedder, self.embedded = embedder, 0
        model = hashlib.sha1(model_key(embedder).encode()).hexdigest()[:16]
        self.path = folder / f"claim-vectors-{model}.npz" if folder is not None else None
        self._known: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path is not None and self.path.exists():
            try:
                with np.load(self.path, allow_pickle=False) as archive:
                    self._known = dict(zip(archive["keys"].tolist(), archive["vectors"]))
            except (OSError, ValueError, KeyError):
                self._known = {}  # unreadable: embedded afresh, the next save replaces it

    def vectors(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dimensions) float32, L2-normalized: a claim reads as a query (e5's `query: `)."""
        keys = [text_hash(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self._known))
        if missing:
            fresh = self.embedder.embed_queries(missing).astype(STORED)
            self._known.update(zip((text_hash(t) for t in missing), fresh))
            self.embedded += len(missing)
            self._dirty = True
        if not texts:
            return np.zeros((0, self.embedder.dimensions), dtype=np.float32)
        out = np.stack([self._known[k] for k in keys]).astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.partial.npz")
        np.savez(partial, keys=np.array(list(self._known), dtype=str),
                 vectors=np.stack(list(self._known.values())).astype(STORED))
        os.replace(partial, self.path)
        self._dirty = False
