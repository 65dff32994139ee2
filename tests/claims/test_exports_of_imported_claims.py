"""Exports and the verdict list read claims through their article: a claim from outside has none, and every
format still writes (no offsets, no article, a split group of its own), beside the highlighted claims as before."""
import csv
import json

import pytest

from fact.extensions import db
from fact.models import Claim, ClaimOrigin
from fact.services.claims.intake.store import claim_key
from fact.services.exports import FORMATS, ExportOptions, export_to_directory
from tests.exports import direct


@pytest.fixture
def claims(app):
    """A highlighted claim and a claim from outside (in English), each with one counting verdict."""
    highlighted = direct.claim(direct.article())
    outside = Claim(origin=ClaimOrigin.imported, claim_key=claim_key("Hot water kills the virus"),
                    text="Hot water kills the virus", search_text="hot water kills the virus", language="en",
                    created_at=direct.NOW, updated_at=direct.NOW, verdict_count=1, agreement="single",
                    majority_label="disputed", label="disputed")
    db.session.add(outside)
    db.session.flush()
    for claim in (highlighted, outside):
        direct.verdict(claim, 1, "disputed")
    db.session.commit()
    return highlighted, outside


def records(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_writes_with_a_claim_from_outside_among_the_claims(tmp_path, claims, name):
    card = export_to_directory(name, tmp_path, ExportOptions(split=(0.5, 0.25, 0.25)), show_progress=False)

    verdicts = FORMATS[name].records is not None  # qrels reads the decided matches, no verdict
    assert card["counts"].get("claims") == (1 if name == "claim-spans" else 2 if verdicts else None)  # no article text to tag
    # the language of the claim from outside
    assert ("en" in card["languages"]) == (name != "claim-spans" and verdicts)


def test_a_claim_from_outside_is_exported_with_no_article_or_offsets(tmp_path, claims):
    highlighted, outside = claims
    options = ExportOptions()

    def export(name: str, file: str):
        export_to_directory(name, tmp_path, options, show_progress=False)
        return tmp_path / name / file

    fever = {r["id"]: r for r in records(export("fever", "data.jsonl"))}
    table = {int(r["claim_id"]): r for r in csv.DictReader(export("csv", "data.csv").open(encoding="utf-8"))}
    reviews = {int(r["identifier"]): r for r in json.loads(export("claimreview", "data.json").read_text("utf-8"))}

    assert (fever[outside.id]["article_id"], fever[outside.id]["start"], fever[outside.id]["end"]) == (None, None, None)
    assert fever[outside.id]["label"] == "REFUTES" and fever[outside.id]["claim"] == "Hot water kills the virus"
    assert fever[highlighted.id]["article_id"] == highlighted.article_id
    assert (table[outside.id]["article_id"], table[outside.id]["claim_start"]) == ("", "")
    assert table[highlighted.id]["claim_start"] == str(highlighted.start)
    assert reviews[outside.id]["itemReviewed"]["appearance"] == []
    assert reviews[outside.id]["claimReviewed"] == "Hot water kills the virus"


def test_the_verdict_list_shows_a_verdict_on_a_claim_from_outside_with_no_article_or_outlet(client, claims):
    highlighted, outside = claims

    rows = {row["claim_id"]: row for row in client.get("/api/verdicts").json}

    assert (rows[outside.id]["article_id"], rows[outside.id]["outlet"]) == (None, None)
    assert rows[highlighted.id]["article_id"] == highlighted.article_id
    assert [row["claim_id"] for row in client.get("/api/verdicts?origin=imported").json] == [outside.id]
