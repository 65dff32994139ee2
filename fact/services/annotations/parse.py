"""Read the result list of a Label Studio annotation into claims, checking all that Label Studio does not.

Label Studio accepts any result: unknown controls, labels not in the config, offsets past the text.
Whatever does not fit our labeling config makes the whole annotation invalid, with a reason a lead
can act on; nothing of it is stored except the rejected revision itself.

Two layouts arrive: today's config gives the one highlighted claim task-level controls (a verdict,
`sources` as [source, stance] pairs, URLs: items of their own ids, without offsets); the older
config's per-region controls repeat the region's id and offsets, with `supports`/`refutes`. Projects
made with the older config, and annotations made in it, still send those, so both parse.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from marshmallow import ValidationError, validate

from fact.labelstudio import config as lc
from fact.models import Label, Stance
from schemas.fields import INT_MAX
from schemas.labelstudio import ResultItemSchema

# Bounds that keep one annotation cheap to check and store (the webhook's body is bounded too: FACT_WEBHOOK_MAX_BYTES).
MAX_REGION_TEXT = 10_000  # code points in one highlight
MAX_SOURCES = 100  # cited passages, articles and URLs of one verdict
MAX_URL = 2000  # the column's length
_url = validate.URL(schemes={"http", "https"}, require_tld=True)


class InvalidAnnotation(ValueError):
    """The annotation does not fit the labeling config or the task's text."""


@dataclass(frozen=True)
class CitedSource:
    stance: Stance
    span_id: int | None = None
    article_id: int | None = None
    url: str | None = None


@dataclass
class ClaimInput:
    region: str
    start: int  # offsets into the task text (the span), code points
    end: int
    text: str
    label: Label | None = None
    sources: list[CitedSource] = field(default_factory=list)


def parse_result(result: list, span_text: str) -> list[ClaimInput]:
    """The claims of one annotation of a task whose text is `span_text`, in text order."""
    try:
        items = ResultItemSchema(many=True).load(result)
    except ValidationError as error:
        raise InvalidAnnotation(f"malformed result: {error.messages}") from error

    by_region: dict[str, list[dict]] = defaultdict(list)
    of_the_claim: list[dict] = []  # task-level controls: they belong to the one highlighted claim
    for item in items:
        expected = lc.CONTROL_TYPES.get(item["from_name"])
        if expected is None:
            raise InvalidAnnotation(f"unknown control {item['from_name']!r} (region {item['id']})")
        if item["type"] != expected:
            raise InvalidAnnotation(f"control {item['from_name']!r} sent type {item['type']!r}, not {expected!r}")
        if item["to_name"] not in (None, lc.TEXT):
            raise InvalidAnnotation(f"control {item['from_name']!r} points at {item['to_name']!r}, not {lc.TEXT!r}")
        if item["from_name"] != lc.CLAIM and not _has_offsets(item["value"]):
            of_the_claim.append(item)
        else:
            by_region[item["id"]].append(item)
    if of_the_claim:
        regions = [region for region, parts in by_region.items() if any(p["from_name"] == lc.CLAIM for p in parts)]
        if len(regions) != 1:
            controls = ", ".join(sorted({p["from_name"] for p in of_the_claim}))
            raise InvalidAnnotation(f"{controls} belong to one highlighted claim; the annotation has {len(regions)}")
        by_region[regions[0]] += of_the_claim

    claims = sorted((_claim(region, parts, span_text) for region, parts in by_region.items()),
                    key=lambda c: (c.start, c.end))
    for first, second in zip(claims, claims[1:]):
        if (first.start, first.end) == (second.start, second.end):
            raise InvalidAnnotation(f"regions {first.region} and {second.region} highlight the same text")
    return claims


def _claim(region: str, parts: list[dict], span_text: str) -> ClaimInput:
    labels = [p for p in parts if p["from_name"] == lc.CLAIM]
    if len(labels) != 1:
        controls = ", ".join(sorted({p["from_name"] for p in parts}))
        raise InvalidAnnotation(f"region {region} has {controls} but no highlighted claim")
    claim = _region(region, labels[0]["value"], span_text)
    if labels[0]["value"].get("labels") != [lc.CLAIM_LABEL]:
        raise InvalidAnnotation(f"region {region}: label {labels[0]['value'].get('labels')!r} is not in the config")

    for part in parts:
        if part is labels[0]:
            continue
        value = part["value"]
        if _has_offsets(value) and (value.get("start"), value.get("end")) != (claim.start, claim.end):
            raise InvalidAnnotation(f"region {region}: {part['from_name']} has other offsets than its claim")
        if part["from_name"] == lc.VERDICT:
            if claim.label is not None:
                raise InvalidAnnotation(f"region {region} has two verdicts")
            claim.label = _verdict(region, value.get("choices"))
        elif part["from_name"] == lc.SOURCES:
            claim.sources += _stanced_sources(region, value.get("choices"))
        elif part["from_name"] in (lc.SUPPORTS, lc.REFUTES):
            stance = Stance.supports if part["from_name"] == lc.SUPPORTS else Stance.refutes
            claim.sources += [_option(region, option, stance) for option in _strings(region, value.get("choices"))]
        else:
            stance = Stance.supports if part["from_name"] == lc.URLS_SUPPORT else Stance.refutes
            lines = _lines(region, value.get("text"))
            _bound_sources(region, len(claim.sources) + len(lines))
            claim.sources += [_typed_url(region, line, stance) for line in lines]
        _bound_sources(region, len(claim.sources))
    if claim.label is None:
        raise InvalidAnnotation(f"region {region} (\"{claim.text}\") has no verdict")
    return claim


def _has_offsets(value: dict) -> bool:
    """A per-region item (of the older config) repeats its region's offsets; a task-level one has none."""
    return "start" in value or "end" in value


def _region(region: str, value: dict, span_text: str) -> ClaimInput:
    start, end, text = value.get("start"), value.get("end"), value.get("text")
    if isinstance(text, str) and len(text) > MAX_REGION_TEXT:
        raise InvalidAnnotation(f"region {region}: its text is over {MAX_REGION_TEXT:,} characters")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise InvalidAnnotation(f"region {region}: start and end must be whole numbers")
    if not 0 <= start < end <= len(span_text):
        raise InvalidAnnotation(f"region {region}: offsets {start}-{end} are outside the text (0-{len(span_text)})")
    if text != span_text[start:end]:
        raise InvalidAnnotation(
            f"region {region}: text {text!r} does not match the task text at {start}-{end} ({span_text[start:end]!r})"
        )
    return ClaimInput(region=region, start=start, end=end, text=text)


def _verdict(region: str, choices) -> Label:
    choices = _strings(region, choices)
    if len(choices) != 1 or choices[0] not in Label.__members__:
        raise InvalidAnnotation(f"region {region}: verdict {choices!r} is not one of {', '.join(Label)}")
    return Label(choices[0])


def _option(region: str, option: str, stance: Stance) -> CitedSource:
    parsed = lc.parse_source_choice(option)
    if parsed is None or parsed[1] > INT_MAX:  # an id past INTEGER names nothing (and PostgreSQL refuses it)
        raise InvalidAnnotation(f"region {region}: {option!r} is not a source offered by the task")
    kind, number = parsed
    return CitedSource(stance, span_id=number) if kind == lc.PASSAGE else CitedSource(stance, article_id=number)


def _stanced_sources(region: str, values) -> list[CitedSource]:
    """[source, stance] pairs of the nested `sources` control. Label Studio adds the bare [source] when
    both its stances are ticked: a source cannot both support and refute one claim."""
    if not isinstance(values, list) or not all(isinstance(v, list) and v and all(isinstance(s, str) for s in v)
                                               for v in values):
        raise InvalidAnnotation(f"region {region}: sources must be a list of [source, stance] pairs")
    stances: dict[str, set[str]] = defaultdict(set)
    for value in values:
        if len(value) > 2 or (len(value) == 2 and value[1] not in Stance.__members__):
            raise InvalidAnnotation(f"region {region}: {value!r} is not a source with supports or refutes")
        stances[value[0]].update(value[1:] or Stance)
    _bound_sources(region, len(stances))
    for option, chosen in stances.items():
        if len(chosen) > 1:
            raise InvalidAnnotation(f"region {region}: {option!r} is cited as supporting and as refuting")
    return [_option(region, option, Stance(stance)) for option, (stance,) in stances.items()]


def _typed_url(region: str, line: str, stance: Stance) -> CitedSource:
    if len(line) > MAX_URL:  # before the URL pattern, which is slow on long text
        raise InvalidAnnotation(f"region {region}: a URL is over {MAX_URL:,} characters")
    try:
        _url(line)
    except ValidationError as error:
        raise InvalidAnnotation(f"region {region}: {line!r} is not an http(s) URL") from error
    return CitedSource(stance, url=line)


def _bound_sources(region: str, count: int) -> None:
    if count > MAX_SOURCES:
        raise InvalidAnnotation(f"region {region} cites {count:,} sources, over the limit of {MAX_SOURCES}")


def _strings(region: str, values) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidAnnotation(f"region {region}: choices must be a list of strings")
    return values


def _lines(region: str, values) -> list[str]:
    """A TextArea sends a list of entries; an annotator may also put several URLs in one, a line each."""
    return [line.strip() for entry in _strings(region, values) for line in entry.splitlines() if line.strip()]
