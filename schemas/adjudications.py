from marshmallow import Schema, fields, validate

from fact.models import Label
from schemas.fields import Text


class AdjudicationCreateSchema(Schema):
    label = fields.Enum(Label, required=True, metadata={"description": "The verdict that settles the claim"})
    adjudicator = Text(required=True, validate=validate.Length(min=1, max=320),
                             metadata={"description": "Who settles it (a name or e-mail)"})
    note = Text(allow_none=True, validate=validate.Length(max=10_000),
                      metadata={"description": "Why, for the record"})


class AdjudicationSchema(Schema):
    id = fields.Int()
    claim_id = fields.Int()
    label = fields.Enum(Label)
    adjudicator = fields.Str()
    note = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    superseded_at = fields.DateTime(allow_none=True, metadata={"description": "Set when a newer one replaced it"})
