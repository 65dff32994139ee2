"""What an annotator sees in one task: the sentence, where it comes from, the text around it, and
the sources it can cite. Built here, sent by push, and served as an import file by GET /api/tasks."""
from collections import defaultdict

from markupsafe import escape
from sqlalchemy import Select, select
from sqlalchemy.orm import defer, joinedload

from fact.database import insert_missing
from fact.extensions import db
from fact.models import Article, Candidate, Offer, Span, SpanKind
from fact.services.ingest.appearances import appearances_of
from fact.services.tasks.predictions import prediction_for
from fact.labelstudio.config import ARTICLE, PASSAGE, parse_source_choice, source_choice

CONTEXT_CHARS = 400
OPENING_CHARS = 120  # of an article offered as a source, so that untitled ones can be told apart


def taskable_spans() -> Select:
    """The spans that become tasks: every sentence that is not boilerplate."""
    return select(Span).where(Span.kind == SpanKind.sentence, Span.is_boilerplate.is_(False))


def task_payloads(spans: list[Span], source_articles: int) -> list[dict]:
    """Label Studio import items for these spans (our span id in both `data` and `meta`): the candidate
    passages the matcher found come first among the sources, and a strong one arrives as a prediction."""
    candidates = candidates_of([span.id for span in spans])
    payloads = [_payload(span, item, candidates.get(span.id, []))
                for span, item in zip(spans, _bare_payloads(spans, source_articles))]
    record_offers(payloads)
    return payloads


def record_offers(payloads: list[dict]) -> None:
    """Remember every source these tasks offer (the caller commits): a verdict may cite nothing else.

    Offers are only added, never replaced, so an annotation made against an older version of a task
    (before its candidates were refreshed) still validates."""
    rows = [{"span_id": item["data"]["span_id"], "kind": parsed[0], "source_id": parsed[1]}
            for item in payloads for option in item["data"]["sources"]
            if (parsed := parse_source_choice(option["value"]))]
    insert_missing(db.session, Offer, rows, "span_id", "kind", "source_id")


def offered_sources(span_ids: set[int]) -> dict[int, set[tuple[str, int]]]:
    """What each span's task has offered, as (kind, id) pairs: kind is PASSAGE or ARTICLE."""
    offered: dict[int, set[tuple[str, int]]] = defaultdict(set)
    if span_ids:
        for span_id, kind, source_id in db.session.execute(
                select(Offer.span_id, Offer.kind, Offer.source_id).where(Offer.span_id.in_(span_ids))):
            offered[span_id].add((kind, source_id))
    return offered


def candidates_of(span_ids: list[int]) -> dict[int, list[Candidate]]:
    found = defaultdict(list)
    offered = select(Span.id).where(Span.id == Candidate.candidate_span_id, Span.is_boilerplate.is_(False)).exists()
    for candidate in db.session.scalars(  # a passage flagged since the match is never offered
        select(Candidate).where(Candidate.span_id.in_(span_ids), offered).order_by(Candidate.span_id, Candidate.rank)
        .options(joinedload(Candidate.candidate).joinedload(Span.article).joinedload(Article.outlet))
    ):
        found[candidate.span_id].append(candidate)
    return found


def _payload(span: Span, item: dict, candidates: list[Candidate]) -> dict:
    item["data"]["sources"] = [_passage_option(c) for c in candidates] + item["data"]["sources"]
    prediction = prediction_for(span, candidates)
    if prediction:
        item["predictions"] = [prediction]
    return item


def _bare_payloads(spans: list[Span], source_articles: int) -> list[dict]:
    article_ids = {span.article_id for span in spans}
    articles = {a.id: a for a in db.session.scalars(
        select(Article).where(Article.id.in_(article_ids)).options(joinedload(Article.outlet)))}
    paragraphs = defaultdict(list)
    for paragraph in db.session.scalars(
        select(Span).where(Span.article_id.in_(article_ids), Span.kind == SpanKind.paragraph,
                           Span.is_boilerplate.is_(False)).order_by(Span.start)
    ):
        paragraphs[paragraph.article_id].append(paragraph)
    others = _article_options(source_articles + 1)
    appearances = appearances_of(article_ids)
    return [
        {
            "data": {
                "span_id": span.id,
                "article_id": span.article_id,
                "text": span.text,
                "header": header(articles[span.article_id]),
                "also_published": also_published(appearances.get(span.article_id, [])),
                "context_before": _before(span, articles[span.article_id], paragraphs[span.article_id]),
                "context_after": _after(span, articles[span.article_id], paragraphs[span.article_id]),
                "sources": [option for article_id, option in others if article_id != span.article_id][:source_articles],
            },
            "meta": {"span_id": span.id},
        }
        for span in spans
    ]


def also_published(appearances: list) -> str:
    """`Also published by: B (2016-10-25), c.com/x`: the article's appearances after its first (wire
    copies, other links to it), for the annotator to see who repeated it; "" when none."""
    seen, parts = set(), []
    for appearance in appearances[1:]:
        name = appearance.outlet_name or appearance.url_key
        if name is None or (name, appearance.published_at) in seen:
            continue
        seen.add((name, appearance.published_at))
        parts.append(f"{name} ({appearance.published_at.isoformat()})" if appearance.published_at else name)
    return f"Also published by: {', '.join(parts)}" if parts else ""


def header(article: Article) -> str:
    parts = [article.outlet_name or "outlet unknown", article.title or "untitled",
             article.published_at.isoformat() if article.published_at else "date unknown"]
    return " · ".join(parts)


def _before(span: Span, article: Article, paragraphs: list[Span]) -> str:
    """The text before the sentence, from the start of the previous paragraph, at most CONTEXT_CHARS."""
    here = _index(span, paragraphs)
    start = paragraphs[max(here - 1, 0)].start if here is not None else span.start
    text = article.text[start : span.start].strip()
    return text if len(text) <= CONTEXT_CHARS else "…" + text[-CONTEXT_CHARS:].split(" ", 1)[-1]


def _after(span: Span, article: Article, paragraphs: list[Span]) -> str:
    """The text after the sentence, to the end of the next paragraph, at most CONTEXT_CHARS."""
    here = _index(span, paragraphs)
    end = paragraphs[min(here + 1, len(paragraphs) - 1)].end if here is not None else span.end
    text = article.text[span.end : end].strip()
    return text if len(text) <= CONTEXT_CHARS else text[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"


def _index(span: Span, paragraphs: list[Span]) -> int | None:
    """Where the sentence's paragraph stands among the article's paragraphs."""
    return next((i for i, p in enumerate(paragraphs) if p.position == span.paragraph), None)


def _article_options(limit: int) -> list[tuple[int, dict]]:
    """Articles an annotator may cite as a whole, as (article id, choice), newest first."""
    articles = list(db.session.scalars(
        select(Article).options(joinedload(Article.outlet), defer(Article.text))
        .order_by(Article.published_at.desc().nulls_last(), Article.id).limit(limit)
    ))
    titles = {a.id: a.title for a in articles}
    openings: dict[int, str] = {}
    for article_id, text in db.session.execute(
        select(Span.article_id, Span.text)
        .where(Span.article_id.in_(titles), Span.kind == SpanKind.paragraph, Span.is_boilerplate.is_(False))
        .order_by(Span.article_id, Span.position)
    ):
        if article_id not in openings and text != titles[article_id]:
            openings[article_id] = text
    return [(a.id, _option(a, openings.get(a.id, ""))) for a in articles]


def _passage_option(candidate: Candidate) -> dict:
    """A candidate passage as a choice: where it comes from, the passage itself, and the matcher's hint."""
    passage = candidate.candidate
    label = {"dispute": "⚠ possible dispute", "corroboration": "✓ possible corroboration"}.get(candidate.hint, "")
    differences = "; ".join(f"{d['ours']} ≠ {d['theirs']}" for d in candidate.hint_details.get("differences", []))
    note = f" <i>{escape(label)}{': ' + escape(differences) if differences else ''}</i>" if label else ""
    found = _FOUND_BY.get(candidate.found_by, "")
    return {"value": source_choice(PASSAGE, passage.id), "found_by": candidate.found_by,
            "html": f"<b>{escape(header(passage.article))}</b> — {escape(passage.text)}{note}{found}"}


# How a passage was found, where words alone did not find it: an annotator then reads it for its meaning.
_FOUND_BY = {"semantic": " <i>(close in meaning)</i>", "both": " <i>(same words and meaning)</i>"}


def _option(article: Article, first_paragraph: str) -> dict:
    """A whole article as a choice, opening with its first paragraph that is not page furniture.
    Label Studio renders `html` as HTML, so everything in it is escaped."""
    opening = " ".join(first_paragraph[:OPENING_CHARS].split())
    return {"value": source_choice(ARTICLE, article.id),
            "html": f"<b>{escape(header(article))}</b> — {escape(opening)}…"}
