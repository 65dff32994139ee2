from flask.views import MethodView

from fact.api.pagination import Blueprint, paginate
from fact.services.claims.queries import verdicts_after, verdicts_query, verdicts_counted
from schemas.verdicts import VerdictQueryArgs, VerdictRowSchema

blp = Blueprint("verdicts", __name__, description="Every verdict that counts, one row each")


@blp.route("/verdicts")
class Verdicts(MethodView):
    @blp.etag
    @blp.arguments(VerdictQueryArgs, location="query")
    @blp.response(200, VerdictRowSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List the verdicts that count, with their claim's aggregate label; same filters as claims."""
        return paginate(verdicts_query(args), pagination_parameters, rows=verdicts_counted(args),
                        sort=args["sort"], after=verdicts_after(args))
