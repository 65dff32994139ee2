"""`flask fact match` at 10k, 30k and 100k sentences, and adding 100 articles to the largest corpus,
against the bare library calls of the same search (TF-IDF fit, then an exact sparse top-n product or an
approximate SVD + faiss search, nothing stored) in the same run, and how close the approximate search
comes to the exact one.

Corpora are built from the seed sentences with realistic variation: each synthetic article retells
one seed story, with numbers changed, words dropped or replaced by synonyms, and sentences of other
stories mixed in. Every measurement runs in a child process of its own, for its own peak RSS.
"""
import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNONYMS = [("قال", "أضاف"), ("أعلن", "ذكر"), ("الولايات المتحدة", "واشنطن"), ("تنظيم داعش", "تنظيم الدولة"),
            ("مسلحي", "مقاتلي"), ("مدينة", "بلدة"), ("الاثنين", "يوم الاثنين"), ("وزير الدفاع", "وزير الحرب")]
NUMBER = re.compile(r"\d+")


def seed_stories() -> list[list[str]]:
    from fact.text.segment import segment

    stories = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text("utf-8"))
        stories.append([text[s.start : s.end] for s in segment(text) if s.kind == "sentence" and not s.boilerplate])
    return stories


def vary(sentence: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        sentence = NUMBER.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), sentence)
    if rng.random() < 0.3:
        old, new = rng.choice(SYNONYMS)
        sentence = sentence.replace(old, new)
    words = sentence.split()
    if len(words) > 6 and rng.random() < 0.3:
        del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def write_articles(path: Path, sentences: int, seed: int, prefix: str) -> int:
    """A .jsonl of synthetic articles with about `sentences` sentences; returns the article count."""
    rng, stories = random.Random(seed), seed_stories()
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < sentences:
            count += 1
            story = rng.choice(stories)
            body = [vary(s, rng) for s in story if rng.random() < 0.8]
            body += [vary(rng.choice(rng.choice(stories)), rng) for _ in range(rng.randint(0, 4))]
            body.insert(0, f"{prefix} {count}: تقرير")
            out.write(json.dumps({"text": "\n".join(body), "outlet": f"outlet {count % 50}"}, ensure_ascii=False) + "\n")
            written += len(body)
    return count


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(database: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    from fact import create_app

    return create_app()


def child_prepare(database: Path, corpus: Path) -> dict:
    from flask_migrate import upgrade

    app = _app(database)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["fact", "ingest", str(corpus)])
    assert result.exit_code == 0, result.output
    return {}


def child_ingest(database: Path, corpus: Path) -> dict:
    result = _app(database).test_cli_runner().invoke(args=["fact", "ingest", str(corpus)])
    assert result.exit_code == 0, result.output
    return {}


def child_match(database: Path) -> dict:
    app = _app(database)
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["fact", "match"])
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    return {"seconds": seconds, "peak_mb": _peak_mb(), "output": result.output.strip()}


def _texts(app) -> list[str]:
    from fact.extensions import db
    from fact.models import Span
    from fact.services.tasks.payloads import taskable_spans

    with app.app_context():
        return list(db.session.scalars(taskable_spans().with_only_columns(Span.text).order_by(Span.id)))


def child_bare(database: Path) -> dict:
    """The baseline: the same sentences through the bare library calls of the method the matcher
    picks at this size (TF-IDF fit, then the sparse top-n product, or SVD + faiss IVF search and the
    exact cosine of the proposals), nothing else."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    from fact.matching import engine
    from fact.matching.tokens import index_tokens

    app = _app(database)
    texts = _texts(app)
    started = time.perf_counter()
    matrix = TfidfVectorizer(analyzer=index_tokens, sublinear_tf=True, dtype=np.float32,
                             max_df=app.config["FACT_MATCH_MAX_DF"]).fit_transform(texts).tocsr()
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.int64)
    n = len(texts)
    approximate = int(np.square(frequency).sum()) / engine.EXACT_RATE > (engine.BUILD_SECONDS + engine.QUERY_SECONDS) * n
    if approximate:
        import faiss
        from sklearn.decomposition import TruncatedSVD

        faiss.omp_set_num_threads(2)
        reduced = np.ascontiguousarray(TruncatedSVD(engine._DIMS, n_iter=3, random_state=0).fit_transform(matrix),
                                       dtype=np.float32)
        faiss.normalize_L2(reduced)
        lists = max(1, len(texts) // engine._PER_LIST)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(engine._DIMS), engine._DIMS, lists, faiss.METRIC_INNER_PRODUCT)
        index.train(reduced)
        index.add(reduced)
        index.nprobe = engine._PROBES
        for start in range(0, matrix.shape[0], 2000):
            _, found = index.search(reduced[start : start + 2000], engine._PROPOSED)
            rows = np.repeat(np.arange(start, start + len(found)), found.shape[1])
            matrix[rows].multiply(matrix[found.ravel()]).sum(axis=1)
    else:
        transposed = matrix.T.tocsr()
        for start in range(0, matrix.shape[0], 2000):
            sp_matmul_topn(matrix[start : start + 2000], transposed, top_n=30, threshold=1e-6, n_threads=2)
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "sentences": len(texts),
            "method": "approximate" if approximate else "exact"}


def child_bare_add(database: Path) -> dict:
    """The baseline of an incremental run: the bare library calls of the new sentences' own search
    (their tokens and TF-IDF vectors by a vectorizer already fitted on the older sentences, and their
    sparse top-n product with every sentence); fitting on the older ones is not timed."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    from fact.extensions import db
    from fact.matching.tokens import index_tokens
    from fact.models import Span
    from fact.services.matching.candidates import OFFER
    from fact.services.tasks.payloads import taskable_spans

    app = _app(database)
    with app.app_context():
        rows = db.session.execute(taskable_spans().with_only_columns(Span.text, Span.matched_at.is_(None))
                                  .order_by(Span.id)).all()
    older, new = [t for t, fresh in rows if not fresh], [t for t, fresh in rows if fresh]
    vectorizer = TfidfVectorizer(analyzer=index_tokens, sublinear_tf=True, dtype=np.float32,
                                 max_df=app.config["FACT_MATCH_MAX_DF"])
    corpus = vectorizer.fit_transform(older)
    started = time.perf_counter()
    queries = vectorizer.transform(new)
    transposed = sparse.vstack([corpus, queries]).T.tocsr()
    for start in range(0, queries.shape[0], 2000):
        sp_matmul_topn(queries[start : start + 2000], transposed, top_n=OFFER + 10, threshold=1e-6, n_threads=2)
    return {"seconds": time.perf_counter() - started, "new": len(new)}


def child_agreement(database: Path) -> dict:
    """How close the approximate search comes to the exact one, on 1,000 sentences drawn at random:
    the share whose 5th best passage (other articles) scores at least as high, and the mean shortfall."""
    import numpy as np

    from fact.matching.engine import SentenceIndex

    app = _app(database)
    texts = _texts(app)
    with app.app_context():
        from fact.extensions import db
        from fact.models import Span
        from fact.services.tasks.payloads import taskable_spans

        articles = list(db.session.scalars(taskable_spans().with_only_columns(Span.article_id).order_by(Span.id)))
    rows = np.random.default_rng(0).choice(len(texts), size=min(1000, len(texts)), replace=False)
    index = SentenceIndex(texts, articles, approximate=True)
    approximate = index.neighbours(rows, k=5)
    index.approximate = False
    exact = index.neighbours(rows, k=5)
    fifth = [(a[-1].score, e[-1].score) for a, e in zip(approximate, exact) if len(e) == 5 and len(a) == 5]
    return {"as_good": sum(a >= e - 1e-6 for a, e in fifth) / len(fifth),
            "shortfall": float(np.mean([max(0.0, e - a) for a, e in fifth]))}


def child_forget(database: Path) -> dict:
    """Remove the tokens `flask fact match` kept for this database (fact.matching.store)."""
    from fact.services.matching.candidates import _store_path

    with _app(database).app_context():
        _store_path().unlink(missing_ok=True)
    return {}


def _child(*args: str) -> dict:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.match", "--child", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": time.perf_counter() - started}


def measure(sentences: int, workdir: Path, incremental: bool, adds: int = 1) -> dict:
    database, corpus = workdir / f"match-{sentences}.db", workdir / f"corpus-{sentences}.jsonl"
    write_articles(corpus, sentences, seed=sentences, prefix="خبر")
    _child("prepare", str(database), str(corpus))
    bare = _child("bare", str(database))
    full = _child("match", str(database))
    row = {"sentences": bare["sentences"], "bare_s": bare["seconds"], "bare_mb": bare["peak_mb"],
           "method": bare["method"], "match_s": full["seconds"], "match_mb": full["peak_mb"],
           **_child("agreement", str(database))}
    if incremental:
        more = workdir / "more.jsonl"
        articles = 0
        while articles < 100:
            articles = write_articles(more, 3000, seed=sentences + 1, prefix="إضافة")
        lines = more.read_text("utf-8").splitlines()[:100]
        more.write_text("\n".join(lines) + "\n", encoding="utf-8")
        before = workdir / "before-adding.db"
        shutil.copy(database, before)  # each repeat adds the same 100 articles to the same corpus
        row["adds"] = []
        for _ in range(adds):
            shutil.copy(before, database)
            _child("ingest", str(database), str(more))
            bare_add = _child("bare_add", str(database))
            added = _child("match", str(database))
            row["adds"].append({"bare_s": bare_add["seconds"], "new": bare_add["new"], "add_s": added["seconds"],
                                "add_mb": added["peak_mb"], "output": added["output"],
                                "wall_s": added["wall_s"]})
        before.unlink()
    _child("forget", str(database))
    database.unlink()
    return row


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.match")
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--adds", type=int, default=3, help="times 100 articles are added to the largest corpus")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args(argv)
    if args.child:
        kind, *paths = args.child
        call = {"prepare": child_prepare, "ingest": child_ingest, "match": child_match, "bare": child_bare,
                "agreement": child_agreement, "forget": child_forget,
                "bare_add": child_bare_add}[kind]
        print(json.dumps(call(*map(Path, paths))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(size, Path(tmp), incremental=size == sizes[-1], adds=args.adds) for size in sizes]
    print("## Matching (`flask fact match`, SQLite), one run each\n")
    print("| sentences | search | bare library calls s | match s | match / bare | peak RSS bare MB "
          "| peak RSS match MB | approximate as good as exact | mean shortfall |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['sentences']} | {r['method']} | {r['bare_s']:.1f} | {r['match_s']:.1f} "
              f"| {r['match_s'] / r['bare_s']:.2f} | {r['bare_mb']:.0f} | {r['match_mb']:.0f} "
              f"| {r['as_good']:.3f} | {r['shortfall']:.4f} |")
    last = rows[-1]
    if last.get("adds"):
        print(f"\nAdding 100 articles to the {last['sentences']}-sentence corpus, then `flask fact match` (in the "
              "command: the matcher's own time, after Python and the app have started), against the bare "
              "library calls of the new sentences' own search, each repeat from the same corpus:\n")
        print("| new sentences | bare s | match s | match / bare | whole process s | peak RSS MB | what the run said |")
        print("|---|---|---|---|---|---|---|")
        for a in last["adds"]:
            print(f"| {a['new']} | {a['bare_s']:.2f} | {a['add_s']:.2f} | {a['add_s'] / a['bare_s']:.2f} "
                  f"| {a['wall_s']:.1f} | {a['add_mb']:.0f} | {a['output']} |")
        middle = sorted(last["adds"], key=lambda a: a["add_s"])[len(last["adds"]) // 2]
        bare = sorted(a["bare_s"] for a in last["adds"])[len(last["adds"]) // 2]
        print(f"\nMedians: match {middle['add_s']:.2f} s, bare {bare:.2f} s, ratio {middle['add_s'] / bare:.2f}")

if __name__ == "__main__":
    main(sys.argv[1:])
