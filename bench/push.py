"""1. push: push_spans into a fresh project, against the SDK's bare import_tasks of the same payloads, each
run in a child process of its own on a copy of a database prepared once.
"""
import json
import os
import statistics
import time
import uuid
from pathlib import Path

from bench.corpus import write_corpus
from bench.loop import (BATCH, TASKS_PER_MB, _app, _delete_project, _profiled, _run_child, chunks, copy_sqlite,
                        remove_sqlite)


def child_push(spec: dict) -> dict:
    """The real thing: push_spans of every taskable span into a fresh project (made by ensure_project)."""
    from fact.labelstudio.client import connect, ensure_project
    from fact.services.tasks.push import push_spans

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
