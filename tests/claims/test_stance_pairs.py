"""Each (claim, article) pair's stance votes are kept counted in stance_pairs as annotations arrive, are
revised and are deleted, whatever their order: what the lead's queue of ties reads."""
from itertools import permutations

from sqlalchemy import select

from fact.extensions import db
from fact.models import StancePair
from fact.services.annotations.apply import delete_annotations
from tests.claims.claim_results import claim_result
from tests.claims.test_claim_apply import apply, claim, judged, spans  # noqa: F401  (claim, spans: fixtures)
from tests.payloads import T1


def pairs() -> dict[int, tuple[int, dict, bool]]:
    """article id -> (voters, votes, tied), of the one claim."""
    db.session.expire_all()
    return {p.article_id: (p.voters, p.votes, p.tied) for p in db.session.scalars(select(StancePair))}


def test_a_tie_is_kept_tied_until_a_third_voter_breaks_it(claim, spans):
    (a, _s), (b, _t) = spans
    apply(judged(1, claim, claim_result("disputed", {a: "agree", b: "unrelated"}), user=1),
          judged(2, claim, claim_result("disputed", {a: "disagree"}), user=2))

    assert pairs() == {a: (2, {"agree": 1, "disagree": 1}, True), b: (1, {"unrelated": 1}, False)}

    apply(judged(3, claim, claim_result("disputed", {a: "disagree"}), user=3))

    assert pairs()[a] == (3, {"agree": 1, "disagree": 2}, False)


def test_a_revision_and_a_delete_count_again_and_a_pair_with_no_stance_left_goes(claim, spans):
    (a, _s), (b, _t) = spans
    apply(judged(1, claim, claim_result("disputed", {a: "agree", b: "agree"}), user=1),
          judged(2, claim, claim_result("disputed", {a: "disagree"}), user=2))

    apply(judged(2, claim, claim_result("corroborated", {a: "agree"}), user=2, at=T1))  # user 2 changes their mind
    assert pairs() == {a: (2, {"agree": 2}, False), b: (1, {"agree": 1}, False)}

    delete_annotations([1], via="webhook")
    db.session.commit()
    assert pairs() == {a: (1, {"agree": 1}, False)}  # b had user 1's stance only


def test_the_counts_do_not_depend_on_the_order_annotations_arrive_in(claim, spans):
    (a, _s), (b, _t) = spans
    given = [(1, {a: "agree"}), (2, {a: "disagree", b: "discuss"}), (3, {a: "discuss", b: "discuss"})]
    seen = []
    for round_, order in enumerate(permutations(given)):
        ls_ids = [10 * round_ + user for user, _ in order]  # a new annotation each round: a deleted id stays deleted
        for ls_id, (user, stances) in zip(ls_ids, order):
            apply(judged(ls_id, claim, claim_result("disputed", stances), user=user))
        seen.append(pairs())
        delete_annotations(ls_ids, via="sync")
        db.session.commit()
        assert pairs() == {}

    assert all(found == {a: (3, {"agree": 1, "disagree": 1, "discuss": 1}, True), b: (2, {"discuss": 2}, False)}
               for found in seen), seen
