"""`flask fact match` on the realistic scraped-news corpus (bench.realistic: clutter, tokenized
punctuation, wire copies, events that share units), at about 130k sentences, against the bare library
calls of the same search on the same sentences (bench.match.child_bare: TF-IDF fit, then the search the
matcher picks at this size) measured in the same run. The matcher's time is also split into its parts
(hints, search, writing rows), so that the slowest part is named. Each measurement runs in a child
process of its own, for its own peak RSS; the token store is removed first, so the run is a first one.

    python -m bench.match_real --articles 3000
"""
import argparse
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import match, realistic

ROOT = Path(__file__).resolve().parent.parent
TARGET_S, TARGET_MB = 120, 2048


def child_match(database: Path) -> dict:
    """`flask fact match`, with the time of its parts (wrapped, so a part's share is known)."""
    from fact.matching import engine
    from fact.services.matching import candidate_rows, candidates

    spent = Counter()

    def timed(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started

        setattr(owner, name, wrapper)

    timed(candidate_rows.CandidateWriter, "_hint", "hints")
    timed(candidate_rows.CandidateWriter, "_insert", "insert")
    timed(candidate_rows.CandidateWriter, "_rows", "rows")
    timed(engine.SentenceIndex, "search", "search")
    timed(candidates.TokenStore, "counts", "tokens")
    timed(candidates, "cluster_stories", "stories")
    result = match.child_match(database)
    usage = resource.getrusage(resource.RUSAGE_SELF)  # CPU seconds: what the load of other work leaves alone
    return {**result, "parts": dict(spent), "cpu_s": usage.ru_utime + usage.ru_stime}


def child_spans(database: Path) -> dict:
    """How many sentences and paragraphs were stored, and how many are flagged boilerplate."""
    from sqlalchemy import func, select

    from fact.extensions import db
    from fact.models import Span
    from fact.services.tasks.payloads import taskable_spans

    with match._app(database).app_context():
        kinds = dict(db.session.execute(select(Span.kind, func.count()).group_by(Span.kind)).all())
        taskable = db.session.scalar(select(func.count()).select_from(taskable_spans().subquery()))
    return {"kinds": {str(getattr(k, "value", k)): v for k, v in kinds.items()}, "taskable": taskable}


def _child(*args: str, module: str = "bench.match_real") -> dict:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", module, "--child", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": time.perf_counter() - started}


def measure(articles: int, seed: int, workdir: Path) -> dict:
    corpus, database = workdir / "realistic.jsonl", workdir / "realistic.db"
    records = realistic.generate(articles, seed)
    realistic.write(records, corpus)
    real, clutter = realistic.sentence_count(records)
    _child("prepare", str(database), str(corpus))
    spans = _child("spans", str(database))
    bare = _child("bare", str(database))
    _child("forget", str(database))
    full = _child("match", str(database))
    _child("forget", str(database))
    return {"articles": articles, "generated": real + clutter, "spans": spans, "bare": bare, "match": full}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.match_real")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args(argv)
    if args.child:
        kind, *paths = args.child
        call = {"prepare": match.child_prepare, "bare": match.child_bare, "forget": match.child_forget,
                "match": child_match, "spans": child_spans}[kind]
        print(json.dumps(call(*map(Path, paths))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        r = measure(args.articles, args.seed, Path(tmp))
    bare, full = r["bare"], r["match"]
    print(f"## Matching the realistic corpus (`flask fact match`, SQLite, first run), "
          f"{r['articles']} records, seed {args.seed}\n")
    print("| sentences matched | search | bare library calls s | match s | match / bare | match CPU s (process) "
          "| peak RSS bare MB | peak RSS match MB | under 120 s and 2 GB |")
    print("|---|---|---|---|---|---|---|---|---|")
    met = full["seconds"] < TARGET_S and full["peak_mb"] < TARGET_MB
    print(f"| {bare['sentences']} | {bare['method']} | {bare['seconds']:.1f} | {full['seconds']:.1f} "
          f"| {full['seconds'] / bare['seconds']:.2f} | {full['cpu_s']:.1f} | {bare['peak_mb']:.0f} | {full['peak_mb']:.0f} "
          f"| {'yes' if met else 'no'} |")
    parts = full["parts"]
    print("\nWhere the match's time went (s): " + ", ".join(f"{k} {v:.1f}" for k, v in
                                                            sorted(parts.items(), key=lambda kv: -kv[1]))
          + f"; the rest (reading sentences, choosing, marking them matched) {full['seconds'] - sum(parts.values()):.1f}")
    print(f"\nSpans stored: {r['spans']['kinds']}, taskable sentences {r['spans']['taskable']} "
          f"(the generator's own count: {r['generated']} sentences and clutter lines). What the run said: "
          f"{full['output']}")


if __name__ == "__main__":
    main(sys.argv[1:])
