from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from fact.api.pagination import Blueprint, paginate
from fact.extensions import db
from fact.models import Article, Candidate, Span, StoryCluster
from schemas.candidates import CandidateSchema, StoryQueryArgs, StorySchema

blp = Blueprint("evidence", __name__, description="Candidate sources across articles, and story clusters")


@blp.route("/spans/<int:span_id>/candidates")
class SpanCandidates(MethodView):
    @blp.response(200, CandidateSchema(many=True))
    def get(self, span_id):
        """The passages of other articles that may report the same fact as this sentence, best first."""
        db.get_or_404(Span, span_id, description=f"No span {span_id}.")
        return db.session.scalars(
            select(Candidate).where(Candidate.span_id == span_id).order_by(Candidate.rank)
            .options(joinedload(Candidate.candidate).joinedload(Span.article).joinedload(Article.outlet))
        ).all()


@blp.route("/stories")
class Stories(MethodView):
    @blp.arguments(StoryQueryArgs, location="query")
    @blp.response(200, StorySchema(many=True))
    @blp.paginate()
    def get(self, _args, pagination_parameters):
        """Story clusters: articles that carry the same story (wire copy republished by several outlets)."""
        clusters = paginate(select(StoryCluster).order_by(StoryCluster.id), pagination_parameters)
        return [_story(cluster.id) for cluster in clusters]


@blp.route("/stories/<int:story_id>")
class Story(MethodView):
    @blp.response(200, StorySchema)
    def get(self, story_id):
        """One story cluster and its articles."""
        db.get_or_404(StoryCluster, story_id, description=f"No story {story_id}.")
        return _story(story_id)


def _story(story_id: int) -> dict:
    ids = db.session.scalars(select(Article.id).where(Article.story_cluster_id == story_id).order_by(Article.id))
    return {"id": story_id, "article_ids": list(ids)}
