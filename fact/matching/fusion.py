"""One score from the two signals: the lexical cosine (TF-IDF) and the semantic one (embeddings).

    fused = (1 - WEIGHT) * lexical + WEIGHT * clip((semantic - FLOOR) / (1 - FLOOR), 0, 1)

A weighted sum rather than reciprocal rank fusion: RRF with equal weights pulled recall@1 toward the
weaker signal (docs/matching.md), and it throws away how far apart two candidates are. The semantic
cosine is rescaled from FLOOR because e5's cosines crowd into 0.7-0.95 for any two Arabic news
sentences: below FLOOR a pair says nothing by meaning. WEIGHT and FLOOR were fitted on the ANS train
split (bench/fusion.py: the most even weight within noise of the best) and are reported on ANS dev
and the seed gold set, which they never saw.
"""
import numpy as np

WEIGHT, FLOOR = 0.5, 0.85


def fused_scores(lexical: np.ndarray, semantic: np.ndarray, weight: float = WEIGHT,
                 floor: float = FLOOR) -> np.ndarray:
    """The fused score of each pair from its two cosines (arrays of the same shape)."""
    meaning = np.clip((np.asarray(semantic, dtype=np.float32) - floor) / (1.0 - floor), 0.0, 1.0)
    return ((1.0 - weight) * np.asarray(lexical, dtype=np.float32) + weight * meaning).astype(np.float32)
