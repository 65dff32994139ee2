"""Agreement between annotators: Krippendorff's alpha (nominal), overall and per label.

Computed by the `krippendorff` library from a claims × labels table of counts: each annotator's
newest verdict that counts, on the claims that two or more annotators judged (the only ones that
can agree or not). Per label, the same on "this label or not". Alpha is None where it is undefined
(fewer than two such claims, or a single label used throughout).
"""
from collections import defaultdict
from dataclasses import dataclass, field

import krippendorff
import numpy as np
from sqlalchemy import Select, select

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
    newest: dict[int, dict[int, Label]] = defaultdict(dict)
    rows = db.session.execute(
        select(Verdict.claim_id, Verdict.annotator_id, Verdict.label)
        .where(Verdict.superseded_at.is_(None), Verdict.claim_id.in_(pairable))
        .order_by(Verdict.id)
        .execution_options(yield_per=10_000)
    )
    for claim_id, annotator_id, label in rows:
        newest[claim_id][annotator_id] = label
    counts = np.zeros((len(newest), len(LABELS)))
    for row, labels in enumerate(newest.values()):
        for label in labels.values():
            counts[row, LABELS.index(label)] += 1
    per_label = {
        str(label): _alpha(np.stack([counts[:, i], counts.sum(axis=1) - counts[:, i]], axis=1))
        for i, label in enumerate(LABELS)
    }
    return AgreementFigures(_alpha(counts), len(newest), int(counts.sum()), per_label)


def _alpha(value_counts: np.ndarray) -> float | None:
    if len(value_counts) < 2 or np.count_nonzero(value_counts.sum(axis=0)) < 2:
        return None
    value = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    return None if np.isnan(value) else round(float(value), 4)
