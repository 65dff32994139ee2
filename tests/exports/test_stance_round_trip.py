"""The round trip of issue 14: a labelled stance corpus imported (`flask fact claims labels`) exports
(`flask fact export --format stance`) with the same stance and rationale lines for every pair."""
import json
from pathlib import Path

import pytest

from fact.text.normalize import normalize_for_search

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "stance_labels.jsonl"
RECORDS = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]


@pytest.fixture
def exported(runner, tmp_path):
    imported = runner.invoke(args=["fact", "claims", "labels", str(CORPUS), "--annotator", "gold"])
    assert imported.exit_code == 0, imported.output

    def export(name: str) -> list[dict]:
        result = runner.invoke(args=["fact", "export", "--format", name, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in (tmp_path / name / "data.jsonl").read_text("utf-8").splitlines()]

    return export


def _article_text(record: dict) -> str:
    """The record's article: its own text, or the text another record gave for the same URL."""
    if "article" in record:
        return record["article"]
    return next(r["article"] for r in RECORDS if r.get("article_url") == record["article_url"] and "article" in r)


def _pair(record: dict) -> tuple[str, str]:
    """What a record and a row are matched by: the claim as the import finds it again (its search form),
    and the article's first line (the stored text keeps the corpus's lines)."""
    return normalize_for_search(record["claim"]), _article_text(record).splitlines()[0]


def test_every_pair_of_an_imported_stance_corpus_exports_with_its_label_and_rationale_lines(exported):
    rows = [r for r in exported("stance") if r["level"] == "article"]

    got = {(normalize_for_search(r["claim"]), r["article_text"].splitlines()[0]): r for r in rows}
    assert len(got) == len(rows) == len(RECORDS)  # one row per pair, and no pair twice
    for record in RECORDS:
        row = got[_pair(record)]
        assert row["label"] == record["stance"].lower(), record
        assert row["rationale_lines"] == record.get("rationale", []), record
        assert row["votes"] == {row["label"]: 1}  # gold's, alone
        lines = row["article_text"].splitlines()
        for sentence in row["rationale"]:  # each sentence is on the line it is said to be on
            assert sentence["text"] in lines[sentence["line"]]
        if "article_url" in record:
            assert row["article_url"] == record["article_url"]


def test_the_corpus_verdicts_export_to_fever_with_the_rationale_of_the_articles_that_carry_them(exported):
    fever = {normalize_for_search(r["claim"]): r for r in exported("fever")}

    water = fever[normalize_for_search(RECORDS[0]["claim"])]  # gold: disputed; one article disagrees
    assert water["label"] == "REFUTES"
    (evidence,) = water["evidence"]
    assert [item[0] for item in evidence] == [-water["id"] * 100 - 1] * 3  # gold's annotation
    assert len({item[2] for item in evidence}) == 1 and all(item[1] is None for item in evidence)
    treasury = fever[normalize_for_search(RECORDS[4]["claim"])]  # "SUPPORTS"; the water article agrees
    assert treasury["label"] == "SUPPORTS" and [len(s) for s in treasury["evidence"]] == [2]  # line 3: two sentences
    assert normalize_for_search(RECORDS[6]["claim"]) not in fever  # stances only: no verdict
