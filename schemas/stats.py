"""GET /api/stats: counts by label, outlet and annotator; progress; agreement."""
from marshmallow import Schema, fields

from schemas.common import QueryArgs

_BY_LABEL = fields.Dict(keys=fields.Str(), values=fields.Int(), metadata={"description": "By label"})


class LabelCountSchema(Schema):
    label = fields.Str()
    verdicts = fields.Int(metadata={"description": "Current verdicts (not superseded) with this label"})
    claims = fields.Int(metadata={"description": "Claims whose final label it is"})


class OutletCountSchema(Schema):
    outlet = fields.Str(allow_none=True, metadata={"description": "None: articles of unknown outlet"})
    articles = fields.Int()
    claims = fields.Int(metadata={"description": "Claims with a current verdict"})
    verdicts = fields.Int(metadata={"description": "Current verdicts (not superseded)"})


class AnnotatorCountSchema(Schema):
    annotator_id = fields.Int(metadata={"description": "Label Studio's user id"})
    annotator = fields.Str(allow_none=True, metadata={"description": "E-mail, where known"})
    verdicts = fields.Int()
    claims = fields.Int()
    by_label = _BY_LABEL


class ProgressSchema(Schema):
    sentences = fields.Int(metadata={"description": "Sentences to annotate (not boilerplate)"})
    sentences_with_task = fields.Int()
    sentences_without_task = fields.Int()
    tasks = fields.Int()
    tasks_annotated = fields.Int(metadata={"description": "With an annotation that is not deleted"})
    tasks_not_annotated = fields.Int()


class AgreementSchema(Schema):
    alpha = fields.Float(allow_none=True, metadata={"description": "Krippendorff's alpha (nominal); None when undefined"})
    per_label = fields.Dict(keys=fields.Str(), values=fields.Float(allow_none=True),
                            metadata={"description": "Alpha of 'this label or not'"})
    claims = fields.Int(metadata={"description": "Claims judged by two or more annotators: what alpha rests on"})
    verdicts = fields.Int(attribute="votes",
                          metadata={"description": "Their votes: each annotator's newest current verdict"})


class StanceAgreementSchema(Schema):
    alpha = fields.Float(allow_none=True, metadata={"description": "Krippendorff's alpha (nominal) of the articles' "
                                                                   "stances; None when undefined"})
    per_label = fields.Dict(keys=fields.Str(), values=fields.Float(allow_none=True),
                            metadata={"description": "Alpha of 'this stance or not': agree, disagree, discuss, unrelated"})
    pairs = fields.Int(metadata={"description": "(claim, article) pairs two or more annotators gave a stance: what "
                                                "alpha rests on; outside annotators (e.g. gold) count like anyone"})
    votes = fields.Int(metadata={"description": "Their votes: each annotator's newest current stance of the pair"})


class ClaimStatesSchema(Schema):
    by_state = fields.Dict(keys=fields.Str(), values=fields.Int(),
                           metadata={"description": "none, single, unanimous, majority, contested"})
    adjudicated = fields.Int()


class StatsSchema(Schema):
    labels = fields.List(fields.Nested(LabelCountSchema))
    outlets = fields.List(fields.Nested(OutletCountSchema), metadata={"description": "Most verdicts first"})
    annotators = fields.List(fields.Nested(AnnotatorCountSchema), metadata={"description": "Most verdicts first"})
    progress = fields.Nested(ProgressSchema)
    agreement = fields.Nested(AgreementSchema)
    claims = fields.Nested(ClaimStatesSchema)
    stance_agreement = fields.Nested(StanceAgreementSchema)


class StatsQueryArgs(QueryArgs):
    """No parameters yet: any given is an error."""
