"""The array form of the candidate choice (a full run weighs millions of passages at once) keeps the
same passages, in the same order, as the rule on one sentence's list."""
import numpy as np

from fact.services.matching.candidate_rows import choose, choose_arrays


def test_the_array_choice_keeps_what_the_list_rule_keeps_ties_and_short_lists_included():
    rng = np.random.default_rng(0)
    for _ in range(300):
        sentences, wide, k = int(rng.integers(1, 6)), int(rng.integers(1, 12)), int(rng.integers(1, 6))
        scores = -np.sort(-rng.choice([0.2, 0.4, 0.5, 0.7, 0.9], size=(sentences, wide)), axis=1)
        found = np.arange(wide) < rng.integers(0, wide + 1, size=(sentences, 1))
        hinted = found & (rng.random((sentences, wide)) < 0.3)
        which, position = choose_arrays(found, hinted, scores.astype(np.float32), k)
        for row in range(sentences):
            pool = [(float(scores[row, j]), "dispute" if hinted[row, j] else "none", j)
                    for j in range(wide) if found[row, j]]
            assert [j for _, _, j in choose(pool, k)] == position[which == row].tolist()
