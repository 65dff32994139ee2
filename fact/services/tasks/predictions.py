"""Pre-annotations: where the matcher found a strong candidate with a hint, the task arrives with a
suggested claim (the sentence), the hinted verdict and the candidate cited. The annotator corrects or
accepts it; it is never counted as a verdict until an annotator submits it."""
from flask import current_app

from fact.labelstudio import config as lc
from fact.labelstudio.config import MODEL_VERSION
from fact.matching.hints import precision_of
from fact.models import Candidate, Span

#: A task arrives pre-annotated (disputed or corroborated) only from a hint whose kind was measured at
#: this precision or more (fact.matching.hints.PRECISION, docs/ingest-hints.md): a wrong suggestion
#: is a strong nudge for an annotator, a missing one costs a click.
PRECISION = 0.9
_VERDICT = {"dispute": ("disputed", "refutes"), "corroboration": ("corroborated", "supports")}
_TRAILING = " .؟?!؛:،,\"'»”)"


def hint_precision(candidate: Candidate) -> float:
    """The measured precision of a stored candidate's hint (its kind and its differences' kinds)."""
    details = candidate.hint_details or {}
    return precision_of(str(candidate.hint), [d.get("kind", "") for d in details.get("differences", [])])


def prediction_for(span: Span, candidates: list[Candidate]) -> dict | None:
    strong = [c for c in candidates if c.hint in _VERDICT and c.score >= current_app.config["FACT_PREDICTION_SCORE"]
              and hint_precision(c) >= PRECISION]
    if not strong:
        return None
    best = strong[0]
    verdict, cited_as = _VERDICT[best.hint]
    end = len(span.text.rstrip(_TRAILING)) or len(span.text)
    where = {"start": 0, "end": end, "text": span.text[:end]}
    region = f"m{span.id}"
    return {
        "model_version": MODEL_VERSION,
        "score": round(best.score, 4),
        "result": [
            {"id": region, "from_name": lc.CLAIM, "to_name": lc.TEXT, "type": "labels",
             "value": {**where, "labels": [lc.CLAIM_LABEL]}},
            # the claim's verdict and sources are task-level controls (config.py): ids of their own, no offsets
            {"id": f"{region}v", "from_name": lc.VERDICT, "to_name": lc.TEXT, "type": "choices",
             "value": {"choices": [verdict]}},
            {"id": f"{region}s", "from_name": lc.SOURCES, "to_name": lc.TEXT, "type": "choices",
             "value": {"choices": [[lc.source_choice(lc.PASSAGE, c.candidate_span_id), cited_as] for c in strong
                                   if c.hint == best.hint]}},
        ],
    }
