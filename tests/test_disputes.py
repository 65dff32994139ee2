"""Disputes across outlets: a claim and the passages its counting verdicts cite, grouped by the quantity
each states ("11 دولة": outlet C (the claim); "13 دولة": outlets A, B)."""
from sqlalchemy import select

from fact.extensions import db
from fact.models import Appearance, Outlet
from fact.services.claims.disputes import Voice, disagreements, disputes, outlets_of
from tests.payloads import created, offer, region, updated


def _summary(found: dict) -> dict:
    return {unit: [(s.text, s.outlets, s.by_claim, s.passages) for s in statements] for unit, statements in found.items()}


def test_passages_that_state_another_number_of_the_same_thing_disagree_with_the_claim():
    voices = [Voice("قال إن 11 دولة شاركت", ("C",)), Voice("اجتماع 13 دولة في التحالف", ("A",), 7),
              Voice("وزراء 13 دولة في باريس", ("B", "A"), 8)]

    found = disagreements("11 دولة", voices)

    assert _summary(found) == {"country": [("11 دولة", ["C"], True, []), ("13 دولة", ["A", "B"], False, [7, 8])]}


def test_passages_that_agree_are_no_dispute():
    voices = [Voice("11 دولة", ("C",)), Voice("اجتماع 11 دولة في باريس", ("A",), 7)]

    assert disagreements("11 دولة", voices) == {}


def test_only_the_claims_own_units_count_when_it_states_one():
    voices = [Voice("13 دولة", ("C",)), Voice("13 دولة و5 قتلى", ("A",), 7), Voice("سقط 6 قتلى", ("B",), 8)]

    assert disagreements("13 دولة", voices) == {}


def test_a_claim_without_a_number_is_disputed_by_passages_that_differ_among_themselves():
    voices = [Voice("شاركت دول كثيرة", ("C",)), Voice("اجتماع 13 دولة", ("A",), 7), Voice("اجتماع 11 دولة", ("B",), 8)]

    found = disagreements("شاركت دول كثيرة", voices)

    assert _summary(found) == {"country": [("13 دولة", ["A"], False, [7]), ("11 دولة", ["B"], False, [8])]}


def test_a_voice_of_no_known_outlet_adds_no_outlet():
    voices = [Voice("11 دولة", ()), Voice("اجتماع 13 دولة", ("A",), 7)]

    assert _summary(disagreements("11 دولة", voices))["country"][0] == ("11 دولة", [], True, [])


def _cite(hook, eleven, thirteen, ls_id=1, user=1, label="disputed", refutes=True):
    offer(eleven, f"span:{thirteen.id}")
    cited = {"refutes": [f"span:{thirteen.id}"]} if refutes else {}
    result = region(eleven.text, "11 دولة", label, **cited)
    assert hook(created(ls_id, eleven, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"


def test_a_claim_that_cites_a_passage_of_another_outlet_with_another_number_is_a_dispute(hook, eleven, thirteen):
    _cite(hook, eleven, thirteen)

    (dispute,) = disputes()

    assert (dispute.claim_text, dispute.unit) == ("11 دولة", "country")
    assert [(s.text, s.outlets, s.by_claim, s.passages) for s in dispute.statements] == [
        ("11 دولة", ["المغرب اليوم"], True, []), ("13 دولة", ["الرأي برس"], False, [thirteen.id])]


def test_the_outlets_of_a_wire_copy_count_with_the_article(hook, eleven, thirteen):
    agency = Outlet(name="وكالة الأنباء")
    db.session.add(Appearance(article_id=thirteen.article_id, outlet=agency, key="copy-of-13"))
    db.session.commit()
    _cite(hook, eleven, thirteen)

    assert outlets_of([thirteen.article_id]) == {thirteen.article_id: ("الرأي برس", "وكالة الأنباء")}
    assert disputes()[0].statements[1].outlets == ["الرأي برس", "وكالة الأنباء"]


def test_a_citation_withdrawn_by_a_newer_revision_no_longer_counts(hook, eleven, thirteen):
    _cite(hook, eleven, thirteen)
    assert hook(updated(1, eleven, region(eleven.text, "11 دولة", "disputed"))).json["outcomes"][0]["outcome"] == "accepted"

    assert disputes() == []


def test_the_scan_is_bounded_to_the_newest_citations(hook, eleven, thirteen, seeded):
    _cite(hook, eleven, thirteen)
    sixty = db.session.scalar(select(type(eleven)).where(type(eleven).text.contains("60 دولة")))
    offer(sixty, f"span:{thirteen.id}")
    result = region(sixty.text, "60 دولة", "disputed", refutes=[f"span:{thirteen.id}"])
    assert hook(created(2, sixty, result, user=2)).json["outcomes"][0]["outcome"] == "accepted"

    assert [d.claim_text for d in disputes()] == ["60 دولة", "11 دولة"]  # newest first
    assert [d.claim_text for d in disputes(scan=1)] == ["60 دولة"]
    assert [d.claim_text for d in disputes(limit=1)] == ["60 دولة"]
