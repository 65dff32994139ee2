"""The writing half of applying a page of annotations: claims, verdicts, evidence and claim aggregates
with a few executemany statements, where the unit of work would spend ~3 ms an annotation.

fact.services.annotations.apply decides what each annotation becomes; this module only writes it.
"""
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import insert, select

from fact.extensions import db
from fact.models import Article, Claim, Evidence, Span, Verdict
from fact.services.claims.grouping import OVERLAP, overlap
from fact.services.annotations.parse import ClaimInput
from fact.text.normalize import normalize_for_search


@dataclass(frozen=True)
class Accepted:
    """An accepted annotation with claims: where its verdicts go."""

    span: Span
    claims: list[ClaimInput]
    annotator_id: int
    row_id: int
    revision_id: int


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert rows at once (into the table: the ORM's bulk path costs twice as much); their new ids,
    in the rows' order."""
    if not rows:
        return []
    table = model.__table__
    return list(db.session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


def write_verdicts(accepted: list[Accepted]) -> set[int]:
    """Claims (found or new), verdicts and evidence of accepted annotations; the claims they count for."""
    if not accepted:
        return set()
    groups = _ClaimGroups({a.span.article_id for a in accepted})
    grouped = [groups.claims_for(a.span, [(a.span.start + c.start, a.span.start + c.end, c.text) for c in a.claims])
               for a in accepted]
    for claim, claim_id in zip(groups.new, insert_rows(Claim, [
            {"article_id": c.article_id, "span_id": c.span_id, "start": c.start, "end": c.end, "text": c.text,
             "search_text": normalize_for_search(c.text)} for c in groups.new])):
        claim.id = claim_id
    verdicts, sources = [], []
    for a, claims in zip(accepted, grouped):
        for claim_input, claim in zip(a.claims, claims):
            verdicts.append({"claim_id": claim.id, "annotation_id": a.row_id, "revision_id": a.revision_id,
                             "label": claim_input.label, "annotator_id": a.annotator_id,
                             "start": a.span.start + claim_input.start, "end": a.span.start + claim_input.end,
                             "text": claim_input.text})
            sources.append(dict.fromkeys(claim_input.sources))  # the same source cited twice counts once
    evidence = [{"verdict_id": verdict_id, "stance": s.stance, "span_id": s.span_id, "article_id": s.article_id,
                 "url": s.url} for verdict_id, cited in zip(insert_rows(Verdict, verdicts), sources) for s in cited]
    if evidence:
        db.session.execute(insert(Evidence.__table__), evidence)
    return {claim.id for claims in grouped for claim in claims}


@dataclass(eq=False, slots=True)
class _ClaimRef:
    id: int | None
    article_id: int
    span_id: int | None
    start: int
    end: int
    text: str | None = None


class _ClaimGroups:
    """The claims of these articles, locked and read once, new ones added as they come: the rule of
    fact.services.claims.grouping (README, "Claims and agreement"), kept in memory for a page."""

    def __init__(self, article_ids: set[int]):
        self.by_article: dict[int, list[tuple[tuple[int, int], _ClaimRef]]] = defaultdict(list)
        self.new: list[_ClaimRef] = []
        ordered = sorted(article_ids)
        # One writer at a time per article decides on its claims (PostgreSQL; SQLite writes are serial).
        db.session.execute(select(Article.id).where(Article.id.in_(ordered)).order_by(Article.id).with_for_update())
        for claim_id, article_id, start, end in db.session.execute(
                select(Claim.id, Claim.article_id, Claim.start, Claim.end).where(Claim.article_id.in_(ordered))):
            self.by_article[article_id].append(((0, claim_id), _ClaimRef(claim_id, article_id, None, start, end)))

    def claims_for(self, span: Span, highlights: list[tuple[int, int, str]]) -> list[_ClaimRef]:
        """The claim each highlight of one annotation counts for: best overlap first, new ones added."""
        nearby = self.by_article[span.article_id]
        pairs = sorted(
            (-share, rank, i, claim)
            for i, (start, end, _text) in enumerate(highlights)
            for rank, claim in nearby
            if (share := overlap((start, end), (claim.start, claim.end))) >= OVERLAP
        )
        chosen: dict[int, _ClaimRef] = {}
        taken: set[tuple[int, int]] = set()
        for _share, rank, i, claim in pairs:
            if i not in chosen and rank not in taken:
                chosen[i] = claim
                taken.add(rank)
        for i, (start, end, text) in enumerate(highlights):
            if i not in chosen:
                chosen[i] = _ClaimRef(None, span.article_id, span.id, start, end, text)
                self.new.append(chosen[i])
                nearby.append(((1, len(self.new)), chosen[i]))  # inserted in this order: ids follow it
        return [chosen[i] for i in range(len(highlights))]
