"""Decoding uploads: UTF-8 and unambiguous Arabic Windows-1256 in, the rest out with a clear reason."""

import random
import unicodedata
import zlib
from pathlib import Path

import pytest

from fact.text.decode import Decoded, RejectedInput, decode_article

SEEDS = Path(__file__).parents[2] / "seeds"
SEED_PATHS = sorted(SEEDS.glob("*.txt"))
MB = 1024 * 1024
LIMIT = 5 * MB


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def rejection(data: bytes, max_bytes: int = LIMIT) -> str:
    with pytest.raises(RejectedInput) as info:
        decode_article(data, max_bytes=max_bytes)
    message = str(info.value)
    # A full sentence a user can act on.
    assert message[0].isupper() and message.endswith(".")
    return message


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name[:3])
def test_a_utf8_seed_decodes_to_exactly_its_text(path):
    decoded = decode_article(path.read_bytes(), max_bytes=LIMIT)
    assert decoded == Decoded(text=path.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_a_seed_saved_as_windows_1256_decodes_to_the_same_text(prefix):
    text = seed(prefix)
    decoded = decode_article(text.encode("cp1256"), max_bytes=LIMIT)
    assert decoded.encoding == "windows-1256"
    assert decoded.text == unicodedata.normalize("NFC", text)


def test_seed_000_in_windows_1256_decodes_once_its_indic_digits_are_made_encodable():
    text = seed("000")
    with pytest.raises(UnicodeEncodeError):
        text.encode("cp1256")  # ٢٤ ... ٢٠١٦ have no Windows-1256 code
    encodable = text.translate({0x0660 + i: ord("0") + i for i in range(10)})
    decoded = decode_article(encodable.encode("cp1256"), max_bytes=LIMIT)
    assert decoded == Decoded(text=encodable, encoding="windows-1256")


def test_a_french_latin_1_text_is_rejected_with_the_guess_and_a_fix():
    french = (
        "Le ministre français de la Défense, Jean-Yves Le Drian, a déclaré mardi que "
        "l'opération à Mossoul était « très réussie » et que la coalition était prête. "
        "Après la réunion, les ministres ont évoqué la prochaine étape à Raqqa."
    ).encode("latin-1")
    message = rejection(french)
    assert "not UTF-8" in message
    assert "looks like" in message
    assert "save it as UTF-8" in message


def test_random_bytes_are_rejected_as_binary():
    rng = random.Random(2016)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert "looks binary" in rejection(data)


def test_random_bytes_without_nul_are_rejected_for_their_control_characters():
    rng = random.Random(1024)
    data = bytes(rng.randrange(1, 256) for _ in range(4096))
    message = rejection(data)
    assert "looks binary" in message and "control characters" in message


def test_a_png_image_is_rejected_as_binary():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + zlib.compress(b"pixels" * 50)
    assert "looks binary (a PNG image), not text" in rejection(png)


def test_pdf_and_zip_files_are_rejected_as_binary():
    assert "a PDF document" in rejection(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "ZIP" in rejection(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"word/document.xml")


def test_a_text_with_a_few_allowed_control_characters_is_accepted():
    text = seed("004").replace("\n", "\r\n") + "\f"
    data = text.encode("utf-8")
    assert decode_article(data, max_bytes=LIMIT).text == text


def test_more_than_one_percent_of_control_characters_is_rejected():
    text = "وقال الوزير\x1b[0m إن القوات تقدمت\x07"
    assert "looks binary" in rejection(text.encode("utf-8"))


def test_an_empty_file_is_rejected():
    assert "The file is empty" in rejection(b"")


@pytest.mark.parametrize(
    "data",
    [
        b" ",
        b"\n\n\r\n\t ",
        "\u00a0\u2003\n".encode("utf-8"),
        b"\xef\xbb\xbf",
        "\ufeff \u200b\n".encode("utf-8"),
        "\u2067\u2069\u00ad\n".encode("utf-8"),  # bidi isolates and a soft hyphen: format characters
        "\u064e\u0651 \u0670".encode("utf-8"),  # Arabic marks without a letter to sit on
    ],
)
def test_a_whitespace_only_file_is_rejected_as_empty(data):
    assert "The file is empty" in rejection(data)


def test_a_file_over_the_limit_is_rejected_before_decoding():
    png_over_limit = b"\x89PNG\r\n\x1a\n" + bytes(LIMIT + MB)
    message = rejection(png_over_limit)
    # The size is reported, not the content: nothing was decoded or inspected.
    assert message.startswith("The file is 6 MB, which is over the 5 MB limit.")
    assert "binary" not in message


def test_the_size_message_uses_human_units():
    data = seed("001").encode("utf-8")  # about 16 KB
    message = rejection(data, max_bytes=10 * 1024)
    assert "15.8 KB" in message and "10 KB limit" in message


def test_a_file_one_byte_over_the_limit_shows_exact_byte_counts():
    data = seed("000").encode("utf-8")
    message = rejection(data, max_bytes=len(data) - 1)
    assert f"{len(data):,} bytes" in message and f"{len(data) - 1:,} bytes limit" in message


def test_a_file_exactly_at_the_limit_is_accepted():
    data = seed("000").encode("utf-8")
    assert decode_article(data, max_bytes=len(data)).text == seed("000")


def test_a_utf8_bom_is_removed():
    text = seed("002")
    decoded = decode_article(b"\xef\xbb\xbf" + text.encode("utf-8"), max_bytes=LIMIT)
    assert decoded.text == text
    assert not decoded.text.startswith("\ufeff")
    assert decoded.encoding == "utf-8"


def test_decomposed_latin_comes_back_nfc():
    decoded = decode_article("Cafe\u0301 de Paris".encode("utf-8"), max_bytes=LIMIT)
    assert decoded.text == "Caf\u00e9 de Paris"


def test_decomposed_arabic_hamza_comes_back_nfc():
    # أشتون as alef + combining hamza above, as some editors save it.
    decomposed = "وزير الدفاع الأمريكي ا\u0654شتون كارتر"
    decoded = decode_article(decomposed.encode("utf-8"), max_bytes=LIMIT)
    assert decoded.text == "وزير الدفاع الأمريكي أشتون كارتر"
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_line_endings_are_kept_as_they_are():
    text = "سطر أول\r\nسطر ثان\rسطر ثالث\n"
    assert decode_article(text.encode("utf-8"), max_bytes=LIMIT).text == text


def test_utf16_text_is_rejected_with_a_conversion_hint():
    message = rejection(seed("004").encode("utf-16"))
    assert "UTF-16" in message and "UTF-8" in message


def test_utf8_with_a_damaged_byte_is_rejected_with_its_position():
    data = seed("001").encode("utf-8")
    damaged = data[:3000] + b"\xff" + data[3000:]
    message = rejection(damaged)
    assert "almost UTF-8" in message and "byte 3,000" in message


def test_rejected_input_is_a_value_error():
    assert issubclass(RejectedInput, ValueError)
