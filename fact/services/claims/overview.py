"""What the lead's page plots beside GET /api/stats: claims by final label per outlet, and verdicts
over time. Each is one GROUP BY (the time series over a bounded window of the verdicts' created_at
index), like the counts of fact.services.claims.stats."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article, Claim, Label, Outlet, Verdict
from fact.services.claims.votes import CURRENT

DAYS = 90  # the window of the time series


def claims_by_outlet() -> list[dict]:
    """Per outlet (None: unknown), its claims with a vote by final label ("none": contested, unsettled)."""
    rows = db.session.execute(
        select(Article.outlet_id, Claim.label, func.count()).join(Claim, Claim.article_id == Article.id)
        .where(Claim.verdict_count > 0).group_by(Article.outlet_id, Claim.label))
    outlets: dict[int | None, dict] = {}
    for outlet_id, label, count in rows:
        counts = outlets.setdefault(outlet_id, {str(name): 0 for name in [*Label, "none"]})
        counts[str(label) if label else "none"] = count
    names = dict(db.session.execute(select(Outlet.id, Outlet.name).where(Outlet.id.in_(
        [i for i in outlets if i is not None]))).all())
    return sorted(({"outlet": names.get(outlet_id), "labels": counts} for outlet_id, counts in outlets.items()),
                  key=lambda row: (-sum(row["labels"].values()), row["outlet"] or ""))


def verdicts_by_day(today: date | None = None, days: int = DAYS) -> list[dict]:
    """The current verdicts given each day of the last `days` (UTC), from the first day with one, with
    the running total (counting those before the window)."""
    today = today or datetime.now(timezone.utc).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), timezone.utc)
    day = _day(Verdict.created_at)
    per_day = {str(d)[:10]: n for d, n in db.session.execute(
        select(day, func.count()).where(CURRENT, Verdict.created_at >= since).group_by(day))}
    total = db.session.scalar(select(func.count()).select_from(Verdict).where(CURRENT, Verdict.created_at < since))
    series, started = [], False
    for offset in range(days):
        key = (first + timedelta(days=offset)).isoformat()
        started = started or key in per_day
        if started:
            total += per_day.get(key, 0)
            series.append({"day": key, "verdicts": per_day.get(key, 0), "total": total})
    return series


def _day(column):
    """The UTC calendar day of a stored time, on each backend (SQLite keeps UTC text)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)
