"""2. webhook: our app under gunicorn answering Label Studio's ANNOTATION_CREATED, on SQLite and on
PostgreSQL, against inserting the same rows with a plain DBAPI connection (bench.bare_sql), and GET /api/health.
"""
import contextlib
import copy
import json
import os
import random
import statistics
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.bare_sql import BareSQL, _copy_database
from bench.corpus import write_corpus
from bench.loop import ROOT, TASKS_PER_MB, _app, _cited, _profiled, _run_child, claim_result, result_hash
from bench.servers import gunicorn, postgres_database

RECORDED = ROOT / "tests" / "recorded" / "annotation_created.json"
SECRET_HEADER = "X-Fact-Webhook-Secret"
WARMUP = 20  # webhook deliveries before the timed ones, on spans of their own


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def stamp(moment: datetime) -> str:
    """A time as Label Studio writes it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def webhook_bodies(items: list[dict], seed: int = 11) -> list[dict]:
    """ANNOTATION_CREATED bodies as Label Studio sends them (the recorded one, filled in), one per span,
    each with the rows it should become (for the bare SQL baseline)."""
    rng = random.Random(seed)
    template = json.loads(RECORDED.read_text(encoding="utf-8"))
    base = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
    cases = []
    for i, item in enumerate(items):
        data = item["payload"]["data"]
        result, claims = claim_result(rng, data["text"], _cited(items, i))
        created = base + timedelta(seconds=i, microseconds=rng.randrange(10**6))
        updated = created + timedelta(microseconds=52)
        body = copy.deepcopy(template)
        ls_id, task_id = 1000 + i, 50_000 + i
        body["annotation"].update({"id": ls_id, "task": task_id, "result": result, "result_count": len(claims),
                                   "created_at": stamp(created), "updated_at": stamp(updated),
                                   "lead_time": round(rng.uniform(5, 120), 3), "unique_id": str(uuid.UUID(int=rng.getrandbits(128)))})
        body["task"].update({"id": task_id, "data": data, "meta": item["payload"]["meta"], "inner_id": task_id,
                             "created_at": stamp(created - timedelta(days=1)), "updated_at": stamp(updated)})
        body["project"] = {**body["project"], "token": "x" * 32}
        cases.append({"body": body, "rows": {
            "ls_id": ls_id, "task_id": task_id, "span_id": data["span_id"], "article_id": data["article_id"],
            "span_start": item["start"], "updated_at": updated, "result": result, "hash": result_hash(result),
            "claims": claims}})
    return cases


def child_webhook_profile(spec: dict) -> dict:
    """The webhook's server side under cProfile, in process (Flask's test client: no HTTP, no gunicorn)."""
    bodies = json.loads(Path(spec["bodies"]).read_text(encoding="utf-8"))
    app = _app()
    client = app.test_client()
    headers = {SECRET_HEADER: os.environ["FACT_WEBHOOK_SECRET"]}

    def work():
        for body in bodies:
            answer = client.post("/api/labelstudio/webhook", json=body, headers=headers)
            assert answer.status_code == 200 and answer.json["outcomes"][0]["outcome"] == "accepted", answer.json

    started = time.perf_counter()
    _profiled(spec, work)
    return {"seconds": time.perf_counter() - started, "annotations": len(bodies)}


def bench_webhook(backend: str, workdir: Path, n: int, server_url: str, profile: bool = False) -> dict:
    import requests

    with contextlib.ExitStack() as stack:
        tag = f"fact_bench_{uuid.uuid4().hex[:10]}"
        if backend == "sqlite":
            database_url = f"sqlite:///{workdir / 'webhook.db'}"
        else:
            database_url = stack.enter_context(postgres_database(server_url, tag))
        corpus, items_file = workdir / "webhook.jsonl", workdir / "webhook-items.json"
        write_corpus(corpus, max(0.2, (n + WARMUP) * 1.15 / TASKS_PER_MB))
        prepared = _run_child("prepare", {"corpus": str(corpus), "out": str(items_file), "limit": n + WARMUP},
                              {"DATABASE_URL": database_url})
        if prepared["written"] < n + WARMUP:
            raise RuntimeError(f"only {prepared['written']} taskable sentences for {n + WARMUP} deliveries")
        cases = webhook_bodies(json.loads(items_file.read_text(encoding="utf-8")))
        warmup, timed = cases[n:], cases[:n]
        bare_url = _copy_database(database_url, server_url, tag + "_bare", stack)
        if profile:
            profile_url = _copy_database(database_url, server_url, tag + "_profile", stack)
            bodies = workdir / "webhook-bodies.json"
            bodies.write_text(json.dumps([c["body"] for c in timed[:300]], ensure_ascii=False), encoding="utf-8")
            _run_child("webhook-profile", {"bodies": str(bodies), "profile": str(workdir / f"webhook-{backend}.prof")},
                       {"DATABASE_URL": profile_url, "FACT_WEBHOOK_SECRET": "profile"})
        secret = uuid.uuid4().hex
        base = stack.enter_context(gunicorn(database_url, secret, workdir / f"gunicorn-{backend}.log"))
        bare = BareSQL(bare_url)
        stack.callback(bare.close)
        session = stack.enter_context(requests.Session())
        session.headers[SECRET_HEADER] = secret
        hook_url, health_url = f"{base}/api/labelstudio/webhook", f"{base}/api/health"

        def deliver(case) -> float:
            started = time.perf_counter()
            answer = session.post(hook_url, json=case["body"], timeout=30)
            elapsed = time.perf_counter() - started
            outcome = answer.json().get("outcomes", [{}])[0].get("outcome") if answer.ok else None
            if outcome != "accepted":
                raise RuntimeError(f"annotation {case['rows']['ls_id']}: {answer.status_code} {answer.text[:500]}")
            return elapsed

        def health() -> float:
            started = time.perf_counter()
            answer = session.get(health_url, timeout=30)
            elapsed = time.perf_counter() - started
            answer.raise_for_status()
            return elapsed

        def insert(case) -> float:
            started = time.perf_counter()
            bare.insert(case["rows"])
            return time.perf_counter() - started

        for case in warmup:  # both workers' first requests, and the baseline's first statements
            deliver(case), health(), insert(case)
        hooks, healths, inserts = [], [], []
        started = time.perf_counter()
        for case in timed:  # interleaved, so that the three see the same noise
            hooks.append(deliver(case))
            healths.append(health())
            inserts.append(insert(case))
        wall = time.perf_counter() - started
        ours = BareSQL(database_url)
        stack.callback(ours.close)
        rows, bare_rows = ours.counts(), bare.counts()
        if rows != bare_rows:
            raise RuntimeError(f"the app wrote {rows}, the baseline {bare_rows}: not the same rows")
    ms = 1000
    return {
        "backend": backend, "annotations": n, "rows": rows, "wall_s": wall,
        "body_kb": statistics.mean(len(json.dumps(c["body"]).encode()) for c in timed) / 1024,
        "hook_p50": statistics.median(hooks) * ms, "hook_p99": percentile(hooks, 99) * ms,
        "hook_per_s": n / sum(hooks),
        "sql_p50": statistics.median(inserts) * ms, "sql_p99": percentile(inserts, 99) * ms,
        "sql_per_s": n / sum(inserts),
        "health_p50": statistics.median(healths) * ms, "health_p99": percentile(healths, 99) * ms,
        "profile": workdir / f"webhook-{backend}.prof" if profile else None,
    }


def print_webhook(rows: list[dict]) -> None:
    print("## Webhook ANNOTATION_CREATED under gunicorn (2 sync workers), sequential, one client\n")
    print("| database | annotations | webhook p50 ms | webhook p99 ms (target < 100) | webhook annotations/s "
          "| bare SQL p50 ms | bare SQL p99 ms | bare SQL annotations/s | webhook / bare SQL (p50) "
          "| GET /api/health p50 ms | health p99 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['annotations']} | {r['hook_p50']:.1f} | {r['hook_p99']:.1f} | {r['hook_per_s']:.0f} "
              f"| {r['sql_p50']:.2f} | {r['sql_p99']:.2f} | {r['sql_per_s']:.0f} | {r['hook_p50'] / r['sql_p50']:.1f}× "
              f"| {r['health_p50']:.1f} | {r['health_p99']:.1f} |")
    rows_written = rows[0]["rows"] if rows else {}
    print(f"\nBodies of {rows[0]['body_kb'] if rows else 0:.1f} KB on average (the task's real data: text, context, "
          f"sources); {rows_written.get('claims', 0) / max(1, rows_written.get('annotations', 1)):.2f} claims per "
          f"annotation, each citing a passage of another article and a URL. Rows written per run, {WARMUP} warm-up "
          f"deliveries included: {rows_written} (the same in the app's database and the baseline's). Bare SQL: one "
          f"DBAPI connection, one transaction per annotation, inserts only.\n")
