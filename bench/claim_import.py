"""Claims from outside at scale (issue 14, item 8): the import rate, and the stored evidence step.

    python -m bench.claim_import [--claims 10000] [--only sqlite,postgresql] [--rounds 3] [--skip-evidence]

Import. The same N claims (bench.claim_scale.claims: every ANS headline, then realistic sentences),
each a JSON Lines record with a claimant, a date, an outside rating and one appearance, go through
`flask fact claims import` (the CLI, as a user runs it: parsing, validation, normalization, the
search key, a chunk of 500 records looked up and written in a few statements, then committed); the baseline, in the same run and on the same
database, is the bare executemany INSERT of the very rows the import stored (claims, then their
appearances, read back beforehand), one transaction. Each round empties the tables first; medians
of `--rounds`.

Evidence. A database holding the 100,000 sentences of bench.claim_scale (its corpus: 2,760
realistic articles; inserted bare, as spans, the ingest is not measured here) and the N claims;
vectors are random unit vectors stored as span_vectors under a fake model (embedding 100k sentences
with e5 takes hours of the two shared cores: docs/claim-evidence.md, "At scale"), and the claims get
random vectors from the same fake embedder, so the semantic half costs what it would. Each step runs
in a child process of its own, for its own peak RSS: `refresh_evidence()` with every claim new (the
first run), then again with nothing stale, then after 100 new articles (every claim brought up to
date); the baseline is EvidenceIndex.evidence of the same claims over the same sentences in memory
(no database: what the rows and the reading cost on top).
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
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NEW_ARTICLES = 100


def _app(url: str):
    """The app on the database at `url`, migrated."""
    from flask_migrate import upgrade

    from fact import create_app
    from fact.config import Config

    app = create_app(type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        upgrade()
    return app


def distinct_claims(n: int) -> list[str]:
    """n of bench.claim_scale's claims that stay distinct after the import's normalization (the same
    claim twice would be one claim, and the counts would not compare)."""
    from bench.claim_scale import claims
    from fact.services.claims.intake.store import claim_key

    seen, out = set(), []
    for text in claims(n + 500):
        if (key := claim_key(text)) not in seen:
            seen.add(key)
            out.append(text)
    return out[:n]


def claim_records(n: int) -> list[dict]:
    return [{"text": text, "claimant": f"صفحة {i % 97}", "claim_date": f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
             "language": "ar", "outside_verdict": {"rating": ("زائف", "صحيح", "مضلل")[i % 3], "source": "مسبار"},
             "appearances": [{"url": f"https://social.example/posts/{i}", "date": "2024-05-01"}]}
            for i, text in enumerate(distinct_claims(n))]


def _empty(db) -> None:
    from sqlalchemy import text

    with db.engine.begin() as connection:
        for table in ("claim_appearances", "claim_searches", "claims"):
            connection.execute(text(f"DELETE FROM {table}"))


def measure_import(url: str, n: int, rounds: int) -> dict:
    from sqlalchemy import insert, select

    from fact.extensions import db
    from fact.models import Claim, ClaimAppearance

    app = _app(url)
    with tempfile.TemporaryDirectory() as tmp, app.app_context():
        path = Path(tmp) / "claims.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in claim_records(n)), encoding="utf-8")
        runner = app.test_cli_runner()
        ours, bare = [], []
        for _ in range(rounds):
            _empty(db)
            started = time.perf_counter()
            result = runner.invoke(args=["fact", "claims", "import", str(path)])
            ours.append(time.perf_counter() - started)
            assert result.exit_code == 0 and f"{n} claim(s) created" in result.output, result.output
            claims = [dict(r._mapping) for r in db.session.execute(select(Claim.__table__))]
            appearances = [dict(r._mapping) for r in db.session.execute(select(ClaimAppearance.__table__))]
            db.session.rollback()
            _empty(db)
            started = time.perf_counter()
            with db.engine.begin() as connection:
                connection.execute(insert(Claim.__table__), claims)
                connection.execute(insert(ClaimAppearance.__table__), appearances)
            bare.append(time.perf_counter() - started)
        _empty(db)
        db.engine.dispose()
    return {"ours_s": ours, "bare_s": bare}


def child(kind: str, url: str, n: int) -> dict:
    """One evidence step in this process: `fill`, `first`, `again`, `arrive` (100 new articles, then the
    run) or `bare` (the in-memory EvidenceIndex, no database)."""
    os.environ["FACT_EMBEDDER"] = "random"
    from bench import claim_evidence_db as steps

    started = time.perf_counter()
    result = steps.STEPS[kind](url, n)
    result["wall_s"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _child(kind: str, url: str, n: int) -> dict:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.claim_import", "--child", kind, url, str(n)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_evidence(url: str, n: int) -> dict:
    return {kind: _child(kind, url, n) for kind in ("fill", "bare", "first", "again", "arrive")}


def _backends(only: str, server_url: str, name: str):
    from bench.api import postgres_database

    if "sqlite" in only:
        with tempfile.TemporaryDirectory() as tmp:
            yield "sqlite", f"sqlite:///{Path(tmp) / name}"
    if "postgresql" in only:
        with postgres_database(server_url) as url:
            yield "postgresql", url


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.claim_import")
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL)
    parser.add_argument("--skip-evidence", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], int(args.child[2]))))
        return
    n = args.claims
    if not args.skip_import:
        print(f"## Importing {n:,} claims: `flask fact claims import` against bare executemany INSERTs of the same rows "
              f"(medians of {args.rounds})\n")
        print("| backend | ours s | ours claims/s | bare s | bare claims/s | ours / bare |\n|---|---|---|---|---|---|")
        for backend, url in _backends(args.only, args.database_url, "import.db"):
            r = measure_import(url, n, args.rounds)
            ours, bare = _median(r["ours_s"]), _median(r["bare_s"])
            print(f"| {backend} | {ours:.1f} | {n / ours:,.0f} | {bare:.2f} | {n / bare:,.0f} | {ours / bare:.1f} |",
                  flush=True)
    if not args.skip_evidence:
        print(f"\n## The evidence of {n:,} claims against 100,000 sentences (2,760 articles), stored\n")
        print("| backend | step | claims searched / updated | wall s | peak RSS MB |\n|---|---|---|---|---|")
        for backend, url in _backends(args.only, args.database_url, "evidence.db"):
            r = measure_evidence(url, n)
            print(f"| {backend} | corpus and claims inserted bare (setup) | | {r['fill']['wall_s']:.0f} | "
                  f"{r['fill']['peak_mb']:.0f} |")
            print(f"| {backend} | bare: EvidenceIndex.evidence in memory, no database | {n:,} / 0 | "
                  f"{r['bare']['wall_s']:.1f} (index {r['bare']['build_s']:.1f}, search {r['bare']['search_s']:.1f}) | "
                  f"{r['bare']['peak_mb']:.0f} |")
            for kind, label in (("first", "first run: every claim new"), ("again", "again: nothing stale"),
                                ("arrive", f"after {NEW_ARTICLES} new articles ({r['arrive'].get('new_sentences', 0):,} "
                                           "sentences)")):
                step = r[kind]
                print(f"| {backend} | {label} | {step['searched']:,} / {step['updated']:,} | {step['wall_s']:.1f} "
                      f"(run {step['run_s']:.1f}) | {step['peak_mb']:.0f} |", flush=True)
            first, bare = r["first"]["run_s"], r["bare"]["build_s"] + r["bare"]["search_s"]  # both without start-up
            print(f"| {backend} | ours (first run) / bare | | {first / bare:.2f} | "
                  f"{r['first']['peak_mb'] / r['bare']['peak_mb']:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
