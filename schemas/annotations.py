from marshmallow import Schema, fields

from fact.models import RevisionStatus
from schemas.common import QueryArgs
from schemas.fields import Id


class RevisionSchema(Schema):
    id = fields.Int()
    ls_annotation_id = fields.Int(attribute="annotation.ls_annotation_id")
    ls_task_id = fields.Int(attribute="annotation.ls_task_id")
    span_id = fields.Int(attribute="annotation.span_id", allow_none=True)
    annotator_id = fields.Int()
    ls_updated_at = fields.DateTime(metadata={"description": "When the annotator saved it in Label Studio"})
    received_at = fields.DateTime()
    via = fields.Str(metadata={"description": "The webhook action that brought it, or sync"})
    status = fields.Enum(RevisionStatus)
    reason = fields.Str(allow_none=True, metadata={"description": "Why it was rejected"})
    result = fields.Raw(metadata={"description": "The annotation's result list, as Label Studio sent it"})


class RevisionQueryArgs(QueryArgs):
    status = fields.Enum(RevisionStatus)
    ls_annotation_id = Id()
