"""3. sync: sync_annotations(full=True) of a project full of annotations, against the SDK's bare snapshot
export + download (what a full sync reads) and the bare paged read of the same tasks.
"""
import json
import os
import random
import statistics
import time
import uuid
from pathlib import Path

from bench.corpus import write_corpus
from bench.loop import (BATCH, TASKS_PER_MB, _app, _cited, _delete_project, _profiled, _run_child, chunks,
                        claim_result, copy_sqlite, record_tasks, remove_sqlite)


def child_sync(spec: dict) -> dict:
    """The real thing: sync_annotations(full=True) into our database."""
    from fact.labelstudio.client import connect
    from fact.services.annotations.sync import sync_annotations

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
