from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fact.api.pagination import paginate
from fact.extensions import db
from fact.models import Claim, Evidence, Verdict
from schemas.claims import ClaimDetailSchema, ClaimQueryArgs, ClaimSchema

blp = Blueprint("claims", __name__, description="Claims annotators found, with their verdicts and sources")


def _verdict_details(relationship):
    return (
        selectinload(relationship).options(
            selectinload(Verdict.annotation),
            selectinload(Verdict.annotator),
            selectinload(Verdict.evidence).selectinload(Evidence.span),
        )
    )


@blp.route("/claims")
class Claims(MethodView):
    @blp.arguments(ClaimQueryArgs, location="query")
    @blp.response(200, ClaimSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List claims that have at least one verdict that counts, with those verdicts."""
        current = Claim.current_verdicts.any()
        if "label" in args:
            current = Claim.current_verdicts.any(Verdict.label == args["label"])
        statement = select(Claim).where(current).options(_verdict_details(Claim.current_verdicts)).order_by(Claim.id)
        if "article_id" in args:
            statement = statement.where(Claim.article_id == args["article_id"])
        return paginate(statement, pagination_parameters)


@blp.route("/claims/<int:claim_id>")
class ClaimResource(MethodView):
    @blp.response(200, ClaimDetailSchema)
    def get(self, claim_id):
        """Get one claim: its verdicts that count, and the history of every verdict ever given."""
        return db.one_or_404(
            select(Claim)
            .where(Claim.id == claim_id)
            .options(_verdict_details(Claim.current_verdicts), _verdict_details(Claim.verdicts)),
            description=f"No claim {claim_id}.",
        )
