"""A claim's evidence as GET /api/claims/<id> shows it: the retrieved articles ranked, each with its
passages, the stances annotators gave them and the lead's settling of a tie; then the articles that have stances but were not
retrieved (labels imported from elsewhere), by id. Bounded, in seven queries whatever the claim."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only, selectinload

from fact.extensions import db
from fact.models import Article, Span
from fact.models.annotations import Annotator
from fact.models.claim_work import ArticleStance, ClaimEvidence, ClaimPassage, StanceRationale
from fact.services.claims.stance_settling import settled_stances
from fact.services.claims.stances import pair_label

STANCE_ARTICLES = 50  # articles with stances but not retrieved, shown at most


@dataclass
class EvidenceView:
    article: Article
    rank: int | None = None  # None: not retrieved, only given a stance
    score: float | None = None
    passages: list[ClaimPassage] = field(default_factory=list)
    stances: list[dict] = field(default_factory=list)  # current stances, oldest first
    settled: str | None = None  # the lead's settling of the pair, if any

    @property
    def stance(self) -> str | None:
        """The pair's label (fact.services.claims.stances): each annotator's newest stance counts once."""
        newest = {s["annotator_id"]: s["stance"] for s in self.stances}
        return pair_label(newest.values(), self.settled)


def claim_evidence(claim_id: int) -> list[EvidenceView]:
    """The claim's evidence articles, best first, then those with stances alone (at most STANCE_ARTICLES)."""
    article_details = (load_only(Article.id, Article.title, Article.url, Article.published_at, Article.outlet_id),
                       joinedload(Article.outlet))
    retrieved = db.session.scalars(
        select(ClaimEvidence).where(ClaimEvidence.claim_id == claim_id).order_by(ClaimEvidence.rank)
        .options(joinedload(ClaimEvidence.article).options(*article_details),
                 selectinload(ClaimEvidence.passages).joinedload(ClaimPassage.span).load_only(Span.id, Span.text))
    ).unique().all()
    views = {e.article_id: EvidenceView(e.article, e.rank, e.score, list(e.passages)) for e in retrieved}
    current = (ArticleStance.claim_id == claim_id, ArticleStance.superseded_at.is_(None))
    others = db.session.scalars(
        select(ArticleStance.article_id).where(*current, ArticleStance.article_id.not_in(list(views)))
        .group_by(ArticleStance.article_id).order_by(ArticleStance.article_id).limit(STANCE_ARTICLES)).all()
    for article in db.session.scalars(select(Article).where(Article.id.in_(others)).order_by(Article.id)
                                      .options(*article_details)):
        views[article.id] = EvidenceView(article)
    if not views:
        return []
    stances = db.session.execute(
        select(ArticleStance, Annotator).outerjoin(Annotator, Annotator.id == ArticleStance.annotator_id)
        .where(*current, ArticleStance.article_id.in_(list(views))).order_by(ArticleStance.id)
        .options(selectinload(ArticleStance.rationale).joinedload(StanceRationale.span).load_only(Span.id, Span.text))
    ).all()
    by_article: dict[int, list[dict]] = defaultdict(list)
    for stance, annotator in stances:
        by_article[stance.article_id].append({
            "annotator_id": stance.annotator_id,
            "annotator": (annotator.name or annotator.email) if annotator else None,
            "stance": str(stance.stance), "created_at": stance.created_at,
            "rationale": [{"span_id": r.span_id, "text": r.span.text} for r in stance.rationale]})
    settled = settled_stances([claim_id])
    for article_id, view in views.items():
        view.stances = by_article.get(article_id, [])
        view.settled = settled.get((claim_id, article_id))
    return list(views.values())
