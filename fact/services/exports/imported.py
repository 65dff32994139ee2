"""What `claimreview` says of a claim from outside: the schema.org Claim it reviews, with its claimant
as `author`, its date, and where it appeared (fact.models.ClaimAppearance), in the terms
fact.services.claims.intake.claimreview reads back (so a review exported here imports as the same claim
with the same appearances).
"""
from collections import defaultdict

from sqlalchemy import select

from fact.extensions import db
from fact.models import Claim, ClaimAppearance


def _person(name: str | None) -> dict | None:
    """Who made or posted a claim: only a name is known, kept as the feeds give it (a Person's)."""
    return {"@type": "Person", "name": name} if name else None


def _work(appearance) -> dict | None:
    """An appearance as a CreativeWork; None for one that says nowhere, when and by whom (a record of
    a file with no URL, date or author)."""
    url, appeared_at, author = appearance
    work = {"@type": "CreativeWork", "url": url, "datePublished": appeared_at.isoformat() if appeared_at else None,
            "author": _person(author)}
    if url is None and appeared_at is None and author is None:
        return None
    return {k: v for k, v in work.items() if v is not None}


def outside_of(claim_ids: list[int]) -> dict[int, dict]:
    """Claim id -> its `itemReviewed`, for those of these claims that came from outside."""
    if not claim_ids:
        return {}
    works = defaultdict(list)
    for claim_id, *appearance in db.session.execute(
            select(ClaimAppearance.claim_id, ClaimAppearance.url, ClaimAppearance.appeared_at, ClaimAppearance.author)
            .where(ClaimAppearance.claim_id.in_(claim_ids)).order_by(ClaimAppearance.claim_id, ClaimAppearance.id)):
        if (work := _work(appearance)) is not None:
            works[claim_id].append(work)
    items = {}
    for claim_id, claimant, claim_date in db.session.execute(
            select(Claim.id, Claim.claimant, Claim.claim_date).where(Claim.id.in_(claim_ids))):
        listed = works.get(claim_id, [])
        dated = [w for w in listed if "datePublished" in w]
        # the earliest dated (the first recorded of equal dates), else the first recorded
        first = min(dated, key=lambda w: w["datePublished"]) if dated else (listed[0] if listed else None)
        item = {"@type": "Claim", "author": _person(claimant),
                "datePublished": claim_date.isoformat() if claim_date else None,
                "firstAppearance": first, "appearance": listed}
        items[claim_id] = {k: v for k, v in item.items() if v is not None}
    return items
