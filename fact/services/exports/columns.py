"""The flat verdict table (csv, parquet), its columns written once: name, order, what each holds, and
how it is encoded.

Both ways of writing the table read this list: the record path (records.verdict_table, from the
ExportClaims of rows.claims) and the fast path (exports.table, one SELECT whose values, or for CSV
whole lines, are already what the file holds). Each column says both what it is in that SELECT and
what it is in the record path; its kind says how it is written.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from fact.models import Annotation, Annotator, Article, Claim, Evidence, Outlet, Verdict
from fact.services.exports.rows import ExportClaim, ExportVerdict

NUMBER = "number"  # an integer, printed in decimal
LABEL = "label"  # a stored enum value: a lowercase word, never quoted in CSV
TEXT = "text"  # free text: CSV quotes it where csv.QUOTE_MINIMAL does
TIME = "time"  # a timestamp in ISO 8601, as iso() prints it

ARROW = {NUMBER: "int64", LABEL: "string", TEXT: "string", TIME: "string"}  # the Parquet (Arrow) types


def iso(value) -> str | None:
    """ISO 8601. Read raw, SQLite gives the stored UTC text ('2026-11-22 10:00:00.000000'), PostgreSQL a datetime."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return f"{value.replace(' ', 'T')}+00:00" if " " in value else value


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    sql: ColumnElement  # its value in the flat table's SELECT (over verdicts, their claim, article...)
    of: Callable[[ExportClaim, ExportVerdict], object]  # its value in the record path, as read

    def value(self, claim: ExportClaim, verdict: ExportVerdict):
        """What the record path writes: the value read, a timestamp printed."""
        value = self.of(claim, verdict)
        return iso(value) if self.kind == TIME else value


_sources = select(func.count(Evidence.id)).where(Evidence.verdict_id == Verdict.id).scalar_subquery()

VERDICT_TABLE: tuple[Column, ...] = (
    Column("claim_id", NUMBER, Claim.id, lambda c, v: c.id),
    Column("claim_text", TEXT, Claim.text, lambda c, v: c.text),
    Column("article_id", NUMBER, Claim.article_id, lambda c, v: c.article_id),
    Column("outlet", TEXT, Outlet.name, lambda c, v: c.outlet),
    Column("story_cluster_id", NUMBER, Article.story_cluster_id, lambda c, v: c.story_cluster_id),
    Column("verdict_id", NUMBER, Verdict.id, lambda c, v: v.id),
    Column("annotation_id", NUMBER, Annotation.ls_annotation_id, lambda c, v: v.annotation_id),
    Column("annotator_id", NUMBER, Verdict.annotator_id, lambda c, v: v.annotator_id),
    Column("annotator", TEXT, Annotator.email, lambda c, v: v.annotator),
    Column("verdict_label", LABEL, Verdict.label, lambda c, v: v.label),
    Column("claim_label", LABEL, Claim.label, lambda c, v: c.label),
    Column("majority_label", LABEL, Claim.majority_label, lambda c, v: c.majority_label),
    Column("agreement", LABEL, Claim.agreement, lambda c, v: c.agreement),
    Column("adjudicated_label", LABEL, Claim.adjudicated_label, lambda c, v: c.adjudicated_label),
    Column("claim_start", NUMBER, Claim.start, lambda c, v: c.start),
    Column("claim_end", NUMBER, Claim.end, lambda c, v: c.end),
    Column("highlight_start", NUMBER, Verdict.start, lambda c, v: v.start),
    Column("highlight_end", NUMBER, Verdict.end, lambda c, v: v.end),
    Column("highlight_text", TEXT, Verdict.text, lambda c, v: v.text),
    Column("verdict_created_at", TIME, Verdict.created_at, lambda c, v: v.created_at),
    Column("claim_updated_at", TIME, Claim.updated_at, lambda c, v: c.updated_at),
    Column("sources", NUMBER, _sources, lambda c, v: len(v.evidence)),
)

ARROW_SCHEMA = {column.name: ARROW[column.kind] for column in VERDICT_TABLE}  # what the encoders take
