"""The flat table's fast path (CSV lines quoted in SQL, timestamps printed in SQL) writes the bytes the
record path's Python writers write, on any text and any timestamp, on SQLite and PostgreSQL."""
import csv
import io
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fact.extensions import db
from fact.models import Annotator, Claim
from fact.services.exports import FORMATS, ExportOptions, stream
from tests.exports import direct
from tests.exports.scenario import C, D, U

# Any text a database stores (no NUL, no lone surrogate), with what CSV must quote drawn often.
_char = st.one_of(st.sampled_from([",", '"', "\r", "\n", "\r\n", " ", "\t", "ق", "الخبر", "🙂", "\u200f", "é"]),
                  st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
_text = st.lists(_char, max_size=12).map("".join)
_some_text = st.lists(_char, min_size=1, max_size=12).map("".join)  # a claim or highlight: never empty
_zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=3)), timezone(-timedelta(hours=9, minutes=30))])
_times = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=_zones)
_label = st.sampled_from([C, D, U])
_verdict = st.tuples(st.integers(1, 3), _label, _some_text, _times)
_claim = st.tuples(_some_text, _times, st.one_of(st.none(), _label), st.lists(_verdict, min_size=1, max_size=3))


def _put(outlet, annotators, claims) -> None:
    with_outlet, without = direct.article(outlet), direct.article()
    db.session.add_all([Annotator(id=i, email=email) for i, email in enumerate(annotators, 1) if email is not None])
    for n, (text, updated_at, adjudicated, verdicts) in enumerate(claims):
        claim = direct.claim(with_outlet if n % 2 == 0 else without, text, updated_at)
        claim.adjudicated_label = adjudicated
        for annotator, label, highlight, created_at in verdicts:
            direct.verdict(claim, annotator, label, text=highlight, created_at=created_at)
    db.session.flush()


def _both_paths(fmt: str) -> tuple[bytes, bytes]:
    fast = b"".join(stream(fmt, ExportOptions()))
    with patch.dict(FORMATS, {fmt: replace(FORMATS[fmt], table=None)}):
        records = b"".join(stream(fmt, ExportOptions()))
    return fast, records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outlet=st.one_of(st.none(), _some_text), annotators=st.lists(st.one_of(st.none(), _text), min_size=3,
       max_size=3), claims=st.lists(_claim, min_size=1, max_size=4))
def test_the_fast_csv_and_parquet_are_the_python_writers_bytes_on_any_text_and_time(app, outlet, annotators, claims):
    try:
        _put(outlet, annotators, claims)

        fast_csv, records_csv = _both_paths("csv")
        fast_parquet, records_parquet = _both_paths("parquet")

        assert fast_csv == records_csv
        assert fast_parquet == records_parquet
        rows = list(csv.DictReader(io.StringIO(fast_csv.decode(), newline="")))
        stored = db.session.scalars(db.select(Claim.text).order_by(Claim.article_id, Claim.id)).all()
        assert [r["claim_text"] for r in rows] == [t for t, c in zip(stored, _per_claim(claims)) for _ in range(c)]
    finally:
        db.session.rollback()


def _per_claim(claims) -> list[int]:
    """Rows per claim in the file's order (article, then claim): the first article's claims first."""
    ordered = claims[0::2] + claims[1::2]
    return [len(verdicts) for *_, verdicts in ordered]
