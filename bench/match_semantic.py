"""`flask fact match` on the realistic corpus at about 130k sentences with stored vectors, against the
same match without vectors and against the bare faiss search of the same vectors, in the same run.

    python -m bench.match_semantic --articles 3000 --real 512

What it measures is the matcher's cost of searching and fusing by meaning at scale, **not** quality:
embedding the corpus's ~74k distinct sentences with the bundled e5-small takes hours of two cores
(6-7 sentences a CPU-second), so only a sample is real. The vectors stored in `span_vectors` are:

* **real**: e5-small passage vectors of `--real` distinct sentences drawn at random (and of every
  copy of their text: the store reuses a vector by text hash, as `flask fact embed` does);
* **stand-ins**, for every other distinct sentence: 384 float32 dimensions stored as float16, unit
  norm, like e5's, made as `m + sqrt(1 - |m|^2) * u`, where m is the mean of the real sample's vectors
  (e5 puts every Arabic news sentence near one direction: two unrelated ones are about 0.85 apart) and
  u is the sentence's TF-IDF row (word unigrams) through a Gaussian-like sparse random projection
  to 384 dimensions, made orthogonal to m and normalized. So two stand-ins are about as alike as two
  unrelated real sentences, and near-copies stay near each other (the IVF lists and the 0.85 floor of
  the fusion see neighbours of the same kind as with real vectors); their scores mean nothing.

Then, each in a child process of its own for its own peak RSS: the bare faiss search (fact.matching.
semantic's IVF: train, add, the 20 nearest of every sentence), and `flask fact match` on two copies
of the database made before any match, one with FACT_EMBEDDER=none (words alone) and one with
e5-small (words and meaning fused, reading the stored vectors), both first runs (token store removed).
Then --adds more records of the same generated corpus arrive in both (the new sentences of the fused
one get stand-in vectors, as `flask fact embed` would embed only them) and each is matched again,
incrementally, against the bare faiss index of every vector and search of the new ones.
"""
import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import match, match_real, realistic

STAND_IN_SEED = 0


def child_vectors(database: Path, real: str) -> dict:
    """Store a vector for every taskable sentence: `real` distinct texts by e5-small, stand-ins for the
    rest (the module docstring), through `flask fact embed`'s own code (fact.services.matching.embeddings)."""
    import numpy as np

    from fact.extensions import db
    from fact.matching.embedders import load_embedder
    from fact.models import Span
    from fact.services.matching.embeddings import embed_spans
    from fact.services.tasks.payloads import taskable_spans

    e5 = load_embedder("e5-small")
    with match._app(database).app_context():
        texts = sorted({t.strip() for t in db.session.scalars(taskable_spans().with_only_columns(Span.text)) if t.strip()})
        rng = np.random.default_rng(STAND_IN_SEED)
        sample = rng.choice(len(texts), size=min(int(real), len(texts)), replace=False)
        started = time.process_time()
        real_vectors = e5.embed_passages([texts[i] for i in sample])
        embed_cpu = time.process_time() - started
        vectors = _stand_ins(texts, real_vectors.mean(axis=0), e5.dimensions)
        vectors[sample] = real_vectors
        embed_spans(_StandIns(e5, dict(zip(texts, vectors))))
        pairs = rng.integers(0, len(texts), size=(20_000, 2))
        real_pairs = rng.integers(0, len(sample), size=(20_000, 2))
        cosine = lambda m, p: float(np.mean(np.einsum("ij,ij->i", m[p[:, 0]], m[p[:, 1]])))  # noqa: E731
        return {"distinct": len(texts), "real": len(sample), "embed_cpu_s": embed_cpu,
                "real_pair_cosine": cosine(real_vectors, real_pairs), "all_pair_cosine": cosine(vectors, pairs)}


def _stand_ins(texts: list[str], mean, dimensions: int):
    """The stand-in vectors of `texts` (the module docstring), around `mean`."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.random_projection import SparseRandomProjection

    tfidf = TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform(texts)
    u = SparseRandomProjection(dimensions, dense_output=True, random_state=STAND_IN_SEED).fit_transform(tfidf)
    u = np.asarray(u, dtype=np.float32)
    direction = mean / np.linalg.norm(mean)
    u -= np.outer(u @ direction, direction)
    u /= np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1e-12)
    return (mean + np.sqrt(max(0.0, 1.0 - float(mean @ mean))) * u).astype(np.float32)


class _StandIns:
    """e5-small's name and version (so that the match reads these vectors as its own), given vectors."""

    def __init__(self, e5, by_text: dict):
        self.name, self.version, self.dimensions, self.by_text = e5.name, e5.version, e5.dimensions, by_text

    def embed_passages(self, batch):
        import numpy as np

        return np.stack([self.by_text[t.strip()] for t in batch])


def child_added_vectors(database: Path) -> dict:
    """Stand-ins for the sentences ingested since the vectors were stored (--adds), around the mean of
    the stored vectors: only those without one are stored, as `flask fact embed` stores a new article's."""
    from fact.extensions import db
    from fact.matching.embedders import load_embedder
    from fact.models import Span
    from fact.services.matching.embeddings import embed_spans, load_vectors, model_key
    from fact.services.tasks.payloads import taskable_spans

    e5 = load_embedder("e5-small")
    with match._app(database).app_context():
        _, stored = load_vectors(model_key(e5))
        new = sorted({t.strip() for t in db.session.scalars(taskable_spans().where(Span.matched_at.is_(None))
                                                            .with_only_columns(Span.text)) if t.strip()})
        embed_spans(_StandIns(e5, dict(zip(new, _stand_ins(new, stored.mean(axis=0), e5.dimensions)))))
    return {"new_distinct": len(new)}


def child_bare_add_faiss(database: Path) -> dict:
    """The baseline of a match after new articles: the stored vectors indexed by faiss as
    fact.matching.semantic indexes them (IVF: train, add) and the new sentences' WIDE + slack nearest."""
    import numpy as np
    from sqlalchemy import select

    from fact.extensions import db
    from fact.matching.embedders import load_embedder
    from fact.matching.engine import SLACK
    from fact.models import Span
    from fact.services.matching.embeddings import load_vectors, model_key

    app = match._app(database)
    with app.app_context():
        ids, vectors = load_vectors(model_key(load_embedder("e5-small")))
        fresh = set(db.session.scalars(select(Span.id).where(Span.matched_at.is_(None))))
        wide = app.config["FACT_MATCH_WIDE"]
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    new = vectors[[i for i, span in enumerate(np.asarray(ids).tolist()) if span in fresh]]
    started, cpu_started = time.perf_counter(), time.process_time()
    _ivf(vectors).search(new, wide + SLACK)
    return {"seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu_started, "new": len(new)}


def _ivf(vectors):
    """faiss's IVF index of `vectors`, trained and filled as fact.matching.semantic makes it (PER_LIST
    sentences a list, PROBES probed): the baselines' library call."""
    import faiss

    from fact.matching.embedders import cores
    from fact.matching.semantic import PER_LIST, PROBES

    faiss.omp_set_num_threads(cores())
    n, dims = vectors.shape
    lists = max(1, min(8192, n // PER_LIST))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dims), dims, lists, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.add(vectors)
    index.nprobe = min(lists, PROBES)
    return index


def child_bare_faiss(database: Path) -> dict:
    """The baseline: the stored vectors searched by faiss alone as fact.matching.semantic searches them
    (an IVF index, PER_LIST sentences a list, PROBES probed; the WIDE + slack nearest of every
    sentence), reading them from the database not timed."""
    import numpy as np

    from fact.matching.embedders import load_embedder
    from fact.matching.engine import SLACK
    from fact.matching.semantic import _CHUNK
    from fact.services.matching.embeddings import load_vectors, model_key

    app = match._app(database)
    with app.app_context():
        _, vectors = load_vectors(model_key(load_embedder("e5-small")))
        wide = app.config["FACT_MATCH_WIDE"]
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    started, cpu_started = time.perf_counter(), time.process_time()
    index, n = _ivf(vectors), len(vectors)
    for start in range(0, n, _CHUNK):
        index.search(vectors[start : start + _CHUNK], wide + SLACK)
    cpu = time.process_time() - cpu_started
    return {"seconds": time.perf_counter() - started, "cpu_s": cpu, "peak_mb": match._peak_mb(), "sentences": n}


def child_match(database: Path, embedder: str) -> dict:
    """bench.match_real's timed match, with FACT_EMBEDDER=`embedder` and the semantic parts timed too."""
    import os

    os.environ["FACT_EMBEDDER"] = embedder
    from fact.matching import semantic
    from fact.services.matching import candidates

    extra = {}
    for owner, name, label in ((semantic.SemanticIndex, "__init__", "semantic index"),
                               (semantic.SemanticIndex, "search", "semantic search"),
                               (candidates, "stored_vectors", "vectors read")):
        original = getattr(owner, name)

        def wrapper(*args, _original=original, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                extra[_label] = extra.get(_label, 0.0) + time.perf_counter() - started

        setattr(owner, name, wrapper)
    result = match_real.child_match(database)
    return {**result, "parts": {**result["parts"], **extra}}


CHILDREN = {"prepare": match.child_prepare, "vectors": child_vectors, "bare": child_bare_faiss,
            "forget": match.child_forget, "match": child_match, "ingest": match.child_ingest,
            "added_vectors": child_added_vectors, "bare_add": child_bare_add_faiss}


def _child(*args: str) -> dict:
    return match_real._child(*args, module="bench.match_semantic")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.match_semantic")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--real", type=int, default=512, help="distinct sentences embedded by e5-small for real")
    parser.add_argument("--adds", type=int, default=100, help="records added after the first matches, then matched")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args(argv)
    if args.child:
        import json

        kind, database, *rest = args.child
        print(json.dumps(CHILDREN[kind](Path(database), *rest)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus, prepared, more = work / "realistic.jsonl", work / "prepared.db", work / "added.jsonl"
        records = realistic.generate(args.articles + args.adds, args.seed)  # the last ones arrive later
        realistic.write(records[: args.articles], corpus)
        realistic.write(records[args.articles :], more)
        _child("prepare", str(prepared), str(corpus))
        stored = _child("vectors", str(prepared), str(args.real))
        bare = _child("bare", str(prepared))
        runs = {}
        for embedder in ("none", "e5-small"):
            database = work / f"match-{embedder}.db"
            shutil.copyfile(prepared, database)
            _child("forget", str(database))
            runs[embedder] = _child("match", str(database), embedder)
        added = {}
        if args.adds:
            for embedder, run in runs.items():
                database = work / f"match-{embedder}.db"
                _child("ingest", str(database), str(more))
                if embedder != "none":
                    added["vectors"] = _child("added_vectors", str(database))
                    added["bare"] = _child("bare_add", str(database))
                added[embedder] = _child("match", str(database), embedder)
    words, fused = runs["none"], runs["e5-small"]
    print(f"## `flask fact match` with stored vectors, realistic corpus, {args.articles} records, seed {args.seed} "
          f"(SQLite, first runs)\n")
    print(f"Vectors: {stored['distinct']} distinct sentences, {stored['real']} by e5-small "
          f"({stored['real'] / stored['embed_cpu_s']:.1f} a CPU-second), the rest stand-ins; mean cosine of two "
          f"random sentences: real {stored['real_pair_cosine']:.3f}, all {stored['all_pair_cosine']:.3f}\n")
    print("| run | sentences | s | CPU s (process) | peak RSS MB | / words alone (s) |\n|---|---|---|---|---|---|")
    print(f"| bare faiss IVF search of the vectors | {bare['sentences']} | {bare['seconds']:.1f} | {bare['cpu_s']:.1f} "
          f"| {bare['peak_mb']:.0f} | |")
    for name, run in (("match, words alone (FACT_EMBEDDER=none)", words), ("match, words and meaning (e5-small)", fused)):
        print(f"| {name} | {bare['sentences']} | {run['seconds']:.1f} | {run['cpu_s']:.1f} | {run['peak_mb']:.0f} "
              f"| {run['seconds'] / words['seconds']:.2f} ({run['cpu_s'] / words['cpu_s']:.2f} in CPU s) |")
    print(f"\nAdded by meaning: {fused['seconds'] - words['seconds']:.1f} s ({fused['cpu_s'] - words['cpu_s']:.1f} CPU s), "
          f"{fused['peak_mb'] - words['peak_mb']:.0f} MB; the bare faiss search {bare['seconds']:.1f} s ({bare['cpu_s']:.1f} CPU s)")
    if added:
        bare_add = added["bare"]
        print(f"\n### Then {args.adds} records more ({bare_add['new']} new sentences with vectors, "
              f"{added['vectors']['new_distinct']} distinct), and `flask fact match` again\n")
        print("| run | s | CPU s (process) | peak RSS MB | / words alone (s) |\n|---|---|---|---|---|")
        print(f"| bare faiss: the IVF index of every vector, the new ones' nearest | {bare_add['seconds']:.1f} "
              f"| {bare_add['cpu_s']:.1f} | | |")
        for name, key in (("match, words alone", "none"), ("match, words and meaning", "e5-small")):
            run = added[key]
            print(f"| {name} | {run['seconds']:.1f} | {run['cpu_s']:.1f} | {run['peak_mb']:.0f} "
                  f"| {run['seconds'] / added['none']['seconds']:.2f} |")
        for name, key in (("words alone", "none"), ("words and meaning", "e5-small")):
            print(f"\nWhere the time went after the new records, {name} (s): " + ", ".join(
                f"{k} {v:.1f}" for k, v in sorted(added[key]["parts"].items(), key=lambda kv: -kv[1])))
        print(f"\nSaid: {added['e5-small']['output']}")
    for name, run in (("words alone", words), ("words and meaning", fused)):
        parts = run["parts"]
        print(f"\nWhere the time went, {name} (s): " + ", ".join(
            f"{k} {v:.1f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])) + f". Said: {run['output']}")


if __name__ == "__main__":
    main(sys.argv[1:])
