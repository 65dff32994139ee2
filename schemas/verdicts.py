"""GET /api/verdicts: the flat list of counting verdicts, each with its claim's aggregate."""
from marshmallow import fields, validate

from schemas.claims import ClaimFilterArgs, VerdictSchema
from schemas.fields import Id, Text
from schemas.pagination import KeysetArgs, after_field


class VerdictRowSchema(VerdictSchema):
    """One counting verdict with what a reviewer needs without opening its claim."""

    claim_id = fields.Int()
    claim_text = fields.Str(attribute="claim.text")
    claim_label = fields.Str(attribute="claim.label", allow_none=True,
                             metadata={"description": "The claim's final label (adjudicated, else majority)"})
    article_id = fields.Int(attribute="claim.article_id")
    outlet = fields.Function(lambda v: v.claim.article.outlet_name if v.claim.article else None, allow_none=True,
                             metadata={"description": "The article's outlet; null for a claim from outside"})


class VerdictQueryArgs(KeysetArgs, ClaimFilterArgs):
    """The claims' filters; here `label` is the verdict's own label and `verdict` its claim's."""

    article_id = Id()
    sort = Text(load_default="id", validate=validate.OneOf(["id", "-id", "created_at", "-created_at"]))
    after = after_field({"id": "id", "created_at": "time"})
