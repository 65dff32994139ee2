"""Saved pages and crawls: an HTML page's main text, title, date and site name (trafilatura, which
dates pages with htmldate), and the HTML responses of a WARC file (warcio).

Users have saved pages and crawls, not clean text: trafilatura keeps the article and drops the menus,
share widgets, comments and footers around it, one paragraph a line, so segmentation sees them.
"""
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO
from urllib.parse import urlsplit

import trafilatura
from lxml.etree import LxmlError
from lxml.html import HtmlElement
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from fact.text.decode import RejectedInput, decode_article

HTML_TYPES = ("text/html", "application/xhtml+xml")
NO_MAIN_TEXT = "no main text: trafilatura found no article on this page (a list of links, an archive or an empty page?)"
# The labels a browser reads as windows-1252 (WHATWG Encoding): pages that say latin-1 mean that.
_WINDOWS_1252 = {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1", "l1", "cp819"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """What an HTML page gives an article. `language` is the page's lang attribute, if any."""

    text: str
    title: str | None
    url: str | None
    outlet_name: str | None
    published_at: date | None
    language: str | None
    encoding: str


def read_page(html: bytes, *, url: str | None = None, charset: str | None = None) -> Page:
    """The article of one HTML page, or RejectedInput. `url` (a WARC record's target) wins over the
    page's canonical link; `charset` (an HTTP header's) over the page's own <meta charset>."""
    decoded, encoding = _decode(html, charset)
    tree = load_html(decoded)
    if tree is None:
        raise RejectedInput("not an HTML page we can read")
    page_url = url or _canonical(tree)
    language = _language(tree)
    try:
        document = trafilatura.bare_extraction(
            tree, url=page_url, with_metadata=True, include_comments=False, favor_precision=True,
            date_extraction_params=_date_params())
    except (ValueError, TypeError, RecursionError, LxmlError) as error:  # what lxml refuses deep inside
        raise RejectedInput(f"trafilatura could not read this page ({type(error).__name__}: {error})") from error
    if document is None:
        raise RejectedInput(NO_MAIN_TEXT)
    title = _clean(document.title)
    lines = [line.strip() for line in (document.text or "").splitlines()]
    body = [line for line in lines if line]
    if not [line for line in body if line != title]:  # only the headline: a tag page, an archive
        raise RejectedInput(NO_MAIN_TEXT)
    page_url = page_url or _absolute(document.url)
    return Page(
        text="\n".join(body), title=title, url=page_url, outlet_name=_outlet(document.sitename, page_url),
        published_at=date.fromisoformat(document.date) if document.date else None,
        language=language, encoding=encoding)


@dataclass(frozen=True)
class WarcPage:
    """One HTML response of a WARC file: its record number (1-based, among all its records), its
    WARC-Target-URI, and its payload with the charset its HTTP header names."""

    number: int
    url: str | None
    html: bytes
    charset: str | None


def warc_records(stream: BinaryIO, max_page_bytes: int) -> Iterator[WarcPage | tuple[int, str] | None]:
    """Every record of a WARC (.warc or .warc.gz): a WarcPage for an HTML response, (number, what is
    wrong) for a page over the limit or a file that cannot be read further (the last item then), and
    None for a record that is no page (warcinfo, requests, metadata, redirects, images, scripts)."""
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.format != "warc":  # warcio reads any text as ARC, the older format
                yield number, "is not a WARC file (no WARC/1.0 or WARC/1.1 record here)"
                return
            if not _is_html_response(record):
                yield None
                continue
            html = record.content_stream().read(max_page_bytes + 1)
            if len(html) > max_page_bytes:
                yield number, f"the page is over the limit of {max_page_bytes:,} bytes"
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:  # the file ends inside this record
                yield number, f"cannot be read past this point (the record is cut short by {record.raw_stream.limit:,} bytes)"
                return
            content_type = record.http_headers.get_header("Content-Type") or ""
            yield WarcPage(number, _target(record), html, _header_charset(content_type))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:  # torn gzip, not WARC at all
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        where = "is not a WARC file" if number == 0 else "cannot be read past this point"
        yield number + 1, f"{where} ({reason})"


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status.startswith("2") and content_type in HTML_TYPES


def _target(record) -> str | None:
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    return uri or None


def _header_charset(content_type: str) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([-\w.:]+)", content_type, re.IGNORECASE)
    return found.group(1) if found else None


def _decode(html: bytes, charset: str | None) -> tuple[str, str]:
    """UTF-8 when the bytes are UTF-8; else the charset declared (HTTP header, then <meta>), when it
    decodes them; else what decode_article finds (Windows-1256 Arabic) or its clear refusal."""
    try:
        return html.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(html[:4096])
    for label in (charset, found.group(1).decode("ascii", "ignore") if found else None):
        if not label:
            continue
        label = "windows-1252" if label.lower() in _WINDOWS_1252 else label
        try:
            name = codecs.lookup(label).name
            return html.decode(name), _encoding_name(name)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        decoded = decode_article(html, max_bytes=len(html))
    except RejectedInput as error:
        if str(error).startswith("The file is not UTF-8"):  # its advice is for a text file
            raise RejectedInput("not UTF-8, and the page names no charset (HTTP header or <meta>) that "
                                "decodes it") from error
        raise
    return decoded.text, decoded.encoding


def _encoding_name(codec: str) -> str:
    """Python's codec name as the WHATWG label an Article's encoding holds (cp1256 -> windows-1256)."""
    return f"windows-{codec[2:]}" if re.fullmatch(r"cp125\d", codec) else codec.replace("_", "-")


def _canonical(tree: HtmlElement) -> str | None:
    """The page's own address: its canonical link, else its og:url (both absolute http(s) only)."""
    for xpath in ('//head//link[@rel="canonical"]/@href', '//head//meta[@property="og:url"]/@content'):
        for value in tree.xpath(xpath):
            if found := _absolute(value):
                return found
    return None


def _absolute(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None


def _language(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        values = tree.xpath('//head//meta[@http-equiv="content-language" or @http-equiv="Content-Language"]/@content')
        lang = values[0].split(",")[0] if values else None
    return (lang.strip() or None) if lang else None


def _outlet(site_name: str | None, url: str | None) -> str | None:
    """The site's name as the page gives it, else its host (without www.)."""
    name = _clean(site_name) or (urlsplit(url).hostname if url else None)
    if name and name.lower().startswith("www."):
        name = name[4:]
    return name or None


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _date_params() -> dict:
    """htmldate's original (first published) date from the markup, the URL and the page's date
    elements; not its extensive search of the text, which reads a footer's copyright year as a date."""
    return set_date_params(extensive=False)

