"""The articles' stances in exports: the `stance` export's article-level rows (one per claim and article
with a stance vote, as the stance corpora lay them out: FNC-1, Baly et al. 2018, with the rationale's
0-based line indices into the article text), and the rationale sentences `fever` takes as evidence.

The votes (fact.services.claims.stances) stream in claim and article order; the articles' text and the
rationale sentences are read a chunk of pairs at a time, so memory stays flat.
"""
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import groupby, islice

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from fact.extensions import db
from fact.models import Annotation, Article, ArticleStance, Claim, Span, StanceRationale
from fact.services.claims.labels.lines import span_lines
from fact.services.claims.stance_settling import settled_stances
from fact.services.claims.stances import CURRENT_STANCE, pair_label, pattern, stance_figures, stance_votes
from fact.services.exports.rows import YIELD_PER, group_of

CHUNK = 500  # pairs (or claims) per read of texts and sentences


@dataclass
class _Pair:
    claim_id: int
    claim: str
    claim_article_id: int | None
    story_cluster_id: int | None
    article_id: int
    votes: list[tuple[int, int, str]] = field(default_factory=list)  # (annotator, stance id, stance)


def any_stance() -> bool:
    """Whether any stance counts: an export of verdicts alone need not look for them."""
    return bool(db.session.scalar(select(exists().where(CURRENT_STANCE))))


def stance_claim_ids():
    """The claims with a current stance: split groups must know them (a claim may have no verdict)."""
    return select(ArticleStance.claim_id).where(CURRENT_STANCE)


class ArticleStances:
    """The article-level rows of `stance`, and what the card says of them (counted as they are written)."""

    section = "article_stances"

    def __init__(self, agreed_only: bool = False):
        self.agreed_only = agreed_only
        self.labels: Counter = Counter()
        self.claims: set[int] = set()
        self.ties = self.left_single = self.adjudicated = 0
        self.patterns: Counter = Counter()  # vote pattern -> written pairs of two or more voters

    def claim_ids(self):
        return stance_claim_ids()

    def count(self) -> int:
        """How many vote rows records() reads: for the progress bar's total."""
        return db.session.scalar(select(func.count()).select_from(stance_votes()))

    def records(self, on_rows=None) -> Iterator[tuple[str, dict]]:
        pairs = _pairs(on_rows)
        while chunk := list(islice(pairs, CHUNK)):
            articles, sentences = _articles(chunk), _sentences(chunk)
            settled = settled_stances({pair.claim_id for pair in chunk})
            for pair in chunk:
                record = self._record(pair, articles[pair.article_id], sentences,
                                      settled.get((pair.claim_id, pair.article_id)))
                if record is not None:
                    yield group_of(pair.story_cluster_id, pair.claim_article_id, pair.claim_id), record

    def _record(self, pair: _Pair, article, sentences, settled: str | None) -> dict | None:
        stances = [stance for _, _, stance in pair.votes]
        label = pair_label(stances, settled)
        if label is None:
            self.ties += 1
            return None
        if self.agreed_only and len(stances) < 2 and settled is None:
            self.left_single += 1
            return None
        self.adjudicated += settled is not None
        self.labels[label] += 1
        self.claims.add(pair.claim_id)
        if len(stances) >= 2:
            self.patterns[pattern(stances)] += 1
        marked: Counter = Counter()
        for _, stance_id, stance in pair.votes:
            if stance == label:
                marked.update(sentences.get(stance_id, ()))
        # A sentence's line is the line of the article text it starts on (labels.lines: the mapping the
        # label import reads a corpus's rationale lines by), so an imported corpus exports its own lines.
        rationale = [{"span_id": span.id, "text": span.text, "start": span.start, "end": span.end,
                      "line": span_lines(article.text, [span])[0], "marked_by": marked[span]}
                     for span in sorted(marked, key=lambda s: s.start)]
        return {
            "level": "article", "id": f"{pair.claim_id}-article-{pair.article_id}", "claim_id": pair.claim_id,
            "claim": pair.claim, "article_id": pair.article_id, "article_url": article.url,
            "article_title": article.title, "article_text": article.text, "label": label,
            "adjudicated": settled is not None, "rationale": rationale,
            "rationale_lines": sorted({r["line"] for r in rationale}),
            "votes": dict(sorted(Counter(stances).items())),
            "claim_article_id": pair.claim_article_id, "story_cluster_id": pair.story_cluster_id,
        }

    def card(self) -> dict:
        rule = ("One row per claim and article with a current stance (each annotator counted once, with their "
                "newest stance; outside annotators such as gold count like anyone): the stance a lead settled the "
                "pair as, else the stance most of them gave. An unsettled tie is left out.")
        if self.agreed_only:
            rule += " With agreed_only, a pair one annotator labelled and no lead settled is left out too."
        return {"rows": sum(self.labels.values()), "claims": len(self.claims), "labels": dict(sorted(self.labels.items())),
                "adjudicated": self.adjudicated,
                "left_out": {"ties": self.ties, "single": self.left_single}, "rule": rule,
                "krippendorff": asdict(stance_figures(self.patterns))}


def _pairs(on_rows=None) -> Iterator[_Pair]:
    vote, claim_article = stance_votes(), aliased(Article)
    statement = (
        select(vote.c.claim_id, Claim.text, Claim.article_id, claim_article.story_cluster_id, vote.c.article_id,
               vote.c.annotator_id, vote.c.stance_id, vote.c.stance)
        .join(Claim, Claim.id == vote.c.claim_id).outerjoin(claim_article, claim_article.id == Claim.article_id)
        .order_by(vote.c.claim_id, vote.c.article_id, vote.c.annotator_id)
    )
    result = db.session.connection().execute(statement, execution_options={"yield_per": YIELD_PER})
    for (claim_id, text, claim_article_id, story, article_id), rows in groupby(_told(result, on_rows),
                                                                                key=lambda r: tuple(r[:5])):
        pair = _Pair(claim_id, text, claim_article_id, story, article_id)
        pair.votes = [(annotator, stance_id, str(stance)) for *_, annotator, stance_id, stance in rows]
        yield pair


def _told(result, on_rows):
    """The result's rows, telling on_rows (a progress bar) of each batch read."""
    for partition in result.partitions():
        yield from partition
        if on_rows:
            on_rows(len(partition))


def _articles(pairs: list[_Pair]) -> dict:
    ids = {p.article_id for p in pairs}
    return {row.id: row for row in db.session.execute(
        select(Article.id, Article.url, Article.title, Article.text).where(Article.id.in_(ids)))}


def _sentences(pairs: list[_Pair]) -> dict[int, list]:
    """Stance id -> its rationale sentences (id, text, start, end)."""
    ids = [stance_id for p in pairs for _, stance_id, _ in p.votes]
    found = defaultdict(list)
    for stance_id, *span in db.session.execute(
            select(StanceRationale.stance_id, Span.id, Span.text, Span.start, Span.end)
            .join(Span, Span.id == StanceRationale.span_id).where(StanceRationale.stance_id.in_(ids))):
        found[stance_id].append(_Sentence(*span))
    return found


@dataclass(frozen=True)
class _Sentence:
    id: int
    text: str
    start: int
    end: int


def stances_of(claim_ids: Iterable[int]) -> dict[tuple[int, int], list[tuple[int, str, list[int]]]]:
    """(claim, Label Studio annotation id) -> that annotation's current stances: (article id, stance, its
    rationale span ids in text order). What `fever` takes as an agreeing annotator's sentence evidence."""
    found: dict[tuple[int, int], dict[int, tuple[str, list[int]]]] = defaultdict(dict)
    rows = db.session.execute(
        select(ArticleStance.claim_id, Annotation.ls_annotation_id, ArticleStance.article_id, ArticleStance.stance,
               Span.id)
        .join(Annotation, Annotation.id == ArticleStance.annotation_id)
        .outerjoin(StanceRationale, StanceRationale.stance_id == ArticleStance.id)
        .outerjoin(Span, Span.id == StanceRationale.span_id)
        .where(CURRENT_STANCE, ArticleStance.claim_id.in_(set(claim_ids)))
        .order_by(ArticleStance.claim_id, ArticleStance.article_id, Span.start))
    for claim_id, annotation_id, article_id, stance, span_id in rows:
        _, spans = found[(claim_id, annotation_id)].setdefault(article_id, (str(stance), []))
        if span_id is not None:
            spans.append(span_id)
    return {key: [(article, stance, spans) for article, (stance, spans) in articles.items()]
            for key, articles in found.items()}
