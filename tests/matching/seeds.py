"""The seed sentences, as the segmenter cuts them, for the matching tests."""
from pathlib import Path

from fact.text.segment import segment

SEEDS = Path(__file__).parents[2] / "seeds"


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
