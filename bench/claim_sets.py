"""The corpora and claim sets the claim benchmarks share (bench/claim_evidence.py, bench/checked_claims.py).

* distractor articles: bench.realistic's scraped-news articles, their real (not clutter) sentences
  cut where the generator's truth says, so no segmenter error enters the figures;
* ANS: the stance pairs of a split. The claim is `s2` (written by annotators from the headline: a
  paraphrase for `agree`, a contradiction for `disagree`), the evidence is `s1`, the real headline,
  as one sentence of a news article: the direction a desk meets them (a claim from outside, the news
  that reports it);
* vectors: passage vectors of the bundled e5, cached in bench/out/ by model and text (one matrix, so
  that 100k sentences load in a second).
"""
import hashlib
import random
import unicodedata
from pathlib import Path

import numpy as np

from bench import realistic
from bench.fusion import ANS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SCALE_ARTICLES, SCALE_SENTENCES = 2760, 100_000
FILLER = 8  # sentences of distractor prose around a planted ANS headline


def realistic_sentences(articles: int, seed: int) -> tuple[list[str], list[str]]:
    """(article ids, sentence texts) of the real sentences of a generated corpus, in order."""
    ids, texts = [], []
    for record in realistic.generate(articles, seed):
        for paragraph in record["truth"]["paragraphs"]:
            if not paragraph["clutter"]:
                for s in paragraph["sentences"]:
                    ids.append(record["truth"]["id"])
                    texts.append(unicodedata.normalize("NFC", record["text"][s["start"] : s["end"]]))
    return ids, texts


def realistic_headlines(articles: int, seed: int) -> list[str]:
    """The distinct headlines of a generated corpus: distractor claims of the same shape as ANS's."""
    found = []
    for record in realistic.generate(articles, seed):
        for paragraph in record["truth"]["paragraphs"]:
            found += [unicodedata.normalize("NFC", record["text"][s["start"] : s["end"]]).strip(" .")
                      for s in paragraph["sentences"] if s["role"] == "headline"]
    return list(dict.fromkeys(found))


def scale_corpus() -> tuple[list[str], list[str]]:
    """The first 100,000 real sentences of a realistic corpus of 2,760 articles (seed 0)."""
    ids, texts = realistic_sentences(SCALE_ARTICLES, 0)
    return ids[:SCALE_SENTENCES], texts[:SCALE_SENTENCES]


def ans_pairs(split: str) -> list[tuple[str, str, str]]:
    """(s1, s2, stance) of every pair of an ANS split, NFC, stripped."""
    import csv

    with (ANS / f"stance_{split}.csv").open(encoding="utf-8") as f:
        return [tuple(unicodedata.normalize("NFC", r[k].strip()) for k in ("s1", "s2", "stance"))
                for r in csv.DictReader(f)]


def planted_corpus(split: str, distractors: int = 100, seed: int = 1) -> tuple[list[str], list[str]]:
    """(article ids, sentence texts): each distinct `s1` of the split planted among FILLER sentences
    drawn from other distractor articles (article "ans:<n>"), then the distractor articles themselves.
    The filler is real prose of the corpus, so that an article is not one sentence long."""
    d_ids, d_texts = realistic_sentences(distractors, seed)
    rng = random.Random(seed)
    ids, texts = [], []
    for n, headline in enumerate(sorted({s1 for s1, _, _ in ans_pairs(split)})):
        filler = rng.sample(d_texts, FILLER)
        filler.insert(rng.randrange(FILLER + 1), headline)
        ids += [f"ans:{n}"] * len(filler)
        texts += filler
    return ids + d_ids, texts + d_texts


def same_claims(pairs: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Each headline's paraphrases, through `agree` pairs taken as an equivalence: ANS reuses an `s2` as
    another pair's `s1`, so its headlines come in clusters that state one claim, and an article holding
    any of them supports (or refutes) what the cluster supports (or refutes)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s1, s2, stance in pairs:
        if stance == "agree":
            parent[root(s1)] = root(s2)
    members: dict[str, set[str]] = {}
    for text in list(parent):
        members.setdefault(root(text), set()).add(text)
    return {text: members[root(text)] for text in parent}


def relevant_articles(ids: list[str], texts: list[str], evidence: str) -> set[str]:
    """Every article one of whose sentences holds the evidence text (realistic.py's roundups quote ANS
    train headlines, so a distractor may hold it too: then it is right as well)."""
    return {a for a, t in zip(ids, texts) if evidence in t}


def cached_vectors(embedder, texts: list[str], name: str) -> np.ndarray:
    """Passage vectors of `texts`, embedded once per distinct text and kept in bench/out/NAME-MODEL.npz."""
    model = hashlib.sha1(f"{embedder.name} {embedder.version}".encode()).hexdigest()[:12]
    cache = OUT / f"{name}-{model}.npz"
    keys = np.array([hashlib.sha1(t.encode()).hexdigest() for t in texts])
    known_keys, known = np.array([], dtype=keys.dtype), np.zeros((0, embedder.dimensions), dtype=np.float32)
    if cache.exists():
        with np.load(cache, allow_pickle=False) as archive:
            known_keys, known = archive["keys"], archive["vectors"]
    position = {k: i for i, k in enumerate(known_keys.tolist())}
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys.tolist()) if k not in position))
    if missing:
        fresh = embedder.embed_passages(missing).astype(np.float16)
        known_keys = np.concatenate([known_keys, [hashlib.sha1(t.encode()).hexdigest() for t in missing]])
        known = np.concatenate([known.astype(np.float16), fresh])
        OUT.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=known_keys, vectors=known)
        position = {k: i for i, k in enumerate(known_keys.tolist())}
    out = known[[position[k] for k in keys.tolist()]].astype(np.float32)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)  # float16 storage, as span_vectors
