"""Results of today's config (task-level controls of the one claim, nested [source, stance] pairs) and
of the older per-region config parse into the same claims, verdicts and cited sources."""
import pytest

from fact.services.annotations.parse import CitedSource, InvalidAnnotation, parse_result
from fact.services.tasks.predictions import prediction_for

TEXT = "قال وزير الدفاع إن 13 دولة شاركت."
WHERE = {"start": 19, "end": 26, "text": "13 دولة"}


def _claim(region="r1", **where):
    return {"id": region, "from_name": "claim", "to_name": "text", "type": "labels",
            "value": {**(where or WHERE), "labels": ["Claim"]}}


def _of_the_claim(name, kind, value, item_id="t1"):
    return {"id": item_id, "from_name": name, "to_name": "text", "type": kind, "value": value}


def _today(*sources, urls=()):
    result = [_claim(), _of_the_claim("verdict", "choices", {"choices": ["disputed"]}, "t1"),
              _of_the_claim("sources", "choices", {"choices": list(sources)}, "t2")]
    if urls:
        result.append(_of_the_claim("urls_supporting", "textarea", {"text": list(urls)}, "t3"))
    return result


def _older():
    return [_claim(),
            {"id": "r1", "from_name": "verdict", "to_name": "text", "type": "choices",
             "value": {**WHERE, "choices": ["disputed"]}},
            {"id": "r1", "from_name": "refutes", "to_name": "text", "type": "choices",
             "value": {**WHERE, "choices": ["span:5"]}},
            {"id": "r1", "from_name": "urls_supporting", "to_name": "text", "type": "textarea",
             "value": {**WHERE, "text": ["https://example.org/x"]}}]


def test_both_layouts_give_the_same_claim_verdict_and_sources():
    today = parse_result(_today(["span:5", "refutes"], urls=["https://example.org/x"]), TEXT)
    older = parse_result(_older(), TEXT)

    for claims in (today, older):
        (claim,) = claims
        assert (claim.start, claim.end, claim.text, claim.label) == (19, 26, "13 دولة", "disputed")
        assert sorted(claim.sources, key=str) == sorted(
            [CitedSource("refutes", span_id=5), CitedSource("supports", url="https://example.org/x")], key=str)


def test_sources_cited_with_different_stances_keep_each_its_own():
    (claim,) = parse_result(_today(["span:5", "refutes"], ["article:3", "supports"]), TEXT)

    assert claim.sources == [CitedSource("refutes", span_id=5), CitedSource("supports", article_id=3)]


@pytest.mark.parametrize("sources, reason", [
    # Label Studio adds the bare source when both its stances are ticked
    ((["span:5"], ["span:5", "supports"], ["span:5", "refutes"]), "supporting and as refuting"),
    ((["span:5"],), "supporting and as refuting"),
    ((["span:5", "doubts"],), "not a source with supports or refutes"),
    ((["span:5", "refutes", "x"],), "not a source with supports or refutes"),
    ((["story:5", "refutes"],), "not a source offered"),
    ((["span:2147483648", "refutes"],), "not a source offered"),  # past INTEGER: PostgreSQL would refuse the query
    (("span:5",), "pairs"),
])
def test_a_source_without_one_stance_makes_the_annotation_invalid(sources, reason):
    with pytest.raises(InvalidAnnotation, match=reason):
        parse_result(_today(*sources), TEXT)


def test_a_verdict_of_the_claim_needs_exactly_one_highlighted_claim():
    verdict = _of_the_claim("verdict", "choices", {"choices": ["disputed"]})
    second = _claim("r2", start=0, end=3, text="قال")

    with pytest.raises(InvalidAnnotation, match="belong to one highlighted claim; the annotation has 0"):
        parse_result([verdict], TEXT)
    with pytest.raises(InvalidAnnotation, match="the annotation has 2"):
        parse_result([_claim(), second, verdict], TEXT)


def test_a_claim_without_a_verdict_is_invalid_in_todays_layout_too():
    with pytest.raises(InvalidAnnotation, match="has no verdict"):
        parse_result([_claim(), _of_the_claim("sources", "choices", {"choices": [["span:5", "refutes"]]})], TEXT)


def test_a_prediction_is_a_result_that_parses(app, runner, seeded):
    from fact.extensions import db
    from fact.services.tasks.payloads import candidates_of
    from tests.helpers import sentence

    runner.invoke(args=["fact", "match"])
    eleven = sentence("11 دولة")

    prediction = prediction_for(eleven, candidates_of([eleven.id])[eleven.id])

    (claim,) = parse_result(prediction["result"], eleven.text)
    assert claim.label == "disputed" and claim.sources and {s.stance for s in claim.sources} == {"refutes"}
    assert db.session.get(type(eleven), claim.sources[0].span_id).text.find("13 دولة") >= 0
