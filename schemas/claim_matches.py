"""Already-checked matches of a claim (fact.services.claims.checked), and the lead's decision on one."""
from marshmallow import Schema, fields, validate

from fact.models import MatchStatus
from schemas.common import QueryArgs
from schemas.fields import Text

DECISIONS = [str(MatchStatus.linked), str(MatchStatus.rejected)]


class CheckedClaimSchema(Schema):
    """The claim already checked: what it says and the label it has."""

    id = fields.Int()
    origin = fields.Str()
    text = fields.Str()
    label = fields.Str(allow_none=True, metadata={"description": "Its label now (shared with a linked claim)"})
    agreement = fields.Str()
    verdict_count = fields.Int()


class ClaimMatchSchema(Schema):
    id = fields.Int()
    claim_id = fields.Int(metadata={"description": "The new claim"})
    checked_claim = fields.Nested(CheckedClaimSchema, metadata={"description": "The claim already checked"})
    rank = fields.Int(metadata={"description": "Among the new claim's nearest checked claims, 1 = nearest"})
    score = fields.Float(metadata={"description": "fact.matching.checked: fused (0..2), or one cosine by words alone"})
    lexical_score = fields.Float(allow_none=True)
    semantic_score = fields.Float(allow_none=True)
    status = fields.Str(metadata={"description": "suggested, linked (they share the verdict) or rejected"})
    decided_by = fields.Str(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class ClaimMatchQueryArgs(QueryArgs):
    status = fields.Enum(MatchStatus, metadata={"description": "Only the matches in this state"})


class ClaimMatchDecisionSchema(Schema):
    status = Text(required=True, validate=validate.OneOf(DECISIONS),
                  metadata={"description": "linked: the same claim, it shares the verdict; rejected: not the same "
                                           "claim, never offered again"})
    decided_by = Text(load_default="api", validate=validate.Length(min=1, max=320),
                      metadata={"description": "Who decides (a name or e-mail)"})
