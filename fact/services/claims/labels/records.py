"""The records of a labelled stance corpus: JSON Lines (one record a line) or CSV (a header of
COLUMNS, one record a row; an article's text may span lines in a quoted cell).

Each comes out as a LabelRecord (its file, line, and data loaded by schemas.claim_labels), or as
what is wrong with it; a bad record still names its claim when that much could be read, so that the
import leaves that claim out whole. What keeps a whole file from being read is one RejectedInput.
"""
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marshmallow import ValidationError

from fact.services.claims.intake.files import csv_rows, utf8_lines
from fact.services.ingest.inputs import field_messages, json_lines
from fact.text.decode import RejectedInput
from schemas.claim_labels import StanceLabelRecordSchema

FORMATS = ("csv", "jsonl")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
COLUMNS = ("claim", "claim_id", "article", "article_url", "article_title", "article_date", "outlet", "language",
           "stance", "rationale", "verdict")
_SCHEMA = StanceLabelRecordSchema()


@dataclass(frozen=True)
class LabelRecord:
    path: Path
    line: int
    data: dict | None  # schemas.claim_labels's, or None for a bad record
    problem: str | None = None
    claim: str | None = None  # the claim's text as given, even in a bad record, if it is a string

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def format_of(path: Path, given: str | None) -> str:
    return given or EXTENSIONS.get(path.suffix.lower(), "jsonl")


def label_records(path: Path, format_name: str | None, max_record_bytes: int) -> Iterator[LabelRecord]:
    """Every record of the file, checked; RejectedInput when it cannot be read as its format."""
    try:
        rows = _csv_rows(path, max_record_bytes) if format_of(path, format_name) == "csv" else json_lines(
            path, max_record_bytes)
        for number, raw in rows:
            yield _checked(path, number, raw)
    except OSError as error:
        raise RejectedInput(f"cannot be read ({error.strerror or error})") from error


def _checked(path: Path, number: int, raw: dict | str) -> LabelRecord:
    if isinstance(raw, str):
        return LabelRecord(path, number, None, raw)
    claim = raw.get("claim") if isinstance(raw.get("claim"), str) else None
    try:
        return LabelRecord(path, number, _SCHEMA.load(raw), claim=claim)
    except ValidationError as error:
        return LabelRecord(path, number, None, field_messages(error.messages), claim)


def _csv_rows(path: Path, max_record_bytes: int) -> Iterator[tuple[int, dict | str]]:
    """(line where the row starts, its cells by column, blank ones left out)."""
    csv.field_size_limit(max(csv.field_size_limit(), max_record_bytes))
    with path.open("rb") as stream:
        rows = csv.reader(utf8_lines(stream))
        try:
            header = [name.strip().lower() for name in next(rows, [])]
            if "claim" not in header or "stance" not in header:
                raise RejectedInput(f"the first line is no header with claim and stance columns "
                                    f"(columns: {', '.join(COLUMNS)})")
            for number, row in csv_rows(rows, header):
                yield number, row if isinstance(row, str) else {k: v for k, v in row.items() if k and v.strip()}
        except csv.Error as error:
            raise RejectedInput(f"line {rows.line_num}: not CSV we read ({error})") from error
