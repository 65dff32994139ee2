"""Train/dev/test splits that keep each story whole.

Wire copies of one story carry the same claims almost word for word: a story in both train and test
would leak the answer. So whole groups (a story cluster, or an article in none) go to one split,
shuffled with a fixed seed and dealt out by their claim counts.
"""
import random
from collections import Counter

from sqlalchemy import and_, case, false, func, or_, select

from fact.extensions import db
from fact.models import Article, Claim
from fact.services.exports.rows import Selection, group_of

SPLITS = ("train", "dev", "test")


def parse_split(text: str) -> tuple[float, float, float]:
    """'0.8,0.1,0.1' -> fractions of train, dev and test; ValueError says what is wrong."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 3:
        raise ValueError("Give three fractions, train,dev,test (e.g. 0.8,0.1,0.1).")
    try:
        fractions = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError(f"Not numbers: {text!r}.") from None
    if any(not 0 <= f <= 1 for f in fractions):
        raise ValueError("Each fraction is between 0 and 1.")
    if abs(sum(fractions) - 1) > 1e-6:
        raise ValueError(f"The fractions add up to {sum(fractions):g}, not 1.")
    return fractions


def group_sizes(selection: Selection | None, also=None) -> Counter:
    """Claims per group (story cluster, or article outside any cluster): those `selection` takes (None:
    none), and those whose ids `also` selects (the claims of a format's own reading: exports.formats)."""
    alone = case((Claim.article_id.is_(None), Claim.id))  # a claim from outside: a group of its own
    taken = [and_(*selection.where())] if selection is not None else []
    if also is not None:
        taken.append(Claim.id.in_(also))
    rows = db.session.execute(
        select(Article.story_cluster_id, Claim.article_id, alone, func.count(Claim.id))
        .select_from(Claim).outerjoin(Article, Claim.article_id == Article.id)
        .where(or_(false(), *taken))
        .group_by(Article.story_cluster_id, Claim.article_id, alone)
    )
    sizes: Counter = Counter()
    for cluster, article, claim, claims in rows:
        sizes[group_of(cluster, article, claim)] += claims
    return sizes


def assign(sizes: dict[str, int], fractions: tuple[float, float, float], seed: int) -> dict[str, str]:
    """Group -> split. A group goes where the middle of its claims falls on the shuffled line."""
    groups = sorted(sizes)
    random.Random(seed).shuffle(groups)
    total = sum(sizes.values()) or 1
    bounds = [sum(fractions[: i + 1]) for i in range(len(SPLITS))]
    assignment, done = {}, 0
    for group in groups:
        middle = (done + sizes[group] / 2) / total
        assignment[group] = next((s for s, b in zip(SPLITS, bounds) if middle < b), SPLITS[-1])
        done += sizes[group]
    return assignment
