"""The counts behind GET /api/stats: what has been annotated, by whom, how far along, how much agreed.

Every count is one GROUP BY over the stored aggregate or the current verdicts (fact.services.claims.votes:
not superseded; an annotator who annotated a task twice has two), and agreement, which counts votes
(each annotator's newest current verdict), is grouped by the database too (fact.services.claims.agreement):
nothing reads the verdicts one by one. At a million verdicts on SQLite the whole page still takes a few
seconds of GROUP BYs (docs/benchmarks.md). The articles' stances have an agreement of their own
(fact.services.claims.stances), grouped the same way.
"""
from dataclasses import asdict

from sqlalchemy import exists, func, select

from fact.extensions import db
from fact.models import Annotation, Annotator, Article, Claim, Label, Outlet, Span, Task, Verdict
from fact.models.claims import Agreement
from fact.services.claims.agreement import agreement
from fact.services.claims.stances import stance_agreement
from fact.services.tasks.payloads import taskable_spans
from fact.services.claims.votes import CURRENT


def _grouped(statement) -> dict:
    return {key: count for key, count in db.session.execute(statement)}


def by_label() -> list[dict]:
    """Current verdicts by their label, and claims by their final label."""
    verdicts = _grouped(select(Verdict.label, func.count()).where(CURRENT).group_by(Verdict.label))
    claims = _grouped(select(Claim.label, func.count()).where(Claim.label.is_not(None)).group_by(Claim.label))
    return [{"label": str(label), "verdicts": verdicts.get(label, 0), "claims": claims.get(label, 0)}
            for label in Label]


def by_outlet() -> list[dict]:
    """Per outlet (None: unknown): its articles, the claims with a vote, and their current verdicts."""
    articles = _grouped(select(Article.outlet_id, func.count()).group_by(Article.outlet_id))
    claims = _grouped(select(Article.outlet_id, func.count()).join(Claim, Claim.article_id == Article.id)
                      .where(Claim.verdict_count > 0).group_by(Article.outlet_id))
    verdicts = _grouped(select(Article.outlet_id, func.count()).join(Claim, Claim.article_id == Article.id)
                        .join(Verdict, Verdict.claim_id == Claim.id).where(CURRENT).group_by(Article.outlet_id))
    names = dict(db.session.execute(select(Outlet.id, Outlet.name)).all())
    return sorted(
        ({"outlet": names.get(outlet_id), "articles": count, "claims": claims.get(outlet_id, 0),
          "verdicts": verdicts.get(outlet_id, 0)} for outlet_id, count in articles.items()),
        key=lambda row: (-row["verdicts"], row["outlet"] or ""),
    )


def by_annotator() -> list[dict]:
    """Per annotator with a current verdict: how many, on how many claims, and by label."""
    rows = db.session.execute(
        select(Verdict.annotator_id, Verdict.label, func.count()).where(CURRENT)
        .group_by(Verdict.annotator_id, Verdict.label)
    )
    people: dict[int, dict] = {}
    for annotator_id, label, count in rows:
        person = people.setdefault(annotator_id, {"annotator_id": annotator_id, "verdicts": 0,
                                                  "by_label": {str(label): 0 for label in Label}})
        person["verdicts"] += count
        person["by_label"][str(label)] = count
    claims = _grouped(select(Verdict.annotator_id, func.count(Verdict.claim_id.distinct()))
                      .where(CURRENT).group_by(Verdict.annotator_id))
    emails = dict(db.session.execute(select(Annotator.id, Annotator.email).where(Annotator.id.in_(people))).all())
    for annotator_id, person in people.items():
        person["claims"] = claims[annotator_id]
        person["annotator"] = emails.get(annotator_id)
    return sorted(people.values(), key=lambda person: (-person["verdicts"], person["annotator_id"]))


def progress() -> dict:
    """Sentences to annotate (not boilerplate) with and without a task; tasks with and without a live annotation."""
    taskable = taskable_spans().with_only_columns(func.count(Span.id))
    with_task = db.session.scalar(taskable.where(exists().where(Task.span_id == Span.id)))
    sentences = db.session.scalar(taskable)
    tasks = db.session.scalar(select(func.count()).select_from(Task))
    annotated = db.session.scalar(select(func.count()).select_from(Task).where(
        exists().where(Annotation.ls_task_id == Task.ls_task_id, Annotation.deleted_at.is_(None))))
    return {"sentences": sentences, "sentences_with_task": with_task, "sentences_without_task": sentences - with_task,
            "tasks": tasks, "tasks_annotated": annotated, "tasks_not_annotated": tasks - annotated}


def claims_by_agreement() -> dict:
    """Claims in each agreement state, and how many a lead has adjudicated."""
    states = _grouped(select(Claim.agreement, func.count()).group_by(Claim.agreement))
    adjudicated = db.session.scalar(select(func.count()).select_from(Claim).where(Claim.adjudicated_label.is_not(None)))
    return {"by_state": {str(state): states.get(state, 0) for state in Agreement}, "adjudicated": adjudicated}


def stats() -> dict:
    return {
        "labels": by_label(), "outlets": by_outlet(), "annotators": by_annotator(), "progress": progress(),
        "agreement": asdict(agreement()), "claims": claims_by_agreement(),
        "stance_agreement": asdict(stance_agreement()),
    }
