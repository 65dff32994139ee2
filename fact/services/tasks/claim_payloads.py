"""What an annotator sees in a claim task: the claim, who made it, when and where it appeared, and each
article its evidence search found (outlet · date · title, first words) with its best passages. Built
here, sent by fact.services.tasks.claim_push (docs/claim-tasks.md).

As in a sentence's task (payloads.py) the top-level fields are text, one Data Manager column each; the
structures the form reads are under `form`. Every option's `html` is escaped and isolated for bidi."""
import re
from collections import defaultdict

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload, selectinload

from fact.database import insert_missing
from fact.extensions import db
from fact.labelstudio.config import ARTICLE, FORM, PASSAGE, parse_source_choice, source_choice
from fact.models import Article, Claim, ClaimEvidence, ClaimOffer, ClaimPassage, Span
from fact.services.tasks import claim_wording, wording
from fact.services.tasks.payloads import first_paragraphs, opening, source_heading

_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u0671-\u06D3]")
_ISOLATE = "\u2068{}\u2069"  # FSI … PDI: Text shows plain text, where <bdi> is not read


def claim_language(claim: Claim) -> str | None:
    """The claim's language as imported; else Arabic when it is written in Arabic letters."""
    if claim.language:
        return claim.language
    return "ar" if _ARABIC_LETTER.search(claim.text) else None


def claim_payloads(claims: list[Claim]) -> list[dict]:
    """Label Studio import items for these claims (our claim id in both `data` and `meta`)."""
    evidence = _evidence_of([claim.id for claim in claims])
    openings = first_paragraphs([row.article for rows in evidence.values() for row in rows])
    return [_payload(claim, evidence.get(claim.id, []), openings) for claim in claims]


def record_claim_offers(payloads: list[dict]) -> None:
    """Remember every article and passage these tasks show (the caller commits): a stance or a rationale
    may cite nothing else. Only added, never replaced, as for a sentence's task."""
    rows = [{"claim_id": item["data"]["claim_id"], "kind": kind, "source_id": source_id}
            for item in payloads for kind, source_id in offered(item["data"])]
    insert_missing(db.session, ClaimOffer, rows, "claim_id", "kind", "source_id")


def offered(data: dict) -> list[tuple[str, int]]:
    """(kind, id) of every article and passage a claim task's data shows."""
    values = [option["value"] for option in data[FORM]["articles"]]
    values += [child["value"] for option in data[FORM]["passages"] for child in option["children"]]
    return [parsed for value in values if (parsed := parse_source_choice(value))]


def _evidence_of(claim_ids: list[int]) -> dict[int, list[ClaimEvidence]]:
    found = defaultdict(list)
    for row in db.session.scalars(
        select(ClaimEvidence).where(ClaimEvidence.claim_id.in_(claim_ids))
        .order_by(ClaimEvidence.claim_id, ClaimEvidence.rank)
        .options(joinedload(ClaimEvidence.article).options(defer(Article.text), joinedload(Article.outlet)),
                 selectinload(ClaimEvidence.passages).joinedload(ClaimPassage.span))
    ):
        found[row.claim_id].append(row)
    return found


def _payload(claim: Claim, evidence: list[ClaimEvidence], openings: dict[int, str]) -> dict:
    language = claim_language(claim)
    words = claim_wording.WORDS[wording.words_language(language)]
    return {
        "data": {
            "claim_id": claim.id,
            "claim": claim.text,
            "about": about(claim, words),
            "appeared": appeared(claim, words),
            "evidence": evidence_summary(evidence, words),
            FORM: _form(language, evidence, openings),
        },
        "meta": {"claim_id": claim.id},
    }


def about(claim: Claim, words: dict) -> str:
    """`Claimed by: X · 2024-05-02`, what is known of it, or ""."""
    parts = [f"{words['claimant']}: {_ISOLATE.format(claim.claimant)}" if claim.claimant else None,
             claim.claim_date.isoformat() if claim.claim_date else None]
    return " · ".join(part for part in parts if part)


def appeared(claim: Claim, words: dict) -> str:
    """`Appeared in: facebook.com/posts/1 (a page, 2024-05-02), …`: the places known, or ""."""
    places = []
    for seen in claim.appearances:
        where = seen.url_key or seen.url
        details = [part for part in (seen.author if where else None, seen.appeared_at.isoformat() if seen.appeared_at
                                     else None) if part]
        where = where or seen.author
        if where is None:
            continue
        place = _ISOLATE.format(where) + (f" ({words['comma'].join(_ISOLATE.format(d) for d in details)})" if details else "")
        if place not in places:
            places.append(place)
    return f"{words['appeared']}: {words['comma'].join(places)}" if places else ""


def article_heading(article: Article) -> str:
    """An evidence article in a line: outlet · date · title, those that are known."""
    parts = [article.outlet_name, article.published_at.isoformat() if article.published_at else None, article.title]
    return " · ".join(part for part in parts if part)


def evidence_summary(evidence: list[ClaimEvidence], words: dict) -> str:
    """The Data Manager's text of the evidence: how many articles, and which."""
    if not evidence:
        return words["no_evidence"]
    return f"{len(evidence)} {words['articles']}: " + "; ".join(article_heading(row.article) or f"#{row.article_id}"
                                                             for row in evidence)


def _form(language: str | None, evidence: list[ClaimEvidence], openings: dict[int, str]) -> dict:
    """What the claims project's config reads from the task: its words, the articles with the four
    stances under each, their passages, and the verdicts."""
    words = wording.words_language(language)
    stances = [{"value": stance.value, "html": str(escape(text))} for stance, text in claim_wording.STANCES[words].items()]
    articles, passages = [], []
    for row in evidence:
        value = source_choice(ARTICLE, row.article_id)
        articles.append({"value": value, "html": str(_article_html(row.article, openings.get(row.article_id, ""))),
                         "children": stances})
        shown = [p.span for p in row.passages if not p.span.is_boilerplate]  # flagged since the search: never shown
        if shown:
            heading = source_heading(row.article) or opening(openings.get(row.article_id, ""))
            passages.append({"value": value, "html": str(_heading_html(heading)),
                             "children": [_passage_option(span) for span in shown]})
    return {
        "direction": '<span class="fact-rtl"></span>' if wording.direction(language) == "rtl"
                     else '<span class="fact-ltr"></span>',
        "words": claim_wording.WORDS[words],
        "verdicts": [{"value": label.value, "html": str(escape(text))} for label, text in wording.VERDICTS[words].items()],
        "articles": articles,
        "passages": passages,
    }


def _article_html(article: Article, first_paragraph: str) -> Markup:
    heading, words = article_heading(article), opening(first_paragraph)
    html = _heading_html(heading)
    if words:
        html += Markup("{}<bdi dir=\"auto\">{}</bdi>").format(Markup(" — ") if heading else "", words)
    return html


def _heading_html(heading: str) -> Markup:
    return Markup('<b><bdi dir="auto">{}</bdi></b>').format(heading) if heading else Markup("")


def _passage_option(span: Span) -> dict:
    return {"value": source_choice(PASSAGE, span.id), "html": str(Markup('<bdi dir="auto">{}</bdi>').format(span.text))}
