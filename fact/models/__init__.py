"""The data model, one module per aggregate. Importing this package registers every table."""
from fact.models.annotations import Annotation, AnnotationRevision, Annotator, RevisionStatus
from fact.models.articles import Appearance, Article, ArticleBand, Outlet, Span, SpanKind
from fact.models.boilerplate import RepeatCount
from fact.models.claims import Adjudication, Agreement, Claim, ClaimOrigin, Evidence, Label, Stance, Verdict
from fact.models.claim_appearances import ClaimAppearance
from fact.models.checked import ClaimMatchSearch, ClaimVector, VectorReading
from fact.models.claim_work import (
    ArticleStance, ArticleStanceLabel, ClaimEvidence, ClaimMatch, ClaimOffer, ClaimPassage, ClaimSearch, ClaimTask,
    MatchStatus, StanceAdjudication, StancePair, StanceRationale,
)
from fact.models.evidence import Candidate, HintKind, StoryCluster
from fact.models.tasks import Offer, SyncMark, Task
from fact.models.vectors import SpanVector

__all__ = [
    "Adjudication", "Agreement", "ArticleStance", "ArticleStanceLabel", "ClaimEvidence", "ClaimMatch", "ClaimOffer",
    "ClaimMatchSearch", "ClaimPassage", "ClaimSearch", "ClaimVector", "ClaimTask", "MatchStatus", "StanceAdjudication", "StancePair", "StanceRationale", "Annotation", "AnnotationRevision", "Annotator", "Appearance", "Article", "ArticleBand",
    "Candidate", "Claim", "ClaimAppearance", "ClaimOrigin", "Evidence", "HintKind", "Label", "Offer", "Outlet", "RepeatCount", "RevisionStatus", "Span",
    "SpanKind", "SpanVector", "VectorReading", "Stance", "StoryCluster", "SyncMark", "Task", "Verdict",
]
