"""Turn the paths a user names into articles to ingest: .txt files, .jsonl files and folders of them.

Each file is one unit of work: it yields its articles, or one RejectedInput that says what is wrong,
and the caller ingests all of a file's articles or none.
"""
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marshmallow import ValidationError

from fact.services.ingest import ArticleInput
from fact.text.decode import RejectedInput, decode_article
from schemas.ingest import ArticleRecordSchema, ManifestSchema

MANIFEST_NAME = "manifest.json"
SUFFIXES = (".txt", ".jsonl")
_TITLE_MAX_CHARS = 200
_SENTENCE_END = tuple(".؟?!؛:")


@dataclass
class SourceFile:
    path: Path
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = self.path.stat().st_size

    def articles(self, max_bytes: int) -> Iterator[ArticleInput]:
        """The articles of this file. Raises RejectedInput for the whole file before yielding any."""
        if self.path.suffix == ".jsonl":
            return _jsonl_articles(self.path, max_bytes)
        return iter([_txt_article(self.path, max_bytes)])


def collect(paths: list[Path]) -> Iterator[SourceFile | RejectedInput]:
    """The files to ingest below `paths`, in name order; what cannot be read is a RejectedInput."""
    _manifest.cache_clear()  # a manifest edited since the last run counts
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
            if not found:
                yield RejectedInput(f"{path}: no .txt or .jsonl files in this folder")
            yield from (SourceFile(p) for p in found)
        elif not path.exists():
            yield RejectedInput(f"{path}: no such file or folder")
        elif path.suffix not in SUFFIXES:
            yield RejectedInput(f"{path}: not a .txt or .jsonl file")
        else:
            yield SourceFile(path)


def _txt_article(path: Path, max_bytes: int) -> ArticleInput:
    decoded = decode_article(_read(path, max_bytes), max_bytes=max_bytes)
    known = _manifest(path.parent.resolve()).get(path.name, {})
    title = known["title"] if "title" in known else guess_title(decoded.text)
    return ArticleInput(
        text=decoded.text,
        title=title,
        url=known.get("url"),
        outlet_name=known.get("outlet_name"),
        published_at=known.get("published_at"),
        language=known.get("language", "ar"),
        origin=path.name,
        encoding=decoded.encoding,
    )


def _jsonl_articles(path: Path, max_bytes: int) -> Iterator[ArticleInput]:
    """Check every record first (nothing is kept), then read them again one by one: memory stays flat."""
    problems, valid = [], 0
    for _number, record in _records(path, max_bytes):
        if isinstance(record, str):
            problems.append(record)
        else:
            valid += 1
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise RejectedInput(f"{len(problems)} bad record(s), nothing ingested: " + "; ".join(problems[:5]) + more)
    if not valid:
        raise RejectedInput("the file is empty")
    return (ArticleInput(origin=f"{path.name}:{number}", **record) for number, record in _records(path, max_bytes))


def _records(path: Path, max_bytes: int) -> Iterator[tuple[int, dict | str]]:
    """(line number, the loaded record or what is wrong with it) for every non-blank line."""
    schema = ArticleRecordSchema()
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield number, f"line {number}: the record is over the limit of {max_bytes:,} bytes"
                continue
            try:
                record = schema.load(json.loads(raw.decode("utf-8")))
            except UnicodeDecodeError:
                yield number, f"line {number}: not UTF-8 (JSON Lines must be UTF-8)"
            except json.JSONDecodeError as error:
                yield number, f"line {number}: not JSON ({error.msg})"
            except ValidationError as error:
                yield number, f"line {number}: {_field_messages(error.messages)}"
            else:
                yield number, record if record["text"].strip() else f"line {number}: text is empty"


def guess_title(text: str) -> str | None:
    """The first line, when it reads as a headline: short, not a sentence, and followed by more text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first) > _TITLE_MAX_CHARS or first.endswith(_SENTENCE_END):
        return None
    return first


def _read(path: Path, max_bytes: int) -> bytes:
    if path.stat().st_size > max_bytes:
        raise RejectedInput(f"the file has {path.stat().st_size:,} bytes, over the limit of {max_bytes:,}")
    return path.read_bytes()


@lru_cache(maxsize=64)
def _manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        loaded = ManifestSchema().load(json.loads(path.read_text("utf-8")))
    except (ValueError, ValidationError) as error:
        messages = error.messages if isinstance(error, ValidationError) else str(error)
        raise RejectedInput(f"{path} is not a valid manifest: {messages}") from error
    return {entry.pop("file"): entry for entry in loaded["articles"]}


def _field_messages(messages: dict) -> str:
    return "; ".join(f"{name}: {' '.join(map(str, errs)) if isinstance(errs, list) else errs}" for name, errs in messages.items())
