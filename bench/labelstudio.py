"""The Label Studio loop, each part against a bare baseline measured in the same run:

1. push: push_spans into a fresh project, against the SDK's bare import_tasks of the same payloads;
2. webhook: our app under gunicorn answering Label Studio's ANNOTATION_CREATED, on SQLite and on
   PostgreSQL, against inserting the same rows with a plain DBAPI connection, and GET /api/health;
3. sync: sync_annotations(full=True) of a project full of annotations, against the SDK's bare snapshot
   export + download (what a full sync reads) and the bare paged read of the same tasks.

Push and sync run against a real Label Studio (started here in a temporary directory, ~50 s) and
a SQLite database; every measurement of theirs runs in a child process of its own, on a copy of a
database prepared once. Everything started here is stopped, and everything made here is removed,
also on error.

Each benchmark is a module of its own (bench.push, bench.webhook, bench.sync, on bench.loop and
bench.servers); this one runs them, prints their tables, and is the entry point of every child.

    python -m bench.labelstudio [--only push,webhook,sync] [--repeats 3] [--profile]
"""
import argparse
import contextlib
import io
import json
import os
import pstats
import signal
import sys
import tempfile
from pathlib import Path

from bench.loop import child_prepare, child_setup
from bench.push import bench_push, child_import, child_push, print_push
from bench.servers import _dbapi_url, labelstudio
from bench.sync import bench_sync, child_export, child_read, child_sync, print_sync
from bench.webhook import bench_webhook, child_webhook_profile, print_webhook

DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


CHILDREN = {"prepare": child_prepare, "push": child_push, "import": child_import, "setup": child_setup,
            "sync": child_sync, "read": child_read, "export": child_export, "webhook-profile": child_webhook_profile}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.labelstudio")
    parser.add_argument("--only", default="push,webhook,sync", help="comma-separated: push, webhook, sync")
    parser.add_argument("--repeats", type=int, default=3, help="runs of push and of its baseline (median)")
    parser.add_argument("--sync-repeats", type=int, default=1,
                        help="runs of sync and of its baseline (median); one 10k run of each takes ~5 min")
    parser.add_argument("--push-tasks", type=int, default=5000)
    parser.add_argument("--webhooks", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sync-annotations", type=int, default=10000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL,
                        help="PostgreSQL server for the webhook benchmark (a database is made and dropped there)")
    parser.add_argument("--labelstudio", metavar="URL",
                        help="use this running Label Studio (token: LABEL_STUDIO_TOKEN) instead of starting one; "
                             "the projects made here are deleted afterwards")
    parser.add_argument("--profile", action="store_true", help="also print cProfile stats of the first run of each")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SPEC"))
    args = parser.parse_args(argv)
    if args.child:
        kind, spec = args.child
        print(json.dumps(CHILDREN[kind](json.loads(spec))))
        return

    # SIGTERM (a CI timeout, a kill) unwinds like Ctrl-C, so that every `finally` below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    only = set(args.only.split(","))
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="fact-bench-ls-") as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        if "webhook" in only:
            results["webhook"] = []
            for backend in args.backends.split(","):
                if backend == "postgresql" and not _postgres_answers(args.database_url):
                    print(f"SKIPPED: webhook on PostgreSQL: nothing answers at {args.database_url}", file=sys.stderr)
                    continue
                results["webhook"].append(bench_webhook(backend, workdir, args.webhooks, args.database_url, args.profile))
        if only & {"push", "sync"}:
            if args.labelstudio:
                settings = argparse.Namespace(url=args.labelstudio.rstrip("/"), token=os.environ["LABEL_STUDIO_TOKEN"])
            else:
                settings = stack.enter_context(labelstudio(workdir))
            if "push" in only:
                results["push"] = bench_push(settings, workdir, args.push_tasks, args.repeats, args.profile)
            if "sync" in only:
                results["sync"] = bench_sync(settings, workdir, args.sync_annotations, args.sync_repeats, args.profile)
        if "push" in results:
            print_push(results["push"])
        if "webhook" in results:
            print_webhook(results["webhook"])
        if "sync" in results:
            print_sync(results["sync"])
        if args.profile:
            for name, r in [("push", results.get("push")), ("sync", results.get("sync")),
                            *[(f"webhook on {w['backend']} (300, in process)", w) for w in results.get("webhook", [])]]:
                if r and r.get("profile") and Path(r["profile"]).exists():
                    _print_profile(r["profile"], name)


def _postgres_answers(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(_dbapi_url(url), connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 - any failure means: no PostgreSQL here
        return False


def _print_profile(path: Path, title: str, lines: int = 25) -> None:
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(str(path), stream=out).strip_dirs().sort_stats(order).print_stats(lines)
        body = out.getvalue()
        body = body[body.find("   ncalls"):] if "   ncalls" in body else body
        print(f"### Profile: {title} (by {order}, top {lines})\n\n```\n{body.rstrip()}\n```\n")


if __name__ == "__main__":
    main(sys.argv[1:])
