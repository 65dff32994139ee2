from marshmallow import Schema, ValidationError, fields, validate

from fact.models import Article, Outlet
from fact.text.language import standard_language
from schemas.common import QueryArgs
from schemas.fields import Text, Url
from schemas.spans import SpanSchema

# Every length is its column's, so that what passes here fits on PostgreSQL as it does on SQLite.
TITLE_MAX = Article.__table__.c.title.type.length
URL_MAX = Article.__table__.c.url.type.length
OUTLET_MAX = Outlet.__table__.c.name.type.length
LANGUAGE_MAX = Article.__table__.c.language.type.length


class LanguageTag(Text):
    """A BCP 47 language tag, loaded in its standard form ("AR" -> "ar", "ar_eg" -> "ar-EG")."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(max=LANGUAGE_MAX),
                         metadata={"description": "BCP 47 language tag, such as ar, en or ar-EG"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return standard_language(super()._deserialize(value, attr, data, **kwargs), LANGUAGE_MAX)
        except ValueError as error:
            raise ValidationError(str(error)) from error


class AppearanceSchema(Schema):
    """One place the article was published: its first ingest, or a copy of it found since."""

    outlet = fields.Str(attribute="outlet_name", dump_only=True, allow_none=True)
    url = fields.Str(dump_only=True, allow_none=True, metadata={"description": "As given"})
    url_key = fields.Str(dump_only=True, allow_none=True,
                         metadata={"description": "The page, whatever link to it: no scheme, www., tracking "
                                                  "parameters or fragment"})
    published_at = fields.Date(dump_only=True, allow_none=True)
    origin = fields.Str(dump_only=True, allow_none=True)
    similarity = fields.Float(dump_only=True, allow_none=True,
                              metadata={"description": "How alike a copy is (Jaccard of word shingles); "
                                                       "null for the same text"})
    seen_at = fields.DateTime(dump_only=True)


class ArticleSchema(Schema):
    id = fields.Int(dump_only=True)
    title = Text(allow_none=True, validate=validate.Length(max=TITLE_MAX))
    url = Url(allow_none=True, validate=validate.Length(max=URL_MAX))
    outlet_name = Text(
        data_key="outlet",
        allow_none=True,
        validate=validate.Length(max=OUTLET_MAX),
        metadata={"description": "Name of the publisher; empty or blank: none"},
    )
    published_at = fields.Date(allow_none=True)
    language = LanguageTag(load_default="ar")
    content_hash = fields.Str(dump_only=True)
    origin = fields.Str(dump_only=True)
    encoding = fields.Str(dump_only=True)
    ingested_at = fields.DateTime(dump_only=True)
    story_cluster_id = fields.Int(dump_only=True, allow_none=True,
                                  metadata={"description": "The story it carries (see /api/stories); set by match"})
    appearances = fields.List(fields.Nested(AppearanceSchema), dump_only=True,
                              metadata={"description": "Where it was published, the first ingest first: the "
                                                       "same or nearly the same text from other outlets or URLs"})


class ArticleCreateSchema(ArticleSchema):
    text = Text(required=True, validate=validate.Length(min=1),
                metadata={"description": "Refused if it holds NUL, lone surrogates, over 1% control "
                                         "characters, or no letter, digit, punctuation or symbol"})


class ArticleDetailSchema(ArticleSchema):
    text = fields.Str(dump_only=True)
    spans = fields.List(fields.Nested(SpanSchema), dump_only=True)


class ArticleQueryArgs(QueryArgs):
    outlet = Text(validate=validate.Length(min=1, max=OUTLET_MAX),
                  metadata={"description": "Articles that appeared from this outlet (first or as a copy)"})
    language = LanguageTag()
    url = Text(validate=validate.Length(min=1, max=URL_MAX),
               metadata={"description": "Articles that appeared at this page, whatever link to it was saved"})
