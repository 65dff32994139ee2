"""GET /lead/ (the lead's page) at 1,000,000 verdicts, against the bare SQL of the same page in the same run.

The database is filled as bench.api fills it (with --keep, the one bench.api --keep left is reused).
Three ways in the same run, logged in as the lead through the login form:

- the page with its figures kept (nothing changed since they were counted: the fingerprint is read,
  the contested queue, the settled list and the disputes are read anew), against the bare SQL of
  the statements it ran, replayed through the plain DBAPI connection;
- the page when its figures are recounted (after a change, at most once per FACT_LEAD_STATS_SECONDS
  on a database this large), against GET /api/stats, whose GROUP BYs it runs, in the same run.

    python -m bench.lead [--verdicts 1000000] [--requests 50] [--only sqlite,postgresql] [--keep]
"""
import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event

from bench.api import DEFAULT_SERVER_URL, each_backend, percentile, prepare, timed

EMAIL, PASSWORD = "lead@bench", "bench-password"


def _log_in(client) -> None:
    page = client.get("/lead/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/lead/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code


def measure(url: str, verdicts: int, requests: int, kept: Path | None) -> dict:
    os.environ["DATABASE_URL"] = url
    from fact import create_app
    from fact.extensions import db
    from fact.lead.views import QUEUE
    from fact.services.claims.stance_settling import stance_ties

    app = create_app()
    app.config.update(SECRET_KEY="bench", FACT_LEAD_EMAIL=EMAIL, FACT_LEAD_PASSWORD=PASSWORD)
    with app.app_context():
        facts = prepare(verdicts, kept)
        client = app.test_client()
        _log_in(client)

        def page():
            response = client.get("/lead/")
            assert response.status_code == 200, response.status_code

        def recounted():
            app.extensions.pop("lead_figures", None)
            page()

        slow = max(3, requests // 10)  # a recount, like /api/stats, takes seconds
        cold = timed(recounted, slow, warmups=1)
        api_stats = timed(lambda: client.get("/api/stats"), slow, warmups=0)
        statements = []

        def record(_connection, _cursor, statement, parameters, _context, _many):
            statements.append((statement, parameters))

        page()
        event.listen(db.engine, "before_cursor_execute", record)
        page()
        event.remove(db.engine, "before_cursor_execute", record)
        warm = timed(page, requests, warmups=2)

        def replay():
            connection = db.engine.raw_connection()
            try:
                cursor = connection.cursor()
                for statement, parameters in statements:
                    cursor.execute(statement, parameters)
                    cursor.fetchall()
            finally:
                connection.close()

        bare = timed(replay, requests, warmups=2)
        ties = timed(lambda: stance_ties(QUEUE), requests, warmups=1)  # the tie queue's part of the page
        tied = stance_ties(QUEUE)[1]
        row = {"backend": db.engine.dialect.name, "verdicts": facts["verdicts"], "statements": len(statements),
               "warm_p50": statistics.median(warm), "warm_p99": percentile(warm, 99),
               "bare_p50": statistics.median(bare), "bare_p99": percentile(bare, 99),
               "cold_p50": statistics.median(cold), "stats_p50": statistics.median(api_stats),
               "stances": facts.get("stances"), "tied": tied, "ties_p50": statistics.median(ties)}
        print(f"  {row}", file=sys.stderr)
        db.session.remove()
        db.engine.dispose()
    return row


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.lead")
    parser.add_argument("--verdicts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL)
    parser.add_argument("--keep", action="store_true", help="reuse (or leave) the databases of bench.api --keep")
    args = parser.parse_args(argv)
    os.environ.setdefault("CI", "true")
    rows = each_backend(args, lambda url, kept: measure(url, args.verdicts, args.requests, kept), "lead.db")
    print(f"## GET /lead/ at {args.verdicts:,} verdicts ({args.requests} requests with the figures kept, "
          f"{max(3, args.requests // 10)} recounting them)\n")
    print("| backend | statements | page p50 ms | page p99 ms | bare SQL p50 ms | bare SQL p99 ms | page / bare (p50) "
          "| recounting p50 ms | /api/stats p50 ms | recounting / stats (p50) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['statements']} | {r['warm_p50']:.0f} | {r['warm_p99']:.0f} | {r['bare_p50']:.0f} "
              f"| {r['bare_p99']:.0f} | {r['warm_p50'] / r['bare_p50']:.2f} | {r['cold_p50']:.0f} "
              f"| {r['stats_p50']:.0f} | {r['cold_p50'] / r['stats_p50']:.2f} |")
    print("\n| backend | current stances | tied pairs | tie queue p50 ms (part of the page) |\n|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['stances']:,} | {r['tied']:,} | {r['ties_p50']:.0f} |")


if __name__ == "__main__":
    started = time.perf_counter()
    main(sys.argv[1:])
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
