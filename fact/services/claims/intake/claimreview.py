"""schema.org ClaimReview (JSON-LD) as our claim record.

Read as plain JSON: a feed is one ClaimReview, a list of them, or an `@graph`, with the schema.org
context. A JSON-LD processor (pyld) would expand the terms against that context, which it fetches
from schema.org: a network read at every import for names that feeds spell one way anyway. So the
type is matched by its name ("ClaimReview", "schema:ClaimReview", "https://schema.org/ClaimReview"),
and a node that only points at another one of the graph ({"@id": …}) is looked up there.

claimReviewed → text; itemReviewed (a Claim): its author → claimant, datePublished → claim date,
appearance and firstAppearance (CreativeWorks: url, datePublished, author or publisher) → appearances;
reviewRating.alternateName (else its name) → the outside rating, the review's author (the
fact-checker) → its source, the review's url → its URL; inLanguage (of the review, else the claim)
→ language.
"""
import re
from collections.abc import Iterator

_TYPE = re.compile(r"^(?:(?:https?://)?schema\.org/|schema:)?ClaimReview$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]")
# Our field -> theirs, for the messages of a record that is refused.
FIELD_NAMES = {"text": "claimReviewed", "claimant": "itemReviewed.author", "claim_date": "itemReviewed.datePublished",
               "language": "inLanguage", "outside_verdict": "reviewRating", "appearances": "itemReviewed.appearance"}
VERDICT_FIELD_NAMES = {"rating": "reviewRating.alternateName", "source": "author", "url": "url"}


def is_claimreview(node) -> bool:
    if not isinstance(node, dict):
        return False
    types = node.get("@type")
    return any(isinstance(t, str) and _TYPE.match(t) for t in (types if isinstance(types, list) else [types]))


def claimreview_nodes(document) -> tuple[list[dict], int]:
    """The ClaimReviews of a document (one, a list, or an @graph, which may be in a list), with `@id`
    pointers resolved against the graph; and how many other nodes there were (passed over)."""
    nodes = document if isinstance(document, list) else [document]
    flat = []
    for node in nodes:
        graph = node.get("@graph") if isinstance(node, dict) else None
        flat += graph if isinstance(graph, list) else [node]
    by_id = {n["@id"]: n for n in flat if isinstance(n, dict) and isinstance(n.get("@id"), str)}
    reviews = [_Graph(by_id).resolve(n) for n in flat if is_claimreview(n)]
    return reviews, len(flat) - len(reviews)


class _Graph:
    def __init__(self, by_id: dict):
        self.by_id = by_id

    def resolve(self, value, depth: int = 0):
        """`value` with every {"@id": …} alone replaced by the node of that id (a few levels deep)."""
        if depth > 6:
            return value
        if isinstance(value, list):
            return [self.resolve(v, depth + 1) for v in value]
        if isinstance(value, dict):
            if set(value) == {"@id"} and value["@id"] in self.by_id:
                value = self.by_id[value["@id"]]
            return {k: self.resolve(v, depth + 1) for k, v in value.items()}
        return value


def _name(value):
    """A Person's or Organization's name: a string as it is, else its `name`; the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value


def _date(value):
    """A date; a date and time (as feeds often give) is its date."""
    if isinstance(value, str) and _DATETIME.match(value):
        return value[:10]
    return value


def _language(value):
    """A language tag, or a Language node's alternateName (its tag) else its name."""
    if isinstance(value, dict):
        return value.get("alternateName", value.get("name"))
    return value


def _appearances(item: dict) -> Iterator[dict]:
    given = item.get("appearance")
    works = given if isinstance(given, list) else [given] if given is not None else []
    if item.get("firstAppearance") is not None:
        works = [item["firstAppearance"], *works]
    for work in works:
        if isinstance(work, str):  # a bare URL
            yield {"url": work}
        elif isinstance(work, dict):
            found = {"url": work.get("url"), "date": _date(work.get("datePublished")),
                     "author": _name(work.get("author")) or _name(work.get("publisher"))}
            yield {k: v for k, v in found.items() if v is not None}
        else:
            yield work  # not a CreativeWork: the schema says so


def claimreview_record(review: dict) -> dict:
    """Our record (schemas.claim_imports.ClaimCreateSchema's fields) of one ClaimReview node."""
    item = review.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    record = {"text": review.get("claimReviewed"), "claimant": _name(item.get("author")),
              "claim_date": _date(item.get("datePublished")),
              "language": _language(review.get("inLanguage", item.get("inLanguage"))),
              "appearances": list(_appearances(item))}
    rating = review.get("reviewRating")
    if isinstance(rating, dict) and (text := rating.get("alternateName", rating.get("name"))) is not None:
        verdict = {"rating": text, "source": _name(review.get("author")), "url": review.get("url")}
        record["outside_verdict"] = {k: v for k, v in verdict.items() if v is not None}
    return {k: v for k, v in record.items() if v is not None}
