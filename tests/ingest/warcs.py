"""Small WARC files written with warcio, as a crawler writes them: warcinfo, then a request and a
response per URL, and the records that are no page (images, redirects, metadata)."""
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def write_warc(path: Path, responses: list[tuple[str, str, bytes]], *, gzip: bool = True,
               encoding: str | None = None) -> Path:
    """`responses`: (URL, the status such as "200 OK", with "|content/type" after it when not HTML,
    payload). Each response follows its request record, as crawls write them; `encoding` is the
    payloads' Content-Encoding, if any."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests", "format": "WARC 1.0"}))
        for url, status, payload in responses:
            code, _, content_type = status.partition("|")
            writer.write_record(writer.create_warc_record(
                url, "request", payload=BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True)))
            headers = [("Content-Type", content_type or "text/html; charset=utf-8")]
            if encoding:
                headers.append(("Content-Encoding", encoding))
            if code.startswith("3"):
                headers.append(("Location", url + "/"))
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(payload),
                http_headers=StatusAndHeaders(code, headers, protocol="HTTP/1.1")))
    return path
