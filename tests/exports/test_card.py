"""The card's agreement figure, counted per distinct vote pattern, against the krippendorff package."""
from collections import Counter

import krippendorff
import numpy as np
import pytest

from fact.services.exports.card import nominal_alpha


@pytest.mark.parametrize("seed", range(5))
def test_alpha_of_claims_grouped_by_their_votes_is_krippendorffs_alpha_of_every_claim(seed):
    rng = np.random.default_rng(seed)
    annotators = rng.integers(2, 6, size=400)  # 2-5 annotators a claim, three labels, skewed
    claims = np.stack([rng.multinomial(n, [0.6, 0.3, 0.1]) for n in annotators])
    patterns = Counter(map(tuple, claims.tolist()))

    grouped = nominal_alpha(np.array(list(patterns), dtype=float), np.array(list(patterns.values()), dtype=float))

    assert len(patterns) < len(claims) / 4  # the grouping is what keeps the memory flat
    expected = krippendorff.alpha(value_counts=claims, level_of_measurement="nominal")
    assert grouped == round(float(expected), 4)


def test_alpha_is_none_without_two_claims_or_two_labels_in_use():
    two_claims = np.array([[2.0, 0, 0], [1, 1, 0]])

    # Do = De = 1/2 (one claim split, pooled values 3 against 1): alpha 0, a figure, not None.
    assert nominal_alpha(two_claims, np.array([1.0, 1])) == 0.0
    assert nominal_alpha(two_claims[:1], np.array([1.0])) is None
    assert nominal_alpha(np.array([[3.0, 0, 0], [2, 0, 0]]), np.array([5.0, 7])) is None
