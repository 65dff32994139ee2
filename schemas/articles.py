from marshmallow import Schema, fields, validate

from schemas.common import QueryArgs
from schemas.spans import SpanSchema


class ArticleSchema(Schema):
    id = fields.Int(dump_only=True)
    title = fields.Str(allow_none=True, validate=validate.Length(max=1000))
    url = fields.Url(allow_none=True, validate=validate.Length(max=2000))
    outlet_name = fields.Str(
        data_key="outlet",
        allow_none=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Name of the publisher"},
    )
    published_at = fields.Date(allow_none=True)
    language = fields.Str(load_default="ar", validate=validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))
    content_hash = fields.Str(dump_only=True)
    origin = fields.Str(dump_only=True)
    encoding = fields.Str(dump_only=True)
    ingested_at = fields.DateTime(dump_only=True)
    story_cluster_id = fields.Int(dump_only=True, allow_none=True,
                                  metadata={"description": "The story it carries (see /api/stories); set by match"})


class ArticleCreateSchema(ArticleSchema):
    text = fields.Str(required=True, validate=validate.Length(min=1))


class ArticleDetailSchema(ArticleSchema):
    text = fields.Str(dump_only=True)
    spans = fields.List(fields.Nested(SpanSchema), dump_only=True)


class ArticleQueryArgs(QueryArgs):
    outlet = fields.Str(validate=validate.Length(min=1, max=200))
    language = fields.Str(validate=validate.Length(min=2, max=16))
