from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from fact.api.auth import BEARER, token_required
from fact.extensions import db
from fact.models import Claim
from fact.services.claims.aggregate import adjudicate
from fact.services.claims.stance_settling import NothingToSettle, settle_stance
from schemas.adjudications import (
    AdjudicationCreateSchema, AdjudicationSchema, StanceAdjudicationCreateSchema, StanceAdjudicationSchema,
)

blp = Blueprint("adjudications", __name__, description="A lead's settling of disputed claims "
                                                        "and of tied stances")


@blp.route("/claims/<int:claim_id>/adjudication")
class ClaimAdjudication(MethodView):
    @token_required
    @blp.arguments(AdjudicationCreateSchema)
    @blp.response(201, AdjudicationSchema)
    @blp.doc(security=BEARER)
    def post(self, data, claim_id):
        """Settle a claim: this label wins in the aggregate and the exports; the verdicts stay as they are."""
        claim = db.one_or_404(select(Claim).where(Claim.id == claim_id).with_for_update(),
                              description=f"No claim {claim_id}.")
        adjudication = adjudicate(claim, data["label"], data["adjudicator"], data.get("note"))
        db.session.commit()
        return adjudication


@blp.route("/claims/<int:claim_id>/articles/<int:article_id>/stance-adjudication")
class StanceAdjudicationView(MethodView):
    @token_required
    @blp.arguments(StanceAdjudicationCreateSchema)
    @blp.response(201, StanceAdjudicationSchema)
    @blp.alt_response(404, description="No such claim, or the article gave it no stance")
    @blp.doc(security=BEARER)
    def post(self, data, claim_id, article_id):
        """Settle an article's stance towards a claim (a tie, most often): it wins in the claim's evidence and
        the stance export; the annotators' stances stay as they are."""
        claim = db.one_or_404(select(Claim).where(Claim.id == claim_id).with_for_update(),
                              description=f"No claim {claim_id}.")
        try:
            settling = settle_stance(claim, article_id, data["stance"], data["adjudicator"], data.get("note"))
        except NothingToSettle as error:
            db.session.rollback()
            abort(404, message=str(error))
        db.session.commit()
        return settling
