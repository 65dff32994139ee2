"""A lead's settlings: of a claim's verdict (an adjudication) and of an article's stance towards a claim.
Both take who settles and why, and keep a superseded one as history."""
from marshmallow import Schema, fields, validate

from fact.models import ArticleStanceLabel, Label
from schemas.fields import Text


class _SettlingCreateSchema(Schema):
    adjudicator = Text(required=True, validate=validate.Length(min=1, max=320),
                       metadata={"description": "Who settles it (a name or e-mail)"})
    note = Text(allow_none=True, validate=validate.Length(max=10_000), metadata={"description": "Why, for the record"})


class _SettlingSchema(Schema):
    id = fields.Int()
    claim_id = fields.Int()
    adjudicator = fields.Str()
    note = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    superseded_at = fields.DateTime(allow_none=True, metadata={"description": "Set when a newer one replaced it"})


class AdjudicationCreateSchema(_SettlingCreateSchema):
    label = fields.Enum(Label, required=True, metadata={"description": "The verdict that settles the claim"})


class AdjudicationSchema(_SettlingSchema):
    label = fields.Enum(Label)


class StanceAdjudicationCreateSchema(_SettlingCreateSchema):
    stance = fields.Enum(ArticleStanceLabel, required=True,
                         metadata={"description": "The stance that settles the pair: agree, disagree, discuss or "
                                                  "unrelated"})


class StanceAdjudicationSchema(_SettlingSchema):
    article_id = fields.Int()
    stance = fields.Enum(ArticleStanceLabel)
