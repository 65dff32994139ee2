from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from fact.api.auth import BEARER, token_required
from fact.extensions import db
from fact.models import Claim
from fact.services.claims.aggregate import adjudicate
from schemas.adjudications import AdjudicationCreateSchema, AdjudicationSchema

blp = Blueprint("adjudications", __name__, description="A lead's settling of disputed claims")


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
