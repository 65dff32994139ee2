"""Spool: the webhook applying inline, against the same deliveries made while another connection holds
the database's lock (each answered 202 and queued) and then applied by the queue's worker; SQLite and
PostgreSQL, under gunicorn with 2 workers. Also the cost of the enqueue alone: what a webhook that
queued every delivery first would answer in.

    python -m bench.spool [--inline 300] [--spooled 100]
"""
import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.corpus import write_corpus
from bench.loop import ROOT, TASKS_PER_MB, _run_child
from bench.servers import gunicorn, postgres_database
from bench.webhook import SECRET_HEADER, WARMUP, percentile, webhook_bodies
from tests.locks import database_locked

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def bench_spool(backend: str, workdir: Path, inline_n: int, spooled_n: int) -> dict:
    import requests

    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            database_url = f"sqlite:///{workdir / 'spool.db'}"
        else:
            database_url = stack.enter_context(postgres_database(PG_URL, f"fact_bench_{uuid.uuid4().hex[:10]}"))
        total = inline_n + spooled_n + WARMUP
        corpus, items_file = workdir / "spool.jsonl", workdir / "spool-items.json"
        write_corpus(corpus, max(0.2, total * 1.15 / TASKS_PER_MB))
        prepared = _run_child("prepare", {"corpus": str(corpus), "out": str(items_file), "limit": total},
                              {"DATABASE_URL": database_url})
        if prepared["written"] < total:
            raise RuntimeError(f"only {prepared['written']} taskable sentences for {total} deliveries")
        cases = webhook_bodies(json.loads(items_file.read_text(encoding="utf-8")))
        inline, spooled, warmup = cases[:inline_n], cases[inline_n : inline_n + spooled_n], cases[inline_n + spooled_n :]
        queue_url = f"sqlite:///{workdir / f'queue-{backend}.db'}"
        secret = uuid.uuid4().hex
        base = stack.enter_context(gunicorn(database_url, secret, workdir / f"gunicorn-spool-{backend}.log",
                                            {"FACT_QUEUE_URL": queue_url}))
        session = stack.enter_context(requests.Session())
        session.headers[SECRET_HEADER] = secret

        def deliver(case, status: int) -> float:
            started = time.perf_counter()
            answer = session.post(f"{base}/api/labelstudio/webhook", json=case["body"], timeout=30)
            elapsed = time.perf_counter() - started
            if answer.status_code != status:
                raise RuntimeError(f"annotation {case['rows']['ls_id']}: {answer.status_code}, not {status}: "
                                   f"{answer.text[:300]}")
            return elapsed

        for case in warmup:
            deliver(case, 200)
        inline_s = [deliver(case, 200) for case in inline]
        with database_locked(database_url):
            spooled_s = [deliver(case, 202) for case in spooled]
        worker = _worker(database_url, queue_url, [c["body"] for c in spooled[:50]], workdir)
    ms = 1000
    return {"backend": backend, "inline": inline_n, "spooled": spooled_n,
            "inline_p50": statistics.median(inline_s) * ms, "inline_p99": percentile(inline_s, 99) * ms,
            "spool_p50": statistics.median(spooled_s) * ms, "spool_p99": percentile(spooled_s, 99) * ms,
            **worker}


def _worker(database_url: str, queue_url: str, bodies: list[dict], workdir: Path) -> dict:
    spec = workdir / "worker-bodies.json"
    spec.write_text(json.dumps(bodies, ensure_ascii=False), encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FACT_", "LABEL_STUDIO_", "DATABASE_URL"))}
    out = subprocess_run([sys.executable, "-m", "bench.spool", "--worker", str(spec)],
                         {**base, "CI": "true", "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url,
                          "FACT_QUEUE_URL": queue_url})
    return json.loads(out.strip().splitlines()[-1])


def subprocess_run(command: list[str], env: dict[str, str]) -> str:
    import subprocess

    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"{command[-2:]} failed ({out.returncode}):\n{out.stderr[-4000:]}")
    return out.stdout


def child_worker(bodies_file: Path) -> dict:
    """What `flask fact worker` does, timed per task, on the queue the server filled; then the cost of
    the enqueue alone, into a scratch queue of its own."""
    from fact import create_app
    from fact.extensions import db
    from fact.models import Annotation
    from fact.services.annotations.spool import queue, spool
    from schemas.labelstudio import WebhookSchema

    app = create_app()
    huey, applied = queue(app), []
    queued = len(huey)
    started = time.perf_counter()
    while (task := huey.dequeue()) is not None:
        one = time.perf_counter()
        huey.execute(task)
        applied.append(time.perf_counter() - one)
    drain = time.perf_counter() - started
    with app.app_context():
        annotations = db.session.scalar(db.select(db.func.count(Annotation.id)))
    scratch = create_app()
    scratch.config["FACT_QUEUE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'scratch.db'}"
    payloads, enqueue = [WebhookSchema().load(body) for body in json.loads(bodies_file.read_text("utf-8"))], []
    with scratch.test_request_context():
        for payload in payloads:
            one = time.perf_counter()
            spool(payload)
            enqueue.append(time.perf_counter() - one)
    ms = 1000
    return {"queued": queued, "left": len(huey), "annotations": annotations, "drain_per_s": len(applied) / drain,
            "apply_p50": statistics.median(applied) * ms, "apply_p99": percentile(applied, 99) * ms,
            "enqueue_p50": statistics.median(enqueue) * ms, "enqueue_p99": percentile(enqueue, 99) * ms}


def print_spool(rows: list[dict]) -> None:
    print("## Spool: the webhook inline, and spooled (the database locked) then applied by the worker\n")
    print("| database | inline deliveries | inline p50 ms | inline p99 ms | spooled deliveries | spooled answer (202) "
          "p50 ms | p99 ms | worker apply p50 ms | p99 ms | worker deliveries/s | enqueue alone p50 ms | p99 ms "
          "| annotations stored / delivered |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        delivered = r["inline"] + r["spooled"] + WARMUP
        print(f"| {r['backend']} | {r['inline']} | {r['inline_p50']:.1f} | {r['inline_p99']:.1f} | {r['spooled']} "
              f"| {r['spool_p50']:.0f} | {r['spool_p99']:.0f} | {r['apply_p50']:.1f} | {r['apply_p99']:.1f} "
              f"| {r['drain_per_s']:.0f} | {r['enqueue_p50']:.2f} | {r['enqueue_p99']:.2f} "
              f"| {r['annotations']} / {delivered} |")
    print()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.spool")
    parser.add_argument("--inline", type=int, default=300)
    parser.add_argument("--spooled", type=int, default=100)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)  # the child that drains the queue
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(child_worker(args.worker)))
        return
    backends = ["sqlite"] + (["postgresql"] if _postgres_answers() else [])
    rows = []
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix=f"bench-spool-{backend}-") as workdir:
            rows.append(bench_spool(backend, Path(workdir), args.inline, args.spooled))
            print(f"spool {backend}: {rows[-1]}", file=sys.stderr)
    print_spool(rows)


def _postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://", 1), connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 - no PostgreSQL: SQLite alone
        return False


if __name__ == "__main__":
    main(sys.argv[1:])
