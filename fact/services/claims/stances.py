"""Which article stances count, the label a (claim, article) pair gets from them, and how far the
annotators agree on them.

- A *current stance* is one that no newer revision of its annotation (nor its deletion) superseded.
- A *stance vote* is each annotator's newest current stance of an article towards a claim, as a vote
  on a claim is their newest current verdict (fact.services.claims.votes). Outside annotators (the
  negative ids of labels imported from elsewhere, e.g. "gold") vote like anyone.
- A pair's label is the lead's settling where there is one (fact.services.claims.stance_settling), else
  the stance most of its voters gave; an unsettled tie has none.
- A pair's votes are kept counted in `stance_pairs` (fact.models.StancePair) whenever its claim's
  aggregate is refreshed, for the lead's queue of ties.
"""
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Subquery, delete, func, insert, or_, select

from fact.extensions import db
from fact.models import ArticleStance, ArticleStanceLabel, StancePair
from fact.services.claims.agreement import alphas
from fact.services.claims.votes import CHUNK

CURRENT_STANCE = ArticleStance.superseded_at.is_(None)
STANCE_LABELS = list(ArticleStanceLabel)
_NAMES = [str(label) for label in STANCE_LABELS]


@dataclass(frozen=True)
class StanceAgreement:
    alpha: float | None  # Krippendorff's alpha (nominal); None where undefined
    pairs: int  # (claim, article) pairs with two or more voters: what alpha rests on
    votes: int  # their votes (one per annotator)
    per_label: dict[str, float | None] = field(default_factory=dict)  # alpha of "this stance or not"


def stance_votes(claim_ids: Collection[int] | None = None) -> Subquery:
    """Each annotator's newest current stance of each article towards each claim (of these claims only,
    where given): columns claim_id, article_id, annotator_id, stance_id, stance."""
    among = [ArticleStance.claim_id.in_(list(claim_ids))] if claim_ids is not None else []
    ranked = select(
        ArticleStance.claim_id, ArticleStance.article_id, ArticleStance.annotator_id,
        ArticleStance.id.label("stance_id"), ArticleStance.stance,
        func.row_number().over(partition_by=(ArticleStance.claim_id, ArticleStance.article_id,
                                             ArticleStance.annotator_id), order_by=ArticleStance.id.desc())
        .label("newest_first"),
    ).where(CURRENT_STANCE, *among).subquery("ranked_stances")
    return (select(ranked.c.claim_id, ranked.c.article_id, ranked.c.annotator_id, ranked.c.stance_id, ranked.c.stance)
            .where(ranked.c.newest_first == 1).subquery("stance_votes"))


def top_stance(counts: Mapping[str, int]) -> str | None:
    """The stance most voters gave, from each stance's count; None on a tie at the top (or no vote)."""
    ranked = Counter({stance: n for stance, n in counts.items() if n}).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def refresh_stance_pairs(claim_ids: Iterable[int]) -> None:
    """Count the stance votes of these claims' pairs again into `stance_pairs`: a pair no stance counts
    for any more goes. The caller holds the claims' locks (refresh_claims), so that two workers that
    change one claim's stances count them one after the other."""
    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if not db.session.scalar(select(or_(
                select(ArticleStance.id).where(ArticleStance.claim_id.in_(chunk)).exists(),
                select(StancePair.claim_id).where(StancePair.claim_id.in_(chunk)).exists()))):
            continue  # a span task's claims, most often: one indexed look on the webhook's path
        vote = stance_votes(chunk)
        counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for claim_id, article_id, stance, n in db.session.execute(
                select(vote.c.claim_id, vote.c.article_id, vote.c.stance, func.count())
                .group_by(vote.c.claim_id, vote.c.article_id, vote.c.stance)):
            counts[claim_id, article_id][str(stance)] = n
        db.session.execute(delete(StancePair).where(StancePair.claim_id.in_(chunk)),
                           execution_options={"synchronize_session": False})
        rows = [{"claim_id": claim_id, "article_id": article_id, "voters": tally.total(),
                 "votes": {name: tally[name] for name in _NAMES if tally[name]},
                 "tied": tally.total() >= 2 and top_stance(tally) is None}
                for (claim_id, article_id), tally in sorted(counts.items())]
        if rows:
            db.session.execute(insert(StancePair), rows)


def pair_label(votes: Iterable[str], settled: str | None = None) -> str | None:
    """The lead's settling where given, else the stance most voters gave (None on a tie or no vote)."""
    return settled if settled is not None else top_stance(Counter(str(v) for v in votes))


def pattern(votes: Iterable[str]) -> tuple[int, ...]:
    """A pair's votes as counts for each of STANCE_LABELS: what stance_figures() takes."""
    counts = Counter(str(v) for v in votes)
    return tuple(counts[name] for name in _NAMES)


def stance_figures(patterns) -> StanceAgreement:
    """The figures of pairs given by their vote patterns (pattern() -> how many pairs have it)."""
    return StanceAgreement(*alphas(patterns, STANCE_LABELS))


def stance_agreement() -> StanceAgreement:
    """Alpha over every pair that two or more annotators gave a current stance, from the pairs' kept
    counts (refresh_stance_pairs)."""
    patterns = Counter(tuple(votes.get(name, 0) for name in _NAMES)
                       for votes in db.session.scalars(select(StancePair.votes).where(StancePair.voters >= 2)))
    return stance_figures(patterns)
