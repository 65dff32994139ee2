from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, joinedload, selectinload

from fact.api.auth import BEARER, token_required
from fact.api.pagination import Blueprint, paginate
from fact.extensions import db
from fact.models import Appearance, Article, Outlet
from fact.services.ingest.appearances import find_by_url
from fact.services.ingest.articles import ArticleInput, InvalidArticle, find_duplicate, ingest_article
from fact.services.claims.queries import claims_query
from schemas.articles import ArticleCreateSchema, ArticleDetailSchema, ArticleQueryArgs, ArticleSchema
from schemas.claims import ArticleClaimQueryArgs, ClaimSchema

blp = Blueprint("articles", __name__, description="Ingested news articles")


@blp.route("/articles")
class Articles(MethodView):
    @blp.arguments(ArticleQueryArgs, location="query")
    @blp.response(200, ArticleSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List articles, newest ingest last."""
        statement = (
            select(Article)
            .options(defer(Article.text), joinedload(Article.outlet),
                     selectinload(Article.appearances).joinedload(Appearance.outlet))
            .order_by(Article.id)
        )
        if "outlet" in args:
            statement = statement.where(Article.id.in_(
                select(Appearance.article_id).join(Appearance.outlet).where(Outlet.name == args["outlet"])))
        if "url" in args:
            statement = statement.where(Article.id.in_(find_by_url(args["url"])))
        if "language" in args:
            statement = statement.where(Article.language == args["language"])
        return paginate(statement, pagination_parameters)

    @token_required
    @blp.arguments(ArticleCreateSchema)
    @blp.response(201, ArticleDetailSchema)
    @blp.alt_response(401, description="No valid bearer token")
    @blp.alt_response(409, description="An article with the same text exists")
    @blp.doc(security=BEARER)
    def post(self, data):
        """Ingest one article: its text is normalized to NFC, stored, and cut into spans.

        The rules are those of `flask fact ingest` (prepare_article). The same or nearly the same text
        (a wire copy) is not stored twice: the answer is 409 with the article it is, and its outlet,
        URL and date are recorded as another appearance of that article."""
        try:
            limit = current_app.config["FACT_MAX_ARTICLE_BYTES"]
            outcome = ingest_article(ArticleInput(**data, origin="api"), max_bytes=limit)
            db.session.commit()
        except InvalidArticle as error:
            db.session.rollback()
            abort(422, errors={"json": error.messages})
        except IntegrityError:  # another request stored the same text in the meantime
            db.session.rollback()
            _conflict(find_duplicate(data["text"]))
        if outcome.duplicate:
            _conflict(outcome.article_id, outcome)
        location = url_for("articles.ArticleResource", article_id=outcome.article_id)
        return _detail(outcome.article_id), 201, {"Location": location}


@blp.route("/articles/<int:article_id>")
class ArticleResource(MethodView):
    @blp.response(200, ArticleDetailSchema)
    def get(self, article_id):
        """Get one article with its text and all its spans."""
        return _detail(article_id)


@blp.route("/articles/<int:article_id>/claims")
class ArticleClaims(MethodView):
    @blp.etag
    @blp.arguments(ArticleClaimQueryArgs, location="query")
    @blp.response(200, ClaimSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters, article_id):
        """List one article's claims, with the filters and shape of GET /api/claims."""
        db.one_or_404(select(Article.id).where(Article.id == article_id), description=f"No article {article_id}.")
        return paginate(claims_query({**args, "article_id": article_id}), pagination_parameters)


def _detail(article_id: int) -> Article:
    return db.one_or_404(
        select(Article).where(Article.id == article_id).options(
            joinedload(Article.outlet), selectinload(Article.spans),
            selectinload(Article.appearances).joinedload(Appearance.outlet)),
        description=f"No article {article_id}.",
    )


def _conflict(article_id: int | None, outcome=None):
    copy = f" (a copy, {outcome.similarity:.2f} alike)" if outcome and outcome.similarity is not None else ""
    recorded = " Its outlet and URL are recorded as another appearance of it." if outcome and outcome.new_appearance else ""
    abort(
        409,
        message=f"This text is already ingested as article {article_id}{copy}.{recorded}",
        headers={"Location": url_for("articles.ArticleResource", article_id=article_id)},
    )
