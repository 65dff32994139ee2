"""What the Label Studio loop benchmarks (push, webhook, sync; run by bench.labelstudio) share: the child
process that measures one thing in a fresh interpreter, the corpus prepared for it, the annotations an
annotator would send, and the copies of SQLite databases each run starts from.
"""
import contextlib
import cProfile
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import string
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASKS_PER_MB = 4000  # taskable sentences per MB of bench.corpus text (4,111 measured; a margin)
BATCH = 500  # = Config.FACT_PUSH_BATCH, and the page size of sync's reads
CHILD_TIMEOUT = 900


# --- helpers ------------------------------------------------------------------------------------


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run_child(kind: str, spec: dict, env: dict[str, str]) -> dict:
    """`python -m bench.labelstudio --child KIND SPEC` with exactly these app settings in its environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FACT_", "LABEL_STUDIO_", "DATABASE_URL"))}
    env = {**base, "CI": "true", "PYTHONPATH": str(ROOT), **env}
    out = subprocess.run([sys.executable, "-m", "bench.labelstudio", "--child", kind, json.dumps(spec)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=CHILD_TIMEOUT)
    if out.returncode != 0:
        raise RuntimeError(f"child {kind} failed ({out.returncode}):\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _profiled(spec: dict, work):
    """Run work(); under cProfile when the spec names a file for the stats."""
    if not spec.get("profile"):
        return work()
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(work)
    finally:
        profiler.dump_stats(spec["profile"])


def _app():
    """The app of a child, configured from its environment, on a migrated database."""
    from flask_migrate import upgrade

    from fact import create_app

    app = create_app()
    with app.app_context():
        upgrade()
    return app


# --- what annotators would send -----------------------------------------------------------------


_WORD = re.compile(r"\w+")
_REGION_CHARS = string.ascii_letters + string.digits


def claim_result(rng: random.Random, text: str, cite_span_id: int) -> tuple[list[dict], list[dict]]:
    """A result of one or two claim regions in `text`, shaped as Label Studio 1.23.2 sends it: each with a
    verdict, a passage of another article (span:<id>) and a URL; and the rows it should become."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)] or [(0, len(text))]
    halves = [words] if len(words) < 6 or rng.random() < 0.5 else [words[: len(words) // 2], words[len(words) // 2 :]]
    result, claims = [], []
    for part in halves:
        first = rng.randrange(len(part))
        last = min(len(part) - 1, first + rng.randrange(3))
        start, end = part[first][0], part[last][1]
        where = {"start": start, "end": end, "text": text[start:end]}
        rid = "".join(rng.choices(_REGION_CHARS, k=10))
        label = rng.choice(["corroborated", "disputed", "unverifiable"])
        stance = rng.choice(["supports", "refutes"])
        url = f"https://example.org/check/{rid}"
        url_control = "urls_supporting" if rng.random() < 0.5 else "urls_refuting"
        result += [
            {"id": rid, "from_name": "claim", "to_name": "text", "type": "labels", "origin": "manual",
             "value": {**where, "labels": ["Claim"]}},
            {"id": rid, "from_name": "verdict", "to_name": "text", "type": "choices",
             "value": {**where, "choices": [label]}},
            {"id": rid, "from_name": stance, "to_name": "text", "type": "choices",
             "value": {**where, "choices": [f"span:{cite_span_id}"]}},
            {"id": rid, "from_name": url_control, "to_name": "text", "type": "textarea",
             "value": {**where, "text": [url]}},
        ]
        claims.append({"start": start, "end": end, "text": text[start:end], "label": label,
                       "evidence": [(stance, cite_span_id, None),
                                    ("supports" if url_control == "urls_supporting" else "refutes", None, url)]})
    return result, claims


def _cited(items: list[dict], i: int) -> int:
    """A sentence of another article than item i's, to cite as a passage."""
    n = len(items)
    for step in range(n // 2, n + n // 2):
        other = items[(i + step) % n]["payload"]["data"]
        if other["article_id"] != items[i]["payload"]["data"]["article_id"]:
            return other["span_id"]
    raise RuntimeError("every sentence is of the same article: nothing to cite")


def result_hash(result: list, was_cancelled: bool = False) -> str:
    canonical = json.dumps([result, was_cancelled], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- children that more than one benchmark runs -------------------------------------------------


def child_prepare(spec: dict) -> dict:
    """Migrate DATABASE_URL, ingest the corpus through the CLI, and write the task payloads of the first
    `limit` taskable spans, built by task_payloads in push's batches (with each span's start)."""
    from sqlalchemy import func, select

    from fact.extensions import db
    from fact.models import Span
    from fact.services.tasks.payloads import task_payloads, taskable_spans

    app = _app()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["fact", "ingest", spec["corpus"]])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        taskable = db.session.scalar(select(func.count()).select_from(taskable_spans().subquery()))
        spans = list(db.session.scalars(taskable_spans().order_by(Span.id).limit(spec.get("limit") or taskable)))
        items = []
        for batch in chunks(spans, app.config["FACT_PUSH_BATCH"]):
            for span, payload in zip(batch, task_payloads(batch, app.config["FACT_TASK_SOURCE_ARTICLES"])):
                items.append({"payload": payload, "start": span.start})
        Path(spec["out"]).write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        db.engine.dispose()
    return {"taskable": taskable, "written": len(items),
            "predictions": sum(1 for item in items if item["payload"].get("predictions"))}


def child_setup(spec: dict) -> dict:
    """`flask fact setup`: our project, made by our code path (no webhook: no secret is set)."""
    from fact.extensions import db

    app = _app()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["fact", "setup"])
        db.engine.dispose()  # the annotators it wrote are in the file, not in a WAL, when we copy it
    match = re.search(r"Label Studio project (\d+)", result.output)
    if result.exit_code != 0 or not match or "no webhook" not in result.output:
        raise SystemExit(result.output)
    return {"project": int(match.group(1))}


# --- databases and projects of a run ------------------------------------------------------------


def copy_sqlite(source: Path, target: Path) -> None:
    """A copy of a SQLite database nobody writes to, with its write-ahead log if one is left."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def record_tasks(database: Path, project_id: int, pushed: list[tuple[int, int]]) -> None:
    """Our span -> task map, as push_spans leaves it (a full sync cuts its export into parts by these ids)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.executemany(
            "INSERT INTO tasks (span_id, ls_project_id, ls_task_id, created_at, pushed_at) VALUES (?, ?, ?, ?, ?)",
            [(span_id, project_id, task_id, now, now) for span_id, task_id in pushed])


def _delete_project(ls, project_id: int) -> None:
    with contextlib.suppress(Exception):
        ls.projects.delete(id=project_id)
