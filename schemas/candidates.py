from marshmallow import Schema, fields

from schemas.common import QueryArgs


class DifferenceSchema(Schema):
    kind = fields.Str(metadata={"description": "quantity, place or direction"})
    ours = fields.Str(metadata={"description": "The value in the sentence"})
    theirs = fields.Str(metadata={"description": "The value in the candidate passage"})


class PassageSchema(Schema):
    span_id = fields.Int(attribute="id")
    article_id = fields.Int()
    start = fields.Int()
    end = fields.Int()
    text = fields.Str()
    outlet = fields.Str(attribute="article.outlet_name", allow_none=True)
    title = fields.Str(attribute="article.title", allow_none=True)
    published_at = fields.Date(attribute="article.published_at", allow_none=True)


class CandidateSchema(Schema):
    rank = fields.Int(metadata={"description": "1 = most similar"})
    score = fields.Float(metadata={"description": "What ranks it, 0..1: the lexical cosine, or the lexical and "
                                               "semantic cosines fused when both signals ran"})
    found_by = fields.Str(metadata={"description": "lexical, semantic or both: which signal proposed it"})
    lexical_score = fields.Float(allow_none=True, metadata={"description": "Cosine of the TF-IDF vectors"})
    semantic_score = fields.Float(allow_none=True, metadata={"description": "Cosine of the sentence embeddings"})
    reason = fields.Str(metadata={"description": "Why it was chosen, in words"})
    hint = fields.Str(metadata={"description": "dispute, corroboration or none: a hint, never a verdict"})
    differences = fields.List(fields.Nested(DifferenceSchema), attribute="hint_details.differences")
    agreements = fields.List(fields.Str(), attribute="hint_details.agreements")
    passage = fields.Nested(PassageSchema, attribute="candidate")


class StorySchema(Schema):
    id = fields.Int()
    article_ids = fields.List(fields.Int())


class StoryQueryArgs(QueryArgs):
    pass
