"""Turn an uploaded article file (bytes) into text, or reject it clearly.

Accepted: UTF-8 (with or without BOM), and Arabic Windows-1256 when the bytes
are unambiguously that encoding.  Everything else is rejected with a
:class:`RejectedInput` whose message is a full sentence the user can act on.

Order of checks (cheapest and most informative first):

1. size over ``max_bytes`` -> rejected before anything is decoded;
2. empty file;
3. UTF-16/UTF-32 byte-order mark -> "convert to UTF-8";
4. binary: a known binary signature (PNG, PDF, ZIP, ...), a NUL byte, or more
   than 1% control bytes other than tab, line feed, carriage return and form
   feed;
5. strict UTF-8 (``utf-8-sig``, so a leading BOM is dropped);
6. otherwise Windows-1256, only when charset_normalizer's best guess is
   cp1256 and the decoded text is plausibly Arabic (at least 60% of its
   letters in the Arabic blocks, no C1 control characters);
7. a text without a letter, digit, punctuation or symbol (white space and invisible characters
   only) is rejected as empty, by the rule POST /api/articles applies too (fact/text/rules.py).

The returned text is NFC-normalized and otherwise exactly the decoded text
(line endings are not changed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from fact.text.rules import CONTROL_SHARE_LIMIT, control_share, has_text

__all__ = ["RejectedInput", "Decoded", "decode_article", "CONTROL_SHARE_LIMIT"]

#: Smallest share of Arabic letters among the letters of a Windows-1256 text.
ARABIC_LETTER_SHARE = 0.6


class RejectedInput(ValueError):
    """The upload is not an acceptable text article; ``str(exc)`` says why and
    what to do, as a full sentence."""


@dataclass(frozen=True)
class Decoded:
    text: str  # NFC-normalized, BOM removed, otherwise exactly the decoded text
    encoding: str  # "utf-8" or "windows-1256"


# Control bytes that make a file binary: C0 except \t \n \r \f, and DEL.
_ALLOWED_CONTROLS = b"\t\n\r\x0c"
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in _ALLOWED_CONTROLS)
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
]

_UTF16_32_BOMS: list[tuple[bytes, str]] = [
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
]

_SAMPLE = 128 * 1024
_ENCODING_NAMES = {
    "cp1252": "Windows-1252, Western European",
    "latin_1": "ISO-8859-1, Western European",
    "iso8859_15": "ISO-8859-15, Western European",
    "cp1250": "Windows-1250, Central European",
    "cp1251": "Windows-1251, Cyrillic",
    "iso8859_6": "ISO-8859-6, Arabic",
    "cp720": "DOS-720, Arabic",
    "cp864": "DOS-864, Arabic",
    "mac_arabic": "Mac Arabic",
    "ascii": "ASCII",
}
_ARABIC_GUESSES = frozenset({"cp1256", "windows_1256", "windows-1256"})


def _human_size(n: int) -> str:
    if n < 1024:
        return "1 byte" if n == 1 else f"{n:,} bytes"
    for unit, factor in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if n < factor * 1024 or unit == "GB":
            value = f"{n / factor:.1f}".removesuffix(".0")
            return f"{value} {unit}"
    raise AssertionError("unreachable")


def _sizes(size: int, limit: int) -> tuple[str, str]:
    a, b = _human_size(size), _human_size(limit)
    if a == b:  # e.g. one byte over: show exact numbers
        a, b = f"{size:,} bytes", f"{limit:,} bytes"
    return a, b


_C1_RE = re.compile("[\x80-\x9f]")


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return ch.isalpha() and (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    )


# Windows-1256 is a single-byte code, so letters can be counted on the bytes
# (fast, with bytes.translate) by classifying each of the 256 byte values.
_CP1256 = [bytes([b]).decode("cp1256") for b in range(256)]
_CP1256_NOT_LETTER = bytes(b for b in range(256) if not _CP1256[b].isalpha())
_CP1256_NOT_ARABIC = bytes(b for b in range(256) if not _is_arabic_letter(_CP1256[b]))


def _cp1256_arabic_letter_share(data: bytes) -> float:
    letters = len(data.translate(None, _CP1256_NOT_LETTER))
    if not letters:
        return 0.0
    return len(data.translate(None, _CP1256_NOT_ARABIC)) / letters


def _check_not_binary(data: bytes) -> None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise RejectedInput(
                f"The file looks binary ({what}), not text. "
                "Upload the article as a plain-text .txt file in UTF-8."
            )
    if b"\x00" in data:
        raise RejectedInput(
            "The file looks binary (it contains NUL bytes), not text. "
            "Upload the article as a plain-text .txt file in UTF-8; if it is "
            "UTF-16 text, save it as UTF-8 first."
        )
    controls = len(data.translate(None, _NON_CONTROL_BYTES))
    if controls > CONTROL_SHARE_LIMIT * len(data):
        raise RejectedInput(
            f"The file looks binary ({controls:,} of its {len(data):,} bytes are "
            "control characters), not text. Upload the article as a plain-text "
            ".txt file in UTF-8."
        )


def decode_article(data: bytes, *, max_bytes: int) -> Decoded:
    """Decode an uploaded article, or raise :class:`RejectedInput`.

    See the module docstring for what is accepted and in which order the
    checks run.
    """
    size = len(data)
    if size > max_bytes:
        got, limit = _sizes(size, max_bytes)
        raise RejectedInput(
            f"The file is {got}, which is over the {limit} limit. "
            "Split the article or upload a smaller file."
        )
    if size == 0:
        raise RejectedInput("The file is empty. Upload a text file that contains the article.")
    for bom, name in _UTF16_32_BOMS:
        if data.startswith(bom):
            raise RejectedInput(
                f"The file is {name} text, which is not supported. " "Save it as UTF-8 and upload it again."
            )
    _check_not_binary(data)

    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        text = _decode_windows_1256(data, exc)
        encoding = "windows-1256"
    else:
        if control_share(text) > CONTROL_SHARE_LIMIT:
            raise RejectedInput(
                "The file looks binary (too many control characters), not text. "
                "Upload the article as a plain-text .txt file in UTF-8."
            )

    text = unicodedata.normalize("NFC", text)
    if not has_text(text):
        raise RejectedInput(
            "The file is empty (it contains only white space or invisible characters). "
            "Upload a text file that contains the article."
        )
    return Decoded(text=text, encoding=encoding)


def _decode_windows_1256(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """Decode non-UTF-8 bytes as Windows-1256 if that is unambiguous."""
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd") - data.count("\ufffd".encode())
    if invalid <= max(1, len(lenient) // 1000) and not lenient.replace("\ufffd", "").isascii():
        # Valid UTF-8 except for a few damaged bytes (e.g. a truncated file).
        raise RejectedInput(
            "The file is almost UTF-8 but contains invalid bytes (the first at "
            f"byte {utf8_error.start:,}). Re-save it as UTF-8 and upload it again."
        )
    # charset_normalizer is slow on megabytes; its guess is made on the head
    # and tail of a large file (the whole text is then checked for Arabic).
    sample = data if len(data) <= 2 * _SAMPLE else data[:_SAMPLE] + data[-_SAMPLE:]
    best = from_bytes(sample).best()
    if best is None:
        raise RejectedInput(
            "The file is not UTF-8 and its encoding could not be recognised. "
            "Save it as UTF-8 and upload it again."
        )
    candidates = {best.encoding, *best.could_be_from_charset}
    if candidates.isdisjoint(_ARABIC_GUESSES):
        guess = _ENCODING_NAMES.get(best.encoding, best.encoding)
        raise RejectedInput(
            f"The file is not UTF-8 (it looks like {guess}). "
            "Only UTF-8 and Arabic Windows-1256 files are accepted; "
            "save it as UTF-8 and upload it again."
        )
    # Python's cp1256 maps all 256 byte values, so this cannot fail; the C1
    # check guards against a codec table that leaves bytes as C1 controls.
    text = data.decode("cp1256")
    if _C1_RE.search(text) or _cp1256_arabic_letter_share(data) < ARABIC_LETTER_SHARE:
        raise RejectedInput(
            "The file is not UTF-8, and although it may be Windows-1256 it does not "
            "read as Arabic text. Save it as UTF-8 and upload it again."
        )
    return text
