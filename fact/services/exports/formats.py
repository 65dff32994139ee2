"""The export formats: what records each makes, how they are written, and what the card says of it."""
from collections.abc import Callable
from dataclasses import dataclass

from fact.services.exports import encoders, records
from fact.services.exports.columns import ARROW_SCHEMA
from fact.services.exports.qrels import CheckedMatches
from fact.services.exports.stances import ArticleStances


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    labelled: bool  # only claims with a final label; contested claims are left out
    records: Callable | None  # from the claims of the current verdicts; None: it reads no verdicts
    encoder: type
    columns: dict | None = None
    task: str = "text-classification"
    passages: bool = False  # needs the cited passages' text
    in_articles: bool = False  # only claims of an article (highlighted): a claim from outside has no text to tag
    describe: str = ""
    # Written from exports.table's rows instead of records (the same bytes, faster): "lines" for the
    # CSV lines made in SQL, "values" for the columns' values; the encoder takes them by write_rows.
    table: str | None = None
    # Records read apart from the verdicts, written after theirs (the articles' stances, the decided
    # matches): a class taking agreed_only, with claim_ids() for the split, records(), count() and card().
    reading: type | None = None


FORMATS = {f.name: f for f in (
    Format("fever", "jsonl", "application/x-ndjson", True, records.fever, encoders.JsonLines,
           describe="FEVER-style claims, highlighted or from outside: `id`, `claim`, `label` (SUPPORTS, REFUTES, "
                    "NOT ENOUGH INFO: the claim's final verdict), `evidence` as sets of [annotation id, evidence "
                    "id, article id or URL, span id]: for each annotator whose verdict is the label, one set of "
                    "the sources their verdict cites with that stance, and one set per article they gave the "
                    "matching stance (agree for SUPPORTS, disagree for REFUTES) of its rationale sentences "
                    "(evidence id null; the article alone when no sentence was marked); with the article, "
                    "offsets and story cluster of each claim (null for a claim from outside)."),
    Format("stance", "jsonl", "application/x-ndjson", True, records.stance, encoders.JsonLines, passages=True,
           reading=ArticleStances,
           describe="Two levels of rows, told apart by `level`. `passage`: a claim and a passage its verdicts "
                    "cite, agree or disagree (the stance most citers gave; a tie is left out; a whole article or "
                    "a URL has no passage text). `article`: a claim and an article annotators gave a stance, as "
                    "the stance corpora (FNC-1, Baly et al. 2018) lay them out: `claim_id`, `claim`, "
                    "`article_id`, `article_url`, `article_title`, `article_text`, `label` (agree, disagree, "
                    "discuss, unrelated: the lead's settling, else the stance most annotators gave, unsettled ties "
                    "left out), `adjudicated` (whether a lead settled it), `rationale` (the "
                    "sentences that carry it: span id, text, offsets, 0-based line of the article text, how "
                    "many of those annotators marked it), `rationale_lines` and `votes`, whatever the claim's "
                    "verdict."),
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
           describe="schema.org ClaimReview (JSON-LD), an array with one review per claim with a final label; "
                    "the claim reviewed (`itemReviewed`) appeared where its article was published, or, for a "
                    "claim from outside, where the import said (`appearance`, the earliest as `firstAppearance`), "
                    "with its claimant as `author` and its date."),
    Format("qrels", "txt", "text/plain; charset=utf-8", False, None, encoders.Qrels, reading=CheckedMatches,
           task="text-retrieval",
           describe="The already-checked matches as TREC qrels, `query_id 0 doc_id relevance` (CheckThat!, "
                    "trec_eval): the new claim's id, the id of the claim already checked, 1 for a match the "
                    "lead linked, 0 for one the lead rejected; undecided suggestions are left out."),
)}
