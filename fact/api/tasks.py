from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from fact.extensions import db
from fact.models import Span
from fact.services.tasks.payloads import task_payloads, taskable_spans
from schemas.tasks import TaskQueryArgs, TaskSchema

blp = Blueprint("tasks", __name__, description="The spans as Label Studio tasks")


@blp.route("/tasks")
class Tasks(MethodView):
    @blp.arguments(TaskQueryArgs, location="query")
    @blp.response(200, TaskSchema(many=True))
    def get(self, args):
        """Every span to annotate, as a Label Studio import file (import it into any Label Studio by URL).

        Not paginated: Label Studio's import by URL reads one JSON list. Filter by `article_id` to
        take a part.
        """
        statement = taskable_spans().order_by(Span.id)
        if "article_id" in args:
            statement = statement.where(Span.article_id == args["article_id"])
        payloads = task_payloads(list(db.session.scalars(statement)), current_app.config["FACT_TASK_SOURCE_ARTICLES"])
        db.session.commit()  # what the tasks offer is kept: their annotations may cite only that
        return payloads
