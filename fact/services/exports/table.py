"""The flat verdict table (csv, parquet) read straight from the cursor: what keeps a million-verdict
export near the speed of the database itself (issue 5, docs/benchmarks.md).

The record path (rows.claims, records.verdict_table, an encoder's write) builds a claim, its verdicts
and their sources as objects, then a dict per verdict, in Python. Here the database returns one row
per counting verdict whose values are already what the file holds: the sources counted, timestamps
in ISO 8601 as records.iso prints them and, for CSV, the whole line quoted as the csv module quotes.
Python only tallies the card, once per claim, and hands each batch of rows to the encoder. The
record path stays the reference: the tests check that both write the same bytes.
"""
from collections.abc import Iterator

from sqlalchemy import String, case, cast, func, or_, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from fact.extensions import db
from fact.models import Annotation, Annotator, Article, Claim, Evidence, Outlet, Verdict
from fact.services.exports.card import ALL, Tally
from fact.services.exports.rows import YIELD_PER, Selection, counting_verdicts, group_of

DIALECTS = ("sqlite", "postgresql")  # the SQL below is written for these; any other takes the record path
FREE_TEXT = ("claim_text", "outlet", "annotator", "highlight_text")  # labels, numbers and dates need no quotes
QUOTE_WHEN = (",", '"', "\r", "\n")  # what makes csv.QUOTE_MINIMAL quote a field (delimiter, quote, line end)


class _has(FunctionElement):
    """Whether a string contains another: instr() on SQLite, strpos() on PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(_has, "sqlite")
def _has_sqlite(element, compiler, **kw):
    return "instr(%s) > 0" % compiler.process(element.clause_expr.element, **kw)


@compiles(_has, "postgresql")
def _has_postgresql(element, compiler, **kw):
    return "strpos(%s) > 0" % compiler.process(element.clause_expr.element, **kw)


class _iso(FunctionElement):
    """A stored timestamp as records.iso prints it (SQLite keeps UTC text, PostgreSQL gives datetime.isoformat)."""

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


def _text(column):
    return type_coerce(column, String())  # the stored string, not an enum


def _values() -> dict:
    """The table's columns in formats.VERDICT_COLUMNS order, as records.verdict_table fills them."""
    sources = select(func.count(Evidence.id)).where(Evidence.verdict_id == Verdict.id).scalar_subquery()
    return {
        "claim_id": Claim.id, "claim_text": Claim.text, "article_id": Claim.article_id, "outlet": Outlet.name,
        "story_cluster_id": Article.story_cluster_id, "verdict_id": Verdict.id,
        "annotation_id": Annotation.ls_annotation_id, "annotator_id": Verdict.annotator_id,
        "annotator": Annotator.email, "verdict_label": _text(Verdict.label), "claim_label": _text(Claim.label),
        "majority_label": _text(Claim.majority_label), "agreement": _text(Claim.agreement),
        "adjudicated_label": _text(Claim.adjudicated_label), "claim_start": Claim.start, "claim_end": Claim.end,
        "highlight_start": Verdict.start, "highlight_end": Verdict.end, "highlight_text": Verdict.text,
        "verdict_created_at": _iso(Verdict.created_at), "claim_updated_at": _iso(Claim.updated_at),
        "sources": sources,
    }


def _csv_field(name: str, value):
    """One field as csv.writer writes it: None empty, numbers in decimal, free text quoted when it must be."""
    if name in FREE_TEXT:
        return case((or_(*(_has(value, char) for char in QUOTE_WHEN)), '"' + func.replace(value, '"', '""') + '"'),
                    else_=func.coalesce(value, ""))
    return func.coalesce(cast(value, String()), "")


def _csv_line(values: dict):
    fields = [_csv_field(name, value) for name, value in values.items()]
    line = fields[0]
    for field in fields[1:]:
        line = line + "," + field
    return (line + "\r\n").label("line")


# What the card needs of each row, after the table's own columns (their places from there): the
# claim, its group (story or article), label, agreement and language; the verdict's annotator and vote.
CLAIM, ARTICLE, STORY, LABEL, AGREEMENT, LANGUAGE, ANNOTATOR, VOTE = range(8)


def statement(selection: Selection, lines: bool = False):
    """One row per counting verdict of a selected claim, in the record path's order (article, claim,
    verdict): the table's values (or, `lines`, the CSV line they make), then what the card needs."""
    values = _values()
    table = [_csv_line(values)] if lines else [value.label(name) for name, value in values.items()]
    statement = select(*table, Claim.id, Claim.article_id, Article.story_cluster_id, _text(Claim.label),
                       _text(Claim.agreement), Article.language, Verdict.annotator_id, _text(Verdict.label))
    return counting_verdicts(statement, selection).order_by(Claim.article_id, Claim.id, Verdict.id)


def count_rows(selection: Selection) -> int:
    """How many rows parts() will read: for the progress bar's total."""
    return db.session.scalar(select(func.count()).select_from(Verdict).join(Claim, Verdict.claim_id == Claim.id)
                             .where(Verdict.superseded_at.is_(None), *selection.where()))


class _ClaimTally:
    """Feeds the card's Tally one claim at a time from rows in claim order (a claim may span batches)."""

    def __init__(self, tally: Tally, at: int):
        self.tally, self.at = tally, at
        self.claim_id = self.first = None
        self.votes: dict = {}
        self.part = ALL

    def rows(self, batch) -> dict[str, list]:
        """Tally a batch; its rows by the part of the split they go to."""
        at, split = self.at, self.tally.assignment is not None
        claim, annotator, vote = at + CLAIM, at + ANNOTATOR, at + VOTE
        claim_id, votes, parts = self.claim_id, self.votes, {}
        out = parts[self.part] = []
        for row in batch:
            if row[claim] != claim_id:
                self.votes = votes
                self.close()
                claim_id, votes, self.first = row[claim], {}, row
                if split:
                    self.part = self.tally.part(group_of(row[at + STORY], row[at + ARTICLE]))
                    out = parts.setdefault(self.part, [])
            votes[row[annotator]] = row[vote]  # in verdict id order: an annotator's newest wins
            if split:
                out.append(row)
        self.claim_id, self.votes = claim_id, votes
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
        self.tally.add_claim(self.part, row[at + LABEL], row[at + AGREEMENT], row[at + LANGUAGE], self.votes.values())
        self.first = None


def parts(selection: Selection, tally: Tally, lines: bool, on_rows=None) -> Iterator[tuple[str, list]]:
    """(part, rows) a batch at a time: rows of statement(), for an encoder's write_rows."""
    result = db.session.connection().execute(statement(selection, lines), execution_options={"yield_per": YIELD_PER})
    claims = _ClaimTally(tally, 1 if lines else len(_values()))
    for batch in result.partitions():
        yield from claims.rows(batch).items()
        if on_rows:
            on_rows(len(batch))
    claims.close()

