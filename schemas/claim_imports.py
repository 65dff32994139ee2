"""A claim from outside, as POST /api/claims and `flask fact claims import` take it (one rule for both)."""
import unicodedata

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates

from fact.models import Claim, ClaimAppearance
from fact.text.normalize import normalize_for_search
from fact.text.rules import text_problem
from schemas.articles import LanguageTag
from schemas.fields import Text, Url

# Every length is its column's, so that what passes here fits on PostgreSQL as it does on SQLite.
CLAIM_TEXT_MAX = 5_000  # a claim is a statement or two: a longer text is an article, for POST /api/articles
CLAIMANT_MAX = Claim.__table__.c.claimant.type.length
RATING_MAX = Claim.__table__.c.outside_rating.type.length
SOURCE_MAX = Claim.__table__.c.outside_source.type.length
URL_MAX = Claim.__table__.c.outside_url.type.length
AUTHOR_MAX = ClaimAppearance.__table__.c.author.type.length
APPEARANCES_MAX = 100


class OutsideVerdictSchema(Schema):
    """The rating someone else gave the claim, kept as given; our label for it comes from a verdict map."""

    rating = Text(required=True, validate=validate.Length(min=1, max=RATING_MAX),
                  metadata={"description": "As the reviewer wrote it: False, Misleading, مضلل …"})
    source = Text(allow_none=True, validate=validate.Length(max=SOURCE_MAX),
                  metadata={"description": "Who gave it: the reviewer, publisher or site"})
    url = Url(allow_none=True, validate=validate.Length(max=URL_MAX), metadata={"description": "The review"})


class ClaimAppearanceInputSchema(Schema):
    url = Url(allow_none=True, validate=validate.Length(max=URL_MAX))
    date = fields.Date(allow_none=True, metadata={"description": "When it appeared there"})
    author = Text(allow_none=True, validate=validate.Length(max=AUTHOR_MAX),
                  metadata={"description": "Who posted or published it: a person, an outlet"})


class ClaimCreateSchema(Schema):
    """One claim to check. Its text is stored in NFC; the same text after the search normalization
    (diacritics, alef forms, spaces, case) is the same claim, whose appearances the new ones join."""

    text = Text(required=True, validate=validate.Length(min=1, max=CLAIM_TEXT_MAX))
    claimant = Text(allow_none=True, validate=validate.Length(max=CLAIMANT_MAX),
                    metadata={"description": "Who made the claim"})
    claim_date = fields.Date(allow_none=True, metadata={"description": "When the claim was made"})
    language = LanguageTag(allow_none=True)
    outside_verdict = fields.Nested(OutsideVerdictSchema, allow_none=True)
    appearances = fields.List(fields.Nested(ClaimAppearanceInputSchema), load_default=list,
                              validate=validate.Length(max=APPEARANCES_MAX),
                              metadata={"description": "Where it was made or seen"})

    @validates("text")
    def readable(self, value: str, **_kwargs) -> None:
        if problem := text_problem(unicodedata.normalize("NFC", value)):
            raise ValidationError(problem)
        if not normalize_for_search(value):
            raise ValidationError("Nothing left of the claim after normalization (only spaces, marks or diacritics).")

    @post_load
    def nfc(self, data: dict, **_kwargs) -> dict:
        data["text"] = unicodedata.normalize("NFC", data["text"]).strip()
        return data


class ClaimRecordSchema(ClaimCreateSchema):
    """One record of an import file: the same fields and rules as POST /api/claims."""

    class Meta:
        unknown = EXCLUDE  # records exported by other tools carry extra keys; they are not ours
