"""What every stored string and article text must be, wherever it comes from.

Written once so that a .txt file, a JSON Lines record and POST /api/articles are accepted or refused
alike, and so that PostgreSQL (which refuses NUL and lone surrogates) and SQLite (which stores them)
never differ. Each check returns the reason as a sentence, or None.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["CONTROL_SHARE_LIMIT", "control_share", "has_text", "string_problem", "text_problem"]

#: Largest share of control characters an article text may contain (a larger share reads as binary).
CONTROL_SHARE_LIMIT = 0.01
# The control characters counted: C0 but tab, line feed, form feed and carriage return; DEL; C1. In
# UTF-8 the first two are single bytes that occur in nothing else, so bytes.translate counts them at
# C speed (a regex over the text took a third of the time of ingest's checks); C1 is U+0080-U+009F.
_C0_AND_DEL = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_C1_RE = re.compile("[\x80-\x9f]")
# General categories of what a reader sees: letters, digits, punctuation, symbols. A text with none of
# them (white space, marks, format characters such as U+200B, controls) is no text.
_READABLE = frozenset("LNPS")


def string_problem(value: str) -> str | None:
    """NUL and lone surrogates: not text, and PostgreSQL cannot store them."""
    try:
        value.encode("utf-8")  # refuses exactly the lone surrogates, at C speed
    except UnicodeEncodeError as error:
        return (f"Contains a lone surrogate (U+{ord(value[error.start]):04X}) at character {error.start:,}, "
                "which is not a character; send the text as valid UTF-8.")
    if (at := value.find("\x00")) >= 0:
        return f"Contains a NUL character (U+0000) at character {at:,}, which cannot be stored."
    return None


def control_share(text: str) -> float:
    if not text:
        return 0.0
    data = text.encode("utf-8", "surrogatepass")
    controls = len(data) - len(data.translate(None, _C0_AND_DEL))
    if b"\xc2" in data:  # the lead byte of U+0080-U+00BF, C1 among them
        controls += len(_C1_RE.findall(text))
    return controls / len(text)


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
