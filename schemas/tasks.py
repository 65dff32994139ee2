from marshmallow import Schema, fields

from schemas.common import QueryArgs
from schemas.fields import Id


class SourceOptionSchema(Schema):
    value = fields.Str(metadata={"description": "span:<id> or article:<id>"})
    html = fields.Str(metadata={"description": "What the annotator sees (escaped HTML)"})
    found_by = fields.Str(metadata={"description": "For a candidate passage: lexical, semantic or both, the "
                                                   "signal that found it"})


class TaskDataSchema(Schema):
    span_id = fields.Int()
    article_id = fields.Int()
    text = fields.Str(metadata={"description": "The sentence: claim offsets are code points into it"})
    header = fields.Str(metadata={"description": "Outlet · title · date"})
    also_published = fields.Str(metadata={"description": "Who else published the text (wire copies): "
                                                         "\"Also published by: B (2016-10-25), c.com/x\", or empty"})
    context_before = fields.Str()
    context_after = fields.Str()
    sources = fields.List(fields.Nested(SourceOptionSchema))


class TaskMetaSchema(Schema):
    span_id = fields.Int()


class TaskSchema(Schema):
    """One item of a Label Studio import file."""

    data = fields.Nested(TaskDataSchema)
    meta = fields.Nested(TaskMetaSchema)


class TaskQueryArgs(QueryArgs):
    article_id = Id()
