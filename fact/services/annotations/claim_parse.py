"""Read the result of a claim task (fact.labelstudio.claim_controls) into what it says of its claim.

The layout is docs/claim-labels.md's: a verdict, each article's stance (nested [article, stance]
choices) and each stance's rationale sentences (nested [article, span] choices), all task-level.
As for span tasks (parse.py), anything that does not fit the layout rejects the whole annotation,
with a reason a lead can act on. What needs the database (the claim, the articles offered to it,
whose sentence a span is) is checked by fact.services.annotations.claim_apply.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from marshmallow import ValidationError

from fact.labelstudio import claim_controls as cc
from fact.labelstudio.config import ARTICLE, PASSAGE, parse_source_choice, source_choice
from fact.models import ArticleStanceLabel, Label
from fact.services.annotations.parse import MAX_SOURCES, InvalidAnnotation
from schemas.fields import INT_MAX
from schemas.labelstudio import ResultItemSchema

MAX_RATIONALE = 1_000  # rationale sentences of one annotation (a hundred articles of ten each)


@dataclass(frozen=True)
class ArticleStanceInput:
    stance: ArticleStanceLabel
    rationale: tuple[int, ...] = ()  # span ids, ascending


@dataclass
class ClaimTaskInput:
    """What one annotation of a claim task says: the claim's verdict (None: stances only) and the
    stance of each article it judged, by article id."""

    verdict: Label | None = None
    stances: dict[int, ArticleStanceInput] = field(default_factory=dict)

    def span_ids(self) -> set[int]:
        return {span_id for stance in self.stances.values() for span_id in stance.rationale}


def parse_claim_result(result: list) -> ClaimTaskInput:
    """The verdict and stances of one (not cancelled) annotation of a claim task."""
    try:
        items = ResultItemSchema(many=True).load(result)
    except ValidationError as error:
        raise InvalidAnnotation(f"malformed result: {error.messages}") from error

    values: dict[str, object] = {}
    for item in items:
        name = item["from_name"]
        if name not in cc.CONTROLS:
            raise InvalidAnnotation(f"unknown control {name!r} (item {item['id']}) in a claim task")
        if item["type"] != cc.CONTROL_TYPE:
            raise InvalidAnnotation(f"control {name!r} sent type {item['type']!r}, not {cc.CONTROL_TYPE!r}")
        if item["to_name"] not in (None, cc.TEXT):
            raise InvalidAnnotation(f"control {name!r} points at {item['to_name']!r}, not {cc.TEXT!r}")
        if "start" in item["value"] or "end" in item["value"]:
            raise InvalidAnnotation(f"control {name!r} has offsets: a claim task has no regions")
        if name in values:
            raise InvalidAnnotation(f"control {name!r} is in the result twice")
        values[name] = item["value"].get("choices")

    parsed = ClaimTaskInput()
    if cc.VERDICT in values:
        parsed.verdict = _verdict(values[cc.VERDICT])
    stances = _stances(values[cc.STANCES]) if cc.STANCES in values else {}
    rationale = _rationale(values[cc.RATIONALE], stances) if cc.RATIONALE in values else {}
    parsed.stances = {article_id: ArticleStanceInput(stance, tuple(sorted(rationale.get(article_id, ()))))
                      for article_id, stance in sorted(stances.items())}
    if parsed.verdict is None and not parsed.stances:
        raise InvalidAnnotation("the annotation gives neither a verdict nor a stance of an article")
    return parsed


def _verdict(choices) -> Label:
    if not isinstance(choices, list) or len(choices) != 1 or choices[0] not in Label.__members__:
        raise InvalidAnnotation(f"verdict {choices!r} is not one of {', '.join(Label)}")
    return Label(choices[0])


def _pairs(control: str, values, second: str) -> list[list[str]]:
    """The nested choices of `control`: lists of one or two strings ([article] or [article, `second`])."""
    if not isinstance(values, list) or not all(
            isinstance(v, list) and 1 <= len(v) <= 2 and all(isinstance(s, str) for s in v) for v in values):
        raise InvalidAnnotation(f"{control} must be a list of [article, {second}] pairs")
    return values


def _choice(value: str, kind: str) -> int | None:
    """The id of a choice of this kind, if it is one an INTEGER column can hold."""
    parsed = parse_source_choice(value)
    return parsed[1] if parsed is not None and parsed[0] == kind and parsed[1] <= INT_MAX else None


def _article(control: str, value: str) -> int:
    article_id = _choice(value, ARTICLE)
    if article_id is None:
        raise InvalidAnnotation(f"{control}: {value!r} is not an article (article:<id>)")
    return article_id


def _stances(values) -> dict[int, ArticleStanceLabel]:
    """One stance per article. Label Studio sends the bare [article] when all its stances are ticked."""
    chosen: dict[int, set[str]] = defaultdict(set)
    for value in _pairs(cc.STANCES, values, "stance"):
        article_id = _article(cc.STANCES, value[0])
        if len(value) == 1:
            raise InvalidAnnotation(f"stances: {value!r} ticks every stance of {value[0]}; give it one")
        if value[1] not in ArticleStanceLabel.__members__:
            raise InvalidAnnotation(f"stances: {value!r}: {value[1]!r} is not one of {', '.join(ArticleStanceLabel)}")
        chosen[article_id].add(value[1])
    if len(chosen) > MAX_SOURCES:
        raise InvalidAnnotation(f"stances of {len(chosen):,} articles, over the limit of {MAX_SOURCES}")
    for article_id, stances in sorted(chosen.items()):
        if len(stances) > 1:
            raise InvalidAnnotation(f"stances: {source_choice(ARTICLE, article_id)} has two stances "
                                    f"({', '.join(sorted(stances))})")
    return {article_id: ArticleStanceLabel(stance) for article_id, (stance,) in chosen.items()}


def _rationale(values, stances: dict[int, ArticleStanceLabel]) -> dict[int, set[int]]:
    """The sentences of each article that carry its stance. A bare [article] (the parent Label Studio
    adds when every sentence is ticked) says nothing of its own: passed over."""
    spans: dict[int, set[int]] = defaultdict(set)
    for value in _pairs(cc.RATIONALE, values, "span"):
        article_id = _article(cc.RATIONALE, value[0])
        if len(value) == 1:
            continue
        span_id = _choice(value[1], PASSAGE)
        if span_id is None:
            raise InvalidAnnotation(f"rationale: {value!r}: {value[1]!r} is not a sentence (span:<id>)")
        if article_id not in stances:
            raise InvalidAnnotation(f"rationale: {value[0]} has sentences but no stance")
        if stances[article_id] == ArticleStanceLabel.unrelated:
            raise InvalidAnnotation(f"rationale: {value[0]} is unrelated, so no sentence of it carries a stance")
        spans[article_id].add(span_id)
    if (total := sum(map(len, spans.values()))) > MAX_RATIONALE:
        raise InvalidAnnotation(f"{total:,} rationale sentences, over the limit of {MAX_RATIONALE:,}")
    return spans
