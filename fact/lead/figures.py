"""The page's figures (GET /api/stats and the plots' counts), kept per process between page loads.

At a million verdicts the GROUP BYs of /api/stats take seconds (docs/benchmarks.md), too long for
every load of the page. The figures are recounted when the data changed (a fingerprint of indexed
maxima, read in one statement) and either the last count was cheap or it is older than
FACT_LEAD_STATS_SECONDS: a small database always shows the newest figures, a large one figures at
most that old, and the page says when they were counted. The contested queue is never kept: it
is read for every page.
"""
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Adjudication, AnnotationRevision, Claim, Span, Task
from fact.services.claims.overview import claims_by_outlet, verdicts_by_day
from fact.services.claims.agreement import agreement
from fact.services.claims.stats import by_annotator, by_label, claims_by_agreement, progress

CHEAP_SECONDS = 0.5  # a count that took less is redone whenever the data changed


@dataclass(frozen=True)
class Figures:
    values: dict
    fingerprint: tuple
    counted_at: datetime
    took: float  # seconds
    at: float  # time.monotonic() when counted
    plots: dict = field(default_factory=dict)  # {language: the plots drawn from these figures}


_lock = threading.Lock()


def fingerprint() -> tuple:
    """What changes when any figure may: each a maximum or a count an index answers."""
    parts = (func.max(AnnotationRevision.id), func.max(Claim.updated_at), func.max(Adjudication.id),
             func.count(Task.id), func.max(Span.id))
    sources = (AnnotationRevision, Claim, Adjudication, Task, Span)
    return tuple(db.session.execute(select(*(select(part).select_from(source).scalar_subquery()
                                             for part, source in zip(parts, sources)))).one())


def count() -> dict:
    """The parts of GET /api/stats the page shows (its outlets are claims by label here), and the plots' counts."""
    return {"labels": by_label(), "annotators": by_annotator(), "progress": progress(),
            "agreement": asdict(agreement()), "claims": claims_by_agreement(),
            "by_outlet": claims_by_outlet(), "by_day": verdicts_by_day()}


def figures() -> Figures:
    """The figures, recounted or kept as the module docstring says."""
    key = fingerprint()
    kept: Figures | None = current_app.extensions.get("lead_figures")
    max_age = current_app.config["FACT_LEAD_STATS_SECONDS"]
    if kept and (kept.fingerprint == key or (kept.took >= CHEAP_SECONDS and time.monotonic() - kept.at < max_age)):
        return kept
    with _lock:  # one recount at a time per process: a second request waits and takes its result
        kept = current_app.extensions.get("lead_figures")
        if kept and kept.fingerprint == key:
            return kept
        started = time.monotonic()
        values = count()
        kept = Figures(values, key, datetime.now(timezone.utc), time.monotonic() - started, time.monotonic())
        current_app.extensions["lead_figures"] = kept
        return kept
