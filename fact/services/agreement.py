"""Agreement between annotators: Krippendorff's alpha (nominal), overall and per label.

Computed by the `krippendorff` library from a claims × labels table of counts: each annotator's
newest verdict that counts, on the claims that two or more annotators judged (the only ones that
can agree or not). Per label, the same on "this label or not". Alpha is None where it is undefined
(fewer than two such claims, or a single label used throughout).
"""
from dataclasses import dataclass, field

import krippendorff
import numpy as np
from sqlalchemy import Select, case, func, select

from fact.extensions import db
from fact.models import Claim, Label, Verdict

LABELS = list(Label)


@dataclass(frozen=True)
class AgreementFigures:
    alpha: float | None
    claims: int  # claims judged by two or more annotators: what alpha rests on
    verdicts: int  # their verdicts (one per annotator)
    per_label: dict[str, float | None] = field(default_factory=dict)


def agreement(claim_ids: Select | None = None) -> AgreementFigures:
    """The figures over every claim, or over the claims whose ids `claim_ids` selects."""
    pairable = select(Claim.id).where(Claim.verdict_count >= 2)
    if claim_ids is not None:
        pairable = pairable.where(Claim.id.in_(claim_ids))
    counts = _vote_counts(pairable)
    per_label = {
        str(label): _alpha(np.stack([counts[:, i], counts.sum(axis=1) - counts[:, i]], axis=1))
        for i, label in enumerate(LABELS)
    }
    return AgreementFigures(_alpha(counts), len(counts), int(counts.sum()), per_label)


def _vote_counts(claim_ids: Select) -> np.ndarray:
    """A claims x labels table: how many annotators gave each label, by their newest counting verdict.

    The database counts: it groups the claims by their row of counts (a handful of distinct rows),
    and the table is rebuilt from those, as the library wants it. Reading every verdict into Python
    instead took seconds at a million verdicts."""
    newest = select(
        Verdict.claim_id, Verdict.label,
        func.row_number().over(partition_by=(Verdict.claim_id, Verdict.annotator_id), order_by=Verdict.id.desc())
        .label("newest"),
    ).where(Verdict.superseded_at.is_(None), Verdict.claim_id.in_(claim_ids)).subquery()
    per_claim = (select(*(func.sum(case((newest.c.label == label, 1), else_=0)).label(str(label)) for label in LABELS))
                 .where(newest.c.newest == 1).group_by(newest.c.claim_id).subquery())
    patterns = db.session.execute(select(*per_claim.c, func.count()).group_by(*per_claim.c)).all()
    rows = np.array([pattern[:-1] for pattern in patterns], dtype=float).reshape(-1, len(LABELS))
    return np.repeat(rows, [pattern[-1] for pattern in patterns], axis=0)


def _alpha(value_counts: np.ndarray) -> float | None:
    if len(value_counts) < 2 or np.count_nonzero(value_counts.sum(axis=0)) < 2:
        return None
    value = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    return None if np.isnan(value) else round(float(value), 4)
