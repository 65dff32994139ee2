"""The lead's queue: the contested claims no lead has settled, and the latest settlements.

Both are read through indexes and bounded: the contested claims are a range of
ix_claims_agreement_adjudicated_label in id order (oldest first: the longest waiting), counted from
the same index; the settlements are the newest adjudications by id.
"""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from fact.extensions import db
from fact.models import Adjudication, Agreement, Article, Claim, Evidence, Span, Verdict
from fact.services.claims.queries import claims_query

UNSETTLED = {"agreement": Agreement.contested, "adjudicated": False}


def contested(limit: int = 10) -> tuple[list[Claim], int]:
    """The first `limit` unsettled contested claims with their counting verdicts and cited sources, and
    how many there are."""
    total = db.session.scalar(select(func.count()).select_from(Claim).where(
        Claim.agreement == Agreement.contested, Claim.adjudicated_label.is_(None)))
    query = claims_query(UNSETTLED).options(
        joinedload(Claim.span), joinedload(Claim.article).joinedload(Article.outlet),
        selectinload(Claim.current_verdicts).selectinload(Verdict.evidence).options(
            joinedload(Evidence.span).joinedload(Span.article).joinedload(Article.outlet),
            joinedload(Evidence.article).joinedload(Article.outlet)),
    )
    return list(db.session.scalars(query.limit(limit)).unique()), total


def settled(limit: int = 10) -> list[Adjudication]:
    """The newest adjudications that stand (not superseded), with their claims."""
    return list(db.session.scalars(
        select(Adjudication).where(Adjudication.superseded_at.is_(None)).order_by(Adjudication.id.desc())
        .options(joinedload(Adjudication.claim)).limit(limit)))
