from functools import partial

from flask.views import MethodView

from fact.api.pagination import Blueprint, paginate
from fact.extensions import db
from fact.services.claims.queries import (claim_detail_query, claims_after, claims_page_query, claims_query,
                                  claims_counted)
from schemas.claims import ClaimDetailSchema, ClaimQueryArgs, ClaimSchema

blp = Blueprint("claims", __name__, description="Claims annotators found, with their verdicts and sources")


@blp.route("/claims")
class Claims(MethodView):
    @blp.etag
    @blp.arguments(ClaimQueryArgs, location="query")
    @blp.response(200, ClaimSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List claims with their aggregate and the verdicts that count; by default those with at least one."""
        return paginate(claims_query(args), pagination_parameters, rows=claims_counted(args),
                        page=partial(claims_page_query, args), sort=args["sort"], after=claims_after(args))


@blp.route("/claims/<int:claim_id>")
class ClaimResource(MethodView):
    @blp.etag
    @blp.response(200, ClaimDetailSchema)
    def get(self, claim_id):
        """Get one claim: its verdicts that count, every verdict ever given, and its adjudications."""
        return db.one_or_404(claim_detail_query(claim_id), description=f"No claim {claim_id}.")
