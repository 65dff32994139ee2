"""Already checked in the database (fact.services.claims.checked, `flask fact claims checked`): a claim
is offered the claims with a label nearest it, the lead's decisions stand, and a linked claim shares the
verdict of the claim it is linked to, and follows it."""
import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.matching.checked import SUGGEST
from fact.models import Claim, ClaimMatch, ClaimMatchSearch, ClaimVector, MatchStatus
from fact.services.claims.aggregate import final_label
from fact.services.claims.checked import AUTOMATIC, MatchConflict, decide, match_checked
from tests.claims.checked_setup import (NEAR_RAQQA, NEAR_SIXTY, RAQQA, SIXTY, check, import_claim, matches,
                                        run_checked, uncheck)
from tests.helpers import count


@pytest.fixture(autouse=True)
def words_only(app):
    app.config["FACT_EMBEDDER"] = "none"


@pytest.fixture
def sixty(hook):
    return check(hook, SIXTY, "corroborated", 1)


@pytest.fixture
def near(client, auth, sixty):
    return import_claim(client, auth, NEAR_SIXTY)


def _label(client, claim_id):
    return client.get(f"/api/claims/{claim_id}").json["label"]


def _decide(claim_id, checked_id, status):
    match = db.session.scalar(select(ClaimMatch).where(ClaimMatch.claim_id == claim_id,
                                                       ClaimMatch.checked_claim_id == checked_id))
    decide(match, status, "lead@example.org")
    db.session.commit()
    return match


def test_a_claim_from_outside_is_offered_the_checked_claim_it_repeats_with_its_score(runner, sixty, near):
    output = run_checked(runner)

    assert output.strip() == ("1 checked claim(s); 2 of 2 unlinked claim(s) matched by none (lexical): 1 "
                              f"suggestion(s) at {SUGGEST['lexical']:.3f} or more, 0 linked (LINK is infinite: "
                              "none without the lead), 0 rejected pair(s) not offered again, 0 claim(s) embedded")
    match = db.session.scalar(select(ClaimMatch))
    assert (match.claim_id, match.checked_claim_id, match.status, match.rank) == (near, sixty, "suggested", 1)
    assert match.score >= SUGGEST["lexical"] and match.lexical_score == match.score and match.semantic_score is None
    assert matches(sixty) == []  # the checked claim itself is never offered itself


def test_flask_fact_match_offers_new_claims_the_checked_claims_too(runner, sixty, near):
    result = runner.invoke(args=["fact", "match"])

    assert result.exit_code == 0, result.output
    assert "already checked: 1 checked claim(s); 2 of 2 unlinked claim(s)" in result.output
    match = db.session.scalar(select(ClaimMatch))
    assert (match.claim_id, match.checked_claim_id, match.status) == (near, sixty, "suggested")


def test_a_second_run_searches_only_what_is_new(runner, client, auth, sixty, near):
    run_checked(runner)
    assert " 0 of 2 unlinked" in run_checked(runner)

    other = import_claim(client, auth, NEAR_RAQQA)
    assert " 1 of 3 unlinked" in run_checked(runner)
    assert matches(other) == [] and matches(near) == [(sixty, "suggested")]
    assert " 3 of 3 unlinked" in run_checked(runner, "--full")


def test_a_newly_checked_claim_is_offered_to_the_claims_searched_before_it(runner, hook, client, auth, sixty):
    other = import_claim(client, auth, NEAR_RAQQA)
    run_checked(runner)
    assert matches(other) == []

    raqqa = check(hook, RAQQA, "unverifiable", 2)
    output = run_checked(runner)

    assert "2 checked claim(s); 3 of 3 unlinked" in output
    assert matches(other) == [(raqqa, "suggested")]


def test_a_rejected_pair_is_never_offered_again_and_stays_rejected(runner, client, sixty, near):
    run_checked(runner)
    _decide(near, sixty, MatchStatus.rejected)

    output = run_checked(runner, "--full")

    assert "0 suggestion(s)" in output and "1 rejected pair(s) not offered again" in output
    assert matches(near) == [(sixty, "rejected")]
    assert _label(client, near) is None


def test_a_linked_claim_shares_the_checked_claims_label_and_is_matched_no_more(runner, client, sixty, near):
    run_checked(runner)
    _decide(near, sixty, MatchStatus.linked)

    claim = client.get(f"/api/claims/{near}").json
    assert (claim["label"], claim["verdict_count"], claim["adjudicated_label"]) == ("corroborated", 0, None)
    assert " of 1 unlinked" in run_checked(runner, "--full")  # the checked claim alone is left to match
    assert matches(near) == [(sixty, "linked")]


def test_when_the_checked_claims_label_changes_the_linked_claim_follows(runner, client, auth, hook, sixty, near):
    run_checked(runner)
    _decide(near, sixty, MatchStatus.linked)

    response = client.post(f"/api/claims/{sixty}/adjudication", json={"label": "disputed", "adjudicator": "x"},
                           headers=auth)
    assert response.status_code == 201
    assert _label(client, near) == "disputed"


def test_a_link_to_a_claim_whose_label_disappears_leaves_the_claim_without_one_until_it_comes_back(
        runner, client, hook, sixty, near):
    run_checked(runner)
    _decide(near, sixty, MatchStatus.linked)

    uncheck(hook, 1)  # the checked claim's only verdict is deleted
    assert (_label(client, sixty), _label(client, near)) == (None, None)
    assert matches(near) == [(sixty, "linked")]  # the lead's link stands

    check(hook, SIXTY, "unverifiable", 3, user=2)
    assert _label(client, near) == "unverifiable"


def test_a_claim_with_a_verdict_of_its_own_keeps_it_when_linked(runner, client, auth, sixty, near):
    run_checked(runner)
    assert client.post(f"/api/claims/{near}/adjudication", json={"label": "disputed", "adjudicator": "x"},
                       headers=auth).status_code == 201
    _decide(near, sixty, MatchStatus.linked)

    assert _label(client, near) == "disputed"


def test_the_rule_of_the_shared_label():
    assert final_label("disputed", "corroborated", 2, "unverifiable") == "disputed"  # the adjudication
    assert final_label(None, "corroborated", 1, "unverifiable") == "corroborated"  # its own verdicts
    assert final_label(None, None, 2, "unverifiable") is None  # contested: not settled by a link
    assert final_label(None, None, 0, "unverifiable") == "unverifiable"  # none of its own: the link's
    assert final_label(None, None, 0, None) is None


def _suggest(claim_id, checked_id):
    db.session.add(ClaimMatch(claim_id=claim_id, checked_claim_id=checked_id, rank=1, score=1.0))
    db.session.commit()


def test_a_chain_of_links_shares_the_label_at_its_end_and_follows_it(client, auth, hook, sixty, near):
    """A linked to B linked to C: B takes C's label, A takes B's (so C's); C changes, both follow."""
    far = import_claim(client, auth, "نص آخر لا يشبه شيئا")
    _suggest(near, sixty)
    _suggest(far, near)
    _decide(near, sixty, MatchStatus.linked)
    _decide(far, near, MatchStatus.linked)

    assert (_label(client, near), _label(client, far)) == ("corroborated", "corroborated")
    client.post(f"/api/claims/{sixty}/adjudication", json={"label": "disputed", "adjudicator": "x"}, headers=auth)
    assert (_label(client, near), _label(client, far)) == ("disputed", "disputed")
    uncheck(hook, 1)  # the adjudication still holds
    assert _label(client, far) == "disputed"


def test_a_link_that_would_close_a_cycle_or_a_second_link_is_refused(client, auth, sixty, near):
    far = import_claim(client, auth, "نص آخر لا يشبه شيئا")
    _suggest(near, far)
    _decide(near, far, MatchStatus.rejected)  # decided rows stay when the claim is linked elsewhere
    _suggest(near, sixty)
    _decide(near, sixty, MatchStatus.linked)

    with pytest.raises(MatchConflict, match=f"Claim {near} is already linked to claim {sixty}"):
        _decide(near, far, MatchStatus.linked)
    db.session.rollback()
    _decide(near, sixty, MatchStatus.rejected)
    _suggest(far, near)
    _decide(far, near, MatchStatus.linked)
    with pytest.raises(MatchConflict, match="would make a cycle"):
        _decide(near, far, MatchStatus.linked)


def test_rejecting_a_link_takes_the_shared_label_back_and_the_claim_is_matched_again(runner, client, sixty, near):
    run_checked(runner)
    _decide(near, sixty, MatchStatus.linked)
    _decide(near, sixty, MatchStatus.rejected)

    assert _label(client, near) is None
    assert count(ClaimMatchSearch, ClaimMatchSearch.claim_id == near) == 0
    assert " 1 of 2 unlinked" in run_checked(runner)


def test_a_suggestion_of_a_claim_that_lost_its_label_is_dropped(runner, hook, sixty, near):
    run_checked(runner)
    uncheck(hook, 1)

    output = run_checked(runner)

    assert "0 checked claim(s)" in output and matches(near) == []


def test_at_the_link_threshold_a_pair_is_linked_without_the_lead(app, client, sixty, near):
    report = match_checked(None, link=0.0)
    db.session.commit()

    assert report.linked == 1
    match = db.session.scalar(select(ClaimMatch).where(ClaimMatch.claim_id == near))
    assert (match.status, match.decided_by) == ("linked", AUTOMATIC)
    assert _label(client, near) == "corroborated"


def test_of_two_checked_claims_the_newer_is_offered_the_older_never_both_ways(runner, hook, client, auth, sixty):
    near = import_claim(client, auth, NEAR_SIXTY)
    assert client.post(f"/api/claims/{near}/adjudication", json={"label": "disputed", "adjudicator": "x"},
                       headers=auth).status_code == 201

    run_checked(runner)

    assert matches(near) == [(sixty, "suggested")] and matches(sixty) == []
    assert db.session.get(Claim, near).label == "disputed"


@pytest.mark.model
def test_with_the_bundled_model_the_run_fuses_meaning_keeps_the_vectors_and_embeds_only_new_texts(
        app, runner, client, auth, sixty):
    """e5-small as FACT_EMBEDDER (the default): the hybrid's threshold, the semantic score stored, and
    each claim embedded once. Measured: the near claim fuses to 1.86 (cosine 0.985); "Washington heads
    a coalition of 60 countries backing the offensive" to 0.93, under SUGGEST 0.948: not offered."""
    app.config["FACT_EMBEDDER"] = "e5-small"
    near = import_claim(client, auth, NEAR_SIXTY)
    far = import_claim(client, auth, "واشنطن على رأس تحالف من 60 دولة يدعم الهجوم")

    output = run_checked(runner)

    assert "3 of 3 unlinked claim(s) matched by intfloat/multilingual-e5-small @ " in output and "(hybrid)" in output
    assert f"at {SUGGEST['hybrid']:.3f} or more" in output and output.rstrip().endswith("3 claim(s) embedded")
    match = db.session.scalar(select(ClaimMatch).where(ClaimMatch.claim_id == near))
    assert match.checked_claim_id == sixty and match.semantic_score > 0.95 and match.score >= SUGGEST["hybrid"]
    assert matches(far) == []
    assert count(ClaimVector) == 3

    another = import_claim(client, auth, NEAR_RAQQA)
    output = run_checked(runner)
    assert " 1 of 4 unlinked" in output and output.rstrip().endswith("1 claim(s) embedded")
    assert matches(another) == []


def test_an_unknown_embedder_is_one_line_and_changes_nothing(app, runner, sixty, near):
    app.config["FACT_EMBEDDER"] = "word2vec"

    result = runner.invoke(args=["fact", "claims", "checked"])

    assert result.exit_code == 1
    assert result.output.strip() == ("Error: FACT_EMBEDDER='word2vec': expected e5-small, "
                                     "sentence-transformers:NAME_OR_PATH or none")
    assert count(ClaimMatch) == 0 and count(ClaimMatchSearch) == 0
