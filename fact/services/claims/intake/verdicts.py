"""Our label for a rating someone else gave a claim: a per-source map, never a guess.

A rating is compared in its search form (fact.text.normalize: case-folded, Arabic diacritics and letter
forms folded, spaces collapsed), so "FALSE", "false " and "كاذب" with or without its diacritics are one
rating. The map of a file (`--verdict-map FILE`: {"source or *": {"rating": "label"}}) is read first,
by the source's own entry, then its "*" entry, then DEFAULT; a rating none of them knows keeps its
text and gets no label.
"""
import json
from pathlib import Path

from fact.models import Label
from fact.text.normalize import normalize_for_search

ANY_SOURCE = "*"

DEFAULT: dict[str, Label] = {
    **dict.fromkeys(("true", "correct", "accurate", "mostly true", "صحيح", "حقيقي"), Label.corroborated),
    **dict.fromkeys(("false", "misleading", "fake", "mostly false", "pants on fire", "fabricated", "incorrect",
                     "كاذب", "مضلل", "زائف", "خاطئ", "مفبرك", "ملفق"), Label.disputed),
    **dict.fromkeys(("unproven", "unverified", "unsupported", "غير مؤكد", "غير مثبت"), Label.unverifiable),
}


class VerdictMapError(ValueError):
    """A verdict map file that cannot be used: what is wrong with it, in one line."""


def _key(text: str) -> str:
    return normalize_for_search(text)


class VerdictMap:
    """Ratings to labels by source; `label(source, rating)` is None for a rating it does not know."""

    def __init__(self, by_source: dict[str, dict[str, Label]] | None = None):
        self.by_source = {_key(source) if source != ANY_SOURCE else ANY_SOURCE:
                          {_key(rating): label for rating, label in ratings.items()}
                          for source, ratings in (by_source or {}).items()}
        self.default = {_key(rating): label for rating, label in DEFAULT.items()}

    def label(self, source: str | None, rating: str | None) -> Label | None:
        if not rating:
            return None
        rating = _key(rating)
        for ratings in (self.by_source.get(_key(source)) if source else None, self.by_source.get(ANY_SOURCE),
                        self.default):
            if ratings and rating in ratings:
                return ratings[rating]
        return None

    @classmethod
    def read(cls, path: Path) -> "VerdictMap":
        """The map of a JSON file, or VerdictMapError that says what is wrong with it."""
        try:
            loaded = json.loads(path.read_text("utf-8"))
        except OSError as error:
            raise VerdictMapError(f"{path}: cannot be read ({error.strerror or error})") from error
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise VerdictMapError(f"{path}: not a JSON file in UTF-8 ({error})") from error
        if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
            raise VerdictMapError(f'{path}: not a map of the form {{"source or *": {{"rating": "label"}}}}')
        labels = {str(label) for label in Label}
        by_source = {}
        for source, ratings in loaded.items():
            for rating, label in ratings.items():
                if not isinstance(label, str) or label not in labels:
                    raise VerdictMapError(f"{path}: {source!r} → {rating!r}: {label!r} is not one of our labels "
                                          f"({', '.join(sorted(labels))})")
            by_source[source] = {rating: Label(label) for rating, label in ratings.items()}
        return cls(by_source)
