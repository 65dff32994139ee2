"""What ingest reads from files: JSON Lines records and the manifest of a folder of .txt files."""
from marshmallow import EXCLUDE, Schema, fields, validate

from schemas.articles import OUTLET_MAX, TITLE_MAX, URL_MAX, ArticleCreateSchema, LanguageTag
from schemas.fields import Text, Url


class ArticleRecordSchema(ArticleCreateSchema):
    """One line of a .jsonl file: the same fields, and the same rules, as POST /api/articles."""

    class Meta:
        unknown = EXCLUDE  # records exported by other tools carry extra keys; they are not ours


class ManifestEntrySchema(Schema):
    """What is known of one .txt file. A key that is absent means: take it from the file."""

    file = Text(required=True, validate=validate.Length(min=1))
    title = Text(allow_none=True, validate=validate.Length(max=TITLE_MAX))
    url = Url(allow_none=True, validate=validate.Length(max=URL_MAX))
    outlet_name = Text(data_key="outlet", allow_none=True, validate=validate.Length(max=OUTLET_MAX))
    published_at = fields.Date(allow_none=True)
    language = LanguageTag()
    note = fields.Str(allow_none=True, metadata={"description": "For people: where the facts come from"})


class ManifestSchema(Schema):
    """A folder's manifest.json. Each entry is checked on its own (ManifestEntrySchema), so that a
    bad entry rejects its file alone."""

    articles = fields.List(fields.Dict(), required=True)
