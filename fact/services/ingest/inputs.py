"""Turn the paths a user names into articles to ingest: .txt, .jsonl, .html/.htm and WARC (.warc,
.warc.gz) files, and folders of them.

Each file is one unit of work by default: it yields its articles, or raises one RejectedInput that says
what is wrong (RejectedRecords: each bad record with its line or record number), and the caller ingests
all of a file's articles or none. In per-record mode each record of a .jsonl or WARC file is a unit:
the good ones are yielded and the bad ones gathered in Articles.rejected. Nothing a file holds raises
anything else: the run goes on to the next file.
"""
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marshmallow import ValidationError

from fact.services.ingest.articles import ArticleInput, InvalidArticle, prepare_article
from fact.services.ingest.pages import Page, read_page, warc_records
from fact.services.ingest.records import Articles, Record, RejectedRecords
from fact.text.decode import RejectedInput, decode_article
from schemas.ingest import ArticleRecordSchema, ManifestEntrySchema, ManifestSchema

MANIFEST_NAME = "manifest.json"
# How a file's name ends (any case) -> how it is read.
KINDS = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html", ".warc": "warc", ".warc.gz": "warc"}
_NAMES = ".txt, .jsonl, .html, .htm, .warc or .warc.gz"
_TITLE_MAX_CHARS = 200
_SENTENCE_END = tuple(".؟?!؛:")


@dataclass
class InputFile:
    path: Path
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = self.path.stat().st_size

    def articles(self, max_bytes: int, max_record_bytes: int, *, per_record: bool = False) -> Articles:
        """The articles of this file. A file of one article raises RejectedInput before yielding any.

        The limits are the API's: an article's text in UTF-8 (FACT_MAX_ARTICLE_BYTES), a JSON Lines
        record as a request body (MAX_CONTENT_LENGTH), so a record is refused where the API refuses it;
        an HTML page (a file, or a WARC record's payload) has the limit of a request body too."""
        try:
            kind = kind_of(self.path)
            if kind == "jsonl":
                return _jsonl_articles(self.path, max_bytes, max_record_bytes, per_record)
            if kind == "warc":
                return Articles(_warc_records(self.path, max_bytes, max_record_bytes), per_record,
                                empty="no HTML pages among its {passed:,} record(s)")
            if kind == "html":
                return Articles.one(_html_article(self.path, max_bytes, max_record_bytes))
            return Articles.one(_txt_article(self.path, max_bytes))
        except OSError as error:  # gone, unreadable, a folder named *.txt
            raise RejectedInput(f"cannot be read ({error.strerror or error})") from error


def kind_of(path: Path) -> str | None:
    """How the file is read, by how its name ends: txt, jsonl, html, warc, or None."""
    name = path.name.lower()
    return next((kind for end, kind in KINDS.items() if name.endswith(end)), None)


def collect(paths: list[Path]) -> Iterator[InputFile | RejectedInput]:
    """The files to ingest below `paths`, in name order; what cannot be read is a RejectedInput."""
    _manifest.cache_clear()  # a manifest edited since the last run counts
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p) and not _saved_page_part(p))
            if not found:
                yield RejectedInput(f"{path}: no {_NAMES} files in this folder")
            yield from map(_input_file, found)
        elif not path.exists():
            yield RejectedInput(f"{path}: no such file or folder")
        elif not kind_of(path):
            yield RejectedInput(f"{path}: not a {_NAMES} file")
        else:
            yield _input_file(path)


def _saved_page_part(path: Path) -> bool:
    """A frame of a page a browser saved whole (page.html beside page_files/): an ad, a widget."""
    for folder in path.parents:
        if folder.name.endswith("_files"):
            stem = folder.name.removesuffix("_files")
            if any((folder.parent / f"{stem}{end}").exists() for end in (".html", ".htm")):
                return True
    return False


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
        origin=readable_name(path),
        encoding=decoded.encoding,
    ), max_bytes=max_bytes)


def _html_article(path: Path, max_bytes: int, max_page_bytes: int) -> ArticleInput:
    known = _manifest(path.parent.resolve()).get(path.name, {})
    if isinstance(known, str):
        raise RejectedInput(known)
    page = read_page(_read(path, max_page_bytes))
    return prepare_article(_page_article(page, readable_name(path), known), max_bytes=max_bytes)


def _warc_records(path: Path, max_bytes: int, max_page_bytes: int) -> Iterator[Record]:
    """Each HTML response of the WARC as an article (origin `name:record`), or what is wrong with it,
    with its WARC-Target-URI; None for the records that are no page."""
    name = readable_name(path)
    with path.open("rb") as stream:
        for item in warc_records(stream, max_page_bytes):
            if item is None or isinstance(item, tuple):
                yield item
                continue
            try:
                page = read_page(item.html, url=item.url, charset=item.charset)
                yield item.number, prepare_article(_page_article(page, f"{name}:{item.number}", {}),
                                                   max_bytes=max_bytes)
            except RejectedInput as error:  # InvalidArticle is one
                yield item.number, f"{item.url}: {error}" if item.url else str(error)


def _page_article(page: Page, origin: str, known: dict) -> ArticleInput:
    """The page's article; what a manifest knows of the file wins over what the page says."""
    found = {"title": page.title, "url": page.url, "outlet_name": page.outlet_name,
             "published_at": page.published_at, "language": page.language or "ar"}
    return ArticleInput(text=page.text, origin=origin, encoding=page.encoding,
                        **{name: known.get(name, value) for name, value in found.items()})


def _jsonl_articles(path: Path, max_bytes: int, max_record_bytes: int, per_record: bool) -> Articles:
    """Per record: one pass. Whole file: check every record first (nothing is kept), then read them
    again one by one, so that memory stays flat and a bad record is known before anything is stored."""
    if per_record:
        return Articles(_records(path, max_record_bytes, max_bytes), per_record=True)
    problems, total = [], 0
    for number, record in _records(path, max_record_bytes, max_bytes):
        total += 1
        if isinstance(record, str):
            problems.append((number, record))
    if problems:
        raise RejectedRecords(problems, total)
    if not total:
        raise RejectedInput("the file is empty")
    return Articles(_records(path, max_record_bytes, None))  # ingest_articles prepares them


def _records(path: Path, max_record_bytes: int,
             max_bytes: int | None) -> Iterator[tuple[int, ArticleInput | str]]:
    """(line number, the article, or what is wrong with it) for every non-blank line; each article is
    prepared (checked) unless max_bytes, its text's limit, is None."""
    schema, name = ArticleRecordSchema(), readable_name(path)
    for number, loaded in json_lines(path, max_record_bytes):
        yield number, loaded if isinstance(loaded, str) else _record(loaded, number, name, schema, max_bytes)


def json_lines(path: Path, max_record_bytes: int) -> Iterator[tuple[int, dict | str]]:
    """(line number, the JSON object, or what keeps the line from being one) for every non-blank line."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_record_bytes:
                yield number, f"the record is over the limit of {max_record_bytes:,} bytes of a request body"
                continue
            yield number, json_line(raw, number)


def json_line(raw: bytes, number: int) -> dict | str:
    """The JSON object of line `number` of a JSON Lines file, or what keeps it from being one."""
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
    return loaded if isinstance(loaded, dict) else "not a JSON object"


def _record(loaded: dict, number: int, file_name: str, schema: ArticleRecordSchema,
            max_bytes: int | None) -> ArticleInput | str:
    try:
        article = ArticleInput(origin=f"{file_name}:{number}", line=number, **schema.load(loaded))
        return article if max_bytes is None else prepare_article(article, max_bytes=max_bytes)
    except ValidationError as error:
        return field_messages(error.messages)
    except InvalidArticle as error:
        return str(error)


def readable_name(path: Path) -> str:
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
        messages = field_messages(error.messages) if isinstance(error, ValidationError) else _reason(error)
        raise RejectedInput(f"{path} is not a valid manifest: {messages}") from error
    entries: dict[str, dict | str] = {}
    schema = ManifestEntrySchema()
    for name, entry in zip(names, loaded["articles"]):
        try:
            entries[name] = schema.load(entry)
        except ValidationError as error:
            entries[name] = f"{MANIFEST_NAME}: {field_messages(error.messages)}"
        else:
            del entries[name]["file"]
    return entries


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return "an entry has no file name"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return getattr(error, "strerror", None) or str(error)


def field_messages(messages: dict | list, prefix: str = "") -> str:
    """marshmallow's messages as `field: message; field: message`, nested ones as `field.key: ...`."""
    if isinstance(messages, dict):
        return "; ".join(field_messages(errors, f"{prefix}{name}.") for name, errors in messages.items())
    return f"{prefix.removesuffix('.')}: {' '.join(map(str, messages))}"
