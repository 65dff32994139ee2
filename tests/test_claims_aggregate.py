"""Several annotators per claim: overlapping highlights group into one claim, which gets a majority
verdict (ties contested), an adjudication that wins, and agreement figures."""
import pytest
from sqlalchemy import func, select, update

from fact.extensions import db
from fact.models import Adjudication, Agreement, Claim, Label, Verdict
from fact.services.claims.agreement import agreement
from fact.services.claims.grouping import overlap
from fact.services.annotations.apply import apply_annotations, delete_annotations
from fact.services.claims.aggregate import aggregate
from tests.payloads import created, deleted, loaded, region, updated

MEETING = "لوزراء دفاع 11 دولة من التحالف"
WIDER = "باريس لوزراء دفاع 11 دولة من التحالف"  # the same claim, highlighted a little wider
NARROW = "11 دولة"  # a fragment of it: shares too little to be the same claim
VICTORY = "إن الانتصار في الموصل سيكون بمثابة ضربة لتنظيم داعش"


def claims() -> list[Claim]:
    db.session.expire_all()
    return list(db.session.scalars(select(Claim).order_by(Claim.id)))


def test_overlap_is_the_share_of_code_points_in_common():
    assert overlap((0, 10), (0, 10)) == 1.0
    assert overlap((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert overlap((0, 10), (10, 20)) == 0.0


@pytest.mark.parametrize("labels, expected", [
    ([], (None, Agreement.none)),
    (["disputed"], ("disputed", Agreement.single)),
    (["disputed", "disputed"], ("disputed", Agreement.unanimous)),
    (["disputed", "disputed", "corroborated"], ("disputed", Agreement.majority)),
    (["disputed", "corroborated"], (None, Agreement.contested)),
    (["disputed", "disputed", "corroborated", "corroborated", "unverifiable"], (None, Agreement.contested)),
])
def test_the_majority_wins_and_a_tie_is_contested(labels, expected):
    assert aggregate([Label(label) for label in labels]) == expected


def test_two_annotators_who_highlight_slightly_different_stretches_judge_one_claim(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "disputed"), user=2))

    (claim,) = claims()
    assert claim.text == MEETING  # the first highlight names the claim
    assert (claim.verdict_count, claim.agreement, claim.label) == (2, "unanimous", "disputed")
    highlights = sorted(v.text for v in claim.verdicts)
    assert highlights == sorted([MEETING, WIDER])  # each verdict keeps the annotator's own stretch
    for verdict in claim.verdicts:
        assert claim.article.text[verdict.start:verdict.end] == verdict.text


def test_a_highlight_that_shares_less_than_half_its_stretch_is_another_claim(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, NARROW, "corroborated"), user=2))

    assert [(c.text, c.verdict_count, c.label) for c in claims()] == [
        (MEETING, 1, "disputed"), (NARROW, 1, "corroborated")]


def test_one_annotation_gives_a_claim_one_verdict_even_with_two_overlapping_highlights(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    two = region(eleven.text, WIDER, "disputed") + region(eleven.text, MEETING, "corroborated")

    hook(created(2, eleven, two, user=2))

    first, second = claims()
    assert first.text == MEETING and {v.text for v in first.verdicts} == {MEETING}
    assert second.text == WIDER and second.verdict_count == 1
    assert first.verdict_count == 2 and first.agreement == "contested" and first.label is None


def test_three_annotators_give_a_majority_and_a_tie_is_contested(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "corroborated"), user=2))
    (claim,) = claims()
    assert (claim.agreement, claim.majority_label, claim.label) == ("contested", None, None)

    hook(created(3, eleven, region(eleven.text, MEETING, "disputed"), user=3))

    (claim,) = claims()
    assert (claim.verdict_count, claim.agreement, claim.label) == (3, "majority", "disputed")


def test_an_updated_or_deleted_verdict_changes_the_aggregate(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed", region_id="a"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "disputed"), user=2))

    hook(updated(1, eleven, region(eleven.text, MEETING, "corroborated", region_id="a"), user=1))
    (claim,) = claims()
    assert (claim.agreement, claim.label) == ("contested", None)

    hook(deleted(2))
    (claim,) = claims()
    assert (claim.verdict_count, claim.agreement, claim.label) == (1, "single", "corroborated")

    hook(deleted(1))
    (claim,) = claims()
    assert (claim.verdict_count, claim.agreement, claim.label) == (0, "none", None)


def verdict_times() -> dict[int, tuple]:
    """Each claim's stored (newest, oldest) counting verdict times, and the same recounted from its verdicts."""
    counted = dict.fromkeys((c.id for c in claims()), (None, None))
    counted.update({claim_id: (newest, oldest) for claim_id, newest, oldest in db.session.execute(
        select(Verdict.claim_id, func.max(Verdict.created_at), func.min(Verdict.created_at))
        .where(Verdict.superseded_at.is_(None)).group_by(Verdict.claim_id))})
    stored = {c.id: (c.newest_verdict_at, c.oldest_verdict_at) for c in claims()}
    return stored, counted


def test_the_newest_and_oldest_counting_verdict_times_follow_webhook_creates_updates_and_deletes(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed", region_id="a"), user=1))
    (claim,) = claims()
    (first,) = claim.current_verdicts
    assert (claim.newest_verdict_at, claim.oldest_verdict_at) == (first.created_at, first.created_at)

    hook(created(2, eleven, region(eleven.text, WIDER, "disputed"), user=2))
    (claim,) = claims()
    second = claim.current_verdicts[-1]
    assert second.created_at > first.created_at
    assert (claim.newest_verdict_at, claim.oldest_verdict_at) == (second.created_at, first.created_at)

    hook(updated(1, eleven, region(eleven.text, MEETING, "corroborated", region_id="a"), user=1))
    (claim,) = claims()
    revised = claim.current_verdicts[-1]
    assert revised.annotator_id == 1 and revised.created_at > second.created_at
    # user 1's first verdict no longer counts: the oldest is user 2's
    assert (claim.newest_verdict_at, claim.oldest_verdict_at) == (revised.created_at, second.created_at)
    stored, counted = verdict_times()
    assert stored == counted

    hook(deleted(1))
    (claim,) = claims()
    assert (claim.newest_verdict_at, claim.oldest_verdict_at) == (second.created_at, second.created_at)

    hook(deleted(2))  # no verdict of the claim counts any more
    (claim,) = claims()
    assert (claim.verdict_count, claim.newest_verdict_at, claim.oldest_verdict_at) == (0, None, None)
    stored, counted = verdict_times()
    assert stored == counted


def test_the_newest_and_oldest_counting_verdict_times_follow_a_sync_page(seeded, eleven, thirteen):
    pairs = [loaded(1, eleven, region(eleven.text, MEETING, "disputed", region_id="a"), user=1),
             loaded(2, eleven, region(eleven.text, WIDER, "corroborated"), user=2),
             loaded(3, thirteen, region(thirteen.text, "13 دولة", "disputed"), user=3)]
    apply_annotations(pairs, via="sync")
    db.session.commit()
    stored, counted = verdict_times()
    assert stored == counted and None not in {t for pair in stored.values() for t in pair}

    apply_annotations([loaded(1, eleven, region(eleven.text, MEETING, "unverifiable", region_id="a"),
                              at="2026-11-22T10:05:00.000000Z", user=1)], via="sync")
    delete_annotations([3], via="sync")
    db.session.commit()
    stored, counted = verdict_times()
    assert stored == counted
    meeting, thirteen_claim = claims()
    assert meeting.newest_verdict_at == max(v.created_at for v in meeting.current_verdicts)
    assert (thirteen_claim.newest_verdict_at, thirteen_claim.oldest_verdict_at) == (None, None)


def test_an_adjudication_writes_the_verdict_times_with_the_rest_of_the_aggregate(hook, client, auth, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "corroborated"), user=2))
    expected, _ = verdict_times()
    (claim,) = claims()
    db.session.execute(update(Claim).values(newest_verdict_at=None, oldest_verdict_at=None))
    db.session.commit()

    response = client.post(f"/api/claims/{claim.id}/adjudication", headers=auth,
                           json={"label": "disputed", "adjudicator": "lead@example.org"})

    assert response.status_code == 201
    stored, counted = verdict_times()
    assert stored == counted == expected and None not in expected[claim.id]


def test_an_annotator_counts_once_with_their_newest_verdict(hook, eleven):
    """Label Studio lets one user annotate a task twice: the later annotation is their verdict."""
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=7))
    hook(created(2, eleven, region(eleven.text, WIDER, "corroborated"), user=7))

    (claim,) = claims()
    assert (claim.verdict_count, claim.agreement, claim.label) == (1, "single", "corroborated")
    assert len([v for v in claim.verdicts if v.superseded_at is None]) == 2  # both stay on record


def test_the_lead_settles_a_contested_claim_and_the_verdicts_stay(hook, client, auth, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "corroborated"), user=2))
    (claim,) = claims()

    response = client.post(f"/api/claims/{claim.id}/adjudication", headers=auth,
                           json={"label": "disputed", "adjudicator": "lead@example.org", "note": "13 per AFP"})

    assert response.status_code == 201
    assert response.json["label"] == "disputed" and response.json["adjudicator"] == "lead@example.org"
    (claim,) = claims()
    assert (claim.agreement, claim.majority_label, claim.adjudicated_label, claim.label) == (
        "contested", None, "disputed", "disputed")
    assert sorted(v.label for v in claim.verdicts if v.superseded_at is None) == ["corroborated", "disputed"]


def test_a_new_adjudication_supersedes_the_earlier_and_survives_new_verdicts(hook, client, auth, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    claim_id = claims()[0].id
    url = f"/api/claims/{claim_id}/adjudication"
    client.post(url, headers=auth, json={"label": "disputed", "adjudicator": "lead"})
    client.post(url, headers=auth, json={"label": "unverifiable", "adjudicator": "lead"})

    hook(created(2, eleven, region(eleven.text, WIDER, "corroborated"), user=2))

    (claim,) = claims()
    assert claim.label == "unverifiable"
    history = list(db.session.scalars(select(Adjudication).order_by(Adjudication.id)))
    assert [(a.label, a.superseded_at is None) for a in history] == [("disputed", False), ("unverifiable", True)]


@pytest.mark.parametrize("body, field", [
    ({"adjudicator": "lead"}, "label"),
    ({"label": "false", "adjudicator": "lead"}, "label"),
    ({"label": "disputed"}, "adjudicator"),
    ({"label": "disputed", "adjudicator": ""}, "adjudicator"),
])
def test_a_bad_adjudication_gets_422_with_the_field(hook, client, auth, eleven, body, field):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    claim_id = claims()[0].id

    response = client.post(f"/api/claims/{claim_id}/adjudication", headers=auth, json=body)

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    assert db.session.scalar(select(Adjudication.id)) is None


def test_adjudication_needs_the_token_and_an_existing_claim(hook, client, auth, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    claim_id = claims()[0].id
    body = {"label": "disputed", "adjudicator": "lead"}

    assert client.post(f"/api/claims/{claim_id}/adjudication", json=body).status_code == 401
    assert client.post(f"/api/claims/{claim_id + 999}/adjudication", headers=auth, json=body).status_code == 404
    assert db.session.scalar(select(Adjudication.id)) is None


def test_agreement_is_krippendorffs_alpha_over_claims_two_annotators_judged(hook, eleven):
    # Two claims in one sentence: both annotators dispute the first; they differ on the second.
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed")
                 + region(eleven.text, VICTORY, "corroborated"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "disputed")
                 + region(eleven.text, VICTORY, "unverifiable"), user=2))

    figures = agreement()

    assert figures.claims == 2 and figures.votes == 4
    # Nominal alpha = 1 - Do/De. Do: one of the two claims disagrees, 2 of 4 ordered pairs = 1/2.
    # De from the pooled values d, d, c, u: 1 - (2*1)/(4*3) = 10/12.
    assert figures.alpha == pytest.approx(1 - (1 / 2) / (10 / 12), abs=1e-4)
    assert figures.per_label["disputed"] == pytest.approx(1.0)  # "disputed or not": full agreement
    assert figures.per_label["corroborated"] == pytest.approx(0.0)  # Do = De = 1/2


def test_agreement_is_undefined_with_fewer_than_two_judged_claims(hook, eleven):
    hook(created(1, eleven, region(eleven.text, MEETING, "disputed"), user=1))
    hook(created(2, eleven, region(eleven.text, WIDER, "disputed"), user=2))

    figures = agreement()

    assert (figures.alpha, figures.claims, figures.votes) == (None, 1, 2)
