"""Story clusters: articles that carry the same story, found from the candidates the matcher stored.

Two articles are one story when enough of their sentences have a close counterpart in the other
(wire copy republished, edited, by several outlets). Clusters keep their ids across runs where their
articles stay together, so that exports and API clients can rely on them.
"""
from collections import defaultdict

from flask import current_app
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import aliased

from fact.extensions import db
from fact.models import Article, Candidate, Span, StoryCluster
from fact.models.articles import utcnow
from fact.services.tasks import taskable_spans


def cluster_stories() -> int:
    """Recompute which articles share a story; returns how many stories span several articles."""
    threshold, share = current_app.config["FACT_STORY_SCORE"], current_app.config["FACT_STORY_SHARE"]
    ours, theirs = aliased(Span), aliased(Span)
    shared = db.session.execute(
        select(ours.article_id, theirs.article_id, func.count(func.distinct(Candidate.span_id)))
        .join(ours, Candidate.span_id == ours.id).join(theirs, Candidate.candidate_span_id == theirs.id)
        .where(Candidate.score >= threshold).group_by(ours.article_id, theirs.article_id)
    ).all()
    sentences = dict(db.session.execute(
        taskable_spans().with_only_columns(Span.article_id, func.count(Span.id)).group_by(Span.article_id)).all())
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
