"""`flask fact claims labels`: a labelled stance corpus stored as the annotations of a named annotator.

Its records are grouped by claim (the same normalization as `claims import`: the same claim twice is
one claim), across every file of the run: one annotation per (annotator, claim) holds the annotator's
whole say on that claim, in the claim tasks' layout (docs/claim-labels.md), and goes through the one
apply path (fact.services.annotations.apply, via "import"), so that its verdict counts in agreement
like anyone's. Each claim is stored whole or not at all: a bad record leaves its claim out, under a
savepoint; the others are committed a chunk at a time. Its annotation's id is a negative number fixed
by (annotator, claim), and an annotation whose result has not changed is not sent again: a second run
of the same files changes nothing, a changed file makes a new revision.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError

from fact.database import insert_missing, lock_for_writing
from fact.extensions import db
from fact.labelstudio import claim_controls as cc
from fact.labelstudio.config import ARTICLE, PASSAGE, source_choice
from fact.models import (Annotation, AnnotationRevision, Annotator, Article, ArticleStanceLabel, ClaimOffer,
                         RevisionStatus, Span, SpanKind)
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.annotations.apply import apply_annotations, result_hash
from fact.services.claims.intake.store import CREATED, claim_key, take_claim
from fact.services.claims.intake.verdicts import VerdictMap
from fact.services.claims.labels.lines import LineError, copied_lines, line_spans
from fact.services.claims.labels.records import LabelRecord, label_records
from fact.services.ingest.appearances import find_by_url
from fact.services.ingest.articles import ArticleInput, InvalidArticle, ingest_articles, prepare_article
from fact.services.ingest.inputs import readable_name
from fact.services.ingest.urls import url_key
from fact.text.decode import RejectedInput
from schemas.fields import INT_MAX

CHUNK = 100  # claims a transaction (one page of apply_annotations)
OUTSIDE_ANNOTATORS = 100  # named outside annotators have ids -1 … -99; annotation ids leave room for them


class _Refused(Exception):
    """A record that keeps its claim out: where, and why."""

    def __init__(self, record: LabelRecord, reason: str):
        super().__init__(reason)
        self.record, self.reason = record, reason


@dataclass
class LabelReport:
    records: int = 0
    claims_created: int = 0  # claims the corpus brought that were not there before
    accepted: int = 0  # annotations stored: new, or a new revision of one imported before
    unchanged: int = 0  # annotations imported before with the same result
    articles_ingested: int = 0
    left_out: int = 0  # claims left out for a bad record
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file:line or file, why)


def outside_annotator(name: str) -> int:
    """The id of the named outside annotator (negative, apart from Label Studio's users), made on first use."""
    lock_for_writing(db.session)
    named = select(Annotator.id).where(Annotator.id < 0, Annotator.name == name)
    # Two imports naming new annotators at once (PostgreSQL: no lock here) may pick the same next id:
    # the loser's insert does nothing, finds its name absent, and takes the id after.
    while (found := db.session.scalar(named)) is None:
        annotator_id = min(db.session.scalar(select(func.min(Annotator.id)).where(Annotator.id < 0)) or 0, 0) - 1
        if -annotator_id >= OUTSIDE_ANNOTATORS:
            raise RejectedInput(f"there are {OUTSIDE_ANNOTATORS - 1} named outside annotators already")
        insert_missing(db.session, Annotator, [{"id": annotator_id, "name": name}], "id")
    return found


def label_annotation_id(annotator_id: int, claim_id: int) -> int:
    """The negative ls_annotation_id of an annotator's imported labels of a claim: fixed by the two."""
    return -(claim_id * OUTSIDE_ANNOTATORS - annotator_id)


def import_labels(paths: list[Path], annotator: str, format_name: str | None, max_bytes: int,
                  max_record_bytes: int) -> LabelReport:
    """Store every claim of these files whose records are all good (committed), and report the others."""
    report = LabelReport()
    groups, tainted = _grouped(paths, format_name, max_record_bytes, report)
    # An article the run gives as text and with its URL: other records may name it by the URL alone.
    given = {url_key(r.data["article_url"]): r for rs in groups.values() for r in rs
             if r.data.get("article") and r.data.get("article_url")}
    annotator_id = outside_annotator(annotator)
    keys = list(groups)
    with progress(total=len(keys), unit="claim", desc="labels") as bar:
        for start in range(0, len(keys), CHUNK):
            pairs = []
            for key in keys[start : start + CHUNK]:
                if key in tainted:
                    report.left_out += 1
                    first = groups[key][0]
                    report.rejected.append((first.where, f"claim left out with its {len(groups[key])} good record(s):"
                                                         f" {tainted[key].where} is rejected"))
                    continue
                counts = LabelReport()  # of this claim: added to the report once it is stored
                try:
                    with db.session.begin_nested():
                        pairs.append(_claim_annotation(groups[key], annotator_id, max_bytes, given, counts))
                except (DataError, IntegrityError) as error:  # validation let through what the database refuses
                    report.left_out += 1
                    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
                    report.rejected.append((groups[key][0].where, f"the database refused its claim ({reason})"))
                except _Refused as refused:
                    report.left_out += 1
                    others = len(groups[key]) - 1
                    report.rejected.append((refused.record.where, refused.reason + (
                        f"; its claim is left out with its {others} other record(s)" if others else "")))
                else:
                    report.claims_created += counts.claims_created
                    report.articles_ingested += counts.articles_ingested
            _apply(pairs, report)
            db.session.commit()
            bar.update(min(CHUNK, len(keys) - start))
    db.session.commit()  # the annotator, when nothing else was stored
    return report


def _grouped(paths: list[Path], format_name: str | None, max_record_bytes: int,
             report: LabelReport) -> tuple[dict[str, list[LabelRecord]], dict[str, LabelRecord]]:
    """The good records of every file by claim (its key), and the claims a bad record names (with it)."""
    groups: dict[str, list[LabelRecord]] = defaultdict(list)
    tainted: dict[str, LabelRecord] = {}
    for path in paths:
        try:
            records = list(label_records(path, format_name, max_record_bytes))
        except RejectedInput as error:
            report.rejected.append((str(path), f"{error}; nothing of the file is imported"))
            continue
        if not records:
            report.rejected.append((str(path), "the file is empty"))
        for record in records:
            report.records += 1
            if record.data is not None:
                groups[claim_key(record.data["claim"])].append(record)
            else:
                report.rejected.append((record.where, record.problem))
                if record.claim and record.claim.strip():
                    tainted.setdefault(claim_key(record.claim), record)
    return groups, tainted


def _apply(pairs: list[tuple[dict, dict]], report: LabelReport) -> None:
    """Send the annotations whose result changed (or that are new) through the apply path."""
    current = dict(db.session.execute(
        select(Annotation.ls_annotation_id, AnnotationRevision.result_hash)
        .join(AnnotationRevision, AnnotationRevision.annotation_id == Annotation.id)
        .where(Annotation.ls_annotation_id.in_([a["id"] for a, _ in pairs]),
               AnnotationRevision.status == RevisionStatus.accepted)).all()) if pairs else {}
    changed = [(a, data) for a, data in pairs if current.get(a["id"]) != result_hash(a["result"], False)]
    report.unchanged += len(pairs) - len(changed)
    for applied in apply_annotations(changed, via="import"):
        if applied.outcome == "accepted":
            report.accepted += 1
        elif applied.outcome == "deleted-before":
            report.unchanged += 1  # deleted since it was imported: it stays deleted
        else:
            report.rejected.append((f"annotation {applied.ls_annotation_id}", f"{applied.outcome}: {applied.reason}"))


def _claim_annotation(records: list[LabelRecord], annotator_id: int, max_bytes: int, given: dict[str, LabelRecord],
                      report: LabelReport) -> tuple[dict, dict]:
    """The annotation of one claim's records (its claim found or made, its articles ingested or found,
    offered to it), and its task data; _Refused for a record that does not fit."""
    first = records[0]
    taken = take_claim({"text": first.data["claim"], "appearances": []}, VerdictMap(),
                       readable_name(first.path), first.line)
    report.claims_created += taken.outcome == CREATED
    ls_id = label_annotation_id(annotator_id, taken.claim_id)
    if -ls_id > INT_MAX:
        raise _Refused(first, f"claim {taken.claim_id} is past the ids imported labels can have")
    verdicts = {r.data["verdict"]: r for r in records if r.data.get("verdict") is not None}
    if len(verdicts) > 1:
        given = ", ".join(f"{r.where}: {v}" for v, r in verdicts.items())
        raise _Refused(list(verdicts.values())[1], f"the claim is given two verdicts ({given})")
    stances: dict[int, tuple[ArticleStanceLabel, set[int], LabelRecord]] = {}
    for record in records:
        article_id, spans = _article_spans(record, max_bytes, given, report)
        stance = record.data["stance"]
        if article_id in stances and stances[article_id][0] != stance:
            raise _Refused(record, f"the same article has stance {stances[article_id][0]} at "
                                   f"{stances[article_id][2].where}, and {stance} here")
        known = stances.setdefault(article_id, (stance, set(), record))
        known[1].update(spans)
    insert_missing(db.session, ClaimOffer, [{"claim_id": taken.claim_id, "kind": ARTICLE, "source_id": a}
                                            for a in sorted(stances)], "claim_id", "kind", "source_id")
    now = utcnow()
    result = stance_result(next(iter(verdicts), None), {a: (s, spans) for a, (s, spans, _r) in stances.items()})
    return ({"id": ls_id, "task": None, "completed_by": annotator_id, "result": result, "was_cancelled": False,
             "created_at": now, "updated_at": now}, {"claim_id": taken.claim_id})


def stance_result(verdict, stances: dict[int, tuple[ArticleStanceLabel, set[int]]]) -> list[dict]:
    """A claim task's result (docs/claim-labels.md) with this verdict (or none) and these stances."""
    result = []
    if verdict is not None:
        result.append({"id": cc.VERDICT, "from_name": cc.VERDICT, "to_name": cc.TEXT, "type": cc.CONTROL_TYPE,
                       "value": {"choices": [str(verdict)]}})
    if stances:
        result.append({"id": cc.STANCES, "from_name": cc.STANCES, "to_name": cc.TEXT, "type": cc.CONTROL_TYPE,
                       "value": {"choices": [[source_choice(ARTICLE, a), str(s)] for a, (s, _) in sorted(stances.items())]}})
    rationale = [[source_choice(ARTICLE, a), source_choice(PASSAGE, span)]
                 for a, (_s, spans) in sorted(stances.items()) for span in sorted(spans)]
    if rationale:
        result.append({"id": cc.RATIONALE, "from_name": cc.RATIONALE, "to_name": cc.TEXT, "type": cc.CONTROL_TYPE,
                       "value": {"choices": rationale}})
    return result


def _article_spans(record: LabelRecord, max_bytes: int, given: dict[str, LabelRecord],
                   report: LabelReport) -> tuple[int, list[int]]:
    """The record's article (ingested from its text, or found by its URL: among the articles of this run,
    else those ingested) and its rationale sentences."""
    data = record.data
    if not data.get("article") and (by_url := given.get(url_key(data["article_url"]))) is not None:
        data = {**by_url.data, "rationale": data["rationale"]}
        record = LabelRecord(record.path, record.line, data, claim=record.claim)
    if data.get("article"):
        try:
            article = prepare_article(ArticleInput(
                text=data["article"], title=data.get("article_title"), url=data.get("article_url"),
                outlet_name=data.get("outlet"), published_at=data.get("article_date"), language=data["language"],
                origin=f"{readable_name(record.path)}:{record.line}", line=record.line), max_bytes=max_bytes)
        except InvalidArticle as error:
            raise _Refused(record, f"article: {error}") from error
        (outcome,) = ingest_articles([article])
        report.articles_ingested += not outcome.duplicate
        article_id, text = outcome.article_id, article.text
    else:
        found = find_by_url(data["article_url"])
        if len(found) != 1:
            raise _Refused(record, f"article_url {data['article_url']} is no article ingested (ingest it, or give "
                                   "its text)" if not found else
                           f"article_url {data['article_url']} is the page of {len(found)} articles "
                           f"({', '.join(map(str, found))}): give the text")
        article_id, text = found[0], None
    if not data["rationale"]:
        return article_id, []
    stored = db.session.scalar(select(Article.text).where(Article.id == article_id))
    sentences = db.session.execute(select(Span.id, Span.start).where(
        Span.article_id == article_id, Span.kind == SpanKind.sentence)).all()
    try:
        lines = data["rationale"]
        if text is not None and text != stored:  # a copy of an article stored with another text
            lines = sorted(set(copied_lines(text, stored, lines).values()))
        return article_id, [s for spans in line_spans(stored, sentences, lines).values() for s in spans]
    except LineError as error:
        raise _Refused(record, f"rationale: {error}") from error
