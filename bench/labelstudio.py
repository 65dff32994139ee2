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

    python -m bench.labelstudio [--only push,webhook,sync] [--repeats 3] [--profile]
"""
import argparse
import contextlib
import copy
import cProfile
import hashlib
import io
import json
import os
import pstats
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import string
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "recorded" / "annotation_created.json"
SECRET_HEADER = "X-Fact-Webhook-Secret"
DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TASKS_PER_MB = 4000  # taskable sentences per MB of bench.corpus text (4,111 measured; a margin)
BATCH = 500  # = Config.FACT_PUSH_BATCH, and the page size of sync's reads
WARMUP = 20  # webhook deliveries before the timed ones, on spans of their own
CHILD_TIMEOUT = 900


# --- helpers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


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


# --- children: each one measurement in a fresh interpreter ---------------------------------------


def child_prepare(spec: dict) -> dict:
    """Migrate DATABASE_URL, ingest the corpus through the CLI, and write the task payloads of the first
    `limit` taskable spans, built by task_payloads in push's batches (with each span's start)."""
    from sqlalchemy import func, select

    from fact.extensions import db
    from fact.models import Span
    from fact.services.tasks import task_payloads, taskable_spans

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


def child_push(spec: dict) -> dict:
    """The real thing: push_spans of every taskable span into a fresh project (made by ensure_project)."""
    from fact.labelstudio.client import connect, ensure_project
    from fact.services.push import push_spans

    app = _app()
    with app.app_context():
        ls = connect()
        project_id = ensure_project(ls)
        started = time.perf_counter()
        report = _profiled(spec, lambda: push_spans(ls, project_id))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": report.created, "project": project_id}


def child_import(spec: dict) -> dict:
    """The baseline: the SDK's bare import_tasks of the same payloads, in the same batches, into a fresh project."""
    from label_studio_sdk import LabelStudio

    from fact.labelstudio.config import LABEL_CONFIG

    items = json.loads(Path(spec["payloads"]).read_text(encoding="utf-8"))
    batches = chunks([item["payload"] for item in items], BATCH)
    ls = LabelStudio(base_url=os.environ["LABEL_STUDIO_URL"], api_key=os.environ["LABEL_STUDIO_TOKEN"], timeout=120)
    project_id = ls.projects.create(title=spec["title"], label_config=LABEL_CONFIG).id
    ids = 0
    started = time.perf_counter()
    for batch in batches:
        ids += len(ls.projects.import_tasks(id=project_id, request=batch, return_task_ids=True).task_ids)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": ids, "project": project_id}


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


def child_sync(spec: dict) -> dict:
    """The real thing: sync_annotations(full=True) into our database."""
    from fact.labelstudio.client import connect
    from fact.services.sync import sync_annotations

    app = _app()
    with app.app_context():
        ls = connect()
        started = time.perf_counter()
        report = _profiled(spec, lambda: sync_annotations(ls, spec["project"], full=True))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": report.tasks, "outcomes": report.outcomes}


def child_read(spec: dict) -> dict:
    """The baseline: the SDK's bare read of every task with its annotations, iterated to the end."""
    from label_studio_sdk import LabelStudio

    ls = LabelStudio(base_url=os.environ["LABEL_STUDIO_URL"], api_key=os.environ["LABEL_STUDIO_TOKEN"], timeout=120)
    started = time.perf_counter()
    tasks = annotations = 0
    for task in ls.tasks.list(project=spec["project"], fields="all", page_size=BATCH):
        tasks += 1
        annotations += len(task.annotations or [])
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": tasks, "annotations": annotations}


def child_export(spec: dict) -> dict:
    """The baseline of a full sync: the SDK's bare snapshot export (JSON) and its download, parsed."""
    from label_studio_sdk import LabelStudio

    ls = LabelStudio(base_url=os.environ["LABEL_STUDIO_URL"], api_key=os.environ["LABEL_STUDIO_TOKEN"], timeout=600)
    started = time.perf_counter()
    export = ls.projects.exports.create(id=spec["project"], title="bench")
    while export.status not in ("completed", "failed"):
        time.sleep(0.2)
        export = ls.projects.exports.get(id=spec["project"], export_pk=export.id)
    tasks = json.loads(b"".join(ls.projects.exports.download(id=spec["project"], export_pk=export.id,
                                                             export_type="JSON")))
    seconds = time.perf_counter() - started
    ls.projects.exports.delete(id=spec["project"], export_pk=export.id)
    return {"seconds": seconds, "tasks": len(tasks), "annotations": sum(len(t["annotations"]) for t in tasks)}


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


CHILDREN = {"prepare": child_prepare, "push": child_push, "import": child_import, "setup": child_setup,
            "sync": child_sync, "read": child_read, "export": child_export, "webhook-profile": child_webhook_profile}


# --- things to clean up -------------------------------------------------------------------------


@contextlib.contextmanager
def labelstudio(workdir: Path):
    """A real Label Studio of this run's own (started once for push and sync, ~50 s on a first start)."""
    from tests.labelstudio_server import run_labelstudio_for_tests

    started = time.perf_counter()
    with run_labelstudio_for_tests(workdir / "ls") as settings:
        print(f"Label Studio up in {time.perf_counter() - started:.0f} s at {settings.url}", file=sys.stderr)
        yield settings


@contextlib.contextmanager
def postgres_database(server_url: str, name: str):
    """A database of our own on the PostgreSQL server, dropped afterwards (WITH (FORCE): whoever is left)."""
    import psycopg

    admin = _dbapi_url(server_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dbapi_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_database(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def gunicorn(database_url: str, secret: str, log: Path):
    """Our app in gunicorn, as `make serve` runs it (2 sync workers, access log), on a free port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACT_", "LABEL_STUDIO_", "DATABASE_URL"))}
    env.update({"DATABASE_URL": database_url, "FACT_WEBHOOK_SECRET": secret, "PYTHONPATH": str(ROOT), "CI": "true"})
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--access-logfile", "-", "bench.webhook_server:app"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/health", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop_group(proc)


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout} s")


def _stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


def copy_sqlite(source: Path, target: Path) -> None:
    """A copy of a SQLite database nobody writes to, with its write-ahead log if one is left."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _delete_project(ls, project_id: int) -> None:
    with contextlib.suppress(Exception):
        ls.projects.delete(id=project_id)


def _print_profile(path: Path, title: str, lines: int = 25) -> None:
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(str(path), stream=out).strip_dirs().sort_stats(order).print_stats(lines)
        body = out.getvalue()
        body = body[body.find("   ncalls"):] if "   ncalls" in body else body
        print(f"### Profile: {title} (by {order}, top {lines})\n\n```\n{body.rstrip()}\n```\n")


# --- 1. push -------------------------------------------------------------------------------------


def bench_push(ls_settings, workdir: Path, tasks: int, repeats: int, profile: bool = False) -> dict:
    from label_studio_sdk import LabelStudio

    ls = LabelStudio(base_url=ls_settings.url, api_key=ls_settings.token, timeout=120)
    corpus, template, payloads = workdir / "push.jsonl", workdir / "push.db", workdir / "push-payloads.json"
    write_corpus(corpus, tasks / TASKS_PER_MB)
    prepared = _run_child("prepare", {"corpus": str(corpus), "out": str(payloads)},
                          {"DATABASE_URL": f"sqlite:///{template}"})
    ls_env = {"LABEL_STUDIO_URL": ls_settings.url, "LABEL_STUDIO_TOKEN": ls_settings.token}
    runs = {"push": [], "import": []}
    for attempt in range(repeats):
        order = ["push", "import"] if attempt % 2 == 0 else ["import", "push"]  # no side always first
        for kind in order:
            title = f"bench-{kind}-{uuid.uuid4().hex[:8]}"
            if kind == "push":
                database = workdir / f"push-{attempt}.db"
                copy_sqlite(template, database)
                spec = {"profile": str(workdir / "push.prof")} if profile and attempt == 0 else {}
                run = _run_child("push", spec, {**ls_env, "DATABASE_URL": f"sqlite:///{database}",
                                                "FACT_LS_PROJECT_TITLE": title})
                remove_sqlite(database)
            else:
                run = _run_child("import", {"payloads": str(payloads), "title": title}, ls_env)
            _delete_project(ls, run["project"])
            if run["tasks"] != prepared["taskable"]:
                raise RuntimeError(f"{kind} made {run['tasks']} tasks, not {prepared['taskable']}")
            runs[kind].append(run["seconds"])
    push, bare = statistics.median(runs["push"]), statistics.median(runs["import"])
    n = prepared["taskable"]
    return {"tasks": n, "repeats": repeats, "push_s": push, "import_s": bare, "predictions": prepared["predictions"],
            "push_tasks_s": n / push, "import_tasks_s": n / bare, "ratio": bare / push, "runs": runs,
            "profile": workdir / "push.prof" if profile else None}


# --- 2. webhook ----------------------------------------------------------------------------------


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


class BareSQL:
    """The same rows apply_annotation writes for a new annotation, inserted with a plain DBAPI connection:
    one transaction per annotation, nothing read, nothing checked."""

    def __init__(self, database_url: str):
        self.sqlite = database_url.startswith("sqlite")
        if self.sqlite:
            self.connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000"):
                self.connection.execute(f"PRAGMA {pragma}")  # as fact.database sets them
        else:
            import psycopg

            self.connection = psycopg.connect(_dbapi_url(database_url))

    def _moment(self, value: datetime):
        # SQLAlchemy's SQLite DATETIME stores naive UTC text; PostgreSQL takes the aware datetime
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else value

    def _insert(self, sql: str, values: tuple) -> int:
        """sql with ? for parameters and ?::json for a JSON one (plain text on SQLite)."""
        sql = sql.replace("::json", "") if self.sqlite else sql.replace("?", "%s")
        return self.connection.execute(sql + " RETURNING id", values).fetchone()[0]

    def insert(self, rows: dict) -> None:
        from fact.text.normalize import normalize_for_search

        now = self._moment(datetime.now(timezone.utc))
        updated = self._moment(rows["updated_at"])
        annotation = self._insert(
            "INSERT INTO annotations (ls_annotation_id, ls_task_id, span_id, annotator_id, ls_updated_at, "
            "was_cancelled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rows["ls_id"], rows["task_id"], rows["span_id"], 1, updated, False, now))
        revision = self._insert(
            "INSERT INTO annotation_revisions (annotation_id, ls_updated_at, annotator_id, via, received_at, "
            "result, result_hash, status) VALUES (?, ?, ?, ?, ?, ?::json, ?, ?)",
            (annotation, updated, 1, "annotation_created", now, json.dumps(rows["result"]), rows["hash"], "accepted"))
        for claim in rows["claims"]:
            start, end = rows["span_start"] + claim["start"], rows["span_start"] + claim["end"]
            claim_id = self._insert(  # with the aggregate of its one verdict, as the app leaves it
                'INSERT INTO claims (article_id, span_id, start, "end", text, search_text, created_at, updated_at, '
                "verdict_count, majority_label, agreement, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rows["article_id"], rows["span_id"], start, end, claim["text"], normalize_for_search(claim["text"]),
                 now, now, 1, claim["label"], "single", claim["label"]))
            verdict = self._insert(
                'INSERT INTO verdicts (claim_id, annotation_id, revision_id, label, annotator_id, start, "end", text, '
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (claim_id, annotation, revision, claim["label"], 1, start, end, claim["text"], now))
            for stance, span_id, url in claim["evidence"]:
                self._insert("INSERT INTO evidence (verdict_id, stance, span_id, article_id, url) VALUES (?, ?, ?, ?, ?)",
                             (verdict, stance, span_id, None, url))
        self.connection.commit()

    def counts(self) -> dict[str, int]:
        return {table: self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("annotations", "annotation_revisions", "claims", "verdicts", "evidence")}

    def close(self) -> None:
        self.connection.close()


def _copy_database(database_url: str, server_url: str | None, name: str, stack: contextlib.ExitStack) -> str:
    """An identical database to run the baseline in: a file copy, or CREATE DATABASE ... TEMPLATE."""
    if database_url.startswith("sqlite"):
        source = Path(database_url.removeprefix("sqlite:///"))
        target = source.with_name(name + ".db")
        copy_sqlite(source, target)
        return f"sqlite:///{target}"
    import psycopg

    admin = _dbapi_url(server_url)
    source = database_url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    stack.callback(drop)
    return _with_database(server_url, name)


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


# --- 3. sync -------------------------------------------------------------------------------------


def bench_sync(ls_settings, workdir: Path, annotations: int, repeats: int, profile: bool = False) -> dict:
    from label_studio_sdk import LabelStudio

    ls = LabelStudio(base_url=ls_settings.url, api_key=ls_settings.token, timeout=300)
    corpus, template, items_file = workdir / "sync.jsonl", workdir / "sync.db", workdir / "sync-items.json"
    write_corpus(corpus, annotations * 1.05 / TASKS_PER_MB)
    prepared = _run_child("prepare", {"corpus": str(corpus), "out": str(items_file), "limit": annotations},
                          {"DATABASE_URL": f"sqlite:///{template}"})
    if prepared["written"] < annotations:
        raise RuntimeError(f"only {prepared['written']} taskable sentences for {annotations} annotations")
    ls_env = {"LABEL_STUDIO_URL": ls_settings.url, "LABEL_STUDIO_TOKEN": ls_settings.token}
    project_id = _run_child("setup", {}, {**ls_env, "DATABASE_URL": f"sqlite:///{template}",
                                          "FACT_LS_PROJECT_TITLE": f"bench-sync-{uuid.uuid4().hex[:8]}"})["project"]
    try:
        user = ls.users.whoami().id
        items = json.loads(items_file.read_text(encoding="utf-8"))
        rng = random.Random(13)
        started, pushed = time.perf_counter(), []
        for batch in chunks(list(range(len(items))), BATCH):
            request = []
            for i in batch:
                result, _claims = claim_result(rng, items[i]["payload"]["data"]["text"], _cited(items, i))
                request.append({**items[i]["payload"], "annotations": [{"result": result, "completed_by": user}]})
            answer = ls.projects.import_tasks(id=project_id, request=request, return_task_ids=True)
            if len(answer.task_ids) != len(request) or answer.annotation_count != len(request):
                raise RuntimeError(f"import: {answer.task_ids and len(answer.task_ids)} tasks, "
                                   f"{answer.annotation_count} annotations for {len(request)}")
            pushed += [(items[i]["payload"]["data"]["span_id"], task_id) for i, task_id in zip(batch, answer.task_ids)]
        import_s = time.perf_counter() - started
        record_tasks(template, project_id, pushed)
        first = next(iter(ls.tasks.list(project=project_id, fields="all", page_size=1)))
        sample = first.model_dump(mode="json")["annotations"][0]
        if not (isinstance(sample.get("id"), int) and sample.get("updated_at")):
            raise RuntimeError(f"imported annotations lack an id or updated_at: {sample}")
        runs = {"sync": [], "read": [], "export": []}
        for attempt in range(repeats):
            for kind in (["sync", "read", "export"] if attempt % 2 == 0 else ["export", "read", "sync"]):
                if kind == "sync":
                    database = workdir / f"sync-{attempt}.db"
                    copy_sqlite(template, database)
                    spec = {"project": project_id}
                    if profile and attempt == 0:
                        spec["profile"] = str(workdir / "sync.prof")
                    run = _run_child("sync", spec, {**ls_env, "DATABASE_URL": f"sqlite:///{database}"})
                    remove_sqlite(database)
                    if run["outcomes"] != {"accepted": annotations} or run["tasks"] != annotations:
                        raise RuntimeError(f"sync read {run['tasks']} tasks: {run['outcomes']}")
                else:
                    run = _run_child(kind, {"project": project_id}, ls_env)
                    if run["annotations"] != annotations:
                        raise RuntimeError(f"the bare {kind} found {run['annotations']} annotations")
                runs[kind].append(run["seconds"])
    finally:
        _delete_project(ls, project_id)
    sync, read, export = (statistics.median(runs[kind]) for kind in ("sync", "read", "export"))
    return {"annotations": annotations, "repeats": repeats, "import_s": import_s, "runs": runs,
            "sync_s": sync, "read_s": read, "export_s": export, "sync_per_s": annotations / sync,
            "read_per_s": annotations / read, "ratio": read / sync, "export_ratio": export / sync,
            "profile": workdir / "sync.prof" if profile else None}


def record_tasks(database: Path, project_id: int, pushed: list[tuple[int, int]]) -> None:
    """Our span -> task map, as push_spans leaves it (a full sync cuts its export into parts by these ids)."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.executemany(
            "INSERT INTO tasks (span_id, ls_project_id, ls_task_id, created_at, pushed_at) VALUES (?, ?, ?, ?, ?)",
            [(span_id, project_id, task_id, now, now) for span_id, task_id in pushed])


# --- the report ----------------------------------------------------------------------------------


def print_push(r: dict) -> None:
    print(f"## Push to Label Studio (SQLite, batches of {BATCH}, median of {r['repeats']} runs each)\n")
    print("| tasks | push_spans s | push tasks/s | bare import_tasks s | bare tasks/s | push / bare (target ≥ 0.80) |")
    print("|---|---|---|---|---|---|")
    print(f"| {r['tasks']} | {r['push_s']:.1f} | {r['push_tasks_s']:.0f} | {r['import_s']:.1f} "
          f"| {r['import_tasks_s']:.0f} | {r['ratio']:.2f} |\n")
    print("Each run, s: push " + ", ".join(f"{x:.1f}" for x in r["runs"]["push"])
          + "; bare import " + ", ".join(f"{x:.1f}" for x in r["runs"]["import"]) + "\n")
    print(f"Payloads as task_payloads builds them on a freshly ingested corpus (`flask fact match` not run): "
          f"{r['predictions']} of {r['tasks']} carry a prediction.\n")


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


def print_sync(r: dict) -> None:
    runs = f"median of {r['repeats']} runs each" if r["repeats"] > 1 else "one run each"
    print(f"## Full sync from Label Studio (SQLite; snapshot exports in parts, applied by pages of {BATCH}; {runs})\n")
    print("| annotations | sync_annotations s (target < 60) | sync annotations/s | bare snapshot export + download s "
          "| sync / bare export | bare SDK paged read s | sync / bare paged read |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {r['annotations']} | {r['sync_s']:.1f} | {r['sync_per_s']:.0f} | {r['export_s']:.1f} "
          f"| {r['export_ratio']:.2f} | {r['read_s']:.1f} | {r['ratio']:.2f} |\n")
    print("Every run, s: " + "; ".join(f"{kind} " + ", ".join(f"{s:.1f}" for s in runs)
                                      for kind, runs in r["runs"].items()) + "\n")
    print(f"(Set-up, not timed above: importing the {r['annotations']} tasks with their annotations took "
          f"{r['import_s']:.1f} s.)\n")


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


if __name__ == "__main__":
    main(sys.argv[1:])
