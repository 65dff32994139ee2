"""Ingest throughput and peak memory, against segmentation alone (no database) in the same run.

Each measurement runs in a child process of its own so that its peak RSS is its own.
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
import unicodedata
from pathlib import Path

from bench.corpus import read_texts, write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_segment(corpus: Path) -> dict:
    """The baseline: NFC and segment every text, nothing stored."""
    from fact.text.segment import segment

    started = time.perf_counter()
    for text in read_texts(corpus):
        segment(unicodedata.normalize("NFC", text))
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": _peak_rss_mb()}


def child_ingest(corpus: Path, database: Path) -> dict:
    """The real thing: `flask fact ingest corpus.jsonl` into a freshly migrated SQLite file."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    from flask_migrate import upgrade

    from fact import create_app

    app = create_app()
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["fact", "ingest", str(corpus)])
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return {"seconds": seconds, "peak_rss_mb": _peak_rss_mb()}


def _run_child(*args: str) -> dict:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "bench.ingest", *args], check=True, capture_output=True,
                         text=True, env=env, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(megabytes: float, repeats: int, workdir: Path) -> dict:
    corpus = workdir / f"corpus-{megabytes}.jsonl"
    articles, nbytes = write_corpus(corpus, megabytes)
    segment_runs = [_run_child("--child", "segment", str(corpus)) for _ in range(repeats)]
    ingest_runs = []
    for attempt in range(repeats):
        database = workdir / f"ingest-{megabytes}-{attempt}.db"
        ingest_runs.append(_run_child("--child", "ingest", str(corpus), str(database)))
        database.unlink()
    seg = statistics.median(r["seconds"] for r in segment_runs)
    ing = statistics.median(r["seconds"] for r in ingest_runs)
    mb = nbytes / 1024 / 1024
    return {
        "megabytes": round(mb, 1), "articles": articles,
        "segment_mb_s": mb / seg, "ingest_mb_s": mb / ing, "ingest_articles_s": articles / ing,
        "ratio": seg / ing,
        "segment_peak_mb": max(r["peak_rss_mb"] for r in segment_runs),
        "ingest_peak_mb": max(r["peak_rss_mb"] for r in ingest_runs),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.ingest")
    parser.add_argument("--sizes", default="10,20", help="corpus sizes in MB")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args(argv)
    if args.child:
        kind, *paths = args.child
        result = child_segment(Path(paths[0])) if kind == "segment" else child_ingest(*map(Path, paths))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(float(size), args.repeats, Path(tmp)) for size in args.sizes.split(",")]
    print(f"## Ingest into SQLite (median of {args.repeats} runs each)\n")
    print("| text MB | articles | segmentation alone MB/s | ingest MB/s | ingest articles/s | ingest / segmentation "
          "| peak RSS segmentation MB | peak RSS ingest MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['megabytes']} | {r['articles']} | {r['segment_mb_s']:.2f} | {r['ingest_mb_s']:.2f} "
              f"| {r['ingest_articles_s']:.0f} | {r['ratio']:.2f} | {r['segment_peak_mb']:.0f} | {r['ingest_peak_mb']:.0f} |")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
