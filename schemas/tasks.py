from marshmallow import Schema, fields

from schemas.common import QueryArgs
from schemas.fields import Id


class ChoiceSchema(Schema):
    value = fields.Str(metadata={"description": "What the result carries"})
    html = fields.Str(metadata={"description": "What the annotator sees (escaped HTML), in the task's language"})


class SourceOptionSchema(Schema):
    value = fields.Str(metadata={"description": "span:<id> or article:<id>"})
    html = fields.Str(metadata={"description": "What the annotator sees (escaped HTML, isolated for bidi): "
                                               "outlet · date — the passage or the article's first words"})
    found_by = fields.Str(metadata={"description": "For a candidate passage: lexical, semantic or both, the "
                                                   "signal that found it"})
    children = fields.List(fields.Nested(ChoiceSchema), metadata={"description": "supports and refutes"})


class FormSchema(Schema):
    """What the labeling config reads from the task besides its text (docs/task-ui.md)."""

    direction = fields.Str(metadata={"description": "A marker that turns the form right-to-left, or not"})
    words = fields.Dict(keys=fields.Str(), values=fields.Str(),
                        metadata={"description": "The form's words in the task's language"})
    verdicts = fields.List(fields.Nested(ChoiceSchema))
    sources = fields.List(fields.Nested(SourceOptionSchema))
    cited = fields.List(fields.Nested(ChoiceSchema), metadata={"description": "The sources' ids, for the "
                                                                             "older config's hidden controls"})


class TaskDataSchema(Schema):
    span_id = fields.Int()
    article_id = fields.Int()
    text = fields.Str(metadata={"description": "The sentence: claim offsets are code points into it"})
    header = fields.Str(metadata={"description": "Outlet · title · date, those that are known"})
    also_published = fields.Str(metadata={"description": "Who else published the text (wire copies): "
                                                         "\"Also published by: B (2016-10-25), c.com/x\", or empty"})
    context_before = fields.Str()
    context_after = fields.Str()
    form = fields.Nested(FormSchema)


class TaskMetaSchema(Schema):
    span_id = fields.Int()


class TaskSchema(Schema):
    """One item of a Label Studio import file."""

    data = fields.Nested(TaskDataSchema)
    meta = fields.Nested(TaskMetaSchema)


class TaskQueryArgs(QueryArgs):
    article_id = Id()
