from flask.views import MethodView
from flask_smorest import Blueprint

from fact.services.claims.stats import stats
from schemas.stats import StatsQueryArgs, StatsSchema

blp = Blueprint("stats", __name__, description="Counts, progress and agreement")


@blp.route("/stats")
class Stats(MethodView):
    @blp.etag
    @blp.arguments(StatsQueryArgs, location="query")
    @blp.response(200, StatsSchema)
    def get(self, _args):
        """Counts by label, outlet and annotator; progress of the tasks; agreement and adjudications."""
        return stats()
