"""The flat verdict table (csv, parquet) read straight from the cursor: what keeps a million-verdict
export near the speed of the database itself (issue 5, docs/benchmarks.md).

The record path (rows.claims, records.verdict_table, an encoder's write) builds a claim, its verdicts
and their sources as objects, then a dict per verdict, in Python. Here the database returns one row
per current verdict whose values are already what the file holds: the sources counted, timestamps
in ISO 8601 as columns.iso prints them and, for CSV, the whole line quoted as the csv module quotes.
Python only tallies the card, once per claim, and hands each batch of rows to the encoder. The
record path stays the reference: the tests check that both write the same bytes (on any text and
timestamp, tests/exports/test_table_bytes.py). Both take their columns from exports.columns.
"""
from collections.abc import Iterator

from sqlalchemy import String, case, cast, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from fact.database import contains
from fact.extensions import db
from fact.models import Article, Claim, Verdict
from fact.services.exports.card import ALL, Tally
from fact.services.exports.columns import LABEL, TEXT, TIME, VERDICT_TABLE, Column
from fact.services.exports.rows import YIELD_PER, Selection, claim_language, current_verdicts, group_of, stored
from fact.services.claims.votes import CURRENT, newest_per_annotator

DIALECTS = ("sqlite", "postgresql")  # the SQL below is written for these; any other takes the record path
QUOTE_WHEN = (",", '"', "\r", "\n")  # what makes csv.QUOTE_MINIMAL quote a field (delimiter, quote, line end)


class _iso(FunctionElement):
    """A stored timestamp as columns.iso prints it (SQLite keeps UTC text, PostgreSQL gives datetime.isoformat)."""

    type = String()
    inherit_cache = True


@compiles(_iso, "sqlite")
def _iso_sqlite(element, compiler, **kw):
    value = compiler.process(element.clause_expr.element, **kw)
    return f"CASE WHEN instr({value}, ' ') > 0 THEN replace({value}, ' ', 'T') || '+00:00' ELSE {value} END"


@compiles(_iso, "postgresql")
def _iso_postgresql(element, compiler, **kw):
    value = compiler.process(element.clause_expr.element, **kw)
    # isoformat(): microseconds only when there are any; the offset of the session's time zone as +HH:MM
    return (f"to_char({value}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN to_char({value}, 'US') = '000000' "
            f"THEN '' ELSE '.' || to_char({value}, 'US') END || to_char({value}, 'TZH:TZM')")


def supported() -> bool:
    return db.session.get_bind().dialect.name in DIALECTS


def _value(column: Column):
    """The column's value as the file holds it: a label as its stored string, a timestamp as iso() prints it."""
    if column.kind == LABEL:
        return stored(column.sql)
    if column.kind == TIME:
        return _iso(column.sql)
    return column.sql


def _csv_field(column: Column):
    """One field as csv.writer writes it: None empty, numbers in decimal, free text quoted when it must be
    (labels, numbers and timestamps never hold what needs quotes)."""
    value = _value(column)
    if column.kind == TEXT:
        return case((or_(*(contains(value, char) for char in QUOTE_WHEN)), '"' + func.replace(value, '"', '""') + '"'),
                    else_=func.coalesce(value, ""))
    return func.coalesce(cast(value, String()), "")


def _csv_line():
    fields = [_csv_field(column) for column in VERDICT_TABLE]
    line = fields[0]
    for field in fields[1:]:
        line = line + "," + field
    return (line + "\r\n").label("line")


# What the card needs of each row, after the table's own columns: the claim, its group (story or
# article), label, agreement and language; the verdict's annotator and label (for the votes).
CARD = {"claim": Claim.id, "article": Claim.article_id, "story": Article.story_cluster_id,
        "label": stored(Claim.label), "agreement": stored(Claim.agreement), "language": claim_language(),
        "annotator": Verdict.annotator_id, "vote": stored(Verdict.label)}


def statement(selection: Selection, lines: bool = False):
    """One row per current verdict of a selected claim, in the record path's order (article, claim,
    verdict): the table's values (or, `lines`, the CSV line they make), then what the card needs."""
    table = [_csv_line()] if lines else [_value(column).label(column.name) for column in VERDICT_TABLE]
    statement = select(*table, *(value.label(f"card_{name}") for name, value in CARD.items()))
    return current_verdicts(statement, selection).order_by(Claim.article_id, Claim.id, Verdict.id)


def count_rows(selection: Selection) -> int:
    """How many rows parts() will read: for the progress bar's total."""
    return db.session.scalar(select(func.count()).select_from(Verdict).join(Claim, Verdict.claim_id == Claim.id)
                             .where(CURRENT, *selection.where()))


class _ClaimTally:
    """Feeds the card's Tally one claim at a time from rows in claim order (a claim may span batches)."""

    def __init__(self, tally: Tally, keys: list[str]):
        self.tally = tally
        self.at = {name: keys.index(f"card_{name}") for name in CARD}  # where each is in a row, by name
        self.claim_id = self.first = None
        self.verdicts: list = []  # (annotator, label) of the claim's current verdicts so far, in id order
        self.part = ALL

    def rows(self, batch) -> dict[str, list]:
        """Tally a batch; its rows by the part of the split they go to."""
        at, split = self.at, self.tally.assignment is not None
        claim, annotator, vote = at["claim"], at["annotator"], at["vote"]
        claim_id, verdicts, parts = self.claim_id, self.verdicts, {}
        out = parts[self.part] = []
        for row in batch:
            if row[claim] != claim_id:
                self.verdicts = verdicts
                self.close()
                claim_id, verdicts, self.first = row[claim], [], row
                if split:
                    self.part = self.tally.part(group_of(row[at["story"]], row[at["article"]], row[claim]))
                    out = parts.setdefault(self.part, [])
            verdicts.append((row[annotator], row[vote]))
            if split:
                out.append(row)
        self.claim_id, self.verdicts = claim_id, verdicts
        if not split:
            parts[ALL] = batch
        for part, rows in parts.items():
            self.tally.records[part] += len(rows)
        self.tally.verdicts += len(batch)
        return {part: rows for part, rows in parts.items() if rows}

    def close(self) -> None:
        """Count the claim read so far, if any."""
        if self.first is None:
            return
        row, at = self.first, self.at
        self.tally.add_claim(self.part, row[at["label"]], row[at["agreement"]], row[at["language"]],
                             newest_per_annotator(self.verdicts).values())
        self.first = None


def parts(selection: Selection, tally: Tally, lines: bool, on_rows=None) -> Iterator[tuple[str, list]]:
    """(part, rows) a batch at a time: rows of statement(), for an encoder's write_rows."""
    result = db.session.connection().execute(statement(selection, lines), execution_options={"yield_per": YIELD_PER})
    claims = _ClaimTally(tally, list(result.keys()))
    for batch in result.partitions():
        yield from claims.rows(batch).items()
        if on_rows:
            on_rows(len(batch))
    claims.close()
