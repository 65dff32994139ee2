"""Already checked: the claims already checked that a claim matches, and the lead's link or reject."""
from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from fact.api.auth import BEARER, token_required
from fact.api.pagination import Blueprint, paginate
from fact.extensions import db
from fact.models import Claim, ClaimMatch, MatchStatus
from fact.services.claims.checked import MatchConflict, decide
from schemas.claim_matches import ClaimMatchDecisionSchema, ClaimMatchQueryArgs, ClaimMatchSchema

blp = Blueprint("claim_matches", __name__, description="Claims already checked that a claim matches: suggested, "
                                                       "linked (they share the verdict) or rejected")


@blp.route("/claims/<int:claim_id>/matches")
class ClaimMatches(MethodView):
    @blp.arguments(ClaimMatchQueryArgs, location="query")
    @blp.response(200, ClaimMatchSchema(many=True))
    @blp.alt_response(404, description="No such claim")
    @blp.paginate()
    def get(self, args, pagination_parameters, claim_id):
        """List a claim's already-checked matches, nearest first, with each checked claim's label."""
        db.get_or_404(Claim, claim_id, description=f"No claim {claim_id}.")
        query = (select(ClaimMatch).where(ClaimMatch.claim_id == claim_id)
                 .order_by(ClaimMatch.rank, ClaimMatch.id).options(joinedload(ClaimMatch.checked_claim)))
        if "status" in args:
            query = query.where(ClaimMatch.status == args["status"])
        return paginate(query, pagination_parameters)


@blp.route("/claims/<int:claim_id>/matches/<int:match_id>")
class ClaimMatchDecision(MethodView):
    @token_required
    @blp.arguments(ClaimMatchDecisionSchema)
    @blp.response(200, ClaimMatchSchema)
    @blp.alt_response(404, description="No such claim, or no such match of it")
    @blp.alt_response(409, description="A second link of the claim, or a link that would close a cycle")
    @blp.doc(security=BEARER)
    def post(self, data, claim_id, match_id):
        """Link a suggestion (the claim takes the checked claim's label when it has none of its own) or
        reject it (never offered again)."""
        db.one_or_404(select(Claim.id).where(Claim.id == claim_id).with_for_update(),
                      description=f"No claim {claim_id}.")
        match = db.one_or_404(select(ClaimMatch).where(ClaimMatch.id == match_id, ClaimMatch.claim_id == claim_id),
                              description=f"Claim {claim_id} has no match {match_id}.")
        try:
            decide(match, MatchStatus(data["status"]), data["decided_by"])
        except MatchConflict as error:
            db.session.rollback()
            abort(409, message=str(error), errors={"json": {"status": [str(error)]}})
        db.session.commit()
        return db.session.scalar(select(ClaimMatch).where(ClaimMatch.id == match_id)
                                 .options(joinedload(ClaimMatch.checked_claim)))
