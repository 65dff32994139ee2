"""Disputes across outlets: claims whose cited passages state different quantities of the same thing.

A claim and each passage its counting verdicts cite are *voices*; each voice states quantities
(fact.matching.quantities). Voices are grouped by what they state of one unit ("13 دولة": outlets A,
B; "11 دولة": outlet C), and a claim is in dispute where one unit has two or more values. Where the
claim itself states quantities, only its units count: a passage's other numbers are about something
else. A whole article or a URL cited as a source states no single passage, so it is no voice.

The page asks for the newest claims with cited passages only (a bounded scan by evidence id), so the
cost does not grow with the database.
"""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from fact.extensions import db
from fact.matching.quantities import quantities
from fact.models import Appearance, Article, Claim, Evidence, Outlet, Span, Verdict
from fact.services.claims.votes import CURRENT


@dataclass(frozen=True)
class Voice:
    """A claim (span_id None) or a passage it cites, with the outlets that published its article."""
    text: str
    outlets: tuple[str, ...]
    span_id: int | None = None


@dataclass
class Statement:
    """One value of one unit, as the voices that state it say it."""
    text: str  # the quantity's words in the first voice that states it
    low: float
    high: float
    outlets: list[str] = field(default_factory=list)  # distinct, in the voices' order
    passages: list[int] = field(default_factory=list)  # span ids of the passages that state it
    by_claim: bool = False  # the claim itself states it


@dataclass(frozen=True)
class Dispute:
    claim_id: int
    claim_text: str
    unit: str
    statements: list[Statement]


def disagreements(claim_text: str, voices: Sequence[Voice]) -> dict[str, list[Statement]]:
    """{unit: its statements} for each unit on which the claim (the first voice) and its passages
    state two or more values; statements in the order their first voice comes."""
    stated = [(voice, quantities(voice.text)) for voice in voices]
    claim_units = {q.unit for voice, found in stated if voice.span_id is None for q in found if q.unit}
    by_unit: dict[str, dict[tuple[float, float], Statement]] = defaultdict(dict)
    for voice, found in stated:
        for quantity in found:
            if quantity.unit is None or (claim_units and quantity.unit not in claim_units):
                continue
            statement = by_unit[quantity.unit].setdefault(
                (quantity.low, quantity.high), Statement(quantity.text, quantity.low, quantity.high))
            statement.outlets += [outlet for outlet in voice.outlets if outlet not in statement.outlets]
            if voice.span_id is None:
                statement.by_claim = True
            elif voice.span_id not in statement.passages:
                statement.passages.append(voice.span_id)
    return {unit: list(values.values()) for unit, values in by_unit.items() if len(values) > 1}


def disputes(limit: int = 20, scan: int = 500) -> list[Dispute]:
    """Up to `limit` disputes among the claims of the newest `scan` cited passages, newest first."""
    newest = db.session.execute(
        select(Verdict.claim_id).join(Evidence, Evidence.verdict_id == Verdict.id)
        .where(CURRENT, Evidence.span_id.is_not(None)).order_by(Evidence.id.desc()).limit(scan)
    ).scalars()
    claim_ids = list(dict.fromkeys(newest))
    if not claim_ids:
        return []
    claims = {c.id: c for c in db.session.execute(
        select(Claim.id, Claim.text, Claim.article_id).where(Claim.id.in_(claim_ids)))}
    cited = defaultdict(list)
    for claim_id, span_id, text, article_id in db.session.execute(
            select(Verdict.claim_id, Span.id, Span.text, Span.article_id).distinct()
            .join(Evidence, Evidence.verdict_id == Verdict.id).join(Span, Span.id == Evidence.span_id)
            .where(CURRENT, Verdict.claim_id.in_(claim_ids)).order_by(Verdict.claim_id, Span.id)):
        cited[claim_id].append((span_id, text, article_id))
    outlets = outlets_of({c.article_id for c in claims.values()}
                         | {article for passages in cited.values() for _, _, article in passages})
    found = []
    for claim_id in claim_ids:
        claim = claims[claim_id]
        voices = [Voice(claim.text, outlets.get(claim.article_id, ()))]
        voices += [Voice(text, outlets.get(article, ()), span) for span, text, article in cited[claim_id]]
        found += [Dispute(claim_id, claim.text, unit, statements)
                  for unit, statements in disagreements(claim.text, voices).items()]
        if len(found) >= limit:
            break
    return found[:limit]


def outlets_of(article_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """{article: the names of the outlets that published it}: its own outlet first, then its wire copies'."""
    ids = sorted(set(article_ids))
    names: dict[int, list[str]] = defaultdict(list)
    for article_id, name in db.session.execute(
            select(Article.id, Outlet.name).join(Outlet, Outlet.id == Article.outlet_id).where(Article.id.in_(ids))):
        names[article_id].append(name)
    for article_id, name in db.session.execute(
            select(Appearance.article_id, Outlet.name).join(Outlet, Outlet.id == Appearance.outlet_id)
            .where(Appearance.article_id.in_(ids)).order_by(Appearance.id)):
        if name not in names[article_id]:
            names[article_id].append(name)
    return {article_id: tuple(found) for article_id, found in names.items()}
