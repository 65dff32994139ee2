"""Running an export: into a directory that appears whole or not at all, or as a stream for the API."""
import io
import json
import os
import shutil
import tempfile
import uuid
from contextlib import suppress
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app

from fact.progress import progress, quiet
from fact.services.exports import rows, table
from fact.services.exports.card import ALL, Tally, build, readme
from fact.services.exports.formats import FORMATS, Format
from fact.services.exports.records import Settings
from fact.services.exports.splits import SPLITS, assign, group_sizes

STREAM_CHUNK = 64 * 1024


class ExportError(Exception):
    """The export cannot be made (an unknown format, a target that cannot be written)."""


@dataclass(frozen=True)
class ExportOptions:
    agreed_only: bool = False
    split: tuple[float, float, float] | None = None
    seed: int = 13
    author: str = "Fact-check annotators"


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise ExportError(f"Unknown format {name!r}: choose one of {', '.join(FORMATS)}.")
    return FORMATS[name]


def _plan(fmt: Format, options: ExportOptions) -> tuple[rows.Selection, Tally]:
    selection = rows.Selection(agreed_only=options.agreed_only, labelled=fmt.labelled, in_articles=fmt.in_articles)
    reading = fmt.reading(options.agreed_only) if fmt.reading else None
    assignment = None
    if options.split:
        sizes = group_sizes(selection if fmt.records else None, reading.claim_ids() if reading else None)
        assignment = assign(sizes, options.split, options.seed)
    return selection, Tally(assignment, reading)


def _records(fmt: Format, options: ExportOptions, selection, tally: Tally, on_rows=None):
    """The verdicts' records, then those of the format's own reading."""
    if fmt.records:
        claims = tally.count_claims(rows.claims(selection, on_rows, passages=fmt.passages))
        settings = Settings(author=options.author, public_url=current_app.config.get("FACT_PUBLIC_URL", ""))
        yield from _parts(fmt.records(claims, settings), tally)
    if tally.reading:
        yield from _parts(tally.reading.records(on_rows), tally)


def _parts(records, tally: Tally):
    for group, record in records:
        part = tally.part(group)
        tally.records[part] += 1
        yield part, record


def _count(fmt: Format, selection, tally: Tally) -> int:
    """How many rows the export reads: for the progress bar's total."""
    verdicts = 0
    if fmt.records:
        verdicts = (table.count_rows if _from_table(fmt) else rows.count_rows)(selection)
    return verdicts + (tally.reading.count() if tally.reading else 0)


def _from_table(fmt: Format) -> bool:
    return fmt.table is not None and table.supported()


def _items(fmt: Format, options: ExportOptions, selection, tally: Tally, on_rows=None):
    """(part, item) as the export is read, and the encoder method that takes an item: a record at a
    time, or for the flat table a batch of rows straight from the cursor."""
    if _from_table(fmt):
        return table.parts(selection, tally, lines=fmt.table == "lines", on_rows=on_rows), "write_rows"
    return _records(fmt, options, selection, tally, on_rows), "write"


def export_to_directory(name: str, out: Path, options: ExportOptions, show_progress: bool = True) -> dict:
    """Write out/<format>/ (one file, or train/dev/test files) with its card; returns the card.

    Everything is written into a temporary directory beside the target and renamed into place at
    the end: an export that fails or is interrupted leaves no partial file and the previous one intact.
    """
    fmt = get_format(name)
    target = Path(out) / fmt.name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{fmt.name}.", suffix=".partial", dir=target.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; the export is meant to be read
    except OSError as error:
        raise ExportError(f"Cannot write to {out}: {error.strerror or error}.") from error
    try:
        card = _write(fmt, staging, options, show_progress)
        _publish(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return card


def _write(fmt: Format, staging: Path, options: ExportOptions, show_progress: bool) -> dict:
    selection, tally = _plan(fmt, options)
    parts = SPLITS if options.split else (ALL,)
    files = {part: f"{'data' if part == ALL else part}.{fmt.extension}" for part in parts}
    handles = {part: open(staging / name, "wb") for part, name in files.items()}
    try:
        encoders = {part: fmt.encoder(handle, fmt.columns) for part, handle in handles.items()}
        bar = None
        if show_progress:  # counting costs a query: only for a bar someone sees
            total = None if quiet() else _count(fmt, selection, tally)
            bar = progress(total=total, unit="row", desc=f"export {fmt.name}")
        try:
            items, method = _items(fmt, options, selection, tally, bar.update if bar is not None else None)
            for part, item in items:
                getattr(encoders[part], method)(item)
        except BaseException:
            for encoder in encoders.values():
                with suppress(Exception):  # let a Parquet writer finish quietly before its file goes
                    encoder.close()
            raise
        finally:
            if bar is not None:
                bar.close()
        for encoder in encoders.values():
            encoder.close()
    finally:
        for handle in handles.values():
            handle.close()
    card = build(fmt, _options(options), files, tally)
    (staging / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (staging / "README.md").write_text(readme(card, fmt.task), encoding="utf-8")
    return card


def _options(options: ExportOptions) -> dict:
    values = asdict(options)
    values["split"] = list(options.split) if options.split else None
    return values


def _publish(staging: Path, target: Path) -> None:
    """Rename the finished export into place; the previous one goes only once the new one is there."""
    retired = None
    if target.exists():
        retired = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
        os.replace(target, retired)
    os.replace(staging, target)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)


class _Chunks(io.RawIOBase):
    """A write-only binary sink whose bytes are taken out in chunks for a streamed response."""

    def __init__(self):
        super().__init__()
        self.parts: list[bytes] = []
        self.size = self.written = 0

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.size += len(data)
        self.written += len(data)
        return len(data)

    def tell(self) -> int:
        return self.written

    def writable(self) -> bool:
        return True

    def take(self) -> bytes:
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def stream(name: str, options: ExportOptions, part: str | None = None) -> Iterator[bytes]:
    """The export's one file (or the `part` of a split) as chunks of bytes, written as it is read."""
    fmt = get_format(name)
    selection, tally = _plan(fmt, options)
    want = part if options.split else ALL
    sink = _Chunks()
    encoder = fmt.encoder(sink, fmt.columns)
    items, method = _items(fmt, options, selection, tally)
    write = getattr(encoder, method)
    for item_part, item in items:
        if item_part == want:
            write(item)
            if sink.size >= STREAM_CHUNK:
                yield sink.take()
    encoder.close()
    yield sink.take()

