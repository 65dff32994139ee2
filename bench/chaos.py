"""Chaos: mixed deliveries (created, updated, deleted, repeated, shuffled) of 20 annotations sent by 20
clients at once to our app under gunicorn (2 sync workers), on SQLite and PostgreSQL; the baseline is
the same deliveries sent one by one, in the order Label Studio made them, through the same server.

Each round compares the two final states (tests/chaos.py: per annotation whether it counts and with
which revision, per claim its aggregate, the counting verdicts): wrong states, duplicates and 5xx must
all be 0. `python -m bench.chaos [--rounds 5] [--deliveries 300] [--threads 20] [--backends sqlite,postgresql]`
"""
import argparse
import contextlib
import os
import platform
import statistics
import sys
import uuid
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from bench.servers import gunicorn, postgres_database
from bench.webhook import percentile

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def seeded_app(database_url: str):
    """An app on a migrated database holding the seed articles, in an app context (to read the state)."""
    from flask_migrate import upgrade

    from fact import create_app
    from fact.config import Config
    from fact.extensions import db

    app = create_app(type("ChaosConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": database_url}))
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["fact", "ingest", str(SEEDS)])
        if result.exit_code != 0:
            raise RuntimeError(f"ingest failed: {result.output}")
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def bench_chaos(backend: str, workdir: Path, rounds: int, deliveries: int, threads: int, server_url: str) -> dict:
    from fact.extensions import db
    from tests import chaos

    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            database_url = f"sqlite:///{workdir / 'chaos.db'}"
        else:
            database_url = stack.enter_context(postgres_database(server_url, f"fact_chaos_{uuid.uuid4().hex[:10]}"))
        app = stack.enter_context(seeded_app(database_url))
        spans = chaos.sentences(8)
        db.session.commit()
        secret, settings = uuid.uuid4().hex, chaos.queue_settings(workdir / backend)
        (workdir / backend).mkdir()
        base = stack.enter_context(gunicorn(database_url, secret, workdir / f"gunicorn-chaos-{backend}.log", settings))
        runs = []
        for round_ in range(rounds):
            items = chaos.deliveries(spans, annotations=20, total=deliveries, seed=100 + round_)
            chaos.forget()
            together = chaos.send(base, secret, items, threads)
            chaos.drain(app, settings)  # what the database was too busy for (202), as `flask fact worker` applies it
            got, mismatches, duplicates = chaos.state(), chaos.recount_mismatches(), chaos.duplicates()
            chaos.forget()
            alone = chaos.send(base, secret, chaos.one_by_one(items), 1)
            chaos.drain(app, settings)
            expected = chaos.state()
            runs.append({
                "wrong": chaos.wrong(expected, got) + len(mismatches), "duplicates": duplicates,
                "errors": together.server_errors + alone.server_errors,
                "queued": together.queued + alone.queued,
                "not_200": sum(s not in (200, 202) for s in together.statuses + alone.statuses),
                "p50": statistics.median(together.seconds) * 1000, "p99": percentile(together.seconds, 99) * 1000,
                "alone_p50": statistics.median(alone.seconds) * 1000, "alone_p99": percentile(alone.seconds, 99) * 1000,
                "per_s": len(items) / together.wall, "alone_per_s": len(items) / alone.wall,
            })
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    total = {key: sum(run[key] for run in runs) for key in ("wrong", "duplicates", "errors", "queued", "not_200")}
    return {"backend": backend, "rounds": rounds, "deliveries": deliveries, "threads": threads,
            "median": median, "total": total}


def print_chaos(rows: list[dict]) -> None:
    print("## Chaos: concurrent mixed deliveries under gunicorn (2 sync workers)\n")
    print("| database | rounds × deliveries | clients | concurrent p50 ms | p99 ms | deliveries/s "
          "| one by one p50 ms | p99 ms | deliveries/s | concurrent / one by one (deliveries/s) "
          "| wrong final states | duplicates | 5xx | queued (202) | other answers |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        m, t = r["median"], r["total"]
        print(f"| {r['backend']} | {r['rounds']} × {r['deliveries']} | {r['threads']} | {m['p50']:.1f} | {m['p99']:.1f} "
              f"| {m['per_s']:.0f} | {m['alone_p50']:.1f} | {m['alone_p99']:.1f} | {m['alone_per_s']:.0f} "
              f"| {m['per_s'] / m['alone_per_s']:.2f}× | {t['wrong']} | {t['duplicates']} | {t['errors']} "
              f"| {t['queued']} | {t['not_200']} |")
    print("\nMedians over the rounds; wrong states, duplicates, 5xx, queued and other answers (neither 200 nor "
          "202) are totals over every round, both ways of sending. A queued delivery (the database too busy "
          "within the webhook's time limit) is applied from the queue, as `flask fact worker` does, before the "
          "states are compared.\n")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.chaos")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--deliveries", type=int, default=300, help="per round, over 20 annotations")
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL,
                        help="a PostgreSQL server; the benchmark makes (and drops) a database of its own on it")
    args = parser.parse_args(argv)
    rows = []
    with TemporaryDirectory(prefix="fact-chaos-") as tmp:
        for backend in args.backends.split(","):
            rows.append(bench_chaos(backend, Path(tmp), args.rounds, args.deliveries, args.threads, args.database_url))
    print_chaos(rows)
    if any(r["total"]["wrong"] or r["total"]["duplicates"] or r["total"]["errors"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    print(f"# {date.today()} on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}\n")
    main(sys.argv[1:])
