from datetime import timezone

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from fact.models import Agreement, ClaimOrigin, Label
from schemas.adjudications import AdjudicationSchema
from schemas.common import QueryArgs
from schemas.fields import Id, SearchQuery, Text
from schemas.pagination import KeysetArgs, after_field


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
    revision_id = fields.Int(metadata={"description": "The annotation revision it came from (/api/annotations/revisions)"})
    start = fields.Int(metadata={"description": "The annotator's own highlight, in article offsets"})
    end = fields.Int()
    text = fields.Str(metadata={"description": "The annotator's own highlight"})
    created_at = fields.DateTime()
    superseded_at = fields.DateTime(allow_none=True)
    sources = fields.List(fields.Nested(SourceSchema), attribute="evidence")

    def _annotator(self, verdict):
        return verdict.annotator.email if verdict.annotator else None


class ClaimAppearanceSchema(Schema):
    """One place a claim from outside was made or seen."""

    url = fields.Str(allow_none=True, metadata={"description": "As given"})
    url_key = fields.Str(allow_none=True, metadata={"description": "The page, whatever link to it"})
    date = fields.Date(attribute="appeared_at", allow_none=True)
    author = fields.Str(allow_none=True, metadata={"description": "Who posted or published it"})
    source = fields.Str(metadata={"description": "The record it came from: file:line, or api"})
    seen_at = fields.DateTime()


class OutsideVerdictSchema(Schema):
    rating = fields.Str(attribute="outside_rating", metadata={"description": "As the reviewer gave it"})
    source = fields.Str(attribute="outside_source", allow_none=True, metadata={"description": "The reviewer"})
    url = fields.Str(attribute="outside_url", allow_none=True, metadata={"description": "The review"})
    label = fields.Str(attribute="outside_label", allow_none=True,
                       metadata={"description": "Ours for that rating, from the verdict map; null: a rating it "
                                                "does not know"})


class ClaimSchema(Schema):
    id = fields.Int()
    origin = fields.Str(metadata={"description": "highlighted (in an article) or imported (from outside)"})
    article_id = fields.Int(allow_none=True, metadata={"description": "Null for an imported claim"})
    span_id = fields.Int(allow_none=True)
    start = fields.Int(allow_none=True, metadata={"description": "Code-point offset into the article text"})
    end = fields.Int(allow_none=True)
    text = fields.Str()
    claimant = fields.Str(allow_none=True, metadata={"description": "Who made it (imported claims)"})
    claim_date = fields.Date(allow_none=True, metadata={"description": "When it was made (imported claims)"})
    language = fields.Str(allow_none=True, metadata={"description": "BCP 47 (imported claims)"})
    outside_verdict = fields.Method("_outside_verdict", allow_none=True,
                                    metadata={"description": "The rating someone else gave it (imported claims)"})
    appearances = fields.List(fields.Nested(ClaimAppearanceSchema),
                              metadata={"description": "Where an imported claim was made or seen, oldest first"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime(metadata={"description": "When its verdicts, adjudication or shared label last changed"})
    label = fields.Str(allow_none=True, metadata={"description": "The final label: the adjudicated one, else the majority; "
                                                           "with neither, the label of the claim it is linked to as "
                                                           "already checked (/api/claims/<id>/matches)"})
    majority_label = fields.Str(allow_none=True, metadata={"description": "None on a tie"})
    agreement = fields.Str(metadata={"description": "none, single, unanimous, majority or contested"})
    verdict_count = fields.Int(metadata={"description": "Annotators with a verdict that counts"})
    adjudicated_label = fields.Str(allow_none=True)
    verdicts = fields.List(fields.Nested(VerdictSchema), attribute="current_verdicts",
                           metadata={"description": "The verdicts that count (not superseded or deleted)"})

    def _outside_verdict(self, claim):
        return OutsideVerdictSchema().dump(claim) if claim.outside_rating is not None else None


class EvidenceArticleSchema(Schema):
    id = fields.Int()
    title = fields.Str(allow_none=True)
    url = fields.Str(allow_none=True)
    outlet = fields.Str(attribute="outlet.name", allow_none=True)
    published_at = fields.Date(allow_none=True)


class EvidencePassageSchema(Schema):
    """One of an evidence article's best passages, and how the retrieval found it."""

    span_id = fields.Int()
    text = fields.Str(attribute="span.text")
    rank = fields.Int(metadata={"description": "Within its article, 1 = best"})
    score = fields.Float(metadata={"description": "Words and meaning fused (docs/matching.md)"})
    found_by = fields.Str(metadata={"description": "lexical, semantic or both"})
    lexical_score = fields.Float(allow_none=True, metadata={"description": "The TF-IDF cosine"})
    semantic_score = fields.Float(allow_none=True, metadata={"description": "The embeddings' cosine; null: by words alone"})


class RationaleSchema(Schema):
    span_id = fields.Int()
    text = fields.Str()


class ArticleStanceSchema(Schema):
    """One annotator's current stance of the article towards the claim."""

    annotator_id = fields.Int(metadata={"description": "Label Studio's user id, or a named outside annotator's"})
    annotator = fields.Str(allow_none=True, metadata={"description": "Their name or e-mail, where known"})
    stance = fields.Str(metadata={"description": "agree, disagree, discuss or unrelated"})
    created_at = fields.DateTime()
    rationale = fields.List(fields.Nested(RationaleSchema), metadata={"description": "The sentences that carry it"})


class ClaimEvidenceSchema(Schema):
    """An article retrieved as evidence for the claim (rank, score, passages), or one only given a stance."""

    article = fields.Nested(EvidenceArticleSchema)
    rank = fields.Int(allow_none=True, metadata={"description": "1 = best; null: not retrieved, it has stances"})
    score = fields.Float(allow_none=True, metadata={"description": "Its best passage's, plus 0.1 x its second's"})
    passages = fields.List(fields.Nested(EvidencePassageSchema), metadata={"description": "Best first"})
    stance = fields.Str(allow_none=True, metadata={"description": "The lead's settling where there is one, else "
                                                                  "the stance most of its annotators gave (each "
                                                                  "counted once); null on an unsettled tie or none"})
    settled = fields.Str(allow_none=True, metadata={"description": "The stance a lead settled the pair as "
                                                                   "(POST .../articles/<id>/stance-adjudication)"})
    stances = fields.List(fields.Nested(ArticleStanceSchema))


class ClaimDetailSchema(ClaimSchema):
    history = fields.List(fields.Nested(VerdictSchema), attribute="verdicts",
                          metadata={"description": "Every verdict ever given, superseded ones included"})
    adjudications = fields.List(fields.Nested(AdjudicationSchema), metadata={"description": "Oldest first"})
    evidence = fields.List(fields.Nested(ClaimEvidenceSchema), attribute="evidence_articles",
                           metadata={"description": "The articles most likely to support or refute it, best first "
                                                    "(flask fact claims evidence), then those with stances alone"})


_LABELS = [str(label) for label in Label]
_SORTS = ["id", "-id", "updated_at", "-updated_at", "verdict_count", "-verdict_count"]


class ClaimFilterArgs(QueryArgs):
    """The filters claims and verdicts share. label, annotator_id, since and until hold for one counting verdict."""

    verdict = Text(validate=validate.OneOf(_LABELS), metadata={"description": "The claim's final label"})
    label = Text(validate=validate.OneOf(_LABELS), metadata={"description": "A counting verdict's label"})
    annotator_id = Id(metadata={"description": "A counting verdict's annotator"})
    since = fields.AwareDateTime(default_timezone=timezone.utc,
                                 metadata={"description": "A counting verdict given at or after (ISO; UTC if no zone)"})
    until = fields.AwareDateTime(default_timezone=timezone.utc, metadata={"description": "... at or before"})
    outlet = Text(validate=validate.Length(min=1, max=200), metadata={"description": "The article's outlet name"})
    story_cluster_id = Id()
    published_since = fields.Date(metadata={"description": "The article published on or after"})
    published_until = fields.Date()
    agreement = fields.Enum(Agreement, metadata={"description": "none lists the claims no verdict counts for"})
    adjudicated = fields.Bool()
    q = SearchQuery(metadata={"description": "Text of the claim, matched through the Arabic search normalization"})
    origin = fields.Enum(ClaimOrigin, metadata={"description": "highlighted or imported; imported lists every "
                                                               "imported claim, with or without a verdict"})

    @validates_schema
    def ranges(self, data, **_kwargs):
        for low, high in (("since", "until"), ("published_since", "published_until")):
            if low in data and high in data and data[low] > data[high]:
                raise ValidationError(f"{high} is before {low}.", high)


class ArticleClaimQueryArgs(ClaimFilterArgs):
    sort = Text(load_default="id", validate=validate.OneOf(_SORTS))


class ClaimQueryArgs(KeysetArgs, ArticleClaimQueryArgs):
    article_id = Id()
    after = after_field({"id": "id", "updated_at": "time", "verdict_count": "count"})
