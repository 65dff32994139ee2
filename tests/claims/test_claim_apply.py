"""Applying claim-task annotations (docs/claim-labels.md): by webhook and by page, with history,
order-proof and idempotent as span tasks are, checked against what the claim was offered."""
import pytest
from sqlalchemy import event, select

from fact.extensions import db
from fact.models import (Annotation, AnnotationRevision, ArticleStance, Claim, ClaimOffer, ClaimTask, StanceRationale,
                         Verdict)
from fact.services.annotations.apply import apply_annotations, delete_annotations
from fact.services.claims.intake.store import take_claim
from fact.services.claims.intake.verdicts import VerdictMap
from schemas.labelstudio import AnnotationSchema
from tests.claims.claim_results import claim_result
from tests.helpers import count, sentence
from tests.payloads import T0, T1, T2, annotation, created, deleted, loaded, region

CLAIM = "اجتمع وزراء دفاع 13 دولة في باريس لبحث معركة الموصل"


@pytest.fixture
def claim(seeded):
    """An imported claim, offered the articles of the seed sentences `eleven` and `thirteen`."""
    taken = take_claim({"text": CLAIM, "appearances": []}, VerdictMap(), "test")
    claim = db.session.get(Claim, taken.claim_id)
    articles = {sentence("11 دولة").article_id, sentence("13 دولة في التحالف").article_id}
    db.session.add_all(ClaimOffer(claim_id=claim.id, kind="article", source_id=a) for a in articles)
    db.session.commit()
    return claim


@pytest.fixture
def spans(claim):
    """Two sentences of two offered articles: (article id, span id) each."""
    eleven, thirteen = sentence("11 دولة"), sentence("13 دولة في التحالف")
    return (eleven.article_id, eleven.id), (thirteen.article_id, thirteen.id)


def judged(ls_id, claim, result, at=T0, user=1, cancelled=False, data=None, task=None):
    raw = annotation(ls_id, task or 900 + ls_id, result, at, user=user, cancelled=cancelled)
    return AnnotationSchema().load(raw), data if data is not None else {"claim_id": claim.id, "claim": claim.text}


def apply(*pairs):
    outcomes = apply_annotations(list(pairs), via="sync")
    db.session.commit()
    return [(o.outcome, o.reason) for o in outcomes]


def current_stances():
    return sorted(db.session.execute(select(ArticleStance.article_id, ArticleStance.stance, ArticleStance.annotator_id)
                                     .where(ArticleStance.superseded_at.is_(None))).all())


def test_a_claim_task_annotation_stores_its_verdict_stances_and_rationale(claim, spans):
    (a, s), (b, _t) = spans
    result = claim_result("disputed", {a: "disagree", b: "unrelated"}, {a: [s]})

    assert apply(judged(1, claim, result)) == [("accepted", None)]

    (verdict,) = db.session.scalars(select(Verdict))
    assert (verdict.claim_id, verdict.label, verdict.annotator_id) == (claim.id, "disputed", 1)
    assert (verdict.start, verdict.end, verdict.text) == (0, len(claim.text), claim.text)
    assert current_stances() == sorted([(a, "disagree", 1), (b, "unrelated", 1)])
    stance = db.session.scalar(select(ArticleStance).where(ArticleStance.article_id == a))
    assert [r.span_id for r in stance.rationale] == [s]
    assert stance.revision_id == verdict.revision_id and stance.annotation_id == verdict.annotation_id
    row = db.session.scalar(select(Annotation))
    assert (row.claim_id, row.span_id, row.ls_task_id) == (claim.id, None, 901)
    db.session.refresh(claim)
    assert (claim.verdict_count, claim.label, claim.agreement) == (1, "disputed", "single")


def test_a_claim_task_arrives_by_webhook_like_a_span_task(hook, claim, spans):
    (a, s), _ = spans
    body = created(1, sentence("11 دولة"), claim_result("corroborated", {a: "agree"}, {a: [s]}))
    body["task"]["data"] = {"claim_id": claim.id, "claim": claim.text}

    response = hook(body)

    assert response.status_code == 200
    assert response.json["outcomes"][0]["outcome"] == "accepted"
    assert current_stances() == [(a, "agree", 1)]
    assert db.session.scalar(select(Verdict.label)) == "corroborated"


def test_a_task_without_claim_id_in_its_data_is_found_by_the_claim_task_map(claim, spans):
    (a, _s), _ = spans
    db.session.add(ClaimTask(claim_id=claim.id, ls_project_id=2, ls_task_id=4321))
    db.session.commit()

    assert apply(judged(1, claim, claim_result(None, {a: "discuss"}), data={}, task=4321)) == [("accepted", None)]
    assert current_stances() == [(a, "discuss", 1)]
    assert db.session.scalar(select(Annotation.claim_id)) == claim.id


def test_stances_alone_count_no_verdict(claim, spans):
    (a, _s), (b, _t) = spans

    assert apply(judged(1, claim, claim_result(None, {a: "agree", b: "discuss"}))) == [("accepted", None)]

    assert count(Verdict) == 0 and count(ArticleStance) == 2
    db.session.refresh(claim)
    assert claim.verdict_count == 0


def test_a_newer_revision_retires_the_stances_with_the_verdict(claim, spans):
    (a, s), (b, t) = spans
    apply(judged(1, claim, claim_result("disputed", {a: "disagree"}, {a: [s]})))

    assert apply(judged(1, claim, claim_result("corroborated", {a: "agree", b: "agree"}, {b: [t]}), at=T1)) == \
        [("accepted", None)]

    assert current_stances() == sorted([(a, "agree", 1), (b, "agree", 1)])
    old_verdict = db.session.scalar(select(Verdict).where(Verdict.label == "disputed"))
    old_stance = db.session.scalar(select(ArticleStance).where(ArticleStance.stance == "disagree"))
    assert old_stance.superseded_at is not None and old_stance.superseded_at == old_verdict.superseded_at
    assert count(StanceRationale) == 2  # the old rationale stays as history
    statuses = db.session.scalars(select(AnnotationRevision.status).order_by(AnnotationRevision.id)).all()
    assert statuses == ["superseded", "accepted"]
    db.session.refresh(claim)
    assert claim.label == "corroborated"


def test_a_deleted_claim_task_annotation_stops_counting(claim, spans):
    (a, s), _ = spans
    apply(judged(1, claim, claim_result("disputed", {a: "disagree"}, {a: [s]})))

    assert [o.outcome for o in delete_annotations([1], via="sync")] == ["deleted"]
    db.session.commit()

    assert current_stances() == []
    verdict, stance = db.session.scalar(select(Verdict)), db.session.scalar(select(ArticleStance))
    assert stance.superseded_at is not None and stance.superseded_at == verdict.superseded_at
    db.session.refresh(claim)
    assert (claim.verdict_count, claim.label) == (0, None)
    assert apply(judged(1, claim, claim_result("corroborated", {a: "agree"}), at=T2)) == [("deleted-before", None)]
    assert current_stances() == []


def test_a_delete_that_comes_first_keeps_the_claim_task_annotation_out(claim, spans):
    (a, _s), _ = spans
    delete_annotations([1], via="webhook")
    db.session.commit()

    assert apply(judged(1, claim, claim_result("disputed", {a: "agree"}))) == [("deleted-before", None)]
    assert count(ArticleStance) == 0 and count(Verdict) == 0


def test_an_older_revision_that_arrives_late_only_joins_the_history(claim, spans):
    (a, _s), (b, _t) = spans
    newer, older = claim_result("corroborated", {a: "agree"}), claim_result("disputed", {b: "disagree"})

    assert apply(judged(1, claim, newer, at=T1)) == [("accepted", None)]
    assert apply(judged(1, claim, older, at=T0)) == [("stale", None)]

    assert current_stances() == [(a, "agree", 1)]
    assert count(ArticleStance) == 1 and count(Verdict) == 1


def test_both_orders_end_in_the_same_state(claim, spans):
    (a, s), (b, t) = spans
    first = judged(1, claim, claim_result("disputed", {a: "disagree"}, {a: [s]}), at=T0)
    second = judged(1, claim, claim_result("corroborated", {b: "agree"}, {b: [t]}), at=T1)
    apply(second, first)
    one_way = current_stances(), db.session.scalars(select(Verdict.label).where(Verdict.superseded_at.is_(None))).all()

    delete_annotations([1], via="sync")  # start again under another annotation id, the other way round
    apply(judged(2, claim, claim_result("disputed", {a: "disagree"}, {a: [s]}), at=T0))
    apply(judged(2, claim, claim_result("corroborated", {b: "agree"}, {b: [t]}), at=T1))

    assert one_way == ([(b, "agree", 1)], ["corroborated"])
    assert (current_stances(), db.session.scalars(select(Verdict.label).where(Verdict.superseded_at.is_(None))).all()) \
        == one_way


def test_a_duplicate_delivery_changes_nothing(claim, spans):
    (a, s), _ = spans
    pair = judged(1, claim, claim_result("disputed", {a: "disagree"}, {a: [s]}))
    apply(pair)

    assert apply(pair) == [("duplicate", None)]
    assert apply(pair, pair) == [("duplicate", None), ("duplicate", None)]
    assert (count(Verdict), count(ArticleStance), count(StanceRationale), count(AnnotationRevision)) == (1, 1, 1, 1)


@pytest.mark.parametrize("case, reason", [
    ("not offered", "gives a stance of article:{other}, which claim {claim} was never offered"),
    ("no article", "gives a stance of article:99999, which does not exist"),
    ("span of another article", "rationale span:{t} of article:{a} is a sentence of article:{b}"),
    ("no span", "rationale span:99999999 does not exist"),
    ("no claim", "claim 99999 does not exist"),
    ("claim id past INTEGER", "claim 1099511627776 does not exist"),
    ("layout", "stances: article:{a} has two stances (agree, disagree)"),
])
def test_an_annotation_that_does_not_fit_its_claim_is_kept_only_as_rejected(claim, spans, case, reason):
    (a, s), (b, t) = spans
    other = sentence("60 دولة").article_id
    assert other not in (a, b)
    two_stances = {"id": "s1", "from_name": "stances", "type": "choices",
                   "value": {"choices": [[f"article:{a}", "agree"], [f"article:{a}", "disagree"]]}}
    result = {"not offered": claim_result("disputed", {other: "agree"}),
              "no article": claim_result("disputed", {99999: "agree"}),
              "span of another article": claim_result("disputed", {a: "agree"}, {a: [s, t]}),
              "no span": claim_result("disputed", {a: "agree"}, {a: [99999999]}),
              "no claim": claim_result("disputed", {a: "agree"}),
              "claim id past INTEGER": claim_result("disputed", {a: "agree"}),
              "layout": [*claim_result("disputed"), two_stances]}[case]
    data = {"no claim": {"claim_id": 99999}, "claim id past INTEGER": {"claim_id": 2**40}}.get(case)

    ((outcome, why),) = apply(judged(1, claim, result, data=data))

    assert outcome == "rejected"
    assert why == reason.format(other=other, claim=claim.id, a=a, b=b, t=t)
    assert (count(Verdict), count(ArticleStance), count(StanceRationale)) == (0, 0, 0)
    revision = db.session.scalar(select(AnnotationRevision))
    assert (revision.status, revision.reason) == ("rejected", why)
    db.session.refresh(claim)
    assert claim.verdict_count == 0


def test_a_rejected_revision_does_not_hide_the_valid_one_before_it(claim, spans):
    (a, _s), _ = spans
    apply(judged(1, claim, claim_result("disputed", {a: "agree"})))

    ((outcome, _),) = apply(judged(1, claim, claim_result("corroborated", {12345: "agree"}), at=T1))

    assert outcome == "rejected"
    assert current_stances() == [(a, "agree", 1)]
    assert db.session.scalars(select(Verdict.label).where(Verdict.superseded_at.is_(None))).all() == ["disputed"]


def test_a_cancelled_claim_task_annotation_counts_nothing(claim):
    assert apply(judged(1, claim, [], cancelled=True)) == [("accepted", None)]

    assert count(Verdict) == 0 and count(ArticleStance) == 0
    assert db.session.scalar(select(Annotation.claim_id)) == claim.id


def test_two_annotators_of_a_claim_task_agree_or_not_like_any_others(claim, spans):
    (a, _s), _ = spans
    apply(judged(1, claim, claim_result("disputed", {a: "disagree"}), user=1),
          judged(2, claim, claim_result("disputed", {a: "discuss"}), user=2),
          judged(3, claim, claim_result("corroborated", {a: "agree"}), user=3))

    db.session.refresh(claim)
    assert (claim.verdict_count, claim.majority_label, claim.agreement) == (3, "disputed", "majority")
    assert current_stances() == [(a, "agree", 3), (a, "disagree", 1), (a, "discuss", 2)]


def test_span_tasks_and_claim_tasks_apply_in_one_page(claim, spans):
    (a, s), _ = spans
    eleven = sentence("11 دولة")

    outcomes = apply(loaded(1, eleven, region(eleven.text, "11 دولة", "disputed")),
                     judged(2, claim, claim_result("corroborated", {a: "agree"}, {a: [s]})))

    assert outcomes == [("accepted", None), ("accepted", None)]
    rows = dict(db.session.execute(select(Annotation.ls_annotation_id, Annotation.claim_id)).all())
    assert rows[2] == claim.id and rows[1] is None
    assert count(Claim) == 2 and count(ArticleStance) == 1


def test_a_page_of_claim_tasks_reads_as_much_as_a_page_of_one(claim, spans):
    (a, s), (b, t) = spans

    def reads(first_id: int, size: int) -> int:
        """The SELECTs of applying a page (not the connection's settings: set_config)."""
        seen = []

        def listener(_conn, _cursor, statement, *_args):
            if statement.lstrip().startswith("SELECT") and "set_config" not in statement:
                seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            apply(*(judged(first_id + i, claim, claim_result("disputed", {a: "agree", b: "discuss"}, {a: [s], b: [t]}),
                           user=first_id + i) for i in range(size)))
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    assert reads(100, 20) == reads(1, 1)
    assert count(ArticleStance) == 42


def test_a_claim_task_on_a_highlighted_claim_judges_the_claims_stretch_of_its_article(seeded):
    eleven, thirteen = sentence("11 دولة"), sentence("13 دولة في التحالف")
    apply(loaded(1, eleven, region(eleven.text, "11 دولة", "disputed")))
    highlighted = db.session.scalar(select(Claim))
    db.session.add(ClaimOffer(claim_id=highlighted.id, kind="article", source_id=thirteen.article_id))
    db.session.commit()

    outcomes = apply(judged(2, highlighted, claim_result("corroborated", {thirteen.article_id: "disagree"},
                                                         {thirteen.article_id: [thirteen.id]}), user=2))

    assert outcomes == [("accepted", None)]
    verdict = db.session.scalar(select(Verdict).where(Verdict.annotator_id == 2))
    assert (verdict.start, verdict.end, verdict.text) == (highlighted.start, highlighted.end, highlighted.text)
    db.session.refresh(highlighted)
    assert (highlighted.verdict_count, highlighted.agreement) == (2, "contested")
