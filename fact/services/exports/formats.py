"""The export formats: what records each makes, how they are written, and what the card says of it."""
from collections.abc import Callable
from dataclasses import dataclass

from fact.services.exports import encoders, records
from fact.services.exports.columns import ARROW_SCHEMA


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    labelled: bool  # only claims with a final label; contested claims are left out
    records: Callable
    encoder: type
    columns: dict | None = None
    task: str = "text-classification"
    passages: bool = False  # needs the cited passages' text
    in_articles: bool = False  # only claims of an article (highlighted): a claim from outside has no text to tag
    describe: str = ""
    # Written from exports.table's rows instead of records (the same bytes, faster): "lines" for the
    # CSV lines made in SQL, "values" for the columns' values; the encoder takes them by write_rows.
    table: str | None = None


FORMATS = {f.name: f for f in (
    Format("fever", "jsonl", "application/x-ndjson", True, records.fever, encoders.JsonLines,
           describe="FEVER-style claims: `id`, `claim`, `label` (SUPPORTS, REFUTES, NOT ENOUGH INFO), "
                    "`evidence` as sets of [annotation id, evidence id, article id or URL, span id], "
                    "with the article, offsets and story cluster of each claim."),
    Format("stance", "jsonl", "application/x-ndjson", True, records.stance, encoders.JsonLines, passages=True,
           describe="Claim and cited passage pairs labelled agree or disagree (the stance most citers gave; "
                    "a tie is left out). Passages only: a whole article or a URL has no passage text."),
    Format("claim-spans", "jsonl", "application/x-ndjson", False, records.claim_spans, encoders.JsonLines,
           task="token-classification", in_articles=True,
           describe="One record per article: its stored NFC text, its claims' code-point offsets, and "
                    "tokens (letters with their marks, or one punctuation character) with BIO tags."),
    Format("csv", "csv", "text/csv; charset=utf-8", False, records.verdict_table, encoders.Csv,
           columns=ARROW_SCHEMA, table="lines",
           describe="The flat verdict table: one row per current verdict (not superseded)."),
    Format("parquet", "parquet", "application/vnd.apache.parquet", False, records.verdict_table,
           encoders.Parquet, columns=ARROW_SCHEMA, table="values",
           describe="The flat verdict table: one row per current verdict (not superseded)."),
    Format("claimreview", "json", "application/ld+json", True, records.claimreview, encoders.JsonArray,
           describe="schema.org ClaimReview (JSON-LD), an array with one review per claim with a final label."),
)}
