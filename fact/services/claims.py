"""Which claim a highlight belongs to: two annotators rarely highlight the same fact to the letter.

The rule (README, "Claims and agreement"): a highlight joins the claim of the same article whose
stretch overlaps it most, measured as the share of code points the two have in common over the
code points either covers (intersection over union), if that share is at least one half; otherwise
it starts a new claim with its own offsets. One annotation gives a claim at most one verdict: its
highlights are paired with claims best overlap first.
"""
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Claim, Span
from fact.text.normalize import normalize_for_search

OVERLAP = 0.5


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two [start, end) stretches of code points."""
    common = min(a[1], b[1]) - max(a[0], b[0])
    if common <= 0:
        return 0.0
    return common / (max(a[1], b[1]) - min(a[0], b[0]))


def claims_for(span: Span, highlights: list[tuple[int, int, str]]) -> list[Claim]:
    """The claim each highlight (article offsets and text) of one annotation counts for, new ones added."""
    if not highlights:
        return []
    # One writer at a time per article decides on its claims (PostgreSQL; SQLite writes are serial).
    db.session.execute(select(Article.id).where(Article.id == span.article_id).with_for_update())
    low, high = min(h[0] for h in highlights), max(h[1] for h in highlights)
    nearby = list(db.session.scalars(select(Claim).where(
        Claim.article_id == span.article_id, Claim.start < high, Claim.end > low)))
    pairs = sorted(
        (-share, claim.id, i, claim)
        for i, (start, end, _text) in enumerate(highlights)
        for claim in nearby
        if (share := overlap((start, end), (claim.start, claim.end))) >= OVERLAP
    )
    chosen: dict[int, Claim] = {}
    taken: set[int] = set()
    for _share, claim_id, i, claim in pairs:
        if i not in chosen and claim_id not in taken:
            chosen[i], _ = claim, taken.add(claim_id)
    for i, (start, end, text) in enumerate(highlights):
        if i not in chosen:
            chosen[i] = Claim(article_id=span.article_id, span_id=span.id, start=start, end=end, text=text,
                              search_text=normalize_for_search(text))
            db.session.add(chosen[i])
    return [chosen[i] for i in range(len(highlights))]
