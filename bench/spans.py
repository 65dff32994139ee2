"""GET /api/spans?q= on the realistic corpus (bench.realistic, ~130k sentences and their paragraphs),
SQLite and PostgreSQL, against the bare SQL of the same page in the same run.

Each backend's database is migrated and filled by `flask fact ingest` (its time is reported: the index
is kept up by ingest). Queries are words and two-word phrases drawn from the corpus's sentences (common
and rare ones alike, from a seed), plus a few short ones that the index cannot serve (under three
characters). Each request goes through the Flask test client; its bare SQL (the count and the page the
view runs, with the same index conditions) through a plain connection, and the plain LIKE scan that
served `q` before the index, the same way. p50 and p99 over all requests.

    python -m bench.spans [--articles 3000] [--queries 200] [--only sqlite,postgresql]
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import realistic
from bench.api import COUNT_LIMIT, DEFAULT_SERVER_URL, percentile, postgres_database

PAGE = 20
SHORT = ["ال", "في", "حل", "13"]


def queries(records: list[dict], count: int, seed: int) -> list[str]:
    """Words and two-word phrases of the corpus's sentences, and a few short fragments."""
    rng = random.Random(seed)
    texts = [r["text"][s["start"] : s["end"]] for r in records for p in r["truth"]["paragraphs"]
             for s in p["sentences"]]
    out = []
    while len(out) < count:
        words = [w for w in rng.choice(texts).split() if len(w) >= 3 and w.isalpha()]
        if not words:
            continue
        at = rng.randrange(len(words))
        out.append(" ".join(words[at : at + 2]) if rng.random() < 0.3 else words[at])
    for i in range(0, len(out), 10):  # one in ten too short for the index: scanned
        out[i] = SHORT[i // 10 % len(SHORT)]
    return out


def measure(url: str, corpus: Path, asked: list[str], after_ingest: str = "analyze") -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ["FACT_COUNT_LIMIT"] = str(COUNT_LIMIT)
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from fact import create_app
    from fact.database import like_pattern
    from fact.extensions import db
    from fact.models import Span
    from fact.search import span_text_contains
    from fact.text.normalize import normalize_query

    app = create_app()
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(args=["fact", "ingest", str(corpus)])
        assert result.exit_code == 0, result.output
        ingest_s = time.perf_counter() - started
        # ANALYZE: the planner's statistics. VACUUM ANALYZE also sets the rows' hint bits and the visibility
        # map, as autovacuum does some time after a bulk insert: until then every first read of a row checks
        # its transaction's status (PostgreSQL; SQLite has neither, and ANALYZE alone).
        vacuum = after_ingest == "vacuum" and db.engine.dialect.name == "postgresql"
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE" if vacuum else "ANALYZE"))
        spans = db.session.scalar(select(func.count()).select_from(Span))
        dialect = db.engine.dialect.name
        client = app.test_client()

        def bare(conditions, exact=False):
            """The count and the page the view reads; the count stops past FACT_COUNT_LIMIT as the view's
            does (fact/api/pagination.py), unless `exact` (how many spans a query finds, untimed)."""
            statement = select(Span).where(*conditions).order_by(Span.article_id, Span.start, Span.kind)
            rows = statement.order_by(None) if exact else statement.order_by(None).limit(COUNT_LIMIT + 1)
            count = select(func.count()).select_from(rows.subquery())
            with db.engine.connect() as connection:
                total = connection.execute(count).scalar()
                connection.execute(statement.limit(PAGE)).all()
            return total

        def request(q):
            response = client.get("/api/spans", query_string={"q": q, "page_size": PAGE})
            assert response.status_code == 200, response.json

        ways = {"api": request, "indexed": lambda q: bare(span_text_contains(normalize_query(q), dialect)),
                "scan": lambda q: bare([Span.search_text.like(like_pattern(normalize_query(q)), escape="\\")])}
        for q in asked:  # warm the caches: every query once each way, so that no way pays a first read
            for work in ways.values():  # from disk for the others (the API ran first, and paid it)
                work(q)
        times = {name: [] for name in ways}
        for q in asked:  # the three ways of each query one after the other: the same machine load
            for name, work in ways.items():
                started = time.perf_counter()
                work(q)
                times[name].append((time.perf_counter() - started) * 1000)
        found = [bare(span_text_contains(normalize_query(q), dialect), exact=True) for q in asked]
        db.session.remove()
        db.engine.dispose()
    return {"backend": dialect, "spans": spans, "ingest_s": ingest_s, "times": times, "found": found}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.spans")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--after-ingest", choices=("analyze", "vacuum"), default="analyze",
                        help="what runs between the ingest and the queries (vacuum: VACUUM ANALYZE on PostgreSQL)")
    parser.add_argument("--database-url", default=DEFAULT_SERVER_URL, help="a PostgreSQL server to create a database on")
    args = parser.parse_args(argv)
    os.environ.setdefault("CI", "true")
    records = realistic.generate(args.articles, args.seed)
    asked = queries(records, args.queries, args.seed)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "realistic.jsonl"
        realistic.write(records, corpus)
        if "sqlite" in args.only:
            rows.append(measure(f"sqlite:///{Path(tmp) / 'spans.db'}", corpus, asked, args.after_ingest))
        if "postgresql" in args.only:
            try:
                with postgres_database(args.database_url) as url:
                    rows.append(measure(url, corpus, asked, args.after_ingest))
            except Exception as error:  # no server: say so, keep SQLite's figures
                if "sqlite" not in args.only:
                    raise
                print(f"PostgreSQL skipped: {str(error).splitlines()[0]}", file=sys.stderr)
    print(f"## Span search (`GET /api/spans?q=`), realistic corpus of {args.articles} records, {args.queries} "
          f"queries: words and two-word phrases of its sentences, and one in ten under three characters\n")
    print("| backend | spans | ingest s | queries | median spans found | API p50 ms | API p99 ms | bare SQL p50 ms "
          "| bare SQL p99 ms | API / bare (p50) | plain LIKE p50 ms | plain LIKE p99 ms | slowest query (API ms) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        groups = (("3+ characters, finding up to 10,000", lambda i: len(asked[i]) >= 3 and r["found"][i] <= 10_000),
                  ("3+ characters, finding more", lambda i: len(asked[i]) >= 3 and r["found"][i] > 10_000),
                  ("3+ characters, all", lambda i: len(asked[i]) >= 3), ("under 3", lambda i: len(asked[i]) < 3))
        for label, keep in groups:
            chosen = [i for i in range(len(asked)) if keep(i)]
            if len(chosen) < 2:
                continue
            api, bare, scan = ([r["times"][way][i] for i in chosen] for way in ("api", "indexed", "scan"))
            slowest = max(chosen, key=lambda i: r["times"]["api"][i])
            print(f"| {r['backend']} | {r['spans']} | {r['ingest_s']:.1f} | {label} ({len(chosen)}) "
                  f"| {statistics.median([r['found'][i] for i in chosen]):.0f} | {statistics.median(api):.1f} "
                  f"| {percentile(api, 99):.1f} | {statistics.median(bare):.1f} | {percentile(bare, 99):.1f} "
                  f"| {statistics.median(api) / statistics.median(bare):.2f} | {statistics.median(scan):.1f} "
                  f"| {percentile(scan, 99):.1f} | {asked[slowest]} ({r['times']['api'][slowest]:.0f}, "
                  f"{r['found'][slowest]} found) |")
    print("\nplain LIKE: the query as it was before the index (on SQLite a scan of every span; on PostgreSQL the "
          "trigram index serves plain LIKE too).")


if __name__ == "__main__":
    main(sys.argv[1:])
