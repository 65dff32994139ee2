"""`flask fact ingest` on saved pages and crawls: .html files, folders of them and WARC files; a page
without an article is one line; --per-record keeps a file's good records and reports each bad one."""
import gzip
import json
import shutil

import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article, Span
from tests.ingest.warcs import FIXTURES, page, write_warc

ARABIC_URL = "https://shaam-news.example/news/2016/10/18/moscow-aleppo-pause.html"
TAG_URL = "https://shaam-news.example/tag/aleppo"
ENGLISH_URL = "https://news.example.co.uk/world/madaya"


def ingest(runner, *args):
    return runner.invoke(args=["fact", "ingest", *map(str, args)])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def crawl(tmp_path, **options):
    """A crawl of 11 records: warcinfo (1), then a request and a response for each URL; the pages are
    responses 3 (Arabic), 5 (a tag page), 7 (an image), 9 (a redirect) and 11 (English)."""
    return write_warc(tmp_path / "crawl.warc.gz", [
        (ARABIC_URL, "200 OK", page("arabic-news.html")),
        (TAG_URL, "200 OK", page("tag-page.html")),
        ("https://shaam-news.example/logo.png", "200 OK|image/png", b"\x89PNG\r\n\x1a\n"),
        ("https://shaam-news.example/news", "301 Moved Permanently", b""),
        (ENGLISH_URL, "200 OK|application/xhtml+xml", page("english-news.html")),
    ], **options)


def test_a_folder_of_saved_pages_is_ingested_and_the_page_without_an_article_is_one_line(runner, tmp_path):
    for name in ("arabic-news.html", "english-news.html", "tag-page.html"):
        shutil.copy(FIXTURES / name, tmp_path / name.replace("english-news.html", "english-news.HTM"))

    result = ingest(runner, tmp_path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rejected {tmp_path / 'tag-page.html'}: no main text: trafilatura found no article on this page "
        "(a list of links, an archive or an empty page?)"]
    assert "2 article(s) ingested, 0 already there, 1 file(s) rejected" in result.stdout
    arabic, english = db.session.scalars(select(Article).order_by(Article.origin)).all()
    assert (arabic.origin, arabic.title, arabic.outlet.name, arabic.published_at.isoformat(), arabic.language) == (
        "arabic-news.html", "موسكو تعلن وقف الغارات على حلب لمدة 48 ساعة", "شبكة الشام الإخبارية",
        "2016-10-18", "ar")
    assert arabic.url == "https://www.shaam-news.example/news/politics/2016/10/18/moscow-aleppo-pause.html"
    assert (english.origin, english.outlet.name, english.language) == ("english-news.HTM", "news.example.co.uk", "en-GB")


def test_each_paragraph_of_a_page_is_a_paragraph_span_and_none_is_the_pages_clutter(runner, tmp_path):
    shutil.copy(FIXTURES / "arabic-news.html", tmp_path)

    assert ingest(runner, tmp_path / "arabic-news.html").exit_code == 0

    paragraphs = db.session.scalars(select(Span.text).where(Span.kind == "paragraph").order_by(Span.position)).all()
    assert len(paragraphs) == 6
    assert paragraphs[3].startswith("وأضاف رودسكوي أن نحو 275 ألف مدني")
    assert not any("فيسبوك" in p or "التعليقات" in p or "جميع الحقوق" in p for p in paragraphs)


def test_the_frames_of_a_page_saved_whole_are_not_ingested_as_pages(runner, tmp_path):
    shutil.copy(FIXTURES / "arabic-news.html", tmp_path / "news.html")
    (tmp_path / "news_files").mkdir()
    shutil.copy(FIXTURES / "tag-page.html", tmp_path / "news_files" / "ad-frame.html")
    (tmp_path / "news_files" / "main.css").write_text("body {}", encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert result.exit_code == 0, result.output
    assert "ad-frame" not in result.output
    assert db.session.scalars(select(Article.origin)).all() == ["news.html"]


def test_a_manifest_entry_wins_over_what_the_page_says(runner, tmp_path):
    shutil.copy(FIXTURES / "english-news.html", tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [
        {"file": "english-news.html", "outlet": "Example News", "published_at": "2016-01-12"}]}), encoding="utf-8")

    assert ingest(runner, tmp_path).exit_code == 0

    article = db.session.scalar(select(Article))
    assert (article.outlet.name, article.published_at.isoformat()) == ("Example News", "2016-01-12")
    assert article.title == "UN says aid convoy reached Madaya after three-month siege"


def test_a_crawl_with_a_page_without_an_article_is_rejected_whole_by_default(runner, tmp_path):
    path = crawl(tmp_path)

    result = ingest(runner, path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rejected {path}:5: {TAG_URL}: no main text: trafilatura found no article on this page "
        "(a list of links, an archive or an empty page?)",
        f"rejected {path}: 1 bad record(s) of 3, nothing ingested (--per-record ingests the good ones)",
    ]
    assert "0 article(s) ingested, 0 already there, 1 file(s) rejected (1 bad record(s))" in result.stdout
    assert count(Article) == 0 and count(Span) == 0


def test_per_record_a_crawl_gives_its_html_responses_with_their_target_uri(runner, tmp_path):
    path = crawl(tmp_path)

    result = ingest(runner, "--per-record", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"rejected {path}:5: {TAG_URL}: no main text: trafilatura found no "
                                          "article on this page (a list of links, an archive or an empty page?)"]
    assert f"ingested {path}: 2 new article(s), 0 already there" in result.stdout
    assert f"passed over {path}: 8 record(s) that are no HTML page" in result.stdout
    assert "2 article(s) ingested, 0 already there, 0 file(s) rejected (1 bad record(s))" in result.stdout
    found = db.session.execute(select(Article.origin, Article.url).order_by(Article.id)).all()
    assert found == [("crawl.warc.gz:3", ARABIC_URL), ("crawl.warc.gz:11", ENGLISH_URL)]


def test_per_record_a_second_run_finds_the_good_pages_already_there(runner, tmp_path):
    path = crawl(tmp_path, gzip=False).rename(tmp_path / "crawl.warc")
    ingest(runner, "--per-record", path)

    again = ingest(runner, "--per-record", path)

    assert "0 article(s) ingested, 2 already there, 0 file(s) rejected (1 bad record(s))" in again.stdout
    assert count(Article) == 2


def test_a_crawl_of_only_pages_without_articles_is_rejected_even_per_record(runner, tmp_path):
    path = write_warc(tmp_path / "tags.warc.gz", [(TAG_URL, "200 OK", page("tag-page.html"))])

    result = ingest(runner, "--per-record", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"rejected {path}: 1 bad record(s) of 1, nothing ingested"
    assert count(Article) == 0


def test_a_crawl_without_html_responses_says_so(runner, tmp_path):
    path = write_warc(tmp_path / "images.warc.gz", [("https://x.example/a.png", "200 OK|image/png", b"\x89PNG")])

    result = ingest(runner, path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"rejected {path}: no HTML pages among its 3 record(s)"]


@pytest.mark.parametrize("per_record", [False, True], ids=["whole-file", "per-record"])
def test_a_torn_crawl_is_one_line_and_per_record_keeps_the_pages_before_the_tear(runner, tmp_path, per_record):
    whole = crawl(tmp_path).read_bytes()
    path = tmp_path / "torn.warc.gz"
    path.write_bytes(whole[: len(whole) - 200])  # the last record (English) is cut

    result = ingest(runner, *(["--per-record"] if per_record else []), path)

    assert result.exit_code == 1
    torn = [line for line in result.stderr.splitlines() if "cannot be read past this point" in line]
    assert len(torn) == 1 and torn[0].startswith(f"rejected {path}:11: ")
    assert db.session.scalars(select(Article.origin)).all() == (["torn.warc.gz:3"] if per_record else [])


def test_a_file_that_is_not_warc_is_one_line(runner, tmp_path):
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some notes, not a crawl\n"))

    result = ingest(runner, path)

    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 2
    assert result.stderr.splitlines()[0] == f"rejected {path}:1: is not a WARC file (no WARC/1.0 or WARC/1.1 record here)"


def test_a_crawled_page_stored_gzip_encoded_is_read_as_its_html(runner, tmp_path):
    path = write_warc(tmp_path / "encoded.warc.gz", [(ARABIC_URL, "200 OK", gzip.compress(page("arabic-news.html")))],
                      encoding="gzip")

    result = ingest(runner, path)

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Article.title)) == "موسكو تعلن وقف الغارات على حلب لمدة 48 ساعة"
