"""Boilerplate learned from the corpus, a batch of new articles at a time.

The per-line rules (fact.text.boilerplate) know the clutter of any site; an outlet's own clutter
(its slogan, its menu, its newsletter prompt, sidebar teasers, a widget glued to every headline) is
learned from what its pages repeat:

* a paragraph that is not prose (fact.text.repeats.may_be_clutter: a wire story's background
  paragraph is news) is boilerplate when REPEATS articles of one outlet hold it, or when it heads
  (leads) one article of the outlet and stands lower in another (a teaser of that article). Where it
  leads an article it stays news (a headline), unless it leads TOP_SHARE of the outlet's pages and
  most of its own copies (a menu, a date bar);
* one held by CROSS_OUTLETS outlets, and twice by one of them, is too, if short, except where it
  leads (a share widget; a wire headline is held once by each outlet that runs it);
* the first words of a page's headline line or the last of its last sentence are cut off when they
  are a learned paragraph (a menu glued to the headline), or start (end) that line in EDGE_SHARE of
  the outlet's articles: the sentence that holds them is flagged, and its real rest becomes a
  sentence of its own;
* a page that is not an article (fact.text.repeats.is_listing) is boilerplate as a whole.

Counts are kept per outlet in repeat_counts, so a new batch updates them instead of rescanning the
corpus; a paragraph learned late flags its older copies through spans.repeat_key. Flags are only
ever added; tasks of spans flagged after their push are withdrawn by push (services/tasks/push.py).
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, tuple_, update

from fact.extensions import db
from fact.models import Article, Candidate, RepeatCount, Span, SpanKind
from fact.text.normalize import normalize_for_search
from fact.text.repeats import EDGE_WORDS, Edge, edges, is_listing, is_sentence, key_of, may_be_clutter, words

REPEATS = 3
CROSS_OUTLETS = 3
CROSS_MAX_WORDS = 12
EDGE_SHARE = 0.6
TOP_SHARE = 0.25
EDGE_MIN_WORDS = 2  # a one-word start ("عاجل") is too often the headline's own
CHUNK = 500

_spans, _articles, _counts, _candidates = Span.__table__, Article.__table__, RepeatCount.__table__, Candidate.__table__
_PARAGRAPH, _SENTENCE = SpanKind.paragraph.name, SpanKind.sentence.name


@dataclass
class LearnReport:
    flagged: set[int] = field(default_factory=set)  # sentence spans newly flagged
    cut: int = 0  # lines whose glued clutter was cut off
    listings: int = 0


@dataclass
class _Paragraph:
    id: int
    article_id: int
    position: int
    start: int
    text: str
    norm: str  # its search_text
    flag: bool
    by: str | None
    key: int | None = None
    leading: bool = False
    count: int = 0  # words

    @property
    def by_rule(self) -> bool:
        return self.flag and self.by is None


def learn_boilerplate(article_ids: list[int]) -> LearnReport:
    """Learn from these newly stored articles and flag what became boilerplate, in them and in older
    articles of their outlets (the caller commits)."""
    report = LearnReport()
    if not article_ids:
        return report
    outlets = dict(db.session.execute(select(_articles.c.id, _articles.c.outlet_id)
                                      .where(_articles.c.id.in_(article_ids))).all())
    pages = _pages(article_ids)
    texts = {p.key: (p.text, p.count) for own in pages.values() for p in own if p.key is not None}
    counted = _count(pages, outlets)
    learned, fresh, sizes = _learn(counted, texts)
    flagged = _flag_repeats(learned, sizes) + _flag_cross_outlet(set(texts), texts)
    report.flagged |= _flag_sentences(flagged, "repeat")
    report.cut = _cut_edges(article_ids, outlets, counted, fresh, report)
    report.listings = _flag_listings(article_ids, report)
    _forget_candidates(report.flagged)
    return report


# -- reading and counting -------------------------------------------------------------------------
def _pages(article_ids) -> dict[int, list[_Paragraph]]:
    """The paragraphs of these articles, in order, with their keys and leading marks if stored."""
    pages = defaultdict(list)
    for chunk in _chunks(sorted(set(article_ids))):
        query = (select(_spans.c.id, _spans.c.article_id, _spans.c.position, _spans.c.start, _spans.c.text,
                        _spans.c.search_text, _spans.c.is_boilerplate, _spans.c.flagged_by, _spans.c.repeat_key,
                        _spans.c.leading)
                 .where(_spans.c.article_id.in_(chunk), _spans.c.kind == _PARAGRAPH)
                 .order_by(_spans.c.article_id, _spans.c.position))
        for row in db.session.execute(query):
            pages[row.article_id].append(_Paragraph(*row[:8], key=row.repeat_key, leading=bool(row.leading),
                                                    count=len(words(row.search_text, normalized=True))))
    return pages


def paragraph_marks(paragraphs: list[tuple[str, str]]) -> list[tuple[int | None, bool]]:
    """Each paragraph's key (fact.text.repeats.key_of its words) and whether it leads its article
    (comes before its first paragraph of prose), from its (text, search_text), in order: what ingest
    stores with each paragraph (learn_boilerplate reads them back), so that its row is written once:
    on PostgreSQL an update rewrites every index entry of the row's text (88k paragraphs of
    bench.realistic: 38.8 s of ingest against 33.2 s written once, 94 against 71 s with the pair
    index; docs/benchmarks.md)."""
    tokens = [words(norm, normalized=True) for _, norm in paragraphs]
    first = next((i for i, ((text, _), own) in enumerate(zip(paragraphs, tokens)) if is_sentence(text, len(own))),
                 None)
    return [(key_of(own) if own else None, first is not None and i < first) for i, own in enumerate(tokens)]


def _lines(own: list[_Paragraph]) -> tuple[_Paragraph | None, _Paragraph | None]:
    """The lines clutter is glued to: the headline line (the last that leads the article, of those
    the rules left) and the last sentence."""
    head = [p for p in own if p.leading and not p.by_rule]
    tail = [p for p in own if not p.by_rule and is_sentence(p.text, p.count)]
    return (head[-1] if head else None), (tail[-1] if tail else None)


def _count(pages, outlets) -> dict[tuple[int, str, int], int]:
    """Add the batch's articles to the counts of their outlets: "p" each paragraph, "f" the leading
    ones, "h"/"t" the possible glued starts and ends. Returns what was counted, with the number of
    words of each edge (0 for paragraphs)."""
    added: Counter = Counter()
    counted: dict[tuple[int, str, int], int] = {}
    for article_id, own in pages.items():
        outlet = outlets.get(article_id)
        if outlet is None:
            continue
        seen = {(outlet, "p", p.key): 0 for p in own if p.key is not None}
        seen.update(((outlet, "f", p.key), 0) for p in own if p.key is not None and p.leading)
        head, tail = _lines(own)
        for line, kind in ((head, "h"), (tail, "t")):
            if line is not None:
                seen.update(((outlet, e.kind, e.key), e.n) for e in edges(line.text, kind))
        added.update(seen.keys())
        counted.update(seen)
    _upsert(added)
    return counted


def _upsert(added: Counter) -> None:
    """counts += the batch's, atomically (two workers may ingest one outlet's articles at once)."""
    if not added:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(_counts)
    statement = statement.on_conflict_do_update(
        index_elements=[_counts.c.outlet_id, _counts.c.kind, _counts.c.key],
        set_={"articles": _counts.c.articles + statement.excluded.articles})
    rows = [{"outlet_id": o, "kind": k, "key": key, "articles": n, "learned": False}
            for (o, k, key), n in sorted(added.items())]
    for chunk in _chunks(rows):
        db.session.execute(statement, chunk)


# -- learning -----------------------------------------------------------------------------------------
def _learn(counted, texts) -> tuple[dict[int, dict[int, tuple[int, int]]], set[int], dict[int, int]]:
    """The batch's paragraph keys that are boilerplate in their outlet, {outlet: {key: (articles, leading
    in)}}, the outlets whose glued clutter was learned only now (their older pages are cut too), and
    the outlets' sizes. What is learned is marked so, once."""
    wanted = defaultdict(set)
    for outlet, _kind, key in counted:
        wanted[outlet].add(key)
    outlets = sorted(wanted)
    sizes = dict(db.session.execute(select(_articles.c.outlet_id, func.count()).where(
        _articles.c.outlet_id.in_(outlets)).group_by(_articles.c.outlet_id)).all()) if outlets else {}
    learned, fresh, newly, glue = defaultdict(dict), set(), [], []
    for outlet in outlets:
        rows = {}
        for chunk in _chunks(sorted(wanted[outlet])):
            rows |= {(kind, key): (articles, was) for kind, key, articles, was in db.session.execute(
                select(_counts.c.kind, _counts.c.key, _counts.c.articles, _counts.c.learned)
                .where(_counts.c.outlet_id == outlet, _counts.c.key.in_(chunk)))}
        edge_floor = max(REPEATS, EDGE_SHARE * sizes.get(outlet, 0))
        for (kind, key), (articles, was) in rows.items():
            if (outlet, kind, key) not in counted or kind == "f":
                continue
            if kind == "p":
                leads = rows.get(("f", key), (0, False))[0]
                now = was or (may_be_clutter(*texts[key]) and (articles >= REPEATS or 1 <= leads < articles))
                if now:
                    learned[outlet][key] = (articles, leads)
                    if not was and texts[key][1] <= EDGE_WORDS:
                        glue.append((outlet, key))
            else:
                now = not was and articles >= edge_floor and counted[outlet, kind, key] >= EDGE_MIN_WORDS
                if now:
                    fresh.add(outlet)
            if now and not was:
                newly.append((outlet, kind, key))
    for chunk in _chunks(newly):
        db.session.execute(update(_counts).where(tuple_(_counts.c.outlet_id, _counts.c.kind, _counts.c.key)
                                                 .in_(chunk)).values(learned=True))
    return learned, fresh | _glued_before(glue, texts), sizes


def _glued_before(learned: list[tuple[int, int]], texts) -> set[int]:
    """Outlets where a paragraph learned only now has started or ended a headline or last line before
    (its edge was counted): their older pages are cut too."""
    edge_keys = [(o, kind, key_of(words(texts[k][0]), kind)) for o, k in learned for kind in ("h", "t")]
    found = set()
    for chunk in _chunks(edge_keys):
        found.update(db.session.execute(select(_counts.c.outlet_id).where(
            tuple_(_counts.c.outlet_id, _counts.c.kind, _counts.c.key).in_(chunk))).scalars())
    return found


def _tops(keys: dict[int, tuple[int, int]], size: int) -> list[int]:
    """Keys that are clutter even where they lead a page (a menu, a login bar): they lead TOP_SHARE of
    the outlet's pages, and most of their own copies. A headline that an outlet reuses leads a few."""
    floor = max(REPEATS, TOP_SHARE * size)
    return [key for key, (articles, leads) in keys.items() if leads >= floor and 2 * leads >= articles]


def _flag_repeats(learned: dict[int, dict[int, tuple[int, int]]], sizes: dict[int, int]) -> list[tuple[int, int]]:
    """Flag the paragraphs of each outlet that hold a learned key; their (article, position)."""
    flagged = []
    for outlet, keys in learned.items():
        of_outlet = _spans.c.article_id.in_(select(_articles.c.id).where(_articles.c.outlet_id == outlet)
                                            .scalar_subquery())
        for chunk in _chunks(sorted(keys)):
            flagged += _flag_paragraphs(_spans.c.repeat_key.in_(chunk), of_outlet, _spans.c.leading.is_not(True))
        for chunk in _chunks(sorted(_tops(keys, sizes.get(outlet, 0)))):
            flagged += _flag_paragraphs(_spans.c.repeat_key.in_(chunk), of_outlet)
    return flagged


def _flag_cross_outlet(keys: set[int], texts: dict[int, str]) -> list[tuple[int, int]]:
    """Short paragraphs that several outlets repeat (share widgets), flagged wherever they are."""
    short = sorted(k for k in keys if texts[k][1] <= CROSS_MAX_WORDS and may_be_clutter(*texts[k]))
    found = []
    for chunk in _chunks(short):
        found += db.session.execute(
            select(_counts.c.key).where(_counts.c.kind == "p", _counts.c.key.in_(chunk)).group_by(_counts.c.key)
            .having(func.count() >= CROSS_OUTLETS, func.max(_counts.c.articles) >= 2)).scalars().all()
    flagged = []
    for chunk in _chunks(sorted(found)):
        flagged += _flag_paragraphs(_spans.c.repeat_key.in_(chunk), _spans.c.leading.is_not(True))
    return flagged


def _flag_paragraphs(*where, by: str = "repeat") -> list[tuple[int, int]]:
    statement = (update(_spans).where(_spans.c.kind == _PARAGRAPH, _spans.c.is_boilerplate.is_(False), *where)
                 .values(is_boilerplate=True, flagged_by=by).returning(_spans.c.article_id, _spans.c.position))
    return [tuple(row) for row in db.session.execute(statement)]


def _flag_sentences(paragraphs: list[tuple[int, int]], by: str) -> set[int]:
    """Flag the sentences of these (article, paragraph position); their span ids."""
    flagged: set[int] = set()
    for chunk in _chunks(sorted(set(paragraphs))):
        statement = (update(_spans).where(_spans.c.kind == _SENTENCE, _spans.c.is_boilerplate.is_(False),
                                          tuple_(_spans.c.article_id, _spans.c.paragraph).in_(chunk))
                     .values(is_boilerplate=True, flagged_by=by).returning(_spans.c.id))
        flagged.update(db.session.execute(statement).scalars())
    return flagged


# -- glued clutter --------------------------------------------------------------------------------------
def _cut_edges(article_ids, outlets, counted, fresh, report) -> int:
    """Cut learned glued clutter off the headline and last lines of the batch's articles, and of all
    the articles of an outlet that learned something glue-sized only now."""
    targets = dict.fromkeys(article_ids)
    for outlet in sorted(fresh):
        targets.update(dict.fromkeys(db.session.execute(select(_articles.c.id).where(
            _articles.c.outlet_id == outlet)).scalars()))
    pages = _pages(list(targets))
    owners = dict(outlets)
    missing = [a for a in pages if a not in owners]
    for chunk in _chunks(missing):
        owners |= dict(db.session.execute(select(_articles.c.id, _articles.c.outlet_id).where(_articles.c.id.in_(chunk))).all())
    found = []
    for article_id, own in pages.items():
        head, tail = _lines(own)
        found += [(line, e) for line, kind in ((head, "h"), (tail, "t")) if line is not None and not line.flag
                  for e in edges(line.text, kind)]
    learned = _learned_edges(found, owners)
    cuts = {}
    for line, edge in found:  # shortest first: the longest learned one wins
        if (owners.get(line.article_id), edge.key) in learned or (None, edge.body_key) in learned:
            cuts[line.id, edge.kind] = (line, edge)
    return sum(_cut(line, edge, report) for line, edge in cuts.values())


def _learned_edges(found: list[tuple[_Paragraph, Edge]], owners: dict) -> set[tuple[int | None, int]]:
    """{(outlet, edge key)} learned as glued clutter, and {(None, paragraph key)} learned as boilerplate
    anywhere: what may be cut off a line."""
    learned = set()
    by_outlet = defaultdict(set)
    for line, edge in found:
        if edge.n >= EDGE_MIN_WORDS and owners.get(line.article_id) is not None:
            by_outlet[owners[line.article_id]].add(edge.key)
    for outlet, keys in by_outlet.items():
        for chunk in _chunks(sorted(keys)):
            learned.update((outlet, k) for k in db.session.execute(select(_counts.c.key).where(
                _counts.c.outlet_id == outlet, _counts.c.kind.in_(["h", "t"]), _counts.c.learned.is_(True),
                _counts.c.key.in_(chunk))).scalars())
    for chunk in _chunks(sorted({edge.body_key for _, edge in found})):
        learned.update((None, k) for k in db.session.execute(select(_counts.c.key).distinct().where(
            _counts.c.kind == "p", _counts.c.learned.is_(True), _counts.c.key.in_(chunk))).scalars())
    return learned


def _cut(line: _Paragraph, edge: Edge, report: LearnReport) -> bool:
    """Flag the sentences of the clutter; the one that holds clutter and real words gives way to a
    new sentence of the real words. False when the line was cut before."""
    (c0, c1), (r0, r1) = ((line.start + a, line.start + b) for a, b in (edge.clutter, edge.rest))
    sentences = db.session.execute(select(_spans.c.id, _spans.c.start, _spans.c.end).where(
        _spans.c.article_id == line.article_id, _spans.c.kind == _SENTENCE, _spans.c.paragraph == line.position,
        _spans.c.is_boilerplate.is_(False)).order_by(_spans.c.start)).all()
    flag, new = [], []
    for span_id, start, end in sentences:
        if c0 <= start and end <= c1:
            flag.append(span_id)
        elif start < c1 and end > c0:  # clutter and real words in one sentence
            flag.append(span_id)
            a, b = max(start, r0), min(end, r1)
            piece = line.text[a - line.start : b - line.start]
            text = piece.strip()
            if words(text):
                a += piece.index(text)
                new.append((a, a + len(text), text))
    if not flag:
        return False
    db.session.execute(update(_spans).where(_spans.c.id.in_(flag)).values(is_boilerplate=True, flagged_by="edge"))
    report.flagged.update(flag)
    if new:
        last = db.session.scalar(select(func.max(_spans.c.position)).where(
            _spans.c.article_id == line.article_id, _spans.c.kind == _SENTENCE))
        db.session.execute(insert(_spans), [
            {"article_id": line.article_id, "kind": _SENTENCE, "start": a, "end": b, "position": last + i,
             "paragraph": line.position, "text": text, "search_text": normalize_for_search(text),
             "is_boilerplate": False}
            for i, (a, b, text) in enumerate(new, 1)])
    return True


# -- pages and candidates ----------------------------------------------------------------------------------
def _flag_listings(article_ids, report: LearnReport) -> int:
    """Flag, as a whole, the batch's pages that are not articles."""
    listings = [a for a, own in _pages(article_ids).items()
                if is_listing([p.text for p in own], [p.flag for p in own])]
    for chunk in _chunks(listings):
        db.session.execute(update(_articles).where(_articles.c.id.in_(chunk)).values(is_listing=True))
        report.flagged.update(db.session.execute(
            update(_spans).where(_spans.c.article_id.in_(chunk), _spans.c.is_boilerplate.is_(False))
            .values(is_boilerplate=True, flagged_by="page").returning(_spans.c.id)).scalars())
    return len(listings)


def _forget_candidates(flagged: set[int]) -> None:
    """Candidates of newly flagged sentences, and pointing to them, go; a sentence that lost one is
    matched again on the next run, so that boilerplate is never offered as a source."""
    for chunk in _chunks(sorted(flagged)):
        db.session.execute(_candidates.delete().where(_candidates.c.span_id.in_(chunk)))
        lost = db.session.execute(_candidates.delete().where(_candidates.c.candidate_span_id.in_(chunk))
                                  .returning(_candidates.c.span_id)).scalars().all()
        for part in _chunks(sorted(set(lost))):
            db.session.execute(update(_spans).where(_spans.c.id.in_(part)).values(matched_at=None))


def _chunks(items):
    items = list(items)
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
