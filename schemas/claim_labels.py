"""One record of a labelled stance corpus, as `flask fact claims labels` takes it (docs/claim-labels.md):
a claim, an article (its text, or the URL of one ingested), the article's stance towards the claim,
its rationale lines, and perhaps the claim's verdict."""
import json
import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates, validates_schema

from fact.models import ArticleStanceLabel, Label
from schemas.articles import OUTLET_MAX, TITLE_MAX, URL_MAX, LanguageTag
from schemas.claim_imports import CLAIM_TEXT_MAX, ClaimCreateSchema
from schemas.fields import INT_MAX, Text, Url

# FEVER's labels, which stance corpora built on it reuse, as ours.
FEVER_VERDICTS = {"supports": Label.corroborated, "refutes": Label.disputed, "not enough info": Label.unverifiable}
MAX_RATIONALE_LINES = 1_000
_SEPARATORS = re.compile(r"[\s,;]+")


class StanceLabel(Text):
    """agree, disagree, discuss or unrelated, in any case (FNC-1 writes them so, its Arabic successors Agree …)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = " ".join(super()._deserialize(value, attr, data, **kwargs).split()).lower()
        if value not in ArticleStanceLabel.__members__:
            raise ValidationError(f"Not one of {', '.join(ArticleStanceLabel)}.")
        return ArticleStanceLabel(value)


class VerdictLabel(Text):
    """One of our labels, or FEVER's (SUPPORTS, REFUTES, NOT ENOUGH INFO), in any case."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = " ".join(super()._deserialize(value, attr, data, **kwargs).split()).lower()
        if value in Label.__members__:
            return Label(value)
        if value in FEVER_VERDICTS:
            return FEVER_VERDICTS[value]
        raise ValidationError(f"Not one of {', '.join(Label)} (or FEVER's {', '.join(FEVER_VERDICTS).upper()}).")


class RationaleLines(fields.Field):
    """0-based line indices: a JSON list, or (a CSV cell) numbers apart by spaces, commas or semicolons,
    in brackets or not."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            text = value.strip()
            try:
                value = json.loads(text) if text.startswith("[") else [int(n) for n in _SEPARATORS.split(text) if n]
            except ValueError as error:
                raise ValidationError("Not a list of line numbers (such as [2, 5] or 2 5).") from error
        if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
            raise ValidationError("Not a list of line numbers (such as [2, 5] or 2 5).")
        if any(not 0 <= n <= INT_MAX for n in value):
            raise ValidationError("A line number is from 0 (the first line) up.")
        if len(value) > MAX_RATIONALE_LINES:
            raise ValidationError(f"Over {MAX_RATIONALE_LINES:,} lines.")
        return sorted(set(value))


class OutsideId(fields.Field):
    """The corpus's own id of the claim: a string or a whole number, kept as text."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and 0 < len(value.strip()) <= 200:
            return value.strip()
        raise ValidationError("Not an id (a string of up to 200 characters, or a whole number).")


_CLAIM = ClaimCreateSchema()


class StanceLabelRecordSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # corpora carry columns of their own (FNC-1's Body ID, …)

    claim = Text(required=True, validate=validate.Length(min=1, max=CLAIM_TEXT_MAX))
    claim_id = OutsideId(allow_none=True)
    article = Text(allow_none=True, validate=validate.Length(min=1))
    article_url = Url(allow_none=True, validate=validate.Length(max=URL_MAX))
    article_title = Text(allow_none=True, validate=validate.Length(max=TITLE_MAX))
    article_date = fields.Date(allow_none=True)
    outlet = Text(allow_none=True, validate=validate.Length(max=OUTLET_MAX))
    language = LanguageTag(load_default="ar")
    stance = StanceLabel(required=True)
    rationale = RationaleLines(load_default=list)
    verdict = VerdictLabel(allow_none=True)

    @validates("claim")
    def readable(self, value: str, **_kwargs) -> None:
        """The rule of a claim from outside (schemas.claim_imports)."""
        if errors := _CLAIM.validate({"text": value}):
            raise ValidationError(errors["text"])

    @validates_schema
    def article_given(self, data: dict, **_kwargs) -> None:
        if not data.get("article") and not data.get("article_url"):
            raise ValidationError("Give the article's text, or the URL of an ingested article.", "article")
        if data.get("stance") == ArticleStanceLabel.unrelated and data.get("rationale"):
            raise ValidationError("An unrelated article has no rationale lines.", "rationale")

    @post_load
    def claim_text(self, data: dict, **_kwargs) -> dict:
        return {**data, "claim": _CLAIM.load({"text": data["claim"]})["text"]}
