"""Turn the paths a user names into articles to ingest: .txt files, .jsonl files and folders of them.

Each file is one unit of work: it yields its articles, or raises one RejectedInput that says what is
wrong (RejectedRecords: each bad JSON Lines record with its line), and the caller ingests all of a
file's articles or none. Nothing a file holds raises anything else: the run goes on to the next file.
"""
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marshmallow import ValidationError

from fact.services.ingest.articles import ArticleInput, InvalidArticle, prepare_article
from fact.text.decode import RejectedInput, decode_article
from schemas.ingest import ArticleRecordSchema, ManifestEntrySchema, ManifestSchema

MANIFEST_NAME = "manifest.json"
SUFFIXES = (".txt", ".jsonl")
_TITLE_MAX_CHARS = 200
_SENTENCE_END = tuple(".؟?!؛:")


class RejectedRecords(RejectedInput):
    """A JSON Lines file with bad records: `records` holds (line number, what is wrong) for each."""

    def __init__(self, records: list[tuple[int, str]], total: int):
        self.records = records
        super().__init__(f"{len(records)} bad record(s) of {total}, nothing ingested")


@dataclass
class InputFile:
    path: Path
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = self.path.stat().st_size

    def articles(self, max_bytes: int, max_record_bytes: int) -> Iterator[ArticleInput]:
        """The articles of this file. Raises RejectedInput for the whole file before yielding any.

        The limits are the API's: an article's text in UTF-8 (FACT_MAX_ARTICLE_BYTES), a JSON Lines
        record as a request body (MAX_CONTENT_LENGTH), so a record is refused where the API refuses it."""
        try:
            if self.path.suffix == ".jsonl":
                return _jsonl_articles(self.path, max_bytes, max_record_bytes)
            return iter([_txt_article(self.path, max_bytes)])
        except OSError as error:  # gone, unreadable, a folder named *.txt
            raise RejectedInput(f"cannot be read ({error.strerror or error})") from error


def collect(paths: list[Path]) -> Iterator[InputFile | RejectedInput]:
    """The files to ingest below `paths`, in name order; what cannot be read is a RejectedInput."""
    _manifest.cache_clear()  # a manifest edited since the last run counts
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
            if not found:
                yield RejectedInput(f"{path}: no .txt or .jsonl files in this folder")
            yield from map(_input_file, found)
        elif not path.exists():
            yield RejectedInput(f"{path}: no such file or folder")
        elif path.suffix not in SUFFIXES:
            yield RejectedInput(f"{path}: not a .txt or .jsonl file")
        else:
            yield _input_file(path)


def _input_file(path: Path) -> InputFile | RejectedInput:
    try:
        return InputFile(path)
    except OSError as error:
        return RejectedInput(f"{path}: cannot be read ({error.strerror or error})")


def _txt_article(path: Path, max_bytes: int) -> ArticleInput:
    decoded = decode_article(_read(path, max_bytes), max_bytes=max_bytes)
    known = _manifest(path.parent.resolve()).get(path.name, {})
    if isinstance(known, str):
        raise RejectedInput(known)
    title = known["title"] if "title" in known else guess_title(decoded.text)
    return prepare_article(ArticleInput(
        text=decoded.text,
        title=title,
        url=known.get("url"),
        outlet_name=known.get("outlet_name"),
        published_at=known.get("published_at"),
        language=known.get("language", "ar"),
        origin=_readable_name(path),
        encoding=decoded.encoding,
    ), max_bytes=max_bytes)


def _jsonl_articles(path: Path, max_bytes: int, max_record_bytes: int) -> Iterator[ArticleInput]:
    """Check every record first (nothing is kept), then read them again one by one: memory stays flat."""
    problems, total = [], 0
    for number, record in _records(path, max_record_bytes, max_bytes):
        total += 1
        if isinstance(record, str):
            problems.append((number, record))
    if problems:
        raise RejectedRecords(problems, total)
    if not total:
        raise RejectedInput("the file is empty")
    return _checked(_records(path, max_record_bytes, None))  # ingest_articles prepares them


def _checked(records: Iterator[tuple[int, ArticleInput | str]]) -> Iterator[ArticleInput]:
    """The records again, as the check found them; a file changed or gone since is rejected whole."""
    try:
        for number, record in records:
            if isinstance(record, str):
                raise RejectedRecords([(number, record)], number)
            yield record
    except OSError as error:
        raise RejectedInput(f"cannot be read ({error.strerror or error})") from error


def _records(path: Path, max_record_bytes: int,
             max_bytes: int | None) -> Iterator[tuple[int, ArticleInput | str]]:
    """(line number, the article, or what is wrong with it) for every non-blank line; each article is
    prepared (checked) unless max_bytes, its text's limit, is None."""
    schema, name = ArticleRecordSchema(), _readable_name(path)
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_record_bytes:
                yield number, f"the record is over the limit of {max_record_bytes:,} bytes of a request body"
                continue
            yield number, _record(raw, number, name, schema, max_bytes)


def _record(raw: bytes, number: int, file_name: str, schema: ArticleRecordSchema,
            max_bytes: int | None) -> ArticleInput | str:
    try:
        loaded = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError:
        return "not UTF-8 (JSON Lines must be UTF-8)"
    except json.JSONDecodeError as error:
        return f"not JSON ({error.msg})"
    except RecursionError:
        return "not JSON we read (nested too deeply)"
    except ValueError as error:  # what json refuses past its syntax, such as an integer of 5,000 digits
        return f"not JSON we read ({error})"
    if not isinstance(loaded, dict):
        return "not a JSON object"
    try:
        article = ArticleInput(origin=f"{file_name}:{number}", line=number, **schema.load(loaded))
        return article if max_bytes is None else prepare_article(article, max_bytes=max_bytes)
    except ValidationError as error:
        return _field_messages(error.messages)
    except InvalidArticle as error:
        return str(error)


def _readable_name(path: Path) -> str:
    """The file's name as text: bytes of a name that are not UTF-8 (Python keeps them as lone
    surrogates) become U+FFFD, so that the origin can be stored."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
def _manifest(folder: Path) -> dict[str, dict | str]:
    """File name -> what the manifest knows of it, or what is wrong with its entry (that file is
    rejected; the others are not). A manifest that cannot be read rejects every file of the folder."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        loaded = ManifestSchema().load(json.loads(path.read_text("utf-8")))
        names = [entry["file"] for entry in loaded["articles"]]
        if not all(isinstance(name, str) for name in names):
            raise ValidationError({"articles": ["Every entry needs its file name as a string."]})
    except (OSError, ValueError, RecursionError, KeyError, ValidationError) as error:
        messages = _field_messages(error.messages) if isinstance(error, ValidationError) else _reason(error)
        raise RejectedInput(f"{path} is not a valid manifest: {messages}") from error
    entries: dict[str, dict | str] = {}
    schema = ManifestEntrySchema()
    for name, entry in zip(names, loaded["articles"]):
        try:
            entries[name] = schema.load(entry)
        except ValidationError as error:
            entries[name] = f"{MANIFEST_NAME}: {_field_messages(error.messages)}"
        else:
            del entries[name]["file"]
    return entries


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return "an entry has no file name"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return getattr(error, "strerror", None) or str(error)


def _field_messages(messages: dict | list, prefix: str = "") -> str:
    """marshmallow's messages as `field: message; field: message`, nested ones as `field.key: ...`."""
    if isinstance(messages, dict):
        return "; ".join(_field_messages(errors, f"{prefix}{name}.") for name, errors in messages.items())
    return f"{prefix.removesuffix('.')}: {' '.join(map(str, messages))}"
