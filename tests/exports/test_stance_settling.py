"""A lead settles a tie of the annotators' stances (POST /api/claims/<id>/articles/<article_id>/
stance-adjudication): the settling wins in the claim's evidence and the stance export, a newer one
supersedes the older, and bad input changes nothing."""
import json
from dataclasses import dataclass

import pytest
from sqlalchemy.exc import IntegrityError

from fact.extensions import db
from fact.models import ArticleStance, StanceAdjudication
from fact.models.articles import utcnow
from fact.services.claims.stance_settling import stance_ties
from fact.services.exports import ExportOptions, export_to_directory
from tests.exports import claim_work as make
from tests.helpers import count

A, DIS, DISC, U = "agree", "disagree", "discuss", "unrelated"


@dataclass
class Pairs:
    claim: object
    tied: object  # 1 agree, 2 disagree
    agreed: object  # 1 and 2 agree
    single: object  # gold alone: discuss
    three_way: object  # 1 agree, 2 disagree, gold unrelated: a tie at 1
    two_to_one: object  # 1 and 2 unrelated, gold discuss


@pytest.fixture
def pairs(app):
    articles = [make.article([f"الجملة الأولى من المقال {n}.", f"والجملة الثانية من المقال {n}."])[0]
                for n in range(5)]
    tied, agreed, single, three_way, two_to_one = articles
    claim = make.imported_claim("أعلنت الوزارة أن اللقاح آمن")
    gold = make.outside_annotator("gold")
    make.claim_task(claim, 1, None, {tied: (A, []), agreed: (A, []), three_way: (A, []), two_to_one: (U, [])})
    make.claim_task(claim, 2, None, {tied: (DIS, []), agreed: (A, []), three_way: (DIS, []), two_to_one: (U, [])})
    make.claim_task(claim, gold, None, {single: (DISC, []), three_way: (U, []), two_to_one: (DISC, [])})
    db.session.commit()
    return Pairs(claim, *articles)


def _settle(client, auth, claim_id, article_id, **body):
    return client.post(f"/api/claims/{claim_id}/articles/{article_id}/stance-adjudication",
                       json={"stance": DIS, "adjudicator": "lead@example.org", **body}, headers=auth)


def _evidence(client, claim_id) -> dict[int, dict]:
    return {e["article"]["id"]: e for e in client.get(f"/api/claims/{claim_id}").json["evidence"]}


def _export(tmp_path, **options):
    card = export_to_directory("stance", tmp_path, ExportOptions(**options), show_progress=False)
    rows = [json.loads(line) for line in (tmp_path / "stance" / "data.jsonl").read_text("utf-8").splitlines()]
    return {r["article_id"]: r for r in rows if r["level"] == "article"}, card["article_stances"]


def test_the_ties_wait_for_the_lead_with_their_votes(pairs):
    ties, waiting = stance_ties()

    assert waiting == 2
    assert [(t.claim.id, t.article.id, t.votes) for t in ties] == [
        (pairs.claim.id, pairs.tied.id, {A: 1, DIS: 1}), (pairs.claim.id, pairs.three_way.id, {A: 1, DIS: 1, U: 1})]
    assert stance_ties(limit=1)[1] == 2 and len(stance_ties(limit=1)[0]) == 1


def test_a_tie_has_no_stance_until_the_lead_settles_it(client, auth, pairs, tmp_path):
    assert _evidence(client, pairs.claim.id)[pairs.tied.id]["stance"] is None
    assert pairs.tied.id not in _export(tmp_path / "before")[0]

    response = _settle(client, auth, pairs.claim.id, pairs.tied.id, note="the article reports the denial")

    assert response.status_code == 201
    assert {k: response.json[k] for k in ("claim_id", "article_id", "stance", "adjudicator", "note", "superseded_at")} == {
        "claim_id": pairs.claim.id, "article_id": pairs.tied.id, "stance": DIS, "adjudicator": "lead@example.org",
        "note": "the article reports the denial", "superseded_at": None}
    shown = _evidence(client, pairs.claim.id)[pairs.tied.id]
    assert (shown["stance"], shown["settled"]) == (DIS, DIS)
    assert sorted(s["stance"] for s in shown["stances"]) == [A, DIS]  # the annotators' stances stay
    rows, card = _export(tmp_path / "after")
    assert (rows[pairs.tied.id]["label"], rows[pairs.tied.id]["adjudicated"], rows[pairs.tied.id]["votes"]) == (
        DIS, True, {A: 1, DIS: 1})
    assert rows[pairs.agreed.id]["adjudicated"] is False
    assert (card["adjudicated"], card["left_out"]["ties"]) == (1, 1)  # the three-way tie is still out
    assert [t.article.id for t in stance_ties()[0]] == [pairs.three_way.id]


def test_the_lead_may_overrule_a_majority(client, auth, pairs, tmp_path):
    assert _settle(client, auth, pairs.claim.id, pairs.two_to_one.id, stance=DISC).status_code == 201

    assert _evidence(client, pairs.claim.id)[pairs.two_to_one.id]["stance"] == DISC
    assert _export(tmp_path)[0][pairs.two_to_one.id]["label"] == DISC


def test_settling_again_supersedes_the_first_which_stays_as_history(client, auth, pairs):
    _settle(client, auth, pairs.claim.id, pairs.tied.id, stance=A)
    _settle(client, auth, pairs.claim.id, pairs.tied.id, stance=DIS)

    assert _evidence(client, pairs.claim.id)[pairs.tied.id]["stance"] == DIS
    assert count(StanceAdjudication) == 2
    assert count(StanceAdjudication, StanceAdjudication.superseded_at.is_(None)) == 1


def test_agreed_only_keeps_a_pair_one_annotator_labelled_once_the_lead_settled_it(client, auth, pairs, tmp_path):
    assert pairs.single.id not in _export(tmp_path / "before", agreed_only=True)[0]

    _settle(client, auth, pairs.claim.id, pairs.single.id, stance=DISC)

    rows, card = _export(tmp_path / "after", agreed_only=True)
    assert rows[pairs.single.id]["label"] == DISC and card["left_out"]["single"] == 0


@pytest.mark.parametrize(("body", "field"), [
    ({"stance": "supports"}, "stance"), ({"stance": None}, "stance"), ({"adjudicator": ""}, "adjudicator"),
    ({"adjudicator": "x" * 321}, "adjudicator"), ({"note": "x" * 10_001}, "note"),
])
def test_bad_settlings_get_422_with_field_messages_and_store_nothing(client, auth, pairs, body, field):
    response = _settle(client, auth, pairs.claim.id, pairs.tied.id, **body)

    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    assert count(StanceAdjudication) == 0


def test_an_unknown_claim_or_an_article_without_a_stance_is_a_404(client, auth, pairs):
    unknown_claim = _settle(client, auth, pairs.claim.id + 1000, pairs.tied.id)
    no_stance = _settle(client, auth, pairs.claim.id, pairs.tied.id + 1000)

    assert (unknown_claim.status_code, unknown_claim.json["message"]) == (404, f"No claim {pairs.claim.id + 1000}.")
    assert no_stance.status_code == 404
    assert no_stance.json["message"] == (f"Article {pairs.tied.id + 1000} has no stance towards claim "
                                         f"{pairs.claim.id}: there is nothing to settle.")
    assert count(StanceAdjudication) == 0


def test_settling_needs_the_token(client, pairs):
    assert _settle(client, {}, pairs.claim.id, pairs.tied.id).status_code == 401
    assert count(StanceAdjudication) == 0


def test_the_database_keeps_one_standing_settling_per_pair(pairs):
    """What holds if two settlings race past the service: the partial unique index, on both backends."""
    for stance in (A, DIS):
        db.session.add(StanceAdjudication(claim_id=pairs.claim.id, article_id=pairs.tied.id, stance=stance,
                                          adjudicator="lead", created_at=utcnow()))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_evidence_counts_each_annotators_newest_stance_once_as_the_export_does(client, pairs, tmp_path):
    """Annotator 1 answers again in a second task (disagree), beside their first (agree) on the agreed
    pair: 1 disagree, 2 agree is a tie in both places, not two agrees to one."""
    make.claim_task(pairs.claim, 1, None, {pairs.agreed: (DIS, [])})
    db.session.commit()
    assert count(ArticleStance, ArticleStance.article_id == pairs.agreed.id, ArticleStance.superseded_at.is_(None)) == 3

    assert _evidence(client, pairs.claim.id)[pairs.agreed.id]["stance"] is None
    assert pairs.agreed.id not in _export(tmp_path)[0]
