"""Story clusters: articles that carry the same story, found from the candidates the matcher stored.

Two articles are one story when enough of their sentences have a close counterpart in the other
(wire copy republished, edited, by several outlets). Clusters keep their ids across runs where their
articles stay together, so that exports and API clients can rely on them.
"""
from collections import defaultdict

import numpy as np
from flask import current_app
from sqlalchemy import delete, insert, select, update

from fact.database import integer_rows
from fact.extensions import db
from fact.models import Article, Candidate, StoryCluster
from fact.models.articles import utcnow


def cluster_stories(span_ids: np.ndarray, owners: np.ndarray) -> int:
    """Recompute which articles share a story, from the sentences that are matched (their span ids in
    ascending order, and the article of each: what the matcher has read); returns how many stories
    span several articles."""
    threshold, share = current_app.config["FACT_STORY_SCORE"], current_app.config["FACT_STORY_SHARE"]
    close = select(Candidate.span_id, Candidate.candidate_span_id).where(Candidate.score >= threshold)
    ours, theirs = integer_rows(close, 2).T
    shared = _shared_sentences(span_ids, owners, ours, theirs)
    sentences = dict(zip(*(a.tolist() for a in np.unique(owners, return_counts=True))))
    articles = {a: c for a, c in db.session.execute(select(Article.id, Article.story_cluster_id)).all()}

    parent = {a: a for a in articles}

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b, count in shared:
        smaller = min(sentences.get(a, 0), sentences.get(b, 0))
        if count >= max(2, share * smaller):
            parent[root(a)] = root(b)
    groups = defaultdict(list)
    for a in articles:
        groups[root(a)].append(a)

    taken: set[int] = set()
    assigned: dict[int, int | None] = {}  # article -> its cluster; None: a new one, made below
    fresh: list[list[int]] = []
    for members in sorted(groups.values(), key=lambda m: (-len(m), min(m))):
        existing = sorted({articles[a] for a in members if articles[a] is not None} - taken)
        if existing:
            taken.add(existing[0])
            assigned.update((a, existing[0]) for a in members)
        else:
            fresh.append(members)
    if fresh:  # one multi-row insert for the new clusters, not a flush each
        now = utcnow()
        ids = db.session.scalars(insert(StoryCluster).returning(StoryCluster.id, sort_by_parameter_order=True),
                                 [{"created_at": now} for _ in fresh]).all()
        for members, cluster_id in zip(fresh, ids):
            taken.add(cluster_id)
            assigned.update((a, cluster_id) for a in members)
    stale = [{"id": a, "story_cluster_id": c} for a, c in assigned.items() if articles[a] != c]
    if stale:
        db.session.execute(update(Article), stale)
    db.session.execute(delete(StoryCluster).where(StoryCluster.id.not_in(taken)))
    return sum(1 for members in groups.values() if len(members) > 1)


def _shared_sentences(span_ids, owners, ours, theirs) -> list[tuple[int, int, int]]:
    """(article a, article b, how many sentences of a have a close candidate in b) for every pair of
    articles with one; counted with NumPy over all the candidates (SQL's join and group by of half a
    million candidates took seconds)."""
    def owner(spans: np.ndarray) -> np.ndarray:
        if not len(span_ids):
            return np.full(len(spans), -1, dtype=np.int64)
        where = np.minimum(np.searchsorted(span_ids, spans), len(span_ids) - 1)
        return np.where(span_ids[where] == spans, owners[where], -1)

    theirs = owner(theirs)
    keep = (theirs >= 0) & (owner(ours) >= 0)
    width = int(owners.max()) + 1 if len(owners) else 1
    # a sentence counts once for each article it has a close candidate in
    sentence_in = np.unique(ours[keep] * width + theirs[keep])
    pairs, counts = np.unique(owner(sentence_in // width) * width + sentence_in % width, return_counts=True)
    return list(zip((pairs // width).tolist(), (pairs % width).tolist(), counts.tolist()))
