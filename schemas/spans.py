from marshmallow import Schema, fields

from fact.models import SpanKind
from schemas.common import QueryArgs
from schemas.fields import Id, SearchQuery


class SpanSchema(Schema):
    id = fields.Int(dump_only=True)
    article_id = fields.Int(dump_only=True)
    kind = fields.Enum(SpanKind, dump_only=True)
    start = fields.Int(dump_only=True, metadata={"description": "Code-point offset into the article text"})
    end = fields.Int(dump_only=True)
    position = fields.Int(dump_only=True)
    paragraph = fields.Int(dump_only=True, metadata={"description": "Position of the paragraph it belongs to"})
    text = fields.Str(dump_only=True)
    is_boilerplate = fields.Bool(dump_only=True)


class SpanQueryArgs(QueryArgs):
    article_id = Id()
    kind = fields.Enum(SpanKind)
    q = SearchQuery(metadata={"description": "Text to find, matched through the Arabic search normalization"})
    boilerplate = fields.Bool(metadata={"description": "Only (true) or no (false) boilerplate spans"})
