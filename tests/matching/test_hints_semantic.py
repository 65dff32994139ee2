"""The hint's same-event gate by meaning (fact.matching.events.close_enough): with vectors, one event
told in other words is compared; without them the gate is the token one, exactly as before."""
import pytest
from sqlalchemy import select

from bench.hint_cases import PARAPHRASES
from fact.extensions import db
from fact.matching.events import FLOOR, FLOOR_ONE_PLACE, SEMANTIC_FLOOR, Event, close_enough, same_event
from fact.matching.hints import hint
from fact.models import Candidate, Span
from fact.models.evidence import HintKind
from fact.services.ingest.articles import ArticleInput, ingest_articles

CASES = {name: (a, b) for name, a, b, _ in PARAPHRASES}
BOAT = CASES["a capsized boat"]  # one event, other words, 40 against 25 people: token similarity 0.29
SAME_EVENT = [CASES[name] for name in ("a capsized boat", "a collapsed building", "hostages freed")]
DIFFERENT_EVENTS = [CASES[name] for name in ("a factory fire and clashes", "a poisoning and a shootout",
                                             "two seasons' goals", "a flood and a drought")]
WORDS = Event(frozenset(), frozenset({"x"}))


@pytest.mark.parametrize("shared_places", [0, 1])
def test_without_vectors_the_gate_is_the_token_one(shared_places):
    for similarity in (i / 100 for i in range(101)):
        assert close_enough(similarity, None, shared_places) == (
            similarity >= (FLOOR_ONE_PLACE if shared_places else FLOOR))


def test_a_close_meaning_lets_through_a_pair_that_shares_few_words():
    assert not same_event(WORDS, WORDS, similarity=0.1)
    assert same_event(WORDS, WORDS, similarity=0.1, semantic=SEMANTIC_FLOOR)
    assert not same_event(WORDS, WORDS, similarity=0.1, semantic=SEMANTIC_FLOOR - 0.01)
    assert same_event(WORDS, WORDS, similarity=FLOOR, semantic=0.5)  # shared words still suffice


def test_meaning_does_not_overrule_places_dates_or_articles():
    homs, aleppo = Event(frozenset({"حمص"}), frozenset()), Event(frozenset({"حلب"}), frozenset())
    assert not same_event(homs, aleppo, similarity=1.0, semantic=1.0)
    assert not same_event(WORDS, WORDS, similarity=0.1, days_apart=10, semantic=1.0)
    assert not same_event(WORDS, WORDS, similarity=0.1, article_similarity=0.1, semantic=1.0)


def test_the_given_semantic_similarity_decides_the_hint_of_a_paraphrase():
    a, b = BOAT
    assert hint(a, b).kind == "none"
    assert hint(a, b, semantic=SEMANTIC_FLOOR).kind == "dispute"
    assert hint(a, b, semantic=SEMANTIC_FLOOR - 0.01).kind == "none"


@pytest.mark.model
def test_with_the_real_model_one_event_in_other_words_is_a_dispute_and_two_events_are_not(e5):
    def semantic(a, b):
        va, vb = e5.embed_passages([a, b])
        return float(va @ vb)

    for a, b in SAME_EVENT:
        assert hint(a, b).kind == "none"  # few shared words: the token gate refuses
        assert hint(a, b, semantic=semantic(a, b)).kind == "dispute"
    for a, b in DIFFERENT_EVENTS:  # one unit, a few words, two events
        assert hint(a, b).kind == "none"
        assert hint(a, b, semantic=semantic(a, b)).kind == "none"


def _hints_of(span_id: int) -> dict[int, HintKind]:
    return {c.candidate_span_id: c.hint for c in db.session.scalars(select(Candidate).where(Candidate.span_id == span_id))}


@pytest.mark.model
def test_flask_fact_match_hints_the_paraphrase_with_vectors_and_not_without(app, runner):
    a, b = BOAT
    ingest_articles([ArticleInput(text=a, outlet_name="أ"), ArticleInput(text=b, outlet_name="ب"),
                     ArticleInput(text="هطلت أمطار غزيرة على العاصمة مساء الثلاثاء وأغلقت عدة طرق.", outlet_name="ج")])
    db.session.commit()
    ids = {s.text: s.id for s in db.session.scalars(select(Span).where(Span.kind == "sentence"))}

    app.config["FACT_EMBEDDER"] = "e5-small"
    assert runner.invoke(args=["fact", "embed"]).exit_code == 0
    assert runner.invoke(args=["fact", "match"]).exit_code == 0
    assert _hints_of(ids[a])[ids[b]] == HintKind.dispute

    app.config["FACT_EMBEDDER"] = "none"  # the same stored vectors, not read: words alone
    assert runner.invoke(args=["fact", "match", "--full"]).exit_code == 0
    assert _hints_of(ids[a])[ids[b]] == HintKind.none  # found by words too, but not hinted
