"""`flask fact claims import`: CSV, JSON Lines and ClaimReview in; one claim per normalized text; each bad
record one line, the good ones kept; a second run adds nothing."""
import json
from pathlib import Path

from sqlalchemy import select

from fact.extensions import db
from fact.models import Claim, ClaimAppearance, ClaimOrigin, Label
from tests.helpers import count

FEED = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "claimreview_feed.jsonld"
HEADER = "text,claimant,claim_date,language,rating,rating_source,review_url,url,appeared_at,author\n"


def run(runner, *args):
    return runner.invoke(args=["fact", "claims", "import", *map(str, args)])


def imported() -> list[Claim]:
    return list(db.session.scalars(select(Claim).where(Claim.origin == ClaimOrigin.imported).order_by(Claim.id)))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_of_claims_is_imported_with_its_claimant_date_language_rating_and_appearance(runner, tmp_path):
    path = write(tmp_path, "tips.csv", HEADER +
                 '"الحكومة ألغت امتحانات الثانوية العامة هذا العام",وزير سابق,2024-05-02,ar,كاذب,فتبينوا,'
                 'https://fatabyyano.example/exams,https://www.facebook.com/posts/1,2024-05-02,صفحة أخبار\n'
                 '"Schools close on Monday",,,en,,,,,,\n')

    result = run(runner, path)

    assert result.exit_code == 0, result.output
    assert "2 claim(s) created, 0 merged into claims already there (0 new appearance(s)), 0 already there, " \
           "0 record(s) rejected" in result.output
    exams, schools = imported()
    assert (exams.text, exams.claimant, exams.claim_date.isoformat(), exams.language) == (
        "الحكومة ألغت امتحانات الثانوية العامة هذا العام", "وزير سابق", "2024-05-02", "ar")
    assert (exams.outside_rating, exams.outside_source, exams.outside_url, exams.outside_label) == (
        "كاذب", "فتبينوا", "https://fatabyyano.example/exams", Label.disputed)
    assert exams.article_id is None and exams.start is None and exams.end is None
    [seen] = exams.appearances
    assert (seen.url, seen.url_key, seen.appeared_at.isoformat(), seen.author, seen.source) == (
        "https://www.facebook.com/posts/1", "facebook.com/posts/1", "2024-05-02", "صفحة أخبار", "tips.csv:2")
    assert schools.outside_rating is None and schools.outside_label is None
    assert [a.source for a in schools.appearances] == ["tips.csv:3"]  # where it came from, though no URL


def test_the_same_claim_with_other_diacritics_alef_forms_and_spaces_is_one_claim_with_two_appearances(runner, tmp_path):
    path = write(tmp_path, "two.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "أعلنت الوزارة إغلاق المدارس", "appearances": [{"url": "https://a.example/1"}],
         "outside_verdict": {"rating": "صحيح", "source": "مسبار"}},
        {"text": "  اعلنت   الوزارةُ اغلاق المدارس ", "claimant": "وكالة محلية",
         "appearances": [{"url": "https://b.example/2", "date": "2024-03-01"}]},
    ]) + "\n")

    result = run(runner, path)

    assert result.exit_code == 0, result.output
    assert "1 claim(s) created, 1 merged into claims already there (1 new appearance(s))" in result.output
    [claim] = imported()
    assert claim.text == "أعلنت الوزارة إغلاق المدارس"  # the first text as given
    assert claim.claimant == "وكالة محلية"  # what the first record did not know, the second filled in
    assert claim.outside_label == Label.corroborated
    assert [(a.url, a.source) for a in claim.appearances] == [("https://a.example/1", "two.jsonl:1"),
                                                             ("https://b.example/2", "two.jsonl:2")]


def test_a_claimreview_feed_gives_claims_their_reviewers_ratings_claimants_and_appearances(runner):
    result = run(runner, FEED)

    assert result.exit_code == 1  # its last review has no claimReviewed
    assert f"rejected {FEED}:5: claimReviewed: Missing data for required field.; " \
           "itemReviewed.datePublished: Not a valid date." in result.output
    assert f"imported {FEED}: 3 created, 1 merged, 0 already there, 1 rejected; 2 other node(s) passed over" \
           in result.output
    vaccine, water, photo = imported()
    assert vaccine.claimant == "صفحة «صحتك أولاً» على فيسبوك" and vaccine.claim_date.isoformat() == "2021-01-28"
    # The author pointed at by @id in the graph is the fact-checker; the review's own date is not the claim's.
    assert (vaccine.outside_rating, vaccine.outside_source, vaccine.outside_label, vaccine.outside_url) == (
        "زائف", "فتبينوا", Label.disputed, "https://fatabyyano.example/vaccine-dna/")
    assert [(a.url, a.appeared_at and a.appeared_at.isoformat(), a.author) for a in vaccine.appearances] == [
        ("https://www.facebook.com/sehtak.awalan/posts/1001", "2021-01-28", "صحتك أولاً"),
        ("https://twitter.com/health_rumors/status/2002", "2021-01-30", "تويتر"),
        ("https://www.tiktok.com/@vids/video/3003", None, None),  # Misbar's review of the same claim
    ]
    # Misbar rated it too: the claim keeps the first outside verdict, and the run says what it did not store.
    assert "claim %d keeps the outside verdict it has; 'مضلل' (مسبار) is not stored" % vaccine.id in result.output
    assert (water.language, water.claimant, water.outside_rating, water.outside_source, water.outside_label) == (
        "en", "A viral WhatsApp message", "False", "AFP Fact Check", Label.disputed)
    assert [a.url for a in water.appearances] == ["https://www.facebook.com/groups/123/posts/456",
                                                  "https://twitter.com/someone/status/789"]
    # A rating the map does not know is kept as given, with no label of ours: never a guess.
    assert (photo.outside_rating, photo.outside_label, photo.claimant) == ("Missing context", None, "Twitter user")


def test_importing_the_same_files_again_creates_nothing(runner, tmp_path):
    csv = write(tmp_path, "tips.csv", HEADER + "خبر عاجل عن الطقس,,,,,,,,,\n" + '"Rain, tomorrow",,,,,,,https://x.example/r,,\n')
    first = run(runner, csv, FEED)
    claims, appearances = count(Claim), count(ClaimAppearance)

    again = run(runner, csv, FEED)

    assert (count(Claim), count(ClaimAppearance)) == (claims, appearances) == (5, 8)
    assert "0 claim(s) created, 0 merged into claims already there (0 new appearance(s)), 6 already there, " \
           "1 record(s) rejected" in again.output
    assert first.exit_code == again.exit_code == 1  # the feed's bad record, both times


def test_each_bad_record_is_one_line_and_the_good_ones_are_kept(runner, tmp_path):
    long_text = "ا" * 5001
    path = write(tmp_path, "mixed.jsonl", "\n".join([
        json.dumps({"text": "خبر صحيح الشكل"}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "nul \u0000 inside"}),
        json.dumps({"text": "bad date", "claim_date": "2024-02-30"}),
        json.dumps({"text": "bad url", "appearances": [{"url": "not a url"}]}),
        json.dumps({"text": long_text}),
        json.dumps({"text": "ًٌٍ  "}, ensure_ascii=False),
        json.dumps({"text": "a language", "language": "not-a-language-at-all"}),
        json.dumps(["a list"]),
        json.dumps({"text": "the last good one", "outside_verdict": {"rating": "Fake"}}),
    ]) + "\n")

    result = run(runner, path)

    assert result.exit_code == 1
    rejected = [line for line in result.output.splitlines() if line.startswith("rejected ")]
    assert [line.split(": ", 1)[0] for line in rejected] == [f"rejected {path}:{n}" for n in range(2, 10)]
    assert f"rejected {path}:2: not JSON" in result.output
    assert f"rejected {path}:3: text: Contains a NUL character" in result.output
    assert f"rejected {path}:4: claim_date: Not a valid date." in result.output
    assert f"rejected {path}:5: appearances.0.url: Not a valid URL." in result.output
    assert f"rejected {path}:6: text: Length must be between 1 and 5000." in result.output
    assert f"rejected {path}:9: not a JSON object" in result.output
    assert "2 claim(s) created" in result.output and "8 record(s) rejected" in result.output
    assert [(c.text, c.outside_label) for c in imported()] == [("خبر صحيح الشكل", None),
                                                              ("the last good one", Label.disputed)]


def test_a_verdict_map_file_maps_a_sources_own_ratings_first_then_any_sources(runner, tmp_path):
    verdicts = write(tmp_path, "map.json", json.dumps({
        "AFP Fact Check": {"Missing context": "unverifiable", "False": "corroborated"},
        "*": {"partly false": "disputed"},
    }))
    csv = write(tmp_path, "c.csv", HEADER + "one,,,,Missing Context,afp fact check,,,,\n"
                                            "two,,,,False,AFP Fact Check,,,,\n"
                                            "three,,,,PARTLY FALSE,Someone,,,,\n"
                                            "four,,,,False,Someone,,,,\n")

    result = run(runner, csv, "--verdict-map", verdicts)

    assert result.exit_code == 0, result.output
    assert [c.outside_label for c in imported()] == [Label.unverifiable, Label.corroborated, Label.disputed,
                                                     Label.disputed]


def test_a_map_learned_later_labels_the_ratings_the_first_import_left_without_one(runner, tmp_path):
    assert run(runner, FEED).exit_code == 1
    photo = db.session.scalar(select(Claim).where(Claim.outside_rating == "Missing context"))
    assert photo.outside_label is None
    verdicts = write(tmp_path, "map.json", json.dumps({"AFP Fact Check": {"missing context": "unverifiable"}}))

    again = run(runner, FEED, "--verdict-map", verdicts)

    assert "0 created, 1 merged, 3 already there, 1 rejected" in again.output
    db.session.expire_all()
    assert db.session.get(Claim, photo.id).outside_label == Label.unverifiable


def test_a_bad_verdict_map_stops_the_run_before_anything_is_imported(runner, tmp_path):
    verdicts = write(tmp_path, "map.json", json.dumps({"*": {"false": "wrong"}}))

    result = run(runner, FEED, "--verdict-map", verdicts)

    assert result.exit_code == 2
    assert "'wrong' is not one of our labels" in result.output
    assert count(Claim) == 0


def test_a_file_that_cannot_be_read_as_its_format_is_one_line_and_the_others_are_imported(runner, tmp_path):
    no_header = write(tmp_path, "plain.csv", "just a line of text\n")
    unknown = write(tmp_path, "cols.csv", "text,verdict\nx,y\n")
    not_json = write(tmp_path, "feed.json", "{ nope")
    no_review = write(tmp_path, "other.jsonld", json.dumps({"@type": "NewsArticle", "headline": "x"}))
    good = write(tmp_path, "good.csv", HEADER + "a good claim,,,,,,,,,\n")
    windows = tmp_path / "windows.csv"
    windows.write_bytes(b"text\nkept before the bad line\n" + "خبر بترميز آخر\n".encode("cp1256"))

    result = run(runner, no_header, unknown, not_json, no_review, tmp_path / "missing.csv", good, windows)

    assert result.exit_code == 1
    assert f"rejected {no_header}: the first line is no header with a text column" in result.output
    assert f"rejected {unknown}: unknown column(s) verdict" in result.output
    assert f"rejected {not_json}: not JSON we read" in result.output
    assert f"rejected {no_review}: no ClaimReview in it" in result.output
    assert f"rejected {tmp_path / 'missing.csv'}: no such file" in result.output
    assert f"rejected {windows}: line 3 is not UTF-8 (CSV must be UTF-8); the records before it were kept" \
        in result.output
    assert "2 claim(s) created" in result.output and "6 file(s) rejected" in result.output
    assert [c.text for c in imported()] == ["a good claim", "kept before the bad line"]


def test_the_format_is_told_by_the_content_when_the_name_does_not_say(runner, tmp_path):
    feed = write(tmp_path, "feed.txt", FEED.read_text("utf-8"))
    lines = write(tmp_path, "lines.txt", json.dumps({"text": "from json lines"}) + "\n")
    table = write(tmp_path, "table.txt", "text\nfrom a table\n")

    result = run(runner, feed, lines, table)

    assert "3 created, 1 merged, 0 already there, 1 rejected" in result.output  # the feed, read as ClaimReview
    assert {"from json lines", "from a table"} <= {c.text for c in imported()}
    forced = run(runner, "--format", "csv", lines)
    assert f"rejected {lines}: the first line is no header with a text column" in forced.output
