"""`flask fact export` and GET /api/exports/<format> on annotations posted as Label Studio posts them."""
import csv
import json
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, text, update

from fact.extensions import db
from fact.models import Annotator, Article, Claim, Evidence, Outlet, StoryCluster, Verdict
from fact.services.claims.agreement import agreement
from fact.services.exports import FORMATS, ExportOptions, encoders, export_to_directory, table
from fact.services.exports.rows import Selection
from fact.services.exports.records import bio, tokens
from tests.exports.scenario import C, D, FEVER, FINAL, U, build, current_verdicts, fragment
from tests.payloads import annotation, deleted, region, webhook

LABELLED = [i for i, label in FINAL.items() if label]


@pytest.fixture
def scenario(hook, client, auth):
    return build(hook, client, auth)


def export(runner, tmp_path, fmt, *options):
    result = runner.invoke(args=["fact", "export", "--format", fmt, "--out", str(tmp_path), *options])
    assert result.exit_code == 0, result.output
    return tmp_path / fmt


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_claim(records, key="id"):
    return {r[key]: r for r in records}


def test_fever_labels_each_claim_by_its_final_label_and_leaves_contested_ones_out(runner, tmp_path, scenario):
    records = by_claim(jsonl(export(runner, tmp_path, "fever") / "data.jsonl"))

    expected = {scenario.claim(i).id: FEVER[FINAL[i]] for i in LABELLED}
    assert {i: r["label"] for i, r in records.items()} == expected
    assert scenario.claim(7).id not in records  # contested
    assert records[scenario.claim(8).id]["label"] == "SUPPORTS"  # adjudicated over a unanimous disputed
    first = records[scenario.claim(0).id]
    assert first["claim"] == scenario.claim(0).text
    assert (first["article_id"], first["start"], first["end"]) == (
        scenario.claim(0).article_id, scenario.claim(0).start, scenario.claim(0).end)


def test_fever_evidence_sets_are_each_agreeing_annotators_sources_of_the_right_stance(runner, tmp_path, scenario):
    records = by_claim(jsonl(export(runner, tmp_path, "fever") / "data.jsonl"))
    s, ann = scenario.sentences, scenario.annotations

    def cited(i, user):
        return db.session.scalars(select(Evidence).join(Verdict).where(
            Verdict.claim_id == scenario.claim(i).id, Verdict.annotator_id == user).order_by(Evidence.id)).all()

    passage, url = cited(0, 1)
    assert records[scenario.claim(0).id]["evidence"] == [[
        [ann[(0, 1)], passage.id, s[2].article_id, s[2].id], [ann[(0, 1)], url.id, "https://example.org/source", None]]]
    # the corroborating annotator's source is not evidence for REFUTES; the two refuting ones are two sets
    (by_2,), (by_3,) = cited(6, 2), cited(6, 3)
    assert records[scenario.claim(6).id]["evidence"] == [
        [[ann[(6, 2)], by_2.id, s[8].article_id, s[8].id]], [[ann[(6, 3)], by_3.id, s[8].article_id, s[8].id]]]
    assert records[scenario.claim(9).id]["evidence"] == [[[ann[(9, 1)], None, None, None]]]  # FEVER's NEI shape


def test_agreed_only_keeps_claims_two_annotators_agree_on_or_a_lead_settled(runner, tmp_path, scenario):
    records = jsonl(export(runner, tmp_path, "fever", "--agreed-only") / "data.jsonl")

    assert sorted(r["id"] for r in records) == sorted(scenario.claim(i).id for i in range(9) if i != 7)
    card = json.loads((tmp_path / "fever" / "card.json").read_text())
    assert card["options"]["agreed_only"] is True
    assert card["agreement"]["claims"] == {"majority": 1, "unanimous": 7}


def test_stance_pairs_each_claim_with_its_cited_passages(runner, tmp_path, scenario):
    records = jsonl(export(runner, tmp_path, "stance") / "data.jsonl")
    s = scenario.sentences

    pairs = {(r["claim_id"], r["evidence_span_id"]): r for r in records}
    expected = {(scenario.claim(i).id, s[(i + 2) % 10].id): "disagree" if FINAL[i] == D else "agree"
                for i in range(6)}
    expected[(scenario.claim(6).id, s[8].id)] = "disagree"  # two refute, one supports: the majority
    assert {key: r["label"] for key, r in pairs.items()} == expected
    six = pairs[(scenario.claim(6).id, s[8].id)]
    assert (six["claim"], six["evidence"]) == (scenario.claim(6).text, s[8].text)
    assert len(six["evidence_ids"]) == 3
    assert {r["level"] for r in records} == {"passage"}  # no article has a stance here


def test_claim_spans_give_code_point_offsets_and_bio_tags(runner, tmp_path, scenario):
    records = by_claim(jsonl(export(runner, tmp_path, "claim-spans") / "data.jsonl"), "article_id")

    assert sorted(records) == sorted({span.article_id for span in scenario.sentences})
    for record in records.values():
        article = db.session.get(Article, record["article_id"])
        assert record["text"] == article.text
        assert [record["text"][s:e] for s, e in record["token_offsets"]] == record["tokens"]
        assert record["tags"].count("B-CLAIM") == len(record["claims"]) == 2
        for claim in record["claims"]:
            inside = [i for i, (s, e) in enumerate(record["token_offsets"]) if claim["start"] <= s and e <= claim["end"]]
            assert [record["tags"][i] for i in inside] == ["B-CLAIM"] + ["I-CLAIM"] * (len(inside) - 1)
            first, last = record["token_offsets"][inside[0]], record["token_offsets"][inside[-1]]
            assert record["text"][first[0]:last[1]] == claim["text"]
    contested = scenario.claim(7)
    labels = {c["id"]: c["label"] for c in records[contested.article_id]["claims"]}
    assert labels[contested.id] is None


def test_the_tokenizer_keeps_arabic_marks_in_their_word_and_counts_code_points():
    sentence = "وَقَالَ: 13 دولة، (أ ف ب)"

    spans = tokens(sentence)

    assert [sentence[s:e] for s, e in spans] == ["وَقَالَ", ":", "13", "دولة", "،", "(", "أ", "ف", "ب", ")"]
    assert spans[:4] == [(0, 7), (7, 8), (9, 11), (12, 16)]  # seven code points: three letters, four marks
    assert bio(spans, [(9, 16)]) == ["O", "O", "B-CLAIM", "I-CLAIM", "O", "O", "O", "O", "O", "O"]


def test_csv_has_one_row_per_current_verdict_with_the_claims_aggregate(runner, tmp_path, scenario):
    with open(export(runner, tmp_path, "csv") / "data.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    assert len(rows) == current_verdicts() == 20
    contested = [r for r in rows if r["claim_id"] == str(scenario.claim(7).id)]
    assert [(r["verdict_label"], r["claim_label"], r["agreement"]) for r in contested] == [
        (C, "", "contested"), (D, "", "contested")]
    settled = {(r["verdict_label"], r["claim_label"], r["majority_label"], r["adjudicated_label"])
               for r in rows if r["claim_id"] == str(scenario.claim(8).id)}
    assert settled == {(D, C, D, C)}
    first = next(r for r in rows if r["claim_id"] == str(scenario.claim(0).id) and r["annotator_id"] == "1")
    assert (first["sources"], first["highlight_text"]) == ("2", scenario.claim(0).text)


def test_parquet_and_fever_load_with_hugging_face_datasets(runner, tmp_path, scenario):
    import datasets

    fever = export(runner, tmp_path, "fever") / "data.jsonl"
    table = export(runner, tmp_path, "parquet") / "data.parquet"

    loaded = datasets.load_dataset("json", data_files=str(fever), split="train")
    assert sorted(zip(loaded["id"], loaded["label"])) == sorted(
        (scenario.claim(i).id, FEVER[FINAL[i]]) for i in LABELLED)
    rows = datasets.load_dataset("parquet", data_files=str(table), split="train")
    assert rows.num_rows == 20
    assert sorted(set(zip(rows["claim_id"], rows["claim_label"]))) == sorted(
        (scenario.claim(i).id, FINAL[i]) for i in range(10))


def test_claimreview_reviews_every_labelled_claim_in_schema_org_terms(runner, tmp_path, scenario):
    folder = export(runner, tmp_path, "claimreview", "--author", "Fact desk")
    reviews = {int(r["identifier"]): r for r in json.loads((folder / "data.json").read_text(encoding="utf-8"))}

    assert set(reviews) == {scenario.claim(i).id for i in LABELLED}
    settled = reviews[scenario.claim(8).id]
    assert (settled["@context"], settled["@type"]) == ("https://schema.org", "ClaimReview")
    assert settled["claimReviewed"] == scenario.claim(8).text
    assert settled["reviewRating"] == {"@type": "Rating", "ratingValue": 3, "bestRating": 3, "worstRating": 1,
                                       "alternateName": "Corroborated"}
    assert settled["author"] == {"@type": "Organization", "name": "Fact desk"}
    assert settled["url"].endswith(f"/api/claims/{scenario.claim(8).id}")
    outlet = db.session.get(Article, scenario.claim(8).article_id).outlet_name
    assert settled["itemReviewed"]["@type"] == "Claim"
    assert outlet and settled["itemReviewed"]["author"] == {"@type": "Organization", "name": outlet}
    assert reviews[scenario.claim(1).id]["reviewRating"]["alternateName"] == "Disputed"


def _cluster(article_ids) -> int:
    cluster = StoryCluster()
    db.session.add(cluster)
    db.session.flush()
    db.session.execute(update(Article).where(Article.id.in_(article_ids)).values(story_cluster_id=cluster.id))
    return cluster.id


@pytest.mark.parametrize("seed", [1, 13, 99])
def test_a_split_never_puts_one_story_in_two_splits(runner, tmp_path, scenario, seed):
    articles = sorted({s.article_id for s in scenario.sentences})
    _cluster(articles[:2]), _cluster(articles[2:4])  # the fifth article is a story of its own
    db.session.commit()

    folder = export(runner, tmp_path, "fever", "--split", "0.4,0.3,0.3", "--seed", str(seed))

    seen: dict[str, set] = {}
    for part in ("train", "dev", "test"):
        for record in jsonl(folder / f"{part}.jsonl"):
            group = record["story_cluster_id"] or f"article {record['article_id']}"
            seen.setdefault(group, set()).add(part)
    assert all(len(parts) == 1 for parts in seen.values()), seen
    assert len(seen) == 3 and len({p for parts in seen.values() for p in parts}) >= 2
    card = json.loads((folder / "card.json").read_text())
    assert {p: s["records"] for p, s in card["splits"].items()} == {
        p: len(jsonl(folder / f"{p}.jsonl")) for p in ("train", "dev", "test")}
    assert sum(s["records"] for s in card["splits"].values()) == len(LABELLED)


def test_the_same_seed_gives_the_same_split(runner, tmp_path, scenario):
    first = export(runner, tmp_path / "a", "stance", "--split", "0.5,0.25,0.25")
    second = export(runner, tmp_path / "b", "stance", "--split", "0.5,0.25,0.25")

    for part in ("train", "dev", "test"):
        assert (first / f"{part}.jsonl").read_bytes() == (second / f"{part}.jsonl").read_bytes()


def test_the_card_counts_what_was_written_and_names_the_migration(runner, tmp_path, scenario):
    folder = export(runner, tmp_path, "fever")

    card = json.loads((folder / "card.json").read_text())
    revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert card["migration_revision"] == revision and card["schema_version"] == "2.3"
    assert card["counts"] == {"claims": 9, "verdicts": 18, "records": 9}
    assert card["labels"] == {C: 3, D: 3, U: 3}
    assert card["agreement"]["claims"] == {"majority": 1, "single": 1, "unanimous": 7}
    assert card["agreement"]["krippendorff"]["claims"] == 8
    # Nominal alpha by hand over the 8 claims of two votes or more: 0-5 and 8 pairs that agree (C C, D D,
    # U U, C C, D D, U U, D D), 6 is C D D. Coincidences: CC 4, DD 6 + 1, UU 4, CD = DC 1; n = 17 values
    # (C 5, D 8, U 4): D_o = 2/17, D_e = (17² - 5² - 8² - 4²) / (17 · 16) = 184/272, alpha = 1 - D_o/D_e = 19/23.
    assert card["agreement"]["krippendorff"]["alpha"] == round(19 / 23, 4)  # the card gives four places
    assert card["agreement"]["krippendorff"] == asdict(agreement(Selection(labelled=True).claim_ids()))
    readme = (folder / "README.md").read_text()
    assert readme.startswith("---\n") and "path: data.jsonl" in readme and revision in readme


def test_an_interrupted_export_leaves_no_partial_file_and_the_earlier_one_intact(runner, tmp_path, scenario,
                                                                                  monkeypatch):
    folder = export(runner, tmp_path, "fever")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    written = []

    def fail_midway(self, record):
        if written:
            raise KeyboardInterrupt
        written.append(record)
        self.out.write(b"{}\n")

    monkeypatch.setattr(encoders.JsonLines, "write", fail_midway)
    with pytest.raises(KeyboardInterrupt):
        export_to_directory("fever", tmp_path, ExportOptions(), show_progress=False)

    assert written  # it was stopped mid-stream
    assert [p.name for p in tmp_path.iterdir()] == ["fever"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_an_empty_database_gives_valid_empty_files_and_a_card(runner, tmp_path):
    for fmt in ("fever", "stance", "claim-spans", "csv", "parquet", "claimreview"):
        export(runner, tmp_path, fmt)

    assert (tmp_path / "fever" / "data.jsonl").read_text() == ""
    assert json.loads((tmp_path / "claimreview" / "data.json").read_text()) == []
    assert (tmp_path / "csv" / "data.csv").read_text().startswith("claim_id,claim_text,article_id")
    table = pq.read_table(tmp_path / "parquet" / "data.parquet")
    assert table.num_rows == 0 and "verdict_label" in table.column_names
    assert json.loads((tmp_path / "stance" / "card.json").read_text())["counts"] == {
        "claims": 0, "verdicts": 0, "records": 0}


def test_the_cli_says_what_is_wrong_with_each_option(runner, tmp_path):
    a_file = tmp_path / "taken"
    a_file.write_text("not a directory")

    bad_format = runner.invoke(args=["fact", "export", "--format", "xml", "--out", str(tmp_path)])
    bad_split = runner.invoke(args=["fact", "export", "--format", "csv", "--out", str(tmp_path), "--split", "0.8,0.3,0.1"])
    unwritable = runner.invoke(args=["fact", "export", "--format", "csv", "--out", str(a_file)])

    assert bad_format.exit_code == 2 and "Invalid value for '--format': Unknown format 'xml'" in bad_format.output
    assert bad_split.exit_code == 2 and "'--split': The fractions add up to 1.2, not 1." in bad_split.output
    assert unwritable.exit_code == 1 and f"Cannot write to {a_file}" in unwritable.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_the_api_streams_the_same_records_as_the_cli(client, runner, tmp_path, scenario):
    response = client.get("/api/exports/fever")

    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "application/x-ndjson"
    assert response.get_data() == (export(runner, tmp_path, "fever") / "data.jsonl").read_bytes()


def test_the_api_streams_one_part_of_a_split_and_parquet(client, runner, tmp_path, scenario):
    folder = export(runner, tmp_path, "csv", "--split", "0.5,0.25,0.25", "--seed", "7")

    for part in ("train", "dev", "test"):
        response = client.get(f"/api/exports/csv?split=0.5,0.25,0.25&seed=7&part={part}")
        assert response.get_data() == (folder / f"{part}.csv").read_bytes()
    parquet = client.get("/api/exports/parquet?agreed_only=true")
    path = tmp_path / "api.parquet"
    path.write_bytes(parquet.get_data())
    assert pq.read_table(path).num_rows == 17  # 20 verdicts less the contested claim's two and the single one


@pytest.mark.parametrize("url, status, errors", [
    ("/api/exports/xml", 404, None),
    ("/api/exports/fever?split=0.5,0.5&part=test", 422, {"query": {"split": ["Give three fractions, train,dev,test (e.g. 0.8,0.1,0.1)."]}}),
    ("/api/exports/fever?split=0.8,0.1,0.1", 422, {"query": {"part": ["Say which split to stream: train, dev or test."]}}),
    ("/api/exports/fever?part=test", 422, {"query": {"split": ["A part needs the split fractions, e.g. 0.8,0.1,0.1."]}}),
    ("/api/exports/fever?agreed=1", 422, {"query": {"agreed": ["Unknown parameter."]}}),
    ("/api/exports/fever?seed=x", 422, {"query": {"seed": ["Not a valid integer."]}}),
])
def test_the_api_refuses_a_bad_format_or_option_in_the_apps_error_shape(client, url, status, errors):
    response = client.get(url)

    assert response.status_code == status
    assert response.json["code"] == status and response.json["message"]
    if errors:
        assert response.json["errors"] == errors
    else:
        assert "Unknown format 'xml'" in response.json["message"]


@pytest.fixture
def awkward(hook, scenario):
    """The scenario after what real data brings: a revised and a deleted annotation, free text that CSV
    must quote, an outlet and an annotator of each kind, timestamps with and without microseconds."""
    s, ann = scenario.sentences, scenario.annotations
    revised = webhook("ANNOTATION_UPDATED", annotation(ann[(3, 2)], 903, region(s[3].text, fragment(s[3]), D),
                                                       "2026-11-23T10:00:00.000000Z", user=2), s[3].id)
    assert hook(revised).json["outcomes"][0]["outcome"] == "accepted"
    assert hook(deleted(ann[(5, 2)])).status_code == 200
    db.session.add_all([Annotator(id=1, email='desk, "one"\r\n@example.org'), Annotator(id=2, email="two@example.org")])
    first, second = scenario.claim(0), scenario.claim(2)
    outlet = Outlet(name='Agence, "France"\nPresse')
    db.session.add(outlet)
    db.session.flush()
    db.session.execute(update(Article).where(Article.id == first.article_id).values(outlet_id=outlet.id))
    db.session.execute(update(Article).where(Article.id == second.article_id).values(outlet_id=None))
    db.session.execute(update(Claim).where(Claim.id == first.id).values(text='a "quoted", claim\r\nover lines'))
    db.session.execute(update(Verdict).where(Verdict.claim_id == first.id).values(
        text="plain,comma", created_at=datetime(2026, 11, 22, 10, 0, 0, tzinfo=timezone.utc)))
    db.session.execute(update(Claim).where(Claim.id == second.id).values(
        updated_at=datetime(2026, 11, 22, 10, 0, 0, 500000, tzinfo=timezone.utc)))
    _cluster(sorted({sp.article_id for sp in s})[:2])
    db.session.commit()
    return scenario


def _record_path(monkeypatch, fmt):
    monkeypatch.setitem(FORMATS, fmt, replace(FORMATS[fmt], table=None))


def _files(folder: Path) -> dict:
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    card = json.loads(files.pop("card.json"))
    card.pop("created_at")
    files.pop("README.md")
    return {**files, "card.json": card}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("options", [[], ["--agreed-only"], ["--split", "0.4,0.3,0.3", "--seed", "3"]])
def test_the_flat_table_from_the_cursor_writes_what_the_record_path_writes(runner, tmp_path, awkward, monkeypatch,
                                                                            fmt, options):
    taken, parts = [], table.parts
    monkeypatch.setattr(table, "parts", lambda *args, **kwargs: taken.append(kwargs["lines"]) or parts(*args, **kwargs))
    fast = _files(export(runner, tmp_path / "fast", fmt, *options))
    _record_path(monkeypatch, fmt)
    slow = _files(export(runner, tmp_path / "records", fmt, *options))

    assert taken == [fmt == "csv"]  # the first export came from the cursor, the second from records
    assert fast == slow
    assert fast["card.json"]["counts"]["verdicts"] == (13 if options == ["--agreed-only"] else 19)


def test_the_flat_tables_csv_quotes_free_text_and_prints_timestamps_as_before(runner, tmp_path, awkward):
    with open(export(runner, tmp_path, "csv") / "data.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    first = [r for r in rows if r["claim_id"] == str(awkward.claim(0).id)]
    assert {(r["claim_text"], r["outlet"], r["highlight_text"]) for r in first} == {
        ('a "quoted", claim\r\nover lines', 'Agence, "France"\nPresse', "plain,comma")}
    assert {r["annotator"] for r in first} == {'desk, "one"\r\n@example.org', "two@example.org"}
    # as columns.iso prints them: SQLite's stored text keeps .000000, datetime.isoformat drops it
    whole = {r["verdict_created_at"] for r in first}
    assert whole == {"2026-11-22T10:00:00" + (".000000" if db.engine.dialect.name == "sqlite" else "") + "+00:00"}
    second = {r["claim_updated_at"] for r in rows if r["claim_id"] == str(awkward.claim(2).id)}
    assert second == {"2026-11-22T10:00:00.500000+00:00"}
    assert {r["outlet"] for r in rows if r["claim_id"] == str(awkward.claim(2).id)} == {""}
    revised = [r for r in rows if r["claim_id"] == str(awkward.claim(3).id)]
    assert sorted(r["verdict_label"] for r in revised) == [C, D] and revised[0]["agreement"] == "contested"
    assert [r["annotator_id"] for r in rows if r["claim_id"] == str(awkward.claim(5).id)] == ["1"]

