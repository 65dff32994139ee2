"""Query arguments of GET /api/exports/<format>: the options of `flask fact export`."""
from marshmallow import ValidationError, fields, validate, validates_schema

from schemas.common import QueryArgs
from schemas.fields import Integer, Text


class ExportArgs(QueryArgs):
    agreed_only = fields.Bool(load_default=False, metadata={
        "description": "Only claims two or more annotators agree on (unanimous or majority), or adjudicated"})
    split = Text(validate=validate.Length(max=100), metadata={"description": "train,dev,test fractions, e.g. 0.8,0.1,0.1; needs `part`"})
    part = Text(validate=validate.OneOf(["train", "dev", "test"]),
                      metadata={"description": "Which split to stream; needs `split`"})
    seed = Integer(load_default=13, metadata={"description": "Seed of the split"})
    author = Text(load_default="Fact-check annotators", validate=validate.Length(min=1, max=200),
                        metadata={"description": "ClaimReview's reviewing organization"})

    @validates_schema
    def split_needs_part(self, data, **_kwargs):
        if "split" in data and "part" not in data:
            raise ValidationError({"part": ["Say which split to stream: train, dev or test."]})
        if "part" in data and "split" not in data:
            raise ValidationError({"split": ["A part needs the split fractions, e.g. 0.8,0.1,0.1."]})
