"""Export throughput and peak memory at 1M verdicts, against reading the same rows with a bare cursor.

The database is filled once by bulk Core inserts (not measured). Each measured step runs in a child
process of its own so that its peak RSS is its own: the bare DBAPI cursor over the export's own SQL
(fetchmany, rows discarded), the same over the flat table's own SELECT (what csv and parquet read),
then `flask fact export` in csv, parquet and fever. Run at two sizes, memory that stays flat shows
as the same peak at both. SQLite temp files by default; `--database-url` of a
PostgreSQL server runs the same in a new database of its own, dropped afterwards (the bare cursor
is then a psycopg server-side cursor, as the export's yield_per is).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERDICTS_PER_CLAIM = 4
CLAIMS_PER_ARTICLE = 50
VERDICTS_PER_ANNOTATION = 10
LABELS = ["corroborated", "disputed", "unverifiable"]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(url: str):
    os.environ["DATABASE_URL"] = url
    from fact import create_app

    return create_app()


def fill(url: str, verdicts: int) -> None:
    """Articles in stories, claims with four annotators each, a source cited by every other verdict."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from fact.extensions import db
    from fact.models import (Annotation, AnnotationRevision, Article, Claim, Evidence, Outlet, Span, StoryCluster,
                             Verdict)

    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    claims = verdicts // VERDICTS_PER_CLAIM
    articles = max(1, claims // CLAIMS_PER_ARTICLE)
    text = "قال مصدر إن 13 دولة شاركت في الاجتماع. " * CLAIMS_PER_ARTICLE
    app = _app(url)
    with app.app_context():
        upgrade()
        c = db.session.connection()

        def put(model, rows):
            for start in range(0, len(rows), 50_000):
                c.execute(insert(model), rows[start : start + 50_000])

        put(Outlet, [{"id": i + 1, "name": f"outlet {i}"} for i in range(20)])
        put(StoryCluster, [{"id": i + 1, "created_at": now} for i in range(articles // 3 + 1)])
        put(Article, [{"id": a + 1, "outlet_id": a % 20 + 1, "title": f"article {a}", "language": "ar",
                       "text": text, "content_hash": f"{a:064x}", "encoding": "utf-8", "ingested_at": now,
                       "story_cluster_id": a // 3 + 1 if a % 4 else None} for a in range(articles)])
        sentence = len(text) // CLAIMS_PER_ARTICLE
        put(Span, [{"id": a + 1, "article_id": a + 1, "kind": "sentence", "start": 0, "end": sentence, "position": 0,
                    "paragraph": 0, "text": text[:sentence], "search_text": text[:sentence], "is_boilerplate": False}
                   for a in range(articles)])
        annotations = -(-claims // VERDICTS_PER_ANNOTATION) * VERDICTS_PER_CLAIM
        put(Annotation, [{"id": i + 1, "ls_annotation_id": i + 1, "ls_task_id": i + 1, "annotator_id": i % 4 + 1,
                          "ls_updated_at": now, "was_cancelled": False, "created_at": now} for i in range(annotations)])
        put(AnnotationRevision, [{"id": i + 1, "annotation_id": i + 1, "ls_updated_at": now, "annotator_id": i % 4 + 1,
                                  "via": "bench", "received_at": now, "result": [], "result_hash": "0" * 64,
                                  "status": "accepted"} for i in range(annotations)])
        claim_rows, verdict_rows, evidence_rows = [], [], []
        for k in range(claims):
            article, offset = k // CLAIMS_PER_ARTICLE, (k % CLAIMS_PER_ARTICLE) * sentence
            labels = [LABELS[(k + (j == 3)) % 3] for j in range(VERDICTS_PER_CLAIM)]  # a 3-1 majority
            claim_rows.append({"id": k + 1, "article_id": article % articles + 1, "span_id": article % articles + 1,
                               "start": offset, "end": offset + 16, "text": text[offset : offset + 16],
                               "search_text": text[offset : offset + 16], "created_at": now, "updated_at": now,
                               "verdict_count": 4, "majority_label": labels[0], "agreement": "majority",
                               "label": labels[0]})
            for j, label in enumerate(labels):
                v = k * VERDICTS_PER_CLAIM + j
                annotation = (k // VERDICTS_PER_ANNOTATION) * VERDICTS_PER_CLAIM + j + 1  # annotator j's, ten claims
                verdict_rows.append({"id": v + 1, "claim_id": k + 1, "annotation_id": annotation,
                                     "revision_id": annotation, "label": label,
                                     "annotator_id": j + 1, "start": offset, "end": offset + 16,
                                     "text": text[offset : offset + 16], "created_at": now})
                if v % 2 == 0:
                    evidence_rows.append({"verdict_id": v + 1, "stance": "refutes" if label == "disputed" else "supports",
                                          "span_id": (article + 1) % articles + 1})
            if len(verdict_rows) >= 200_000:
                put(Claim, claim_rows), put(Verdict, verdict_rows), put(Evidence, evidence_rows)
                claim_rows, verdict_rows, evidence_rows = [], [], []
        put(Claim, claim_rows), put(Verdict, verdict_rows), put(Evidence, evidence_rows)
        if c.dialect.name == "postgresql":  # what autovacuum would do soon: unanalyzed, 1M rows sort on disk for minutes
            c.exec_driver_sql("ANALYZE")
        db.session.commit()


def child_bare(url: str, which: str = "records") -> dict:
    """The baseline: an export's own SELECT through a bare DBAPI cursor, rows fetched and dropped.

    `records`: the shared read of every record-path format (one row per verdict and source); `table`:
    the flat table's (csv, parquet), its values as stored, without the CSV lines made in SQL.
    """
    from sqlalchemy.engine import make_url

    from fact.extensions import db
    from fact.services.exports import table
    from fact.services.exports.rows import Selection, verdict_rows

    app = _app(url)
    with app.app_context():
        statement = verdict_rows(Selection()) if which == "records" else table.statement(Selection())
        sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    started = time.perf_counter()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        cursor = sqlite3.connect(parsed.database).execute(sql)
    else:
        import psycopg

        connection = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))
        cursor = connection.cursor(name="bare")  # server-side, as the export's yield_per
        cursor.execute(sql)
    rows = 0
    while batch := cursor.fetchmany(5_000):
        rows += len(batch)
    return {"seconds": time.perf_counter() - started, "rows": rows, "peak_rss_mb": _peak_rss_mb()}


def child_export(url: str, fmt: str, out: Path) -> dict:
    """`flask fact export --format FMT` as a user runs it."""
    app = _app(url)
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["fact", "export", "--format", fmt, "--out", str(out)])
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(result.output)
    card = json.loads((out / fmt / "card.json").read_text())
    return {"seconds": seconds, "rows": card["counts"]["verdicts"], "records": card["counts"]["records"],
            "peak_rss_mb": _peak_rss_mb()}


def _run_child(*args: str) -> dict:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "bench.export", *args], check=True, capture_output=True,
                         text=True, env=env, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _database(server: str | None, workdir: Path, verdicts: int):
    """A new empty database (URL) and the means to drop it: a SQLite file, or one on the server."""
    if not server:
        path = workdir / f"export-{verdicts}.db"
        return f"sqlite:///{path}", lambda: [p.unlink() for p in workdir.glob(f"{path.name}*")]
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fact_bench_export_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def measure(verdicts: int, repeats: int, workdir: Path, formats: list[str], server: str | None = None) -> dict:
    url, drop = _database(server, workdir, verdicts)
    try:
        _run_child("--child", "fill", url, str(verdicts))
        steps = {"bare": [_run_child("--child", "bare", url) for _ in range(repeats)],
                 "bare table": [_run_child("--child", "bare", url, "table") for _ in range(repeats)]}
        for fmt in formats:
            steps[fmt] = [_run_child("--child", "export", url, fmt, str(workdir / "out")) for _ in range(repeats)]
    finally:
        drop()
    result = {"verdicts": verdicts}
    for step, runs in steps.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        result[step] = {"rows_s": runs[0]["rows"] / seconds, "seconds": seconds,
                        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "rows": runs[0]["rows"]}
    return result


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.export")
    parser.add_argument("--sizes", default="100000,1000000", help="verdicts in the database")
    parser.add_argument("--formats", default="csv,parquet,fever")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "fill":
            fill(rest[0], int(rest[1]))
            result = {}
        elif kind == "bare":
            result = child_bare(*rest)
        else:
            result = child_export(rest[0], rest[1], Path(rest[2]))
        print(json.dumps(result))
        return
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(int(size), args.repeats, Path(tmp), formats, args.database_url)
                   for size in args.sizes.split(",")]
    print(f"## Export from {'PostgreSQL' if args.database_url else 'SQLite'} (median of {args.repeats} runs each)\n")
    print("| verdicts | step | rows/s | s | / bare cursor | / bare table cursor | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        for step in ["bare", "bare table", *formats]:
            s = r[step]
            ratios = [s["rows_s"] / r[bare]["rows_s"] for bare in ("bare", "bare table")]
            print(f"| {r['verdicts']:,} | {step} | {s['rows_s']:,.0f} | {s['seconds']:.1f} | {ratios[0]:.2f} "
                  f"| {ratios[1]:.2f} | {s['peak_rss_mb']:.0f} |")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
