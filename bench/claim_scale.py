"""The scale mode of bench/claim_evidence.py: 10,000 claims against 100,000 realistic sentences.

    python -m bench.claim_evidence --scale [--claims 10000]

Each measurement runs in a child process of its own, for its own peak RSS (ru_maxrss): the bare
library calls, then ours. The corpus is the first 100,000 real sentences of bench.realistic's corpus
of 2,760 articles; its token counts are computed once (a first child) and read by both. The claims
are every ANS headline (train and dev, both columns) and then sentences of another realistic corpus
(seed 7) not in the index. Vectors: embedding 100k sentences with e5-small takes hours of the two
shared cores, so the semantic half searches random unit vectors (384 dimensions, the model's) in the
same faiss index the real ones would fill: a measure of time and memory, not of quality (real vectors
cluster, so an inverted list may be longer than with random ones).

Per claim, one at a time (a claim arriving): ours is EvidenceIndex.evidence([claim]) (tokenizing the
claim, both searches 100 deep, the fusion, grouping by article); bare is the two library calls it
makes: sparse_dot_topn's product of the claim's TF-IDF row with the corpus (the row made beforehand,
XX
"""
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.claim_sets import OUT, ans_pairs, realistic_sentences, scale_corpus

ROOT = Path(__file__).resolve().parent.parent
COUNTS = OUT / "scale-counts.npz"
DEPTH, DIMS = 100, 384
NEW_ARTICLES = 100


def claims(n: int) -> list[str]:
    texts = list(dict.fromkeys(t for split in ("train", "dev") for s1, s2, _ in ans_pairs(split) for t in (s1, s2)))
    indexed = set(scale_corpus()[1])
    _, more = realistic_sentences(600, 7)
    texts += [t for t in dict.fromkeys(more) if t not in indexed and t not in texts]
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} distinct claims to be had")
    return texts[:n]


def unit_vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, DIMS), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _counts():
    from scipy import sparse

    from fact.matching.store import TokenCounts

    with np.load(COUNTS, allow_pickle=False) as a:
        terms = a["terms"].tolist()
        return TokenCounts(sparse.csr_matrix((a["data"], a["indices"], a["indptr"]), shape=(len(a["indptr"]) - 1, len(terms))), terms)


def child_prepare(_: int) -> dict:
    from fact.matching.store import count_tokens
    from fact.matching.tokens import index_tokens

    started = time.perf_counter()
    counts = count_tokens([index_tokens(t) for t in scale_corpus()[1]])
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(COUNTS, data=counts.matrix.data, indices=counts.matrix.indices, indptr=counts.matrix.indptr,
             terms=np.array(counts.terms, dtype=str))
    return {"tokenize_s": time.perf_counter() - started}


def _timed(call, items) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        call(item)
        out.append(time.perf_counter() - started)
    return out


def child_bare(n: int) -> dict:
    import faiss
    from sparse_dot_topn import sp_matmul_topn

    from fact.matching.engine import SentenceIndex
    from fact.matching.semantic import PER_LIST, PROBES

    ids, texts = scale_corpus()
    started = time.perf_counter()
    lexical = SentenceIndex(texts, ids, counts=_counts(), approximate=False)  # the TF-IDF weighting
    right = lexical.matrix.T.tocsr()
    vectors = unit_vectors(len(texts), 0)
    lists = len(texts) // PER_LIST
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIMS), DIMS, lists, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.add(vectors)
    index.nprobe = PROBES
    build = time.perf_counter() - started
    texts_of_claims = claims(n)
    rows, queries = lexical.vectorize(texts_of_claims), unit_vectors(n, 1)
    sparse_s = _timed(lambda i: sp_matmul_topn(rows[i], right, top_n=DEPTH, threshold=1e-6, sort=True, n_threads=1), range(n))
    faiss_s = _timed(lambda i: index.search(queries[i : i + 1], DEPTH), range(n))
    return {"build_s": build, "sparse": sparse_s, "faiss": faiss_s}


def child_ours(n: int) -> dict:
    from fact.matching.claim_evidence import EvidenceIndex

    ids, texts = scale_corpus()
    started = time.perf_counter()
    index = EvidenceIndex(np.arange(len(texts)), ids, texts, unit_vectors(len(texts), 0), counts=_counts())
    build = time.perf_counter() - started
    texts_of_claims, queries = claims(n), unit_vectors(n, 1)
    lexical = _timed(lambda i: index.evidence([texts_of_claims[i]], ranking="lexical"), range(n))
    index.forget_claims()  # each claim arrives for the first time: its tokenizing is timed
    hybrid = _timed(lambda i: index.evidence([texts_of_claims[i]], queries[i : i + 1]), range(n))
    index.forget_claims()
    started = time.perf_counter()
    earlier = index.evidence(texts_of_claims, queries)
    batch = time.perf_counter() - started
    new_ids, new_texts = realistic_sentences(NEW_ARTICLES, 11)
    started = time.perf_counter()
    since = index.add(np.arange(len(texts), len(texts) + len(new_texts)), [f"new:{a}" for a in new_ids], new_texts,
                      unit_vectors(len(new_texts), 2))
    added = time.perf_counter() - started
    started = time.perf_counter()
    index.update(texts_of_claims, queries, earlier, since=since)
    update = time.perf_counter() - started
    started = time.perf_counter()
    index.evidence(texts_of_claims, queries)
    afresh = time.perf_counter() - started
    return {"build_s": build, "lexical": lexical, "hybrid": hybrid, "batch_s": batch, "new_sentences": len(new_texts),
            "add_s": added, "update_s": update, "afresh_s": afresh}


def _child(kind: str, n: int) -> dict:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.claim_evidence", "--child", kind, str(n)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(seconds: list[float], q: float) -> float:
    return float(np.percentile(seconds, q)) * 1000


def main(args) -> None:
    if args.child:
        kind, n = args.child[0], int(args.child[1])
        result = {"prepare": child_prepare, "bare": child_bare, "ours": child_ours}[kind](n)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    n = args.claims
    prepared = _child("prepare", n)
    bare, ours = _child("bare", n), _child("ours", n)
    print(f"## {n:,} claims against 100,000 realistic sentences (2,760 articles), one claim at a time\n")
    print(f"Tokenizing the corpus once: {prepared['tokenize_s']:.0f} s. Index built from the counts: bare "
          f"{bare['build_s']:.1f} s, ours {ours['build_s']:.1f} s. Peak RSS: bare {bare['peak_mb']:.0f} MB, "
          f"ours {ours['peak_mb']:.0f} MB.\n")
    print("| per claim | ours median ms | ours p95 ms | bare median ms | bare p95 ms | ours / bare (medians) |")
    print("|---|---|---|---|---|---|")
    sparse_s, both_s = np.array(bare["sparse"]), np.array(bare["sparse"]) + np.array(bare["faiss"])
    for name, mine, base in (("lexical (FACT_EMBEDDER=none) vs the sparse product", ours["lexical"], sparse_s),
                             ("hybrid vs the sparse product + the faiss search", ours["hybrid"], both_s)):
        print(f"| {name} | {_ms(mine, 50):.1f} | {_ms(mine, 95):.1f} | {_ms(base, 50):.1f} | {_ms(base, 95):.1f} "
              f"| {np.median(mine) / np.median(base):.2f} |")
    print(f"\nAll {n:,} claims in one call (hybrid): {ours['batch_s']:.1f} s ({ours['batch_s'] / n * 1000:.1f} ms a claim). "
          f"{NEW_ARTICLES} new articles ({ours['new_sentences']:,} sentences): add {ours['add_s']:.1f} s, then update "
          f"of every claim {ours['update_s']:.1f} s, against {ours['afresh_s']:.1f} s to search every claim afresh.")
