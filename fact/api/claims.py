from functools import partial

from flask import url_for
from flask.views import MethodView
from sqlalchemy.exc import IntegrityError

from fact.api.auth import BEARER, token_required
from fact.api.pagination import Blueprint, paginate
from fact.extensions import db
from fact.services.claims.evidence_view import claim_evidence
from fact.services.claims.intake.store import CREATED, take_claim
from fact.services.claims.intake.verdicts import VerdictMap
from fact.services.claims.queries import (claim_detail_query, claims_after, claims_page_query, claims_query,
                                  claims_counted)
from schemas.claim_imports import ClaimCreateSchema
from schemas.claims import ClaimDetailSchema, ClaimQueryArgs, ClaimSchema

blp = Blueprint("claims", __name__, description="Claims annotators found or that came from outside, with their "
                                                "verdicts and sources")


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

    @token_required
    @blp.arguments(ClaimCreateSchema)
    @blp.response(201, ClaimDetailSchema)
    @blp.alt_response(200, schema=ClaimDetailSchema,
                      description="The same claim (after normalization) was there: this is it, with the new "
                                  "appearances and what it did not know yet")
    @blp.alt_response(401, description="No valid bearer token")
    @blp.doc(security=BEARER)
    def post(self, data):
        """Add a claim to check from outside: 201 with the new claim, or 200 with the one it already is.

        The rules are those of `flask fact claims import` (one schema, one store): the text is stored in
        NFC, and the same text after the search normalization is the same claim, which gains the new
        appearances and fills in what it lacked (its outside verdict is never replaced). Our label for
        the outside rating comes from the default verdict map."""
        try:
            taken = take_claim(data, VerdictMap(), "api")
            db.session.commit()
        except IntegrityError:  # another request stored the same claim or appearance in the meantime
            db.session.rollback()
            taken = take_claim(data, VerdictMap(), "api")
            db.session.commit()
        claim = _with_evidence(db.session.scalar(claim_detail_query(taken.claim_id)))
        location = url_for("claims.ClaimResource", claim_id=taken.claim_id)
        return claim, 201 if taken.outcome == CREATED else 200, {"Location": location}


@blp.route("/claims/<int:claim_id>")
class ClaimResource(MethodView):
    @blp.etag
    @blp.response(200, ClaimDetailSchema)
    def get(self, claim_id):
        """Get one claim: its verdicts, their history, its adjudications, and its evidence with its stances."""
        return _with_evidence(db.one_or_404(claim_detail_query(claim_id), description=f"No claim {claim_id}."))


def _with_evidence(claim):
    """The claim with its evidence articles attached for ClaimDetailSchema (read in a few queries)."""
    claim.evidence_articles = claim_evidence(claim.id)
    return claim
