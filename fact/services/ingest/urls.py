"""One key per page, whatever link to it was saved: the http and https twins of a page, with or
without `www.`, with tracking parameters or a fragment, are one URL.

courlan does the normalizing (case, default ports, percent-encoding, sorted query, trackers:
utm_*, fbclid, gclid and their kin); the key then drops what courlan keeps but a page never
depends on: the scheme, a leading `www.`, a fragment and a trailing slash.
"""
import hashlib
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url


def url_key(url: str | None) -> str | None:
    """The page's key (`example.com/a/b?id=3`), or None for no URL. Never raises: a URL courlan
    cannot read is keyed on its own lowercase text."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        normalized = normalize_url(url, strict=False, trailing_slash=False)
        parts = urlsplit(normalized)
    except ValueError:
        return url.lower()
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, "")).removeprefix("//") or url.lower()


def appearance_key(url_key_: str | None, outlet_id: int | None, origin: str | None) -> str:
    """What tells one appearance of an article from another, hashed to fit a unique index on both
    backends (a 2,000-character URL does not fit PostgreSQL's B-tree): the page when its URL is
    known, else the outlet, else where the record came from (a file name, `api`)."""
    if url_key_ is not None:
        identity = f"url {url_key_}"
    elif outlet_id is not None:
        identity = f"outlet {outlet_id}"
    else:
        identity = f"origin {origin or ''}"
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
