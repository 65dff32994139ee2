from flask.views import MethodView
from sqlalchemy import select

from fact.api.pagination import Blueprint, paginate
from fact.extensions import db
from fact.models import Span
from fact.search import span_text_contains
from fact.text.normalize import normalize_query
from schemas.spans import SpanQueryArgs, SpanSchema

blp = Blueprint("spans", __name__, description="Paragraphs and sentences of the articles")


@blp.route("/spans")
class Spans(MethodView):
    @blp.arguments(SpanQueryArgs, location="query")
    @blp.response(200, SpanSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List spans in article order; `q` finds text whatever its diacritics, hamza or digit forms."""
        statement = select(Span).order_by(Span.article_id, Span.start, Span.kind)
        if "article_id" in args:
            statement = statement.where(Span.article_id == args["article_id"])
        if "kind" in args:
            statement = statement.where(Span.kind == args["kind"])
        if "boilerplate" in args:
            statement = statement.where(Span.is_boilerplate.is_(args["boilerplate"]))
        if "q" in args:
            statement = statement.where(*span_text_contains(normalize_query(args["q"]), db.engine.dialect.name))
        return paginate(statement, pagination_parameters)


@blp.route("/spans/<int:span_id>")
class SpanResource(MethodView):
    @blp.response(200, SpanSchema)
    def get(self, span_id):
        """Get one span."""
        return db.get_or_404(Span, span_id, description=f"No span {span_id}.")
