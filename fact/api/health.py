from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from fact.api.errors import unavailable
from fact.extensions import db
from schemas.health import HealthSchema

blp = Blueprint("health", __name__, description="Is the service up?")


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, description="The database does not answer")
    def get(self):
        """Report whether the API and its database answer."""
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError as error:  # any database error: health says whether it answers
            raise unavailable(error) from error
        return {"status": "ok", "database": db.engine.dialect.name}
