"""What each export format says about a claim: one function per format, from ExportClaims to records.

Each yields (group, record): the group (story or article) decides the split the record goes to.
"""
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from dataclasses import dataclass

from fact.services.exports.columns import VERDICT_TABLE, iso
from fact.services.ingest.appearances import appearances_of
from fact.services.exports.imported import outside_of
from fact.services.exports.rows import ExportClaim, article_text
from fact.services.exports.stances import any_stance, stances_of

FEVER_LABELS = {"corroborated": "SUPPORTS", "disputed": "REFUTES", "unverifiable": "NOT ENOUGH INFO"}
FEVER_STANCE = {"SUPPORTS": "supports", "REFUTES": "refutes"}
FEVER_ARTICLE_STANCE = {"SUPPORTS": "agree", "REFUTES": "disagree"}
STANCE_LABELS = {"supports": "agree", "refutes": "disagree"}
RATINGS = {"disputed": 1, "unverifiable": 2, "corroborated": 3}  # worst 1, best 3
# A token: a run of letters, digits and the marks written on them (Arabic diacritics are not \w),
# or one other visible character.
TOKEN = re.compile(r"(?:\w|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+|[^\w\s]")


@dataclass(frozen=True)
class Settings:
    author: str = "Fact-check annotators"
    public_url: str = ""


def fever(claims: Iterable[ExportClaim], _settings: Settings) -> Iterator[tuple[str, dict]]:
    """FEVER: the claim's final verdict is the label. Each agreeing annotator's sources of the right
    stance are one evidence set of [annotation id, evidence id, article id (or the URL), span id (None
    for a whole article or URL)]; each article their annotation gave the matching stance (agree for
    SUPPORTS, disagree for REFUTES) is one more, of its rationale sentences (evidence id None)."""
    claims = iter(claims)
    stances = any_stance()  # else no chunk need look for them
    while chunk := list(islice(claims, CHUNK)):
        by_annotation = stances_of(c.id for c in chunk) if stances else {}
        for claim in chunk:
            yield claim.group, _fever(claim, by_annotation)


CHUNK = 1_000  # claims per read of their stances or appearances


def _fever(claim: ExportClaim, by_annotation: dict) -> dict:
    label = FEVER_LABELS[claim.label]
    sets = []
    for verdict in claim.verdicts:
        if verdict.label != claim.label:
            continue
        if label == "NOT ENOUGH INFO":
            sets.append([[verdict.annotation_id, None, None, None]])  # as FEVER writes NEI
            continue
        items = [[verdict.annotation_id, e.id, e.article_id if e.url is None else e.url, e.span_id]
                 for e in verdict.evidence if e.stance == FEVER_STANCE[label]]
        if items:
            sets.append(items)
        for article_id, stance, spans in by_annotation.get((claim.id, verdict.annotation_id), ()):
            if stance == FEVER_ARTICLE_STANCE[label]:
                sets.append([[verdict.annotation_id, None, article_id, span] for span in spans or [None]])
    return {
        "id": claim.id, "claim": claim.text, "label": label, "evidence": sets,
        "article_id": claim.article_id, "span_id": claim.span_id, "start": claim.start, "end": claim.end,
        "story_cluster_id": claim.story_cluster_id, "agreement": claim.agreement,
        "adjudicated": claim.adjudicated_label is not None,
    }


def stance(claims: Iterable[ExportClaim], _settings: Settings) -> Iterator[tuple[str, dict]]:
    """One pair per claim and cited passage; the stance most of its citers gave (a tie is left out). The
    article-level rows come after, from exports.stances (formats: the format's reading)."""
    for claim in claims:
        passages: dict[int, list] = {}
        for verdict in claim.verdicts:
            for e in verdict.evidence:
                if e.span_id is not None:
                    passages.setdefault(e.span_id, []).append(e)
        for span_id, cited in passages.items():
            (top, votes), *rest = Counter(e.stance for e in cited).most_common()
            if rest and rest[0][1] == votes:
                continue
            first = cited[0]
            yield claim.group, {
                "level": "passage", "id": f"{claim.id}-{span_id}", "claim_id": claim.id, "claim": claim.text,
                "evidence_span_id": span_id, "evidence_article_id": first.article_id, "evidence": first.text,
                "label": STANCE_LABELS[top], "evidence_ids": [e.id for e in cited],
                "claim_article_id": claim.article_id, "story_cluster_id": claim.story_cluster_id,
            }


def tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(text)]


def bio(offsets: list[tuple[int, int]], claims: list[tuple[int, int]]) -> list[str]:
    """B-CLAIM / I-CLAIM / O for each token; a token that overlaps a claim is in it (the first claim wins)."""
    tags = ["O"] * len(offsets)
    for start, end in claims:
        inside = [i for i, (s, e) in enumerate(offsets) if s < end and e > start and tags[i] == "O"]
        for n, i in enumerate(inside):
            tags[i] = "B-CLAIM" if n == 0 else "I-CLAIM"
    return tags


def claim_spans(claims: Iterable[ExportClaim], _settings: Settings) -> Iterator[tuple[str, dict]]:
    """One record per article: its text, its claims' offsets, and tokens with BIO tags."""
    article: list[ExportClaim] = []
    for claim in claims:  # of articles only (Format.in_articles)
        if article and article[0].article_id != claim.article_id:
            yield _article_record(article)
            article = []
        article.append(claim)
    if article:
        yield _article_record(article)


def _article_record(claims: list[ExportClaim]) -> tuple[str, dict]:
    first = claims[0]
    text = article_text(first.article_id)
    offsets = tokens(text)
    return first.group, {
        "article_id": first.article_id, "story_cluster_id": first.story_cluster_id, "outlet": first.outlet,
        "language": first.language, "text": text,
        "claims": [{"id": c.id, "start": c.start, "end": c.end, "text": c.text, "label": c.label,
                    "agreement": c.agreement} for c in claims],
        "tokens": [text[s:e] for s, e in offsets], "token_offsets": [list(o) for o in offsets],
        "tags": bio(offsets, [(c.start, c.end) for c in claims]),
    }


def verdict_table(claims: Iterable[ExportClaim], _settings: Settings) -> Iterator[tuple[str, dict]]:
    """The flat table: one row per current verdict (contested claims too, with no claim label), its
    columns as exports.columns defines them."""
    for claim in claims:
        group = claim.group
        for verdict in claim.verdicts:
            yield group, {column.name: column.value(claim, verdict) for column in VERDICT_TABLE}


def claimreview(claims: Iterable[ExportClaim], settings: Settings) -> Iterator[tuple[str, dict]]:
    """schema.org ClaimReview, one per claim with a final label. The claim's `appearance` lists every
    place its article was published (its wire copies too: fact.services.ingest.appearances), or for a
    claim from outside the places the import gave (exports.imported); the claims come a chunk at a
    time, with one query for the appearances of the chunk's articles and one for its outside claims."""
    claims = iter(claims)
    while chunk := list(islice(claims, CHUNK)):
        appearances = appearances_of({c.article_id for c in chunk if c.article_id is not None})
        outside = outside_of([c.id for c in chunk if c.article_id is None])
        for c in chunk:
            review = _claimreview(c, appearances.get(c.article_id, []), settings)
            if c.id in outside:
                review["itemReviewed"] = outside[c.id]
            yield c.group, review


def _claimreview(c: ExportClaim, appearances: list, settings: Settings) -> dict:
    organization = {"@type": "Organization", "name": c.outlet} if c.outlet else None
    # The first appearance, as the article has it (a claim from outside has no article: none here).
    seen = [(c.article_url, c.outlet, c.published_at)] if c.article_id is not None else []
    seen += [(a.url, a.outlet_name, iso(a.published_at)) for a in appearances[1:]]
    listed, unique = [], set()
    for url, outlet, published in seen:
        if (url, outlet, published) in unique:
            continue
        unique.add((url, outlet, published))
        publisher = {"@type": "Organization", "name": outlet} if outlet else None
        appearance = {"@type": "NewsArticle", "url": url, "headline": c.article_title,
                      "datePublished": iso(published), "publisher": publisher}
        listed.append({k: v for k, v in appearance.items() if v is not None})
    item = {"@type": "Claim", "appearance": listed, "datePublished": iso(c.published_at)}
    if organization:
        item["author"] = organization
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"{settings.public_url}/api/claims/{c.id}", "identifier": str(c.id),
        "claimReviewed": c.text, "datePublished": iso(c.updated_at)[:10],
        "author": {"@type": "Organization", "name": settings.author},
        "reviewRating": {"@type": "Rating", "ratingValue": RATINGS[c.label], "bestRating": 3, "worstRating": 1,
                         "alternateName": c.label.capitalize()},
        "itemReviewed": {k: v for k, v in item.items() if v is not None},
    }
