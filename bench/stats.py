"""GET /api/stats at 1,000,000 verdicts, against the bare SQL of the same page in the same run.

The database is filled as bench.api fills it (and with --keep, the one bench.api --keep left is
reused). The statements the page runs are recorded once from the engine, then replayed through the
plain DBAPI connection as the baseline: what the page costs beyond its own SQL is Python (the ORM,
the alpha from the krippendorff library, the schema).

    python -m bench.stats [--verdicts 1000000] [--requests 10] [--only sqlite,postgresql] [--keep]
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event

from bench.api import DEFAULT_SERVER_URL, each_backend, percentile, prepare, timed


def measure(url: str, verdicts: int, requests: int, kept: Path | None) -> dict:
    os.environ["DATABASE_URL"] = url
    from fact import create_app
    from fact.extensions import db

    app = create_app()
    with app.app_context():
        facts = prepare(verdicts, kept)
        client = app.test_client()
        statements = []

        def record(_connection, _cursor, statement, parameters, _context, _many):
            statements.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", record)
        response = client.get("/api/stats")
        event.remove(db.engine, "before_cursor_execute", record)
        assert response.status_code == 200, response.json
        api = timed(lambda: client.get("/api/stats"), requests, warmups=1)  # a request takes seconds

        def replay():
            connection = db.engine.raw_connection()
            try:
                cursor = connection.cursor()
                for statement, parameters in statements:
                    cursor.execute(statement, parameters)
                    cursor.fetchall()
            finally:
                connection.close()

        bare = timed(replay, requests, warmups=1)
        row = {"backend": db.engine.dialect.name, "verdicts": facts["verdicts"], "statements": len(statements),
               "api_p50": statistics.median(api), "api_p99": percentile(api, 99),
               "bare_p50": statistics.median(bare), "bare_p99": percentile(bare, 99),
               "pairable_claims": response.json["agreement"]["claims"]}
        print(f"  {row}", file=sys.stderr)
        db.session.remove()
        db.engine.dispose()
    return row


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.stats")
    parser.add_argument("--verdicts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL)
    parser.add_argument("--keep", action="store_true", help="reuse (or leave) the databases of bench.api --keep")
    args = parser.parse_args(argv)
    os.environ.setdefault("CI", "true")
    rows = each_backend(args, lambda url, kept: measure(url, args.verdicts, args.requests, kept), "stats.db")
    print(f"## GET /api/stats at {args.verdicts:,} verdicts ({args.requests} requests after one to warm up)\n")
    print("| backend | statements | API p50 ms | API p99 ms | bare SQL p50 ms | bare SQL p99 ms | API / bare (p50) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['statements']} | {r['api_p50']:.0f} | {r['api_p99']:.0f} | {r['bare_p50']:.0f} "
              f"| {r['bare_p99']:.0f} | {r['api_p50'] / r['bare_p50']:.2f} |")


if __name__ == "__main__":
    started = time.perf_counter()
    main(sys.argv[1:])
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
