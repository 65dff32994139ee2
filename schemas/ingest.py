"""What ingest reads from files: JSON Lines records and the manifest of a folder of .txt files."""
from marshmallow import EXCLUDE, Schema, fields, validate

from schemas.articles import ArticleCreateSchema


class ArticleRecordSchema(ArticleCreateSchema):
    """One line of a .jsonl file: the same fields as POST /api/articles."""

    class Meta:
        unknown = EXCLUDE  # records exported by other tools carry extra keys; they are not ours


class ManifestEntrySchema(Schema):
    """What is known of one .txt file. A key that is absent means: take it from the file."""

    file = fields.Str(required=True, validate=validate.Length(min=1))
    title = fields.Str(allow_none=True)
    url = fields.Url(allow_none=True)
    outlet_name = fields.Str(data_key="outlet", allow_none=True, validate=validate.Length(max=200))
    published_at = fields.Date(allow_none=True)
    language = fields.Str(validate=validate.Length(min=2, max=16))
    note = fields.Str(allow_none=True, metadata={"description": "For people: where the facts come from"})


class ManifestSchema(Schema):
    articles = fields.List(fields.Nested(ManifestEntrySchema), required=True)
