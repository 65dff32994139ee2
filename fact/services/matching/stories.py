"""Story clusters: articles that carry the same story, found from the candidates the matcher stored.

Two articles are one story when enough of their real content (boilerplate is never matched) has a
close counterpart in the other (wire copy republished, edited, by several outlets), and groups of
them merge by average linkage, so that a sentence or two shared across stories cannot chain them. Clusters keep their ids across runs where their
articles stay together, so that exports and API clients can rely on them.
"""
import heapq
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
    ascending order, and the article of each: what the matcher has read, boilerplate left out); returns
    how many stories span several articles."""
    threshold, share = current_app.config["FACT_STORY_SCORE"], current_app.config["FACT_STORY_SHARE"]
    close = select(Candidate.span_id, Candidate.candidate_span_id).where(Candidate.score >= threshold)
    ours, theirs = integer_rows(close, 2).T
    shared = _shared_sentences(span_ids, owners, ours, theirs)
    sentences = dict(zip(*(a.tolist() for a in np.unique(owners, return_counts=True))))
    articles = {a: c for a, c in db.session.execute(select(Article.id, Article.story_cluster_id)).all()}
    groups = _average_linkage(_similarities(shared, sentences), share, articles)

    taken: set[int] = set()
    assigned: dict[int, int | None] = {}  # article -> its cluster; None: a new one, made below
    fresh: list[list[int]] = []
    for members in sorted(groups, key=lambda m: (-len(m), min(m))):
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
    return sum(1 for members in groups if len(members) > 1)


def _similarities(shared, sentences: dict[int, int]) -> dict[tuple[int, int], float]:
    """How much of the smaller article's content is carried over to the other: the share of its
    sentences with a close counterpart there (a short wire piece inside a long report is one story).
    Two shared sentences at least: one is a quote or a stock line, not a story."""
    similar: dict[tuple[int, int], float] = {}
    for a, b, count in shared:
        if a != b and count >= 2 and sentences.get(a):
            pair = (min(a, b), max(a, b))
            similar[pair] = max(similar.get(pair, 0.0), min(1.0, count / sentences[a]))
    return similar


def _average_linkage(similar: dict[tuple[int, int], float], share: float, articles) -> list[list[int]]:
    """Articles grouped by average linkage: two groups merge while the mean similarity over all their
    pairs of articles (0 for a pair that shares nothing) is at least `share`, best pair first. Unlike
    single linkage, one article that shares a little with two stories cannot chain them into one."""
    members = {a: [a] for a in articles}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), value in similar.items():
        if a in members and b in members:
            links[a][b] = links[b][a] = value
    heap = [(-value, a, b) for (a, b), value in similar.items() if value >= share and a in members and b in members]
    heapq.heapify(heap)
    while heap:
        value, a, b = heapq.heappop(heap)
        if a not in members or b not in members or links[a].get(b) is None:
            continue
        mean = links[a][b] / (len(members[a]) * len(members[b]))
        if -value != mean:  # stale: the groups changed since
            if mean >= share:
                heapq.heappush(heap, (-mean, a, b))
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        for other, total in links.pop(gone).items():
            del links[other][gone]
            if other != keep:
                links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + total
        links[keep].pop(keep, None)
        for other, total in links[keep].items():
            mean = total / (len(members[keep]) * len(members[other]))
            if mean >= share:
                heapq.heappush(heap, (-mean, min(keep, other), max(keep, other)))
    return list(members.values())


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
