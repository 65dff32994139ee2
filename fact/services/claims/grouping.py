"""Which claim a highlight belongs to: two annotators rarely highlight the same fact to the letter.

The rule (README, "Claims and agreement"): a highlight joins the claim of the same article whose
stretch overlaps it most, measured as the share of code points the two have in common over the
code points either covers (intersection over union), if that share is at least one half; otherwise
it starts a new claim with its own offsets. One annotation gives a claim at most one verdict: its
highlights are paired with claims best overlap first. The pairing runs over a page of annotations
at a time in fact.services.annotations.write (a webhook delivery is a page of one).
"""
OVERLAP = 0.5


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two [start, end) stretches of code points."""
    common = min(a[1], b[1]) - max(a[0], b[0])
    if common <= 0:
        return 0.0
    return common / (max(a[1], b[1]) - min(a[0], b[0]))
