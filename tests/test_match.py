"""`flask fact match` on the seeds: quality pinned on the gold set, incremental updates, stories, the API."""
import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.matching.evaluation import evaluate
from fact.models import Article, Candidate, Span
from tests.helpers import SEEDS
from tests.matching.seeds import GOLD, candidates_by_key


def match(runner, *args):
    result = runner.invoke(args=["fact", "match", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def matched(runner, seeded):
    return match(runner)


# The figures measured on the seed gold set (docs/matching.md). The dispute-hint precision meets its
# target (0.8); recall@5 does not yet meet its target of 0.9: these floors catch a regression, and
# issue 4 stays open until the matcher reaches the target.
RECALL_AT_1, RECALL_AT_5, DISPUTE_PRECISION, DISPUTE_RECALL = 0.76, 0.84, 0.8, 0.7
# Seeds matched one at a time keep their first candidates' IDF, so the best one differs a little more.
INCREMENTAL_RECALL_AT_1 = 0.73


def test_the_gold_counterparts_are_found_and_disputes_hinted_precisely(matched):
    quality = evaluate(GOLD, candidates_by_key())

    assert quality.counterparts == 150
    assert quality.recall_at_5 >= RECALL_AT_5, quality.missed
    assert quality.recall_at_1 >= RECALL_AT_1
    assert quality.dispute_precision >= DISPUTE_PRECISION, quality.false_disputes
    assert quality.dispute_recall >= DISPUTE_RECALL


def _candidate(fragment: str, other: str) -> Candidate:
    return db.session.scalar(
        select(Candidate).join(Span, Candidate.span_id == Span.id)
        .where(Span.text.contains(fragment), Candidate.candidate.has(Span.text.contains(other))))


def test_thirteen_against_eleven_countries_is_hinted_as_a_dispute(matched):
    candidate = _candidate("11 دولة", "13 دولة")

    assert candidate is not None and candidate.hint == "dispute"
    values = {(d["ours"], d["theirs"]) for d in candidate.hint_details["differences"]}
    assert any("11" in ours and "13" in theirs for ours, theirs in values)


def test_from_syria_to_mosul_against_from_mosul_to_syria_is_hinted_as_a_dispute(matched):
    candidate = _candidate("آتين من سوريا", "من مدينة الموصل الى سوريا") or _candidate(
        "من مدينة الموصل الى سوريا", "آتين من سوريا")

    assert candidate is not None and candidate.hint == "dispute"
    assert any(d["kind"] == "direction" for d in candidate.hint_details["differences"])


def test_candidates_come_from_other_articles_only_and_at_most_five(matched):
    rows = db.session.execute(
        select(Candidate.span_id, func.count(), func.max(Candidate.rank)).group_by(Candidate.span_id)).all()
    assert rows and all(n <= 5 and top == n for _, n, top in rows)
    owners = {s.id: s.article_id for s in db.session.scalars(select(Span))}
    assert all(owners[c.span_id] != owners[c.candidate_span_id] for c in db.session.scalars(select(Candidate)))


def test_a_new_article_is_matched_against_the_old_and_the_old_gain_it(runner, matched, tmp_path):
    had_candidates = set(db.session.scalars(select(Candidate.span_id)))
    wire = (SEEDS / "004_167cec9cb5c4cf15.txt").read_text("utf-8").replace("11 دولة", "12 دولة")
    (tmp_path / "another-outlet.txt").write_text("خبر منقول\n" + wire, encoding="utf-8")
    runner.invoke(args=["fact", "ingest", str(tmp_path)])

    again = match(runner)

    new_article = db.session.scalar(select(Article.id).where(Article.origin == "another-outlet.txt"))
    assert "sentence(s): " in again.output and " 0 older ones gained" not in again.output
    new_spans = set(db.session.scalars(select(Span.id).where(Span.article_id == new_article)))
    fresh = [c for c in db.session.scalars(select(Candidate)) if c.span_id in new_spans]
    assert fresh, "the new article's sentences have candidates"
    gained = [c for c in db.session.scalars(select(Candidate))
              if c.candidate_span_id in new_spans and c.span_id not in new_spans]
    assert gained, "old sentences gained passages of the new article"
    assert had_candidates <= set(db.session.scalars(select(Candidate.span_id))), "old lists are kept, not wiped"
    assert db.session.scalar(select(func.count(Span.id)).where(Span.kind == "sentence", Span.matched_at.is_(None),
                                                             Span.is_boilerplate.is_(False))) == 0


@pytest.mark.parametrize("newest_first", [False, True])
def test_articles_matched_as_they_arrive_get_the_candidates_of_a_full_run(runner, app, tmp_path, newest_first):
    """One seed ingested and matched at a time: older sentences choose again among what the new ones
    offer, by the same rule as a full run (hinted passages promoted), so the quality holds."""
    for path in sorted(SEEDS.glob("*.txt"), reverse=newest_first):
        (tmp_path / path.stem).mkdir()
        (tmp_path / path.stem / path.name).write_bytes(path.read_bytes())
        assert runner.invoke(args=["fact", "ingest", str(tmp_path / path.stem)]).exit_code == 0
        match(runner)

    quality = evaluate(GOLD, candidates_by_key())

    assert quality.recall_at_5 >= RECALL_AT_5, quality.missed
    assert quality.dispute_precision >= DISPUTE_PRECISION, quality.false_disputes
    assert quality.dispute_recall >= DISPUTE_RECALL
    assert quality.recall_at_1 >= INCREMENTAL_RECALL_AT_1


def test_matching_twice_changes_nothing(runner, matched):
    before = sorted((c.span_id, c.candidate_span_id, c.rank) for c in db.session.scalars(select(Candidate)))

    again = match(runner)

    assert "0 matched" in again.output
    assert sorted((c.span_id, c.candidate_span_id, c.rank) for c in db.session.scalars(select(Candidate))) == before


def test_wire_copies_form_one_story(client, matched):
    stories = client.get("/api/stories").json
    by_origin = {a.origin: a.story_cluster_id for a in db.session.scalars(select(Article))}

    assert all(cluster is not None for cluster in by_origin.values())
    assert by_origin["000_6948d7d5b2bd79c5.txt"] == by_origin["002_9ff8ef7498d86d05.txt"]
    assert any(len(s["article_ids"]) >= 2 for s in stories)
    story = client.get(f"/api/stories/{by_origin['000_6948d7d5b2bd79c5.txt']}").json
    assert set(story["article_ids"]) >= {a.id for a in db.session.scalars(select(Article)) if a.origin.startswith(("000", "002"))}


def test_a_sentences_candidates_are_served_with_passage_reason_and_hint(client, matched):
    span = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains("11 دولة")))

    found = client.get(f"/api/spans/{span.id}/candidates").json

    assert 1 <= len(found) <= 5
    assert [c["rank"] for c in found] == list(range(1, len(found) + 1))
    first = found[0]
    assert first["passage"]["article_id"] != span.article_id
    assert first["reason"].startswith("shares ")
    assert first["hint"] in {"dispute", "corroboration", "none"}
    assert client.get("/api/spans/999999/candidates").status_code == 404
