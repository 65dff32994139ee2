"""Agreement between annotators: Krippendorff's alpha (nominal), overall and per label.

Computed by the `krippendorff` library from a claims × labels table of votes (fact.services.claims.votes:
each annotator's newest current verdict), on the claims that two or more annotators judged (the only
ones that can agree or not). Per label, the same on "this label or not". Alpha is None where it is
undefined (fewer than two such claims, or a single label used throughout). The dataset card gives
the same figures over the exported claims, from vote patterns it counts as the rows stream past.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field

import krippendorff
import numpy as np
from sqlalchemy import Select, case, func, select

from fact.extensions import db
from fact.models import Claim, Label
from fact.services.claims.votes import votes

LABELS = list(Label)

VotePatterns = Mapping[tuple[int, ...], int]  # (votes for each of LABELS) -> how many claims got them


@dataclass(frozen=True)
class AgreementFigures:
    alpha: float | None
    claims: int  # claims judged by two or more annotators: what alpha rests on
    votes: int  # their votes (one per annotator)
    per_label: dict[str, float | None] = field(default_factory=dict)


def agreement(claim_ids: Select | None = None) -> AgreementFigures:
    """The figures over every claim, or over the claims whose ids `claim_ids` selects."""
    pairable = select(Claim.id).where(Claim.verdict_count >= 2)
    if claim_ids is not None:
        pairable = pairable.where(Claim.id.in_(claim_ids))
    return figures(_vote_patterns(pairable))


def figures(patterns: VotePatterns) -> AgreementFigures:
    """The figures of claims given by their patterns of votes, each with how many claims have it."""
    return AgreementFigures(*alphas(patterns, LABELS))


def alphas(patterns: VotePatterns, labels) -> tuple[float | None, int, int, dict[str, float | None]]:
    """(alpha, units, votes, alpha per label) of units given by their patterns of votes (the count for
    each of `labels`), each with how many units have it: claims here, (claim, article) pairs for stances.

    A unit is its row of vote counts, so units alike are one pattern: the database (or the export's
    tally) keeps a handful of patterns however many units, and the library's table is rebuilt here.
    """
    rows = np.array(list(patterns), dtype=float).reshape(-1, len(labels))
    counts = np.repeat(rows, list(patterns.values()), axis=0)
    per_label = {
        str(label): _alpha(np.stack([counts[:, i], counts.sum(axis=1) - counts[:, i]], axis=1))
        for i, label in enumerate(labels)
    }
    return _alpha(counts), len(counts), int(counts.sum()), per_label


def _vote_patterns(claim_ids: Select) -> dict[tuple[int, ...], int]:
    """The claims' rows of votes for each label, grouped: reading every verdict into Python instead
    took seconds at a million verdicts."""
    vote = votes(claim_ids)
    per_claim = (select(*(func.sum(case((vote.c.label == label, 1), else_=0)).label(str(label)) for label in LABELS))
                 .group_by(vote.c.claim_id).subquery())
    rows = db.session.execute(select(*per_claim.c, func.count()).group_by(*per_claim.c)).all()
    return {tuple(int(n) for n in row[:-1]): row[-1] for row in rows}


def _alpha(value_counts: np.ndarray) -> float | None:
    if len(value_counts) < 2 or np.count_nonzero(value_counts.sum(axis=0)) < 2:
        return None
    value = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    return None if np.isnan(value) else round(float(value), 4)
