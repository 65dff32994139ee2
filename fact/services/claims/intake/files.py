"""The records of a file of claims: CSV, JSON Lines, or schema.org ClaimReview (JSON-LD).

Each record is checked by the schema of POST /api/claims (schemas.claim_imports) and comes out as
(line or record number, its data, or what is wrong with it), so that the caller stores the good ones
and reports each bad one. What keeps the whole file from being read (it cannot be read, a CSV header
names no `text` column, a ClaimReview file is not JSON) is one RejectedInput.
"""
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marshmallow import ValidationError

from fact.services.claims.intake.claimreview import (FIELD_NAMES, VERDICT_FIELD_NAMES, claimreview_nodes,
                                                     claimreview_record, is_claimreview)
from fact.services.ingest.inputs import field_messages, json_line, json_lines
from fact.text.decode import RejectedInput
from schemas.claim_imports import ClaimRecordSchema

FORMATS = ("csv", "jsonl", "claimreview")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "claimreview", ".jsonld": "claimreview"}
# A CSV's columns: one claim and at most one appearance a row (a second row of the same claim adds one).
CSV_COLUMNS = ("text", "claimant", "claim_date", "language", "rating", "rating_source", "review_url",
               "url", "appeared_at", "author")

Record = tuple[int, dict | str]


@dataclass
class ClaimFile:
    """A file to import; `format` None: told by its name's end, else by its first characters."""

    path: Path
    format: str | None = None
    passed: int = field(default=0, init=False)  # ClaimReview: other nodes of the graph, passed over

    def records(self, max_record_bytes: int) -> Iterator[Record]:
        """Every record, checked; RejectedInput when the file cannot be read as its format at all."""
        try:
            kind = self.format or format_of(self.path)
            if kind == "csv":
                yield from _csv_records(self.path, max_record_bytes)
            elif kind == "jsonl":
                yield from _jsonl_records(self.path, max_record_bytes)
            else:
                yield from self._claimreview_records()
        except OSError as error:  # gone, unreadable, a folder
            raise RejectedInput(f"cannot be read ({error.strerror or error})") from error

    def _claimreview_records(self) -> Iterator[Record]:
        try:
            document = json.loads(self.path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise RejectedInput("not UTF-8 (JSON-LD must be UTF-8)") from error
        except (ValueError, RecursionError) as error:
            raise RejectedInput(f"not JSON we read ({getattr(error, 'msg', None) or error})") from error
        reviews, self.passed = claimreview_nodes(document)
        if not reviews:
            raise RejectedInput("no ClaimReview in it (a ClaimReview, a list of them, or an @graph)")
        for number, review in enumerate(reviews, start=1):
            yield number, checked(claimreview_record(review), theirs=True)


def format_of(path: Path) -> str:
    """csv, jsonl or claimreview: by how the name ends, else by the first character that is not a space."""
    if kind := EXTENSIONS.get(path.suffix.lower()):
        return kind
    with path.open("rb") as stream:
        head = stream.read(65_536).decode("utf-8-sig", "replace")
    start = head.lstrip()[:1]
    if start == "[":
        return "claimreview"
    if start == "{":  # one JSON object a line, or one object spread over lines
        first = head.lstrip().split("\n", 1)[0]
        return "jsonl" if isinstance(json_line(first.encode(), 2), dict) else "claimreview"
    return "csv"


_SCHEMA = ClaimRecordSchema()


def checked(raw: dict, theirs: bool = False) -> dict | str:
    """The record loaded by the schema, or its field messages (`theirs`: named as ClaimReview names them)."""
    try:
        return _SCHEMA.load(raw)
    except ValidationError as error:
        return field_messages(_renamed(error.messages) if theirs else error.messages)


def _renamed(messages: dict) -> dict:
    renamed = {}
    for name, errors in messages.items():
        if name == "outside_verdict" and isinstance(errors, dict):
            renamed.update({VERDICT_FIELD_NAMES.get(k, k): v for k, v in errors.items()})
        else:
            renamed[FIELD_NAMES.get(name, name)] = errors
    return renamed


def _jsonl_records(path: Path, max_record_bytes: int) -> Iterator[Record]:
    """Our records (POST /api/claims's body), or ClaimReview objects, one a line."""
    for number, loaded in json_lines(path, max_record_bytes):
        if isinstance(loaded, str):
            yield number, loaded
        elif is_claimreview(loaded):
            yield number, checked(claimreview_record(loaded), theirs=True)
        else:
            yield number, checked(loaded)


def _csv_records(path: Path, max_record_bytes: int) -> Iterator[Record]:
    """One claim a row, under a header of CSV_COLUMNS (in any order; `text` is required)."""
    csv.field_size_limit(max(csv.field_size_limit(), max_record_bytes))
    with path.open("rb") as stream:
        rows = csv.reader(utf8_lines(stream))
        try:
            header = [name.strip().lower() for name in next(rows, [])]
            if "text" not in header:
                raise RejectedInput(f"the first line is no header with a text column (columns: {', '.join(CSV_COLUMNS)})")
            unknown = sorted(set(header) - set(CSV_COLUMNS) - {""})
            if unknown:
                raise RejectedInput(f"unknown column(s) {', '.join(unknown)} (columns: {', '.join(CSV_COLUMNS)})")
            for number, row in csv_rows(rows, header):
                yield number, row if isinstance(row, str) else checked(_csv_record(row))
        except csv.Error as error:
            raise RejectedInput(f"line {rows.line_num}: not CSV we read ({error}); "
                                "the records before it were kept") from error


def csv_rows(rows, header: list[str]) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(the line a row starts on, its cells by column, or what is wrong with it) of the rows under
    `header` of a csv.reader; blank rows are passed over."""
    start = rows.line_num + 1
    for row in rows:
        number, start = start, rows.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield number, f"{len(row)} cells under a header of {len(header)} columns"
            continue
        yield number, dict(zip(header, row))


def utf8_lines(stream) -> Iterator[str]:
    """The file's lines as text, one at a time, so that a line that is not UTF-8 is named."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise RejectedInput(f"line {number} is not UTF-8 (CSV must be UTF-8); "
                                "the records before it were kept") from error


def _csv_record(row: dict[str, str]) -> dict:
    """A row as our record: blank cells are absent."""
    value = {name: cell.strip() for name, cell in row.items() if name and cell.strip()}
    record = {name: value[name] for name in ("text", "claimant", "claim_date", "language") if name in value}
    if "text" in row and "text" not in record:
        record["text"] = row["text"]  # blank: the schema says what is wrong with it
    if "rating" in value:
        verdict = {"rating": value["rating"], "source": value.get("rating_source"), "url": value.get("review_url")}
        record["outside_verdict"] = {k: v for k, v in verdict.items() if v is not None}
    elif "rating_source" in value or "review_url" in value:
        record["outside_verdict"] = {k: v for k, v in (("source", value.get("rating_source")),
                                                        ("url", value.get("review_url"))) if v}
    appearance = {k: value[c] for k, c in (("url", "url"), ("date", "appeared_at"), ("author", "author")) if c in value}
    if appearance:
        record["appearances"] = [appearance]
    return record
