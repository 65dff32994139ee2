"""The claim-task half of applying a page of annotations: which annotations judge a claim, and whether
what they say fits what their claim was offered. fact.services.annotations.apply runs them with the
span tasks, through the same rows, revisions, ordering and locks; claim_write stores what passes.

An annotation is of a claim task when its task's data has an int `claim_id` (the claims project's
tasks, and the labels imported from elsewhere), or, without one, when our ClaimTask map knows its
task. Everything a page needs is read at once: the claims (by id, and by task), the articles and
sentences cited, and the claims' offers: five queries a page, none an annotation.
"""
from sqlalchemy import select

from fact.extensions import db
from fact.labelstudio.config import ARTICLE, PASSAGE, source_choice
from fact.models import Article, Claim, ClaimOffer, ClaimTask, Span
from fact.services.annotations.claim_parse import parse_claim_result
from fact.services.annotations.parse import InvalidAnnotation
from schemas.fields import INT_MAX


def storable(ids) -> set[int]:
    """The ids an INTEGER column can hold: a larger one names nothing, and PostgreSQL refuses it in a query."""
    return {i for i in ids if 1 <= i <= INT_MAX}


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def claim_items(items: list) -> list:
    """Mark the items (apply._Item) of claim tasks, giving each its claim (None: no such claim), and
    return them; the others are span tasks."""
    by_id = [i for i in items if _int((i.task_data or {}).get("claim_id"))]
    marked = set(map(id, by_id))
    unknown = [i for i in items if id(i) not in marked and not _int((i.task_data or {}).get("span_id"))]
    ids = storable(i.task_data["claim_id"] for i in by_id)
    claims = {c.id: c for c in db.session.scalars(select(Claim).where(Claim.id.in_(ids)))} if ids else {}
    of_task = dict(db.session.execute(
        select(ClaimTask.ls_task_id, Claim).join(Claim, ClaimTask.claim_id == Claim.id)
        .where(ClaimTask.ls_task_id.in_({i.annotation["task"] for i in unknown}))).all()) if unknown else {}
    for item in by_id:
        item.of_claim_task, item.claim = True, claims.get(item.task_data["claim_id"])
    found = []
    for item in unknown:
        if item.annotation["task"] in of_task:
            item.of_claim_task, item.claim = True, of_task[item.annotation["task"]]
            found.append(item)
    return by_id + found


def validate_claim_items(items: list) -> None:
    """Parse each result, then check at once that every article cited exists and was offered to its
    claim, and that every rationale sentence exists and is a sentence of its article."""
    for item in items:
        try:
            if item.claim is None:
                claim_id = (item.task_data or {}).get("claim_id")
                raise InvalidAnnotation(f"claim {claim_id} does not exist" if _int(claim_id)
                                        else f"task {item.annotation['task']} is not one of ours")
            if not item.annotation["was_cancelled"]:
                item.judged = parse_claim_result(item.annotation["result"])
        except InvalidAnnotation as error:
            item.judged, item.reason = None, str(error)
    cited = [i for i in items if i.reason is None and i.judged is not None]
    article_ids = {a for i in cited for a in i.judged.stances}
    span_ids = {s for i in cited for s in i.judged.span_ids()}
    articles = set(db.session.scalars(select(Article.id).where(Article.id.in_(article_ids)))) if article_ids else set()
    article_of = dict(db.session.execute(select(Span.id, Span.article_id).where(Span.id.in_(span_ids))).all()) \
        if span_ids else {}
    offered = offered_articles({i.claim.id for i in cited})
    for item in cited:
        try:
            _check_articles(item, articles, article_of, offered.get(item.claim.id, set()))
        except InvalidAnnotation as error:
            item.judged, item.reason = None, str(error)


def offered_articles(claim_ids: set[int]) -> dict[int, set[int]]:
    """{claim: the articles put before its annotators} (its task's, or those its imported labels name)."""
    offered: dict[int, set[int]] = {}
    if claim_ids:
        for claim_id, article_id in db.session.execute(
                select(ClaimOffer.claim_id, ClaimOffer.source_id)
                .where(ClaimOffer.claim_id.in_(claim_ids), ClaimOffer.kind == ARTICLE)):
            offered.setdefault(claim_id, set()).add(article_id)
    return offered


def _check_articles(item, articles: set[int], article_of: dict[int, int], offered: set[int]) -> None:
    for article_id, stance in item.judged.stances.items():
        article = source_choice(ARTICLE, article_id)
        if article_id not in articles:
            raise InvalidAnnotation(f"gives a stance of {article}, which does not exist")
        if article_id not in offered:
            raise InvalidAnnotation(f"gives a stance of {article}, which claim {item.claim.id} was never offered")
        for span_id in stance.rationale:
            if span_id not in article_of:
                raise InvalidAnnotation(f"rationale {source_choice(PASSAGE, span_id)} does not exist")
            if article_of[span_id] != article_id:
                raise InvalidAnnotation(f"rationale {source_choice(PASSAGE, span_id)} of {article} is a sentence "
                                        f"of {source_choice(ARTICLE, article_of[span_id])}")
