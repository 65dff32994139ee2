"""Parsing a claim task's result (docs/claim-labels.md): what it says, and every way it is refused."""
import pytest

from fact.models import ArticleStanceLabel, Label
from fact.services.annotations.claim_parse import MAX_RATIONALE, ArticleStanceInput, parse_claim_result
from fact.services.annotations.parse import MAX_SOURCES, InvalidAnnotation
from tests.claims.claim_results import claim_result, item


def test_a_verdict_with_stances_and_their_rationale():
    result = claim_result("disputed", {12: "agree", 15: "unrelated", 9: "disagree"}, {12: [197, 196], 9: [40]})

    parsed = parse_claim_result(result)

    assert parsed.verdict == Label.disputed
    assert parsed.stances == {9: ArticleStanceInput(ArticleStanceLabel.disagree, (40,)),
                              12: ArticleStanceInput(ArticleStanceLabel.agree, (196, 197)),
                              15: ArticleStanceInput(ArticleStanceLabel.unrelated, ())}
    assert list(parsed.stances) == [9, 12, 15]
    assert parsed.span_ids() == {40, 196, 197}


def test_a_verdict_alone_and_stances_alone_are_each_enough():
    assert parse_claim_result(claim_result("corroborated")).stances == {}
    stances_only = parse_claim_result(claim_result(None, {3: "discuss"}))
    assert stances_only.verdict is None
    assert stances_only.stances == {3: ArticleStanceInput(ArticleStanceLabel.discuss)}


def test_the_bare_parent_of_a_rationale_is_passed_over():
    parsed = parse_claim_result(claim_result(None, {12: "agree"}, {12: [5]}, bare=(12,)))

    assert parsed.stances[12].rationale == (5,)


def test_the_same_stance_twice_is_one_stance():
    result = [item("stances", [["article:4", "agree"], ["article:4", "agree"]])]

    assert parse_claim_result(result).stances == {4: ArticleStanceInput(ArticleStanceLabel.agree)}


def test_items_without_to_name_are_read_as_the_claims():
    result = [{"id": "a", "from_name": "verdict", "type": "choices", "value": {"choices": ["unverifiable"]}}]

    assert parse_claim_result(result).verdict == Label.unverifiable


@pytest.mark.parametrize("result, reason", [
    ([], "neither a verdict nor a stance"),
    ([item("stances", [])], "neither a verdict nor a stance"),
    ("not a list", "malformed result"),
    ([{"id": "a", "from_name": "verdict"}], "malformed result"),
    ([item("claim", ["x"])], "unknown control 'claim'"),
    ([item("sources", [["article:1", "supports"]])], "unknown control 'sources'"),
    ([{**item("verdict", ["disputed"]), "type": "labels"}], "sent type 'labels', not 'choices'"),
    ([{**item("verdict", ["disputed"]), "to_name": "text"}], "points at 'text', not 'claim_text'"),
    ([{**item("verdict", []), "value": {"start": 0, "end": 3, "choices": ["disputed"]}}], "has offsets"),
    ([item("verdict", ["disputed"]), item("verdict", ["disputed"])], "'verdict' is in the result twice"),
    ([item("verdict", ["false"])], "verdict ['false'] is not one of corroborated"),
    ([item("verdict", ["disputed", "corroborated"])], "is not one of"),
    ([item("verdict", [])], "is not one of"),
    ([item("verdict", "disputed")], "is not one of"),
    ([item("stances", "article:1")], "stances must be a list of [article, stance] pairs"),
    ([item("stances", [["article:1", "agree", "x"]])], "stances must be a list of [article, stance] pairs"),
    ([item("stances", [[]])], "stances must be a list of [article, stance] pairs"),
    ([item("stances", [["article:1", 3]])], "stances must be a list of [article, stance] pairs"),
    ([item("stances", [["article:1"]])], "ticks every stance of article:1"),
    ([item("stances", [["article:1", "supports"]])], "'supports' is not one of agree, disagree, discuss, unrelated"),
    ([item("stances", [["span:1", "agree"]])], "'span:1' is not an article"),
    ([item("stances", [["article:0", "agree"]])], "'article:0' is not an article"),
    ([item("stances", [["article:2147483648", "agree"]])], "'article:2147483648' is not an article"),
    ([item("stances", [["article:1", "agree"]]), item("rationale", [["article:1", "span:9999999999"]])],
     "'span:9999999999' is not a sentence"),
    ([item("stances", [["article:1", "agree"], ["article:1", "discuss"]])], "article:1 has two stances (agree, discuss)"),
    ([item("stances", [[f"article:{i}", "agree"] for i in range(1, MAX_SOURCES + 2)])],
     f"stances of {MAX_SOURCES + 1} articles, over the limit"),
    ([item("rationale", {"article:1": "span:2"})], "rationale must be a list of [article, span] pairs"),
    ([item("stances", [["article:1", "agree"]]), item("rationale", [["article:1", "article:2"]])],
     "'article:2' is not a sentence"),
    ([item("stances", [["article:1", "agree"]]), item("rationale", [["span:1", "span:2"]])],
     "rationale: 'span:1' is not an article"),
    ([item("stances", [["article:1", "agree"]]), item("rationale", [["article:2", "span:2"]])],
     "article:2 has sentences but no stance"),
    ([item("verdict", ["disputed"]), item("rationale", [["article:2", "span:2"]])],
     "article:2 has sentences but no stance"),
    ([item("stances", [["article:1", "unrelated"]]), item("rationale", [["article:1", "span:2"]])],
     "article:1 is unrelated"),
    ([item("stances", [["article:1", "agree"]]),
      item("rationale", [["article:1", f"span:{i}"] for i in range(1, MAX_RATIONALE + 2)])],
     f"{MAX_RATIONALE + 1:,} rationale sentences, over the limit"),
])
def test_a_result_that_breaks_the_layout_is_refused_with_its_reason(result, reason):
    with pytest.raises(InvalidAnnotation, match=None) as refused:
        parse_claim_result(result)

    assert reason in str(refused.value)
