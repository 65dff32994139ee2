"""What the lead's page plots beside /api/stats: claims by final label per outlet, verdicts by UTC day."""
from datetime import date, datetime, timezone

from sqlalchemy import select, update

from fact.extensions import db
from fact.models import Verdict
from fact.services.claims.overview import claims_by_outlet, verdicts_by_day


def test_claims_are_counted_by_final_label_per_outlet(annotated):
    rows = {row["outlet"]: row["labels"] for row in claims_by_outlet()}

    # A (المغرب اليوم): majority disputed; B (الرأي برس): adjudicated corroborated; C and E: no outlet.
    assert rows == {
        None: {"corroborated": 1, "disputed": 0, "unverifiable": 1, "none": 0},
        "المغرب اليوم": {"corroborated": 0, "disputed": 1, "unverifiable": 0, "none": 0},
        "الرأي برس": {"corroborated": 1, "disputed": 0, "unverifiable": 0, "none": 0},
    }


def test_verdicts_are_counted_by_their_utc_day_with_a_running_total(annotated):
    ids = db.session.scalars(select(Verdict.id).where(Verdict.superseded_at.is_(None)).order_by(Verdict.id)).all()
    times = [datetime(2026, 11, 20, 23, 59, tzinfo=timezone.utc), datetime(2026, 11, 22, 0, 1, tzinfo=timezone.utc),
             datetime(2026, 1, 1, tzinfo=timezone.utc)]  # the last before the window
    for verdict_id, at in zip(ids, times + [times[1]] * (len(ids) - 3)):
        db.session.execute(update(Verdict).where(Verdict.id == verdict_id).values(created_at=at))
    db.session.commit()

    series = verdicts_by_day(today=date(2026, 11, 23), days=30)

    assert series == [
        {"day": "2026-11-20", "verdicts": 1, "total": 2},
        {"day": "2026-11-21", "verdicts": 0, "total": 2},
        {"day": "2026-11-22", "verdicts": len(ids) - 2, "total": len(ids)},
        {"day": "2026-11-23", "verdicts": 0, "total": len(ids)},
    ]


def test_no_verdict_no_series(app):
    assert verdicts_by_day() == [] and claims_by_outlet() == []
