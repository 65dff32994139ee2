"""The lead's settling of stance ties: a (claim, article) pair whose annotators tie at the top has no
stance (fact.services.claims.stances.pair_label) until a lead settles it; the settling then wins in the
claim's evidence and the stance export, and the stances stay as they are.

The tied pairs are read from `stance_pairs` (fact.models.StancePair), whose counts and tie (by the one
rule of a pair's label, stances.top_stance) are kept whenever a claim's stances change: the queue is an
index range, read anew at every load of the lead's page, as the contested claims are.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, load_only

from fact.extensions import db
from fact.models import Article, ArticleStance, ArticleStanceLabel, Claim, StanceAdjudication, StancePair
from fact.models.articles import utcnow
from fact.services.claims.stances import CURRENT_STANCE, STANCE_LABELS

CURRENT_SETTLING = StanceAdjudication.superseded_at.is_(None)


class NothingToSettle(ValueError):
    """The article has no current stance towards the claim: there is no tie to settle."""


@dataclass
class StanceTie:
    claim: Claim
    article: Article
    votes: dict[str, int]  # stance -> annotators who gave it (the newest current stance of each)


def settle_stance(claim: Claim, article_id: int, stance: ArticleStanceLabel, adjudicator: str,
                  note: str | None) -> StanceAdjudication:
    """Settle the article's stance towards the claim; an earlier settling is superseded and kept. The
    caller holds the claim's row lock, so that two settlings of one pair follow each other."""
    has_stance = db.session.scalar(select(ArticleStance.id).where(
        ArticleStance.claim_id == claim.id, ArticleStance.article_id == article_id, CURRENT_STANCE).limit(1))
    if has_stance is None:
        raise NothingToSettle(f"Article {article_id} has no stance towards claim {claim.id}: there is nothing to settle.")
    now = utcnow()
    db.session.execute(update(StanceAdjudication).where(
        StanceAdjudication.claim_id == claim.id, StanceAdjudication.article_id == article_id, CURRENT_SETTLING)
        .values(superseded_at=now))
    settling = StanceAdjudication(claim_id=claim.id, article_id=article_id, stance=stance, adjudicator=adjudicator,
                                  note=note, created_at=now)
    db.session.add(settling)
    db.session.flush()
    return settling


def settled_stances(claim_ids: Iterable[int] | None = None) -> dict[tuple[int, int], str]:
    """The standing settlings, (claim id, article id) -> stance; of these claims only, where given."""
    query = select(StanceAdjudication.claim_id, StanceAdjudication.article_id, StanceAdjudication.stance).where(
        CURRENT_SETTLING)
    if claim_ids is not None:
        query = query.where(StanceAdjudication.claim_id.in_(list(claim_ids)))
    return {(claim_id, article_id): str(stance) for claim_id, article_id, stance in db.session.execute(query)}


def stance_ties(limit: int = 10) -> tuple[list[StanceTie], int]:
    """The first `limit` unsettled ties (oldest claim first, then article), and how many there are."""
    settled = select(StanceAdjudication.id).where(
        StanceAdjudication.claim_id == StancePair.claim_id, StanceAdjudication.article_id == StancePair.article_id,
        CURRENT_SETTLING).exists()
    waiting = (StancePair.tied.is_(True), ~settled)
    total = db.session.scalar(select(func.count()).select_from(StancePair).where(*waiting))
    shown = db.session.execute(select(StancePair.claim_id, StancePair.article_id, StancePair.votes).where(*waiting)
                               .order_by(StancePair.claim_id, StancePair.article_id).limit(limit)).all()
    claims = {claim.id: claim for claim in db.session.scalars(
        select(Claim).where(Claim.id.in_({c for c, _, _ in shown}))
        .options(load_only(Claim.id, Claim.text, Claim.language, Claim.article_id),
                 joinedload(Claim.article).load_only(Article.id, Article.language)))}
    articles = {article.id: article for article in db.session.scalars(
        select(Article).where(Article.id.in_({a for _, a, _ in shown}))
        .options(load_only(Article.id, Article.title, Article.url, Article.language, Article.outlet_id),
                 joinedload(Article.outlet)))}
    return [StanceTie(claims[c], articles[a], _in_order(votes))
            for c, a, votes in shown], total


def _in_order(votes: dict[str, int]) -> dict[str, int]:
    """A pair's votes in the order the stances are named in, whatever order the stored object keeps."""
    return {str(label): votes[str(label)] for label in STANCE_LABELS if votes.get(str(label))}
