"""Arabic text normalization for search and matching.

Normalization here is *only* for comparing text: search compares the
normalized query (``normalize_query``) against the normalized span text
(``normalize_for_search``).  It is never applied to stored article text, whose
code-point offsets must stay exact.

What is folded:

* Arabic diacritics (harakat U+064B-U+065F, including hamza above/below
  U+0654/U+0655), superscript alef U+0670, Quranic annotation marks
  U+06D6-U+06ED and tatweel U+0640 are removed;
* alef/hamza forms أ إ آ ٱ ٲ ٳ become ا;  ى becomes ي;  ة becomes ه;
* the Persian look-alikes ی (U+06CC) and ک (U+06A9) become ي and ك, since
  they are typed on some keyboards and are indistinguishable on screen;
* Arabic-Indic digits ٠-٩ and extended ۰-۹ become ASCII 0-9;
* invisible format characters (zero-width space/joiners, LRM/RLM, the Arabic
  letter mark, BOM, bidi embeddings and isolates) are removed;
* Latin text is casefolded;
* runs of whitespace become one space; leading/trailing whitespace is removed.

Decomposed input works because the text is put in NFC first (so ``ا`` +
U+0654 becomes ``أ``, which is then folded to ``ا``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_for_search", "normalize_query"]


def _build_table() -> dict[int, int | str | None]:
    table: dict[int, int | str | None] = {}
    # Diacritics and marks: delete.
    for cp in range(0x064B, 0x0660):  # harakat, shadda, sukun, hamza marks...
        table[cp] = None
    table[0x0670] = None  # superscript (dagger) alef
    for cp in range(0x06D6, 0x06EE):  # Quranic annotation signs
        table[cp] = None
    table[0x0640] = None  # tatweel / kashida
    # Invisible format characters: delete.
    for cp in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF):
        table[cp] = None
    for cp in range(0x202A, 0x202F):  # LRE RLE PDF LRO RLO
        table[cp] = None
    for cp in range(0x2066, 0x206A):  # LRI RLI FSI PDI
        table[cp] = None
    # Letter folding.
    alef = ord("ا")
    for ch in "أإآٱٲٳ":
        table[ord(ch)] = alef
    table[ord("ى")] = ord("ي")
    table[ord("ی")] = ord("ي")  # Farsi yeh
    table[ord("ک")] = ord("ك")  # keheh
    table[ord("ة")] = ord("ه")
    # Digits.
    for i in range(10):
        table[0x0660 + i] = ord("0") + i
        table[0x06F0 + i] = ord("0") + i
    return table


_TABLE = _build_table()

# Characters that need the (slow, per-character) translate table: deletions,
# digits and the rare letter forms.  Most spans contain none of them, and the
# common folds are then done with fast str.replace calls.
_SPECIAL = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE) if chr(cp) not in "أإآىة") + "]"
)
_COMMON_FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه"))


def normalize_for_search(text: str) -> str:
    """Return the search/matching form of ``text`` (see the module docstring).

    Search compares the normalized query against the normalized span text,
    so both sides must go through this function.  Never store the result in
    place of the original text.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    if _SPECIAL.search(text):
        text = text.translate(_TABLE)
    else:
        for old, new in _COMMON_FOLDS:
            text = text.replace(old, new)
    # str.split() splits on exactly the characters re's \s matches.
    return " ".join(text.casefold().split())


def normalize_query(q: str) -> str:
    """Normalize a user's search query; identical to :func:`normalize_for_search`.

    Search compares the normalized query against the normalized span text.
    """
    return normalize_for_search(q)
