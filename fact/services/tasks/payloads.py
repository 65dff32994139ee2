"""What an annotator sees in one task: the sentence, where it comes from, the text around it, and
the sources it can cite. Built here, sent by push, and served as an import file by GET /api/tasks.

The top-level fields are text (Label Studio's Data Manager shows each as a column); what the form
needs as structures (its words, verdicts and sources) is under `form` (docs/task-ui.md)."""
from collections import defaultdict

from markupsafe import Markup, escape
from sqlalchemy import Select, select
from sqlalchemy.orm import defer, joinedload

from fact.database import insert_missing
from fact.extensions import db
from fact.models import Article, Candidate, Offer, Span, SpanKind
from fact.services.ingest.appearances import appearances_of
from fact.services.tasks.predictions import prediction_for
from fact.labelstudio.config import ARTICLE, FORM, PASSAGE, parse_source_choice, source_choice
from fact.services.tasks import wording
from fact.text.dateline import glued_date_end

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
            for item in payloads for option in offered_options(item["data"])
            if (parsed := parse_source_choice(option["value"]))]
    insert_missing(db.session, Offer, rows, "span_id", "kind", "source_id")


def offered_options(data: dict) -> list[dict]:
    """The source options of a task's data: `{"value": "span:N", "html": ..., "children": [stances]}`."""
    return data[FORM]["sources"]


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
    form = item["data"][FORM]
    language = wording.words_language(span.article.language)
    form["sources"] = [_passage_option(c, language) for c in candidates] + form["sources"]
    stances = [{"value": stance, "html": label} for stance, label in wording.STANCES[language].items()]
    form["sources"] = [{**option, "children": stances} for option in form["sources"]]
    form["cited"] = [{"value": option["value"]} for option in form["sources"]]
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
                "also_published": also_published(appearances.get(span.article_id, []),
                                                 articles[span.article_id].language),
                "context_before": _before(span, articles[span.article_id], paragraphs[span.article_id]),
                "context_after": _after(span, articles[span.article_id], paragraphs[span.article_id]),
                FORM: _form(articles[span.article_id].language,
                            [option for article_id, option in others if article_id != span.article_id][:source_articles]),
            },
            "meta": {"span_id": span.id},
        }
        for span in spans
    ]


def _form(language: str, sources: list[dict]) -> dict:
    """What the labeling config reads from the task besides its text: its words, verdicts and sources."""
    words = wording.words_language(language)
    rtl = wording.direction(language) == "rtl"
    return {
        "direction": '<span class="fact-rtl"></span>' if rtl else '<span class="fact-ltr"></span>',
        "words": wording.WORDS[words],
        "verdicts": [{"value": label.value, "html": str(escape(text))} for label, text in wording.VERDICTS[words].items()],
        "sources": sources,
    }


def also_published(appearances: list, language: str | None = None) -> str:
    """`Also published by: B (2016-10-25), c.com/x` (in the task's language): the article's appearances
    after its first (wire copies, other links to it), for the annotator to see who repeated it; "" when none."""
    seen, parts = set(), []
    for appearance in appearances[1:]:
        name = appearance.outlet_name or appearance.url_key
        if name is None or (name, appearance.published_at) in seen:
            continue
        seen.add((name, appearance.published_at))
        parts.append(f"{name} ({appearance.published_at.isoformat()})" if appearance.published_at else name)
    words = wording.WORDS[wording.words_language(language)]
    separator = "، " if wording.direction(language) == "rtl" else ", "
    return f"{words['also_published']}: {separator.join(parts)}" if parts else ""


def header(article: Article) -> str:
    """Where the sentence comes from: its outlet, title and date, those that are known, or ""."""
    parts = [article.outlet_name, article.title, article.published_at.isoformat() if article.published_at else None]
    return " · ".join(part for part in parts if part)


def source_heading(article: Article) -> str:
    """A source's article in a few words: its outlet and date, those that are known; its title when
    neither is; "" when nothing is known (the passage then speaks for itself)."""
    parts = [article.outlet_name, article.published_at.isoformat() if article.published_at else None]
    known = [part for part in parts if part]
    return " · ".join(known) if known else (article.title or "")


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
    first = first_paragraphs(articles)
    return [(a.id, _option(a, first.get(a.id, ""))) for a in articles]


def first_paragraphs(articles: list[Article]) -> dict[int, str]:
    """{article id: its first paragraph that is not page furniture nor its title}, for those that have one."""
    titles = {a.id: a.title for a in articles}
    found: dict[int, str] = {}
    for article_id, text in db.session.execute(
        select(Span.article_id, Span.text)
        .where(Span.article_id.in_(titles), Span.kind == SpanKind.paragraph, Span.is_boilerplate.is_(False))
        .order_by(Span.article_id, Span.position)
    ):
        if article_id not in found and text != titles[article_id]:
            found[article_id] = text
    return found


def _passage_option(candidate: Candidate, language: str) -> dict:
    """A candidate passage as a choice: where it comes from, the passage itself, and the matcher's hint
    (in the task's language), each part isolated for bidi."""
    passage = candidate.candidate
    note = wording.hint_note(candidate.hint, candidate.hint_details.get("differences", []), language)
    # How a passage was found, where words alone did not find it: an annotator then reads it for its meaning.
    found = (Markup(' <i dir="auto">({})</i>').format(wording.WORDS[language][candidate.found_by])
             if candidate.found_by in ("semantic", "both") else "")
    html = Markup("{}<bdi dir=\"auto\">{}</bdi>{}{}").format(
        _heading_html(passage.article), passage.text, Markup(" ") + note if note else "", found)
    return {"value": source_choice(PASSAGE, passage.id), "found_by": candidate.found_by, "html": str(html)}


def _heading_html(article: Article) -> Markup:
    heading = source_heading(article)
    return Markup('<b><bdi dir="auto">{}</bdi></b> — ').format(heading) if heading else Markup("")


def opening(first_paragraph: str) -> str:
    """The first words of an article offered as a source, after the date a scrape glued to them."""
    text = first_paragraph[glued_date_end(first_paragraph):]
    words = " ".join(text[:OPENING_CHARS].split())
    return words + "…" if len(text) > OPENING_CHARS else words


def _option(article: Article, first_paragraph: str) -> dict:
    """A whole article as a choice, opening with its first paragraph that is not page furniture.
    Label Studio renders `html` as HTML, so everything in it is escaped."""
    html = Markup('{}<bdi dir="auto">{}</bdi>').format(_heading_html(article), opening(first_paragraph))
    return {"value": source_choice(ARTICLE, article.id), "html": str(html)}
