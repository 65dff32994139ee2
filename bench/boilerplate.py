"""Boilerplate and story quality on labelled scraped corpora: precision and recall of boilerplate, the
junk share of tasks, listing pages, and whether story clusters chain.

Corpora: `realistic` (bench/realistic.py, helper "corpus"'s generator) and `sample` (bench/scraped_sample.py,
ours: ANS headlines as prose, wire background paragraphs, wire headlines across outlets, teasers).
Both give records with a `truth` whose paragraphs say what is clutter (offsets into the NFC text).

    python -m bench.boilerplate --corpus realistic --articles 600 [--stories]
"""
import argparse
import importlib
import json
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

_WORD = re.compile(r"[^\W_]")


def units(record: dict) -> list[tuple[int, int, bool]]:
    """(start, end, clutter) of every labelled unit: clutter paragraphs, glued clutter, and the real
    words of real paragraphs (their sentences)."""
    out = []
    for p in record["truth"]["paragraphs"]:
        if p["clutter"]:
            out.append((p["start"], p["end"], True))
            continue
        out += [(g["start"], g["end"], True) for g in p.get("glued", [])]
        if p["sentences"]:
            out.append((p["sentences"][0]["start"], p["sentences"][-1]["end"], False))
    return out


def evaluate(records: list[dict], tasks_by_article: list[list[tuple[int, int, str]]]) -> dict:
    """Figures from each record's taskable sentences (start, end, text), in record order."""
    counts = Counter()
    for record, tasks in zip(records, tasks_by_article):
        labelled = units(record)
        clutter = [(s, e) for s, e, c in labelled if c]
        for s, e, is_clutter in labelled:
            kept = any(ts < e and te > s for ts, te, _ in tasks)
            counts["clutter" if is_clutter else "real"] += 1
            counts[("missed" if kept else "caught") if is_clutter else ("kept" if kept else "lost")] += 1
        for ts, te, text in tasks:
            counts["tasks"] += 1
            if not _WORD.search(text):
                counts["junk_punctuation"] += 1
            elif any(ts < e and te > s for s, e in clutter):
                counts["junk_clutter"] += 1
    flagged = counts["caught"] + counts["lost"]
    return {
        "records": len(records), "clutter_units": counts["clutter"], "real_units": counts["real"],
        "precision": round(counts["caught"] / flagged, 4) if flagged else 1.0,
        "recall": round(counts["caught"] / counts["clutter"], 4) if counts["clutter"] else 1.0,
        "real_lost": counts["lost"], "tasks": counts["tasks"],
        "junk_share": round((counts["junk_punctuation"] + counts["junk_clutter"]) / max(1, counts["tasks"]), 4),
        "junk_punctuation": counts["junk_punctuation"], "junk_clutter": counts["junk_clutter"],
    }


def ingest(records: list[dict]) -> list[int]:
    """Ingest the records (in the app context's database) as `flask fact ingest` would; their article ids."""
    from fact.extensions import db
    from fact.services.ingest.articles import ArticleInput, ingest_articles

    inputs = [ArticleInput(text=r["text"], title=r.get("title"), url=r.get("url"), outlet_name=r.get("outlet"),
                           published_at=date.fromisoformat(r["published_at"]) if r.get("published_at") else None,
                           origin=r["truth"]["id"]) for r in records]
    outcomes = ingest_articles(inputs)
    db.session.commit()
    return [o.article_id for o in outcomes]


def tasks_of(article_ids: list[int]) -> list[list[tuple[int, int, str]]]:
    from sqlalchemy import select

    from fact.extensions import db
    from fact.models import Span
    from fact.services.tasks.payloads import taskable_spans

    found: dict[int, list] = {}
    query = taskable_spans().with_only_columns(Span.article_id, Span.start, Span.end, Span.text)
    for article_id, start, end, text in db.session.execute(query.where(Span.article_id.in_(set(article_ids)))):
        found.setdefault(article_id, []).append((start, end, text))
    return [found.get(a, []) for a in article_ids]


def listings(records: list[dict], article_ids: list[int]) -> dict:
    from sqlalchemy import select

    from fact.extensions import db
    from fact.models import Article

    if not hasattr(Article, "is_listing"):  # a checkout from before listing pages were flagged
        return {}
    flagged = set(db.session.scalars(select(Article.id).where(Article.is_listing.is_(True))))
    pages = [(r["truth"].get("page", "article") != "article", a in flagged) for r, a in zip(records, article_ids)]
    return {"listing_pages": sum(p for p, _ in pages), "listing_flagged": sum(f for _, f in pages),
            "listing_right": sum(p and f for p, f in pages), "articles_flagged_as_listing": sum(f and not p for p, f in pages)}


def stories(records: list[dict], article_ids: list[int]) -> dict:
    """Match, then compare story clusters with the events: the largest cluster, and pairwise
    precision/recall of "same cluster" against "same event"."""
    from sqlalchemy import select

    from fact.extensions import db
    from fact.models import Article
    from fact.services.matching.candidates import match_sentences

    started = time.perf_counter()
    match_sentences(full=True)
    seconds = time.perf_counter() - started
    cluster = dict(db.session.execute(select(Article.id, Article.story_cluster_id)).all())
    event = {a: r["truth"].get("event") for r, a in zip(records, article_ids)}
    members: dict[int, set[int]] = {}
    for a in set(article_ids):
        if cluster.get(a) is not None:
            members.setdefault(cluster[a], set()).add(a)
    largest = max(members.values(), key=len, default=set())
    same_cluster = same_event = both = 0
    ids = sorted(set(article_ids))
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            c = cluster.get(a) is not None and cluster.get(a) == cluster.get(b)
            e = event[a] is not None and event[a] == event[b]
            same_cluster += c
            same_event += e
            both += c and e
    return {"match_seconds": round(seconds, 1), "clusters": len(members), "largest_cluster": len(largest),
            "events_in_largest": len({event[a] for a in largest}),
            "pair_precision": round(both / same_cluster, 4) if same_cluster else 1.0,
            "pair_recall": round(both / same_event, 4) if same_event else 1.0}


def run(corpus: str, articles: int, seed: int, with_stories: bool, rules_only: bool = False) -> dict:
    from flask_migrate import upgrade

    from fact import create_app
    from fact.config import Config

    records = importlib.import_module(f"bench.{corpus}").generate(articles, seed)
    if rules_only:  # the line rules alone: what ingest flagged before it learned from the corpus
        import fact.services.ingest.articles as ingest_module

        ingest_module.learn_boilerplate = lambda article_ids: None
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app(type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            article_ids = ingest(records)
            figures = {"corpus": corpus, "seed": seed, "ingest_seconds": round(time.perf_counter() - started, 1)}
            figures |= evaluate(records, tasks_of(article_ids)) | listings(records, article_ids)
            if with_stories:
                figures |= stories(records, article_ids)
    return figures


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.boilerplate", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["realistic", "scraped_sample"], default="realistic")
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stories", action="store_true")
    parser.add_argument("--rules-only", action="store_true", help="without the learned part (the baseline)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.corpus, args.articles, args.seed, args.stories, args.rules_only), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
