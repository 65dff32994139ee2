"""What every stored string and article text must be, wherever it comes from.

Written once so that a .txt file, a JSON Lines record and POST /api/articles are accepted or refused
alike, and so that PostgreSQL (which refuses NUL and lone surrogates) and SQLite (which stores them)
never differ. Each check returns the reason as a sentence, or None.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["CONTROL_SHARE_LIMIT", "CONTROL_RE", "control_share", "has_text", "string_problem", "text_problem"]

#: Largest share of control characters an article text may contain (a larger share reads as binary).
CONTROL_SHARE_LIMIT = 0.01
#: Control characters other than tab, line feed, form feed and carriage return, DEL and C1 included.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# General categories of what a reader sees: letters, digits, punctuation, symbols. A text with none of
# them (white space, marks, format characters such as U+200B, controls) is no text.
_READABLE = frozenset("LNPS")


def string_problem(value: str) -> str | None:
    """NUL and lone surrogates: not text, and PostgreSQL cannot store them."""
    if match := _SURROGATE_RE.search(value):
        return (f"Contains a lone surrogate (U+{ord(match.group()):04X}) at character {match.start():,}, "
                "which is not a character; send the text as valid UTF-8.")
    if (at := value.find("\x00")) >= 0:
        return f"Contains a NUL character (U+0000) at character {at:,}, which cannot be stored."
    return None


def control_share(text: str) -> float:
    return len(CONTROL_RE.findall(text)) / len(text) if text else 0.0


def has_text(text: str) -> bool:
    """Whether any character is a letter, digit, punctuation or symbol (NFC text)."""
    return any(unicodedata.category(ch)[0] in _READABLE for ch in text)


def text_problem(text: str) -> str | None:
    """What makes `text` (NFC) unfit to be an article: not storable, binary, or no text at all."""
    if problem := string_problem(text):
        return problem
    if (share := control_share(text)) > CONTROL_SHARE_LIMIT:
        return (f"Looks binary: {share:.1%} of its characters are control characters "
                f"(at most {CONTROL_SHARE_LIMIT:.0%} may be).")
    if not has_text(text):
        return "No text: it has only white space or invisible characters."
    return None
