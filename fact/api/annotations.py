from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from fact.api.pagination import Blueprint, paginate
from fact.models import Annotation, AnnotationRevision
from schemas.annotations import RevisionQueryArgs, RevisionSchema

blp = Blueprint("annotations", __name__, description="Every revision of every annotation that reached us")


@blp.route("/annotations/revisions")
class Revisions(MethodView):
    @blp.arguments(RevisionQueryArgs, location="query")
    @blp.response(200, RevisionSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List annotation revisions, newest first; `status=rejected` lists those waiting for review."""
        statement = (
            select(AnnotationRevision)
            .join(AnnotationRevision.annotation)
            .options(joinedload(AnnotationRevision.annotation))
            .order_by(AnnotationRevision.id.desc())
        )
        if "status" in args:
            statement = statement.where(AnnotationRevision.status == args["status"])
        if "ls_annotation_id" in args:
            statement = statement.where(Annotation.ls_annotation_id == args["ls_annotation_id"])
        return paginate(statement, pagination_parameters)
