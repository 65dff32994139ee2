"""One score from the two signals: the lexical cosine (TF-IDF) and the semantic one (embeddings).

    fused = lexical + WEIGHT / (1 - WEIGHT) * clip((semantic - FLOOR) / (1 - FLOOR), 0, 1)

which ranks as (1 - WEIGHT) * lexical + WEIGHT * meaning does, while a pair found by words alone keeps
its lexical cosine as its score: the thresholds on a candidate's score (a prediction's strength) keep
their meaning, and meaning adds to them (so a fused score may exceed 1).

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
    """The fused score of each pair from its two cosines (arrays of the same shape); with weight 1, the
    meaning alone."""
    meaning = np.clip((np.asarray(semantic, dtype=np.float32) - floor) / (1.0 - floor), 0.0, 1.0)
    if weight >= 1.0:
        return meaning.astype(np.float32)
    return (np.asarray(lexical, dtype=np.float32) + weight / (1.0 - weight) * meaning).astype(np.float32)
