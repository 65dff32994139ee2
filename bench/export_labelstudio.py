"""Our exports against Label Studio's own JSON export of the same annotations, in one run.

A real Label Studio (started here in a temporary directory) gets a project made by `flask fact setup`
and tasks built from the seed-derived corpus, each imported with one annotation whose result is
shaped as the editor sends it (bench.loop.claim_result). An annotation imported with its task
is marked ground truth by Label Studio: that changes nothing in an export, and importing is by far
the quickest way to make 10k of them. `flask fact sync --full` then brings them into our SQLite
database (set-up, not measured). Measured, median of N runs, in alternating order:

- Label Studio: a JSON snapshot (`projects.exports.create`, wait until completed, download to a
  file), and the direct `GET /api/projects/<id>/export?exportType=JSON` streamed to a file;
- ours: `flask fact export --format fever` and `--format csv`, each in a child process of its own
  (bench.export's child: the command run in process once the app is made; the child's whole wall
  time, interpreter start and imports included, is reported beside it).

    python -m bench.export_labelstudio [--annotations 10000] [--repeats 3]
"""
import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import export as ours
from bench.corpus import write_corpus
from bench.loop import BATCH, TASKS_PER_MB, _cited, _run_child, chunks, claim_result, record_tasks


def import_annotated(ls, project_id: int, items: list[dict], user: int) -> list[tuple[int, int]]:
    """Each task with one annotation, in batches; returns (span id, task id) pairs, as push_spans keeps them."""
    rng, pushed = random.Random(13), []
    for batch in chunks(list(range(len(items))), BATCH):
        request = [{**items[i]["payload"], "annotations": [{
            "result": claim_result(rng, items[i]["payload"]["data"]["text"], _cited(items, i))[0],
            "completed_by": user}]} for i in batch]
        answer = ls.projects.import_tasks(id=project_id, request=request, return_task_ids=True)
        if len(answer.task_ids) != len(request) or answer.annotation_count != len(request):
            raise RuntimeError(f"import: {len(answer.task_ids or [])} tasks, {answer.annotation_count} annotations")
        pushed += [(items[i]["payload"]["data"]["span_id"], task) for i, task in zip(batch, answer.task_ids)]
    return pushed


def labelstudio_snapshot(ls, project_id: int, out: Path) -> float:
    """Label Studio's snapshot export: create, wait until it is made, download the JSON file."""
    started = time.perf_counter()
    export = ls.projects.exports.create(id=project_id, title="bench")
    while export.status not in ("completed", "failed"):
        time.sleep(0.2)
        export = ls.projects.exports.get(id=project_id, export_pk=export.id)
    with out.open("wb") as file:
        for chunk in ls.projects.exports.download(id=project_id, export_pk=export.id, export_type="JSON"):
            file.write(chunk)
    seconds = time.perf_counter() - started
    ls.projects.exports.delete(id=project_id, export_pk=export.id)
    return seconds


def labelstudio_direct(settings, project_id: int, out: Path) -> float:
    """The documented one-request export: GET /api/projects/<id>/export?exportType=JSON, streamed to a file."""
    import requests

    started = time.perf_counter()
    with requests.get(f"{settings.url}/api/projects/{project_id}/export", params={"exportType": "JSON"},
                      headers={"Authorization": f"Token {settings.token}"}, stream=True, timeout=900) as answer:
        answer.raise_for_status()
        with out.open("wb") as file:
            for chunk in answer.iter_content(1 << 16):
                file.write(chunk)
    return time.perf_counter() - started


def annotations_in(path: Path) -> int:
    return sum(len(task["annotations"]) for task in json.loads(path.read_bytes()))


def ours_export(database: Path, fmt: str, out: Path) -> dict:
    started = time.perf_counter()
    run = ours._run_child("--child", "export", f"sqlite:///{database}", fmt, str(out))
    return {**run, "wall": time.perf_counter() - started}


def measure(workdir: Path, annotations: int, repeats: int) -> dict:
    from label_studio_sdk import LabelStudio

    from tests.labelstudio_server import run_labelstudio_for_tests

    corpus, database, items_file = workdir / "corpus.jsonl", workdir / "fact.db", workdir / "items.json"
    write_corpus(corpus, annotations * 1.05 / TASKS_PER_MB)
    db_env = {"DATABASE_URL": f"sqlite:///{database}"}
    prepared = _run_child("prepare", {"corpus": str(corpus), "out": str(items_file), "limit": annotations}, db_env)
    if prepared["written"] < annotations:
        raise RuntimeError(f"only {prepared['written']} taskable sentences for {annotations} annotations")
    items = json.loads(items_file.read_text(encoding="utf-8"))
    with run_labelstudio_for_tests(workdir / "ls") as settings:
        ls = LabelStudio(base_url=settings.url, api_key=settings.token, timeout=900)
        ls_env = {"LABEL_STUDIO_URL": settings.url, "LABEL_STUDIO_TOKEN": settings.token}
        project_id = _run_child("setup", {}, {**ls_env, **db_env,
                                              "FACT_LS_PROJECT_TITLE": f"bench-export-{uuid.uuid4().hex[:8]}"})["project"]
        started = time.perf_counter()
        record_tasks(database, project_id, import_annotated(ls, project_id, items, ls.users.whoami().id))
        import_s = time.perf_counter() - started
        sync = _run_child("sync", {"project": project_id}, {**ls_env, **db_env})
        if sync["outcomes"] != {"accepted": annotations}:
            raise RuntimeError(f"sync: {sync['outcomes']}")
        steps = {"snapshot": [], "direct": [], "fever": [], "csv": []}
        runs = {}
        for attempt in range(repeats):
            for step in (list(steps) if attempt % 2 == 0 else list(reversed(steps))):
                if step == "snapshot":
                    steps[step].append(labelstudio_snapshot(ls, project_id, workdir / "ls-snapshot.json"))
                elif step == "direct":
                    steps[step].append(labelstudio_direct(settings, project_id, workdir / "ls-direct.json"))
                else:
                    runs.setdefault(step, []).append(ours_export(database, step, workdir / "out"))
                    steps[step].append(runs[step][-1]["seconds"])
        for name in ("snapshot", "direct"):
            found = annotations_in(workdir / f"ls-{name}.json")
            if found != annotations:
                raise RuntimeError(f"Label Studio's {name} export has {found} annotations, not {annotations}")
    result = {"annotations": annotations, "repeats": repeats, "import_s": import_s, "sync_s": sync["seconds"],
              "steps": steps, "median": {k: statistics.median(v) for k, v in steps.items()},
              "wall": {k: statistics.median(r["wall"] for r in v) for k, v in runs.items()},
              "verdicts": runs["csv"][0]["rows"], "records": {k: v[0]["records"] for k, v in runs.items()},
              "bytes": {"snapshot": (workdir / "ls-snapshot.json").stat().st_size,
                        "fever": (workdir / "out" / "fever" / "data.jsonl").stat().st_size,
                        "csv": (workdir / "out" / "csv" / "data.csv").stat().st_size}}
    return result


def report(r: dict) -> None:
    m, wall = r["median"], r["wall"]
    fastest_ls = min(m["snapshot"], m["direct"])
    print(f"## Export: ours against Label Studio's JSON export ({r['annotations']:,} annotations, "
          f"median of {r['repeats']} runs each)\n")
    print("| export | s | its child's wall s | Label Studio's faster JSON export / this (target ≥ 10) | file MB |")
    print("|---|---|---|---|---|")
    print(f"| Label Studio JSON snapshot (create, wait, download) | {m['snapshot']:.2f} | - | - "
          f"| {r['bytes']['snapshot'] / 1e6:.1f} |")
    print(f"| Label Studio GET /api/projects/<id>/export?exportType=JSON | {m['direct']:.2f} | - | - | - |")
    for fmt in ("fever", "csv"):
        print(f"| ours, `flask fact export --format {fmt}` ({r['records'][fmt]:,} records) | {m[fmt]:.2f} "
              f"| {wall[fmt]:.2f} | {fastest_ls / m[fmt]:.1f}× (wall: {fastest_ls / wall[fmt]:.1f}×) "
              f"| {r['bytes'][fmt] / 1e6:.1f} |")
    print(f"\nEvery run, s: " + "; ".join(f"{k} " + ", ".join(f"{s:.2f}" for s in v) for k, v in r["steps"].items()))
    print(f"\n{r['verdicts']:,} verdicts from {r['annotations']:,} annotations. Set-up, not timed above: import "
          f"of the annotated tasks {r['import_s']:.1f} s, `sync --full` {r['sync_s']:.1f} s.\n")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.export_labelstudio")
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-export-ls-") as tmp:
        report(measure(Path(tmp), args.annotations, args.repeats))


if __name__ == "__main__":
    os.environ.setdefault("CI", "true")
    main(sys.argv[1:])
