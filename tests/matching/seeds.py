"""The seed sentences, as the segmenter cuts them, their gold counterparts, and the candidates that
match stored for them, for the matching tests."""
import json
from pathlib import Path

from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Candidate, Span
from fact.text.segment import segment
from tests.helpers import SEEDS

GOLD = json.loads((Path(__file__).parents[1] / "fixtures" / "matching_seeds.json").read_text("utf-8"))


def seed_sentences_by_article(prefix: str = "") -> list[tuple[str, str]]:
    """(article prefix such as "000", sentence) for every sentence of the seeds named prefix*."""
    out = []
    for path in sorted(SEEDS.glob(f"{prefix}*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [(path.name[:3], text[s.start : s.end]) for s in segment(text) if s.kind == "sentence"]
    return out


def seed_sentences(prefix: str = "") -> list[str]:
    return [sentence for _, sentence in seed_sentences_by_article(prefix)]


def seed_sentence(prefix: str, fragment: str) -> str:
    """The one sentence of seed `prefix` that contains `fragment`."""
    (sentence,) = [s for s in seed_sentences(prefix + "_") if fragment in s]
    return sentence


def candidates_by_key() -> dict[str, list[tuple[str, str]]]:
    """sentence key -> [(candidate key, hint)], best first; a key is 'seed file stem|sentence text'."""
    stems = {a.id: Path(a.origin).stem for a in db.session.scalars(select(Article))}
    spans = {s.id: f"{stems[s.article_id]}|{s.text}" for s in db.session.scalars(select(Span))}
    found: dict[str, list[tuple[str, str]]] = {}
    for c in db.session.scalars(select(Candidate).order_by(Candidate.span_id, Candidate.rank)):
        found.setdefault(spans[c.span_id], []).append((spans[c.candidate_span_id], c.hint))
    return found
