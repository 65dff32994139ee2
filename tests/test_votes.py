"""The votes that count (fact.services.claims.votes): each annotator's newest current verdict on a claim.

Label Studio lets one user annotate a task twice; both verdicts stay current (the flat table lists
both), but only the later one is the annotator's vote: in the claim's aggregate, in alpha, in
/api/stats and in the card of every export format.
"""
from dataclasses import asdict, replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from fact.extensions import db
from fact.models import Verdict
from fact.services.claims.agreement import agreement
from fact.services.exports import FORMATS, ExportOptions, export_to_directory
from fact.services.claims.votes import CURRENT, current_times, labels_by_claim, newest_per_annotator, votes
from tests.exports import direct
from tests.exports.scenario import C, D, U, fragment, pick_sentences
from tests.payloads import annotation, region, webhook

@pytest.fixture
def vote(hook):
    """Annotator `user` gives `label` to the first two words of `span`, in a new annotation (`ls_id`)."""
    def send(ls_id, span, label, user):
        body = webhook("ANNOTATION_CREATED", annotation(ls_id, 900 + span.id, region(span.text, fragment(span), label),
                                                        "2026-11-22T10:00:00.000000Z", user=user), span.id)
        response = hook(body)
        assert response.json["outcomes"][0]["outcome"] == "accepted", response.json

    return send


@pytest.fixture
def changed_mind(vote):
    """Claim X: annotator 1 disputes it, annotator 2 corroborates, then annotator 1 annotates the task
    again and corroborates (their vote). Claim Y: both dispute. Newest votes: X C C, Y D D, alpha 1;
    the oldest would make X contested and alpha lower."""
    x, y = pick_sentences()[:2]
    vote(1, x, D, user=1)
    vote(2, x, C, user=2)
    vote(3, x, C, user=1)
    vote(4, y, D, user=1)
    vote(5, y, D, user=2)
    return x, y


def _claim_of(client, span):
    (claim,) = [c for c in client.get("/api/claims").json if c["span_id"] == span.id]
    return claim


def test_only_an_annotators_newer_verdict_counts_in_the_aggregate_and_alpha(client, changed_mind):
    x, _ = changed_mind

    claim = _claim_of(client, x)

    assert (claim["label"], claim["agreement"], claim["verdict_count"]) == (C, "unanimous", 2)
    assert sorted((v["annotator_id"], v["label"]) for v in claim["verdicts"]) == [(1, C), (1, D), (2, C)]
    figures = agreement()
    assert (figures.alpha, figures.claims, figures.votes) == (1.0, 2, 4)


def test_stats_count_current_verdicts_by_label_and_votes_in_agreement(client, changed_mind):
    stats = client.get("/api/stats").json

    assert {row["label"]: row["verdicts"] for row in stats["labels"]} == {C: 2, D: 3, U: 0}  # current verdicts
    assert {row["label"]: row["claims"] for row in stats["labels"]} == {C: 1, D: 1, U: 0}
    assert (stats["agreement"]["alpha"], stats["agreement"]["claims"], stats["agreement"]["verdicts"]) == (1.0, 2, 4)


@pytest.mark.parametrize("fmt, fast", [(name, True) for name, f in FORMATS.items() if f.records]  # qrels reads none
                         + [(name, False) for name, f in FORMATS.items() if f.table])
def test_every_export_cards_agreement_counts_only_the_newer_verdict(tmp_path, monkeypatch, changed_mind, fmt, fast):
    if not fast:  # the flat table's record path, which other databases take
        monkeypatch.setitem(FORMATS, fmt, replace(FORMATS[fmt], table=None))

    card = export_to_directory(fmt, tmp_path, ExportOptions(), show_progress=False)

    kripp = card["agreement"]["krippendorff"]
    assert (kripp["alpha"], kripp["claims"], kripp["votes"]) == (1.0, 2, 4)
    assert kripp == asdict(agreement())
    assert card["counts"]["verdicts"] == 5  # current verdicts: annotator 1's older one on X too
    assert card["agreement"]["claims"] == {"unanimous": 2}


_zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=3))])
_times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=_zones)
_verdicts = st.lists(st.tuples(st.integers(0, 2), st.integers(1, 3), st.sampled_from([C, D, U]), st.booleans(), _times),
                     max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(verdicts=_verdicts)
def test_the_sql_and_python_rules_give_the_same_votes(app, verdicts):
    """(claim, annotator, label, superseded, time) in the order given: the SQL votes() selectable, the
    export streams' newest_per_annotator and labels_by_claim agree on any mix of them; current_times
    gives the newest and oldest time of the current ones."""
    try:
        article = direct.article()
        claims = [direct.claim(article) for _ in range(3)]
        for index, annotator, label, superseded, at in verdicts:
            direct.verdict(claims[index], annotator, label, superseded=superseded, created_at=at)
        ids = [c.id for c in claims]
        vote = votes(ids)
        in_sql = {(claim, annotator): str(label) for claim, annotator, label in db.session.execute(
            select(vote.c.claim_id, vote.c.annotator_id, vote.c.label))}
        current = db.session.execute(select(Verdict.claim_id, Verdict.annotator_id, Verdict.label)
                                     .where(CURRENT, Verdict.claim_id.in_(ids)).order_by(Verdict.id)).all()
        in_python = {(claim_id, annotator): str(label) for claim_id in ids for annotator, label in
                     newest_per_annotator((a, lab) for c, a, lab in current if c == claim_id).items()}
        by_claim = {(claim_id, annotator): str(label) for claim_id, labels in labels_by_claim(ids).items()
                    for annotator, label in labels.items()}
        expected, times = {}, {}
        for index, annotator, label, superseded, at in verdicts:
            if not superseded:
                expected[(ids[index], annotator)] = label  # the later in the list is the newer
                times.setdefault(ids[index], []).append(at)
        assert in_sql == in_python == by_claim == expected
        assert current_times(ids) == {claim_id: (max(at), min(at)) for claim_id, at in times.items()}
    finally:
        db.session.rollback()
