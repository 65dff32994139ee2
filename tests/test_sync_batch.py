"""Applying a page of annotations at once (sync) reaches exactly the state of applying them one by one
(the webhook), with the same rules: idempotent, order-proof, deleted stays deleted, rejected changes nothing."""
import pytest
from sqlalchemy import select, text

from fact.extensions import db
from fact.models import Annotation, AnnotationRevision, Claim, Evidence, Verdict
from fact.services.annotations.apply import apply_annotation, apply_annotations, delete_annotations
from tests.helpers import sentence
from tests.payloads import T0, T1, T2, loaded, offer, region

def state() -> dict:
    """Everything applying writes, without ids and times that differ between two equal states."""
    claims = sorted(db.session.execute(select(
        Claim.article_id, Claim.start, Claim.end, Claim.text, Claim.label, Claim.majority_label, Claim.agreement,
        Claim.verdict_count)).all())
    verdicts = sorted(
        (v.annotation.ls_annotation_id, v.claim.start, v.claim.end, v.label, v.annotator_id, v.superseded_at is None,
         v.revision.result_hash, sorted((e.stance, e.span_id, e.article_id, e.url) for e in v.evidence))
        for v in db.session.scalars(select(Verdict)))
    revisions = [(r.annotation.ls_annotation_id, r.status, r.reason, r.result_hash, r.ls_updated_at)
                 for r in db.session.scalars(select(AnnotationRevision).order_by(AnnotationRevision.id))]
    annotations = sorted(db.session.execute(select(
        Annotation.ls_annotation_id, Annotation.span_id, Annotation.annotator_id, Annotation.ls_updated_at,
        Annotation.was_cancelled, Annotation.deleted_at.is_(None))).all())
    return {"claims": claims, "verdicts": verdicts, "revisions": revisions, "annotations": annotations}


def forget() -> None:
    for table in ("evidence", "verdicts", "annotation_revisions", "annotations", "claims"):
        db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture
def spans(seeded):
    return {"eleven": sentence("11 دولة"), "thirteen": sentence("13 دولة في التحالف"), "few": sentence("بضع مئات")}


def deliveries(spans) -> list:
    """A day of deliveries: two annotators sharing a claim, an update, an older revision arriving late,
    a repeat, a skip, a bad offset, a source of the claim's own article, a task that is not ours."""
    eleven, thirteen, few = spans["eleven"], spans["thirteen"], spans["few"]
    own = f"span:{few.id}"
    offer(eleven, f"span:{thirteen.id}")
    offer(few, own)  # offered, yet of the claim's own article: rejected for that
    bad = region(eleven.text, "11 دولة", "disputed")
    bad[0]["value"]["end"] = 9999
    first = loaded(1, eleven, region(eleven.text, "11 دولة", "disputed", refutes=[f"span:{thirteen.id}"],
                                     urls_supporting=["https://example.org/a"], region_id="a"))
    return [
        first,
        loaded(2, eleven, region(eleven.text, "11 دولة", "unverifiable"), user=2),
        loaded(3, few, region(few.text, "بضع مئات", "corroborated", region_id="c"), at=T1),
        loaded(3, few, region(few.text, "بضع مئات", "disputed", region_id="c"), at=T0),  # older, late
        loaded(1, eleven, region(eleven.text, "11 دولة", "corroborated", region_id="a"), at=T1),  # update
        first,  # a repeat of the first revision: known, so nothing even if older
        loaded(1, eleven, region(eleven.text, "11 دولة", "corroborated", region_id="a"), at=T1),  # a repeat
        loaded(4, few, [], cancelled=True),
        loaded(5, eleven, bad, user=3),
        loaded(6, few, region(few.text, "بضع مئات", "disputed", refutes=[own]), user=4),
        loaded(7, None, region(few.text, "بضع مئات", "disputed"), task=99999),
        loaded(8, thirteen, region(thirteen.text, "13 دولة", "disputed"), user=2),
    ]


def test_a_page_reaches_the_state_of_the_same_deliveries_one_by_one(spans):
    pairs = deliveries(spans)
    one_by_one = [apply_annotation(a, data, via="sync") for a, data in pairs]
    db.session.commit()
    expected = state()
    forget()

    at_once = apply_annotations(pairs, via="sync")
    db.session.commit()

    assert at_once == one_by_one
    assert [o.outcome for o in at_once] == ["accepted", "accepted", "accepted", "stale", "accepted", "duplicate",
                                            "duplicate", "accepted", "rejected", "rejected", "rejected", "accepted"]
    assert state() == expected
    assert len(expected["claims"]) == 3 and expected["claims"][0][-1] >= 1


def test_a_page_applied_again_changes_nothing(spans):
    pairs = deliveries(spans)
    apply_annotations(pairs, via="sync")
    db.session.commit()
    before = state()

    again = apply_annotations(pairs, via="sync")
    db.session.commit()

    assert {o.outcome for o in again} == {"duplicate"}
    assert state() == before


def test_a_deleted_annotation_in_a_page_stays_deleted(spans):
    eleven = spans["eleven"]
    pair = loaded(1, eleven, region(eleven.text, "11 دولة", "disputed"))
    apply_annotations([pair], via="sync")
    delete_annotations([1], via="sync")
    db.session.commit()

    (late,) = apply_annotations([loaded(1, eleven, region(eleven.text, "11 دولة", "corroborated"), at=T2)], via="sync")

    assert late.outcome == "deleted-before"
    assert db.session.scalar(select(Verdict.superseded_at.is_(None))) is False
    assert db.session.scalar(select(Claim.verdict_count)) == 0


def test_an_update_in_a_later_page_supersedes_the_verdicts_of_an_earlier_one(spans):
    few = spans["few"]
    apply_annotations([loaded(3, few, region(few.text, "بضع مئات", "disputed", region_id="c"))], via="sync")
    db.session.commit()

    apply_annotations([loaded(3, few, region(few.text, "بضع مئات", "corroborated", region_id="c"), at=T1)],
                      via="sync")
    db.session.commit()

    current = db.session.execute(select(Verdict.label).where(Verdict.superseded_at.is_(None))).scalars().all()
    assert current == ["corroborated"]
    assert db.session.scalar(select(Claim.label)) == "corroborated"
    statuses = db.session.scalars(select(AnnotationRevision.status).order_by(AnnotationRevision.id)).all()
    assert statuses == ["superseded", "accepted"]
    assert db.session.query(Evidence).count() == 0
