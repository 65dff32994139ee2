"""`flask fact ingest`: files, folders and JSON Lines in; whole files or nothing; clear per-file messages."""
import json
import os

import pytest
from sqlalchemy import func, select

from fact.extensions import db
from fact.models import Article, Outlet, Span
from tests.helpers import SEEDS


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def ingest(runner, *paths):
    return runner.invoke(args=["fact", "ingest", *map(str, paths)])


def test_ingesting_the_seeds_twice_leaves_five_articles(runner, seeded):
    assert count(Article) == 5
    assert "5 article(s) ingested, 0 already there, 0 file(s) rejected" in seeded.output

    again = ingest(runner, SEEDS)

    assert again.exit_code == 0
    assert count(Article) == 5
    assert "0 article(s) ingested, 5 already there" in again.output
    assert again.output.count("already ingested as article") == 5


def test_every_span_is_the_exact_slice_of_its_stored_article(seeded):
    articles = db.session.scalars(select(Article)).all()
    spans = db.session.scalars(select(Span)).all()
    texts = {a.id: a.text for a in articles}
    assert len(spans) > 100
    for span in spans:
        assert span.text == texts[span.article_id][span.start : span.end]


def test_the_manifest_gives_what_is_known_and_leaves_the_rest_empty(seeded):
    by_origin = {a.origin: a for a in db.session.scalars(select(Article))}
    first = by_origin["000_6948d7d5b2bd79c5.txt"]
    assert first.title.startswith("مصدر فرنسي")
    assert first.published_at.isoformat() == "2016-10-24"
    assert first.outlet is None and first.url is None

    assert by_origin["003_9b82c87fc8bf3d37.txt"].outlet.name == "الرأي برس"
    assert by_origin["003_9b82c87fc8bf3d37.txt"].title.startswith("أمريكا تقول")
    assert by_origin["004_167cec9cb5c4cf15.txt"].title is None  # its first line is a dateline
    assert by_origin["001_c2e5c0be16892a5a.txt"].title is None
    assert all(a.language == "ar" for a in by_origin.values())
    assert count(Outlet) == 2


def test_boilerplate_is_kept_and_flagged(seeded):
    flagged = set(
        db.session.scalars(select(Span.text).where(Span.is_boilerplate, Span.kind == "paragraph"))
    )
    assert "اضف تعليق" in flagged
    assert "إضافة تعليق" in flagged
    assert "موضوع التعليق" in flagged
    assert not any("كارتر" in text for text in flagged)


def test_a_file_without_a_manifest_takes_its_title_from_a_headline_first_line(runner, tmp_path):
    (tmp_path / "a.txt").write_text("عنوان الخبر القصير\nنص الخبر الأول. ونص آخر.\n", encoding="utf-8")

    assert ingest(runner, tmp_path / "a.txt").exit_code == 0

    article = db.session.scalar(select(Article))
    assert article.title == "عنوان الخبر القصير"
    assert article.origin == "a.txt"


def test_text_is_stored_nfc(runner, tmp_path):
    (tmp_path / "decomposed.txt").write_text("قال ا\u0654حمد: café\u0301 e\u0301.\n", encoding="utf-8")

    ingest(runner, tmp_path / "decomposed.txt")

    assert db.session.scalar(select(Article.text)) == "قال أحمد: café\u0301 é.\n"


def test_bad_files_are_rejected_one_by_one_and_good_ones_still_go_in(runner, app, tmp_path):
    app.config["FACT_MAX_ARTICLE_BYTES"] = 2000
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "big.txt").write_text("خبر " * 1000, encoding="utf-8")
    (tmp_path / "french.txt").write_bytes("Le ministre a déclaré à Paris qu'il était prêt.".encode("latin-1"))
    (tmp_path / "good.txt").write_text("خبر صحيح. وجملة ثانية.", encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert result.exit_code == 1
    errors = result.stderr
    for name in ("empty.txt", "blank.txt", "image.txt", "big.txt", "french.txt"):
        assert f"rejected {tmp_path / name}:" in errors
    assert "empty" in _line(errors, "empty.txt")
    assert "binary" in _line(errors, "image.txt")
    assert "2,000" in _line(errors, "big.txt")
    assert "UTF-8" in _line(errors, "french.txt")
    assert "1 article(s) ingested, 0 already there, 5 file(s) rejected" in result.stdout
    assert db.session.scalars(select(Article.origin)).all() == ["good.txt"]


def test_arabic_in_windows_1256_is_decoded(runner, tmp_path):
    text = "قال وزير الدفاع الفرنسي إن 13 دولة شاركت في الاجتماع.\nوأضاف أن المعركة صعبة."
    (tmp_path / "cp1256.txt").write_bytes(text.encode("cp1256"))

    assert ingest(runner, tmp_path / "cp1256.txt").exit_code == 0

    article = db.session.scalar(select(Article))
    assert article.text == text
    assert article.encoding == "windows-1256"


def test_jsonl_records_are_ingested_with_their_fields(runner, tmp_path):
    records = [
        {"text": "الخبر الأول. جملة.", "title": "عنوان", "url": "https://example.org/1",
         "outlet": "وكالة", "published_at": "2016-10-25", "language": "ar", "extra": "ignored"},
        {"text": "The second story, in English.", "language": "en"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")

    result = ingest(runner, path)

    assert result.exit_code == 0, result.output
    first, second = db.session.scalars(select(Article).order_by(Article.id)).all()
    assert (first.title, first.url, first.outlet.name, first.published_at.isoformat()) == (
        "عنوان", "https://example.org/1", "وكالة", "2016-10-25")
    assert first.origin == "batch.jsonl:1"
    assert second.language == "en" and second.title is None and second.outlet is None


def test_a_jsonl_file_with_one_bad_record_ingests_nothing(runner, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"text": "خبر سليم."}) + "\n"
        + json.dumps({"text": "خبر", "published_at": "yesterday"}) + "\n"
        + "{not json\n"
        + json.dumps({"title": "no text"}) + "\n",
        encoding="utf-8",
    )

    result = ingest(runner, path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rejected {path}:2: published_at: Not a valid date.",
        f"rejected {path}:3: not JSON (Expecting property name enclosed in double quotes)",
        f"rejected {path}:4: text: Missing data for required field.",
        f"rejected {path}: 3 bad record(s) of 4, nothing ingested (--per-record ingests the good ones)",
    ]
    assert "0 article(s) ingested, 0 already there, 1 file(s) rejected (3 bad record(s))" in result.stdout
    assert count(Article) == 0 and count(Span) == 0


def test_paths_that_are_not_articles_get_a_message(runner, tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty-folder").mkdir()

    result = ingest(runner, tmp_path / "notes.docx", tmp_path / "missing.txt", tmp_path / "empty-folder")

    assert result.exit_code == 1
    assert "notes.docx: not a .txt, .jsonl, .html, .htm, .warc or .warc.gz file" in result.stderr
    assert "missing.txt: no such file or folder" in result.stderr
    assert "empty-folder: no .txt, .jsonl, .html, .htm, .warc or .warc.gz files in this folder" in result.stderr


def test_a_duplicate_inside_one_run_is_skipped(runner, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("نفس الخبر. مرتين.", encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert "skipped" in result.output and "already ingested as article" in result.output
    assert count(Article) == 1


def _line(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if name in line)


def test_every_span_is_searchable_by_the_normalization_of_its_own_text(seeded):
    from fact.text.normalize import normalize_for_search

    spans = db.session.scalars(select(Span)).all()
    assert all(span.search_text == normalize_for_search(span.text) for span in spans)


def test_a_lone_surrogate_record_is_one_line_and_the_files_after_it_still_go_in(runner, tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "\\ud800"}\n{"text": "خبر سليم."}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("خبر صحيح. وجملة ثانية.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "خبر ثالث."}) + "\n", encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rejected {tmp_path / 'a.jsonl'}:1: text: Contains a lone surrogate (U+D800) at character 0, "
        "which is not a character; send the text as valid UTF-8.",
        f"rejected {tmp_path / 'a.jsonl'}: 1 bad record(s) of 2, nothing ingested (--per-record ingests the good ones)",
    ]
    assert "2 article(s) ingested, 0 already there, 1 file(s) rejected (1 bad record(s))" in result.stdout
    assert sorted(db.session.scalars(select(Article.origin))) == ["b.txt", "c.jsonl:1"]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("[" * 100_000 + "]" * 100_000, "not JSON we read (nested too deeply)"),
        ('{"text": "خبر", "n": ' + "1" * 5000 + "}", "not JSON we read (Exceeds the limit (4300 digits)"),
        ('["خبر"]', "not a JSON object"),
        ('{"text": "خبر", "title": {"nested": 1}}', "title: Not a valid string."),
    ],
    ids=["deeply-nested", "huge-integer", "not-an-object", "wrong-type"],
)
def test_a_record_json_cannot_give_us_is_one_line(runner, tmp_path, line, reason):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": "خبر سليم."}) + "\n" + line + "\n", encoding="utf-8")

    result = ingest(runner, path)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"rejected {path}:2: {reason}")
    assert len(result.stderr.splitlines()) == 2
    assert count(Article) == 0


def test_a_utf8_bom_before_the_first_record_is_read_as_utf8(runner, tmp_path):
    path = tmp_path / "excel.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "خبر سليم."}).encode() + b"\n")

    assert ingest(runner, path).exit_code == 0
    assert count(Article) == 1


def test_a_txt_file_with_an_encoded_surrogate_is_rejected_as_damaged_utf8(runner, tmp_path):
    text = "خبر صحيح. وجملة ثانية. " * 200
    (tmp_path / "cesu.txt").write_bytes(text.encode() + b"\xed\xa0\x80\n")  # U+D800 as CESU-8 writes it

    result = ingest(runner, tmp_path / "cesu.txt")

    assert result.exit_code == 1
    assert f"almost UTF-8 but contains invalid bytes (the first at byte {len(text.encode()):,})" in result.stderr
    assert count(Article) == 0


def test_a_bad_manifest_entry_rejects_its_own_file_alone(runner, tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [
        {"file": "long.txt", "title": "ع" * 1001},
        {"file": "tag.txt", "language": "ar-EG-u-nu-latn-ca-islamic"},
        {"file": "good.txt", "title": "عنوان", "language": "AR"},
    ]}), encoding="utf-8")
    for name, text in (("long.txt", "خبر أول."), ("tag.txt", "خبر ثان."), ("good.txt", "خبر ثالث.")):
        (tmp_path / name).write_text(text, encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert result.exit_code == 1
    assert _line(result.stderr, "long.txt").endswith("long.txt: manifest.json: title: Longer than maximum length 1000.")
    assert "tag.txt: manifest.json: language: A language tag of at most 16 characters" in result.stderr
    good = db.session.scalars(select(Article)).one()
    assert (good.origin, good.title, good.language) == ("good.txt", "عنوان", "ar")


def test_a_manifest_that_cannot_be_read_rejects_every_file_of_its_folder(runner, tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"title": "no file"}]}), encoding="utf-8")
    (tmp_path / "a.txt").write_text("خبر أول.", encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert result.exit_code == 1
    assert "manifest.json is not a valid manifest: an entry has no file name" in _line(result.stderr, "a.txt")
    assert count(Article) == 0


def test_a_file_name_that_is_not_utf8_is_ingested_with_its_origin_readable(runner, tmp_path):
    (tmp_path / os.fsdecode(b"\xff-caf\xe9.txt")).write_text("خبر صحيح. وجملة ثانية.", encoding="utf-8")

    result = ingest(runner, tmp_path)

    assert result.exit_code == 0, result.output
    assert f"ingested {tmp_path}/\\udcff-caf\\udce9.txt as article" in result.stdout
    assert db.session.scalar(select(Article.origin)) == "\ufffd-caf\ufffd.txt"


def test_per_record_a_bad_date_on_line_1501_rejects_that_record_alone(runner, tmp_path):
    records = [{"text": f"الخبر رقم {n}. جملة ثانية عن الحدث رقم {n}.", "published_at": "2016-10-25"}
               for n in range(1, 2872)]
    records[1500]["published_at"] = "2016-13-45"
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")

    result = ingest(runner, "--per-record", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"rejected {path}:1501: published_at: Not a valid date."]
    assert f"ingested {path}: 2870 new article(s), 0 already there" in result.stdout
    assert "2870 article(s) ingested, 0 already there, 0 file(s) rejected (1 bad record(s))" in result.stdout
    origins = set(db.session.scalars(select(Article.origin)))
    assert len(origins) == 2870 and "big.jsonl:1501" not in origins and "big.jsonl:2871" in origins


def test_per_record_bad_records_of_several_files_are_each_one_line_and_the_files_still_go_in(runner, tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"text": "خبر سليم."}) + "\n\n{not json\n" + json.dumps({"text": "\u0000"}) + "\n",
        encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "خبر ثان.", "language": "xx-invalid-tag"}) + "\n"
                                      + json.dumps({"text": "خبر ثالث."}) + "\n", encoding="utf-8")

    result = ingest(runner, "--per-record", tmp_path)

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        f"rejected {tmp_path / 'a.jsonl'}:3", f"rejected {tmp_path / 'a.jsonl'}:4", f"rejected {tmp_path / 'b.jsonl'}:1"]
    assert "2 article(s) ingested, 0 already there, 0 file(s) rejected (3 bad record(s))" in result.stdout
    assert sorted(db.session.scalars(select(Article.origin))) == ["a.jsonl:1", "b.jsonl:2"]


def test_per_record_a_file_of_only_bad_records_is_rejected(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")

    result = ingest(runner, "--per-record", path)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"rejected {path}: 2 bad record(s) of 2, nothing ingested"
    assert "0 article(s) ingested, 0 already there, 1 file(s) rejected (2 bad record(s))" in result.stdout
