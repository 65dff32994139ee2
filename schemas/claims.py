from marshmallow import Schema, fields, validate

from schemas.common import QueryArgs


class SourceSchema(Schema):
    """A cited source: a passage of another article, a whole article, or a URL."""

    stance = fields.Str(metadata={"description": "supports or refutes"})
    kind = fields.Method("_kind", metadata={"description": "passage, article or url"})
    span_id = fields.Int(allow_none=True)
    article_id = fields.Method("_article_id")
    start = fields.Method("_start", metadata={"description": "Offset of the passage in its article"})
    end = fields.Method("_end")
    text = fields.Method("_text", metadata={"description": "The passage cited"})
    url = fields.Str(allow_none=True)

    def _kind(self, evidence):
        return "passage" if evidence.span_id else "article" if evidence.article_id else "url"

    def _article_id(self, evidence):
        return evidence.span.article_id if evidence.span else evidence.article_id

    def _start(self, evidence):
        return evidence.span.start if evidence.span else None

    def _end(self, evidence):
        return evidence.span.end if evidence.span else None

    def _text(self, evidence):
        return evidence.span.text if evidence.span else None


class VerdictSchema(Schema):
    id = fields.Int()
    label = fields.Str()
    annotator_id = fields.Int(metadata={"description": "Label Studio's user id"})
    annotator = fields.Method("_annotator", metadata={"description": "The annotator's e-mail, where known"})
    annotation_id = fields.Int(attribute="annotation.ls_annotation_id", metadata={"description": "Label Studio's annotation id"})
    revision_id = fields.Int()
    created_at = fields.DateTime()
    superseded_at = fields.DateTime(allow_none=True)
    sources = fields.List(fields.Nested(SourceSchema), attribute="evidence")

    def _annotator(self, verdict):
        return verdict.annotator.email if verdict.annotator else None


class ClaimSchema(Schema):
    id = fields.Int()
    article_id = fields.Int()
    span_id = fields.Int(allow_none=True)
    start = fields.Int(metadata={"description": "Code-point offset into the article text"})
    end = fields.Int()
    text = fields.Str()
    created_at = fields.DateTime()
    verdicts = fields.List(fields.Nested(VerdictSchema), attribute="current_verdicts",
                           metadata={"description": "The verdicts that count (not superseded or deleted)"})


class ClaimDetailSchema(ClaimSchema):
    history = fields.List(fields.Nested(VerdictSchema), attribute="verdicts",
                          metadata={"description": "Every verdict ever given, superseded ones included"})


class ClaimQueryArgs(QueryArgs):
    article_id = fields.Int(validate=validate.Range(min=1))
    label = fields.Str(validate=validate.OneOf(["corroborated", "disputed", "unverifiable"]))
