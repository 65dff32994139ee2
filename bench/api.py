"""GET /api/claims at 1,000,000 verdicts, against the bare SQL of the same page in the same run.

A database (a SQLite temp file, and a new PostgreSQL database when one answers) is migrated and
filled with bulk Core inserts (not measured): a few hundred outlets and articles in story clusters,
~330k claims judged by 1 to 5 of 80 annotators (busy and occasional ones), all three labels and
every agreement state, some adjudicated, some annotations deleted, some revised (history), a tenth
of the verdicts citing a source. Then each filter combination is requested through the Flask test
client (p50 and p99 of --requests), and its bare SQL (count, page of claims, their counting verdicts
and sources, through a plain connection) is timed the same way.

    python -m bench.api [--verdicts 1000000] [--requests 200] [--only sqlite,postgresql] [--explain] [--keep]
                        [--scenarios annotator,q]

With --keep the filled databases are kept (a SQLite file and a PostgreSQL database named after the
number of verdicts, their scenario values in a JSON file beside) and the next run with --keep reuses
them: migrated again (a new migration runs on the filled tables), vacuumed, not refilled.
"""
import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)
PAGE = 20
LABELS = ["corroborated", "disputed", "unverifiable"]
WORDS = [f"كلمه{i}" for i in range(3000)]
OUTLETS, ARTICLES, CLUSTERS, ANNOTATORS = 150, 400, 120, 80


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _aggregate(labels: list[str]) -> tuple[str | None, str]:
    if len(labels) == 1:
        return labels[0], "single"
    (top, votes), *rest = Counter(labels).most_common()
    if not rest:
        return top, "unanimous"
    return (None, "contested") if rest[0][1] == votes else (top, "majority")


def fill(connection, verdicts: int, rng: random.Random) -> dict:
    """Insert the corpus; returns values the scenarios filter on."""
    from fact.models import (Adjudication, Annotation, AnnotationRevision, Article, Claim, Evidence, Outlet, Span,
                             StoryCluster, Verdict)

    def bulk(model, rows):
        for start in range(0, len(rows), 20_000):
            connection.execute(insert(model), rows[start : start + 20_000])

    bulk(Outlet, [{"id": i, "name": f"outlet {i}"} for i in range(1, OUTLETS + 1)])
    bulk(StoryCluster, [{"id": i, "created_at": NOW} for i in range(1, CLUSTERS + 1)])
    bulk(Article, [{"id": i, "outlet_id": rng.randint(1, OUTLETS), "title": f"article {i}", "language": "ar",
                    "published_at": date(2026, 1, 1) + timedelta(days=rng.randrange(320)),
                    "text": "نص", "content_hash": f"{i:064x}", "encoding": "utf-8", "ingested_at": NOW,
                    "story_cluster_id": rng.randint(1, CLUSTERS) if rng.random() < 0.7 else None}
                   for i in range(1, ARTICLES + 1)])
    weights = [1 / (rank + 1) for rank in range(ANNOTATORS)]  # a few busy annotators, many occasional
    spans, claims, annotations, revisions, rows, evidence, adjudications = [], [], [], [], [], [], []
    position: Counter = Counter()
    while len(rows) < verdicts:
        article = rng.randint(1, ARTICLES)
        span_id, at = len(spans) + 1, position[article]
        position[article] += 1
        spans.append({"id": span_id, "article_id": article, "kind": "sentence", "start": at * 100,
                      "end": at * 100 + 90, "position": at, "paragraph": at, "text": "جملة",
                      "search_text": "جمله", "is_boilerplate": False})
        truth = [rng.choices(LABELS, (5, 3, 2))[0] for _ in range(2)]  # two claims per sentence
        ids = [len(claims) + 1, len(claims) + 2]
        people = set(rng.choices(range(1, ANNOTATORS + 1), weights, k=rng.choices((1, 2, 3, 4, 5), (2, 3, 3, 2, 1))[0]))
        deleted = rng.random() < 0.02
        labels: dict[int, list[str]] = {i: [] for i in ids}
        times: dict[int, list[datetime]] = {i: [] for i in ids}  # of the counting verdicts
        for person in people:
            annotation_id, revision_id = len(annotations) + 1, len(revisions) + 1
            when = NOW - timedelta(days=rng.random() * 180)
            annotations.append({"id": annotation_id, "ls_annotation_id": annotation_id, "ls_task_id": span_id,
                                "span_id": span_id, "annotator_id": person, "ls_updated_at": when,
                                "was_cancelled": False, "deleted_at": NOW if deleted else None, "created_at": when})
            revised = rng.random() < 0.04
            for revision in ([revision_id, revision_id + 1] if revised else [revision_id]):
                revisions.append({"id": revision, "annotation_id": annotation_id, "ls_updated_at": when,
                                  "annotator_id": person, "via": "webhook", "received_at": when, "result": [],
                                  "result_hash": f"{revision:064x}", "status": "accepted"})
            for k, claim_id in enumerate(ids):
                label = truth[k] if rng.random() < 0.75 else rng.choice(LABELS)
                if revised:
                    rows.append(_verdict(len(rows) + 1, claim_id, annotation_id, revision_id, rng.choice(LABELS),
                                         person, at, k, when, superseded=when))
                last = revisions[-1]["id"]
                rows.append(_verdict(len(rows) + 1, claim_id, annotation_id, last, label, person, at, k, when,
                                     superseded=NOW if deleted else None))
                if rng.random() < 0.1:
                    evidence.append({"verdict_id": len(rows), "stance": rng.choice(["supports", "refutes"]),
                                     "url": f"https://example.org/{len(rows)}"})
                if not deleted:
                    labels[claim_id].append(label)
                    times[claim_id].append(when)
        for k, claim_id in enumerate(ids):
            text_ = " ".join(rng.choices(WORDS, k=4))  # already in normalized form
            majority, agreement = _aggregate(labels[claim_id]) if labels[claim_id] else (None, "none")
            adjudicated = rng.choice(LABELS) if agreement == "contested" and rng.random() < 0.3 else None
            if adjudicated:
                adjudications.append({"claim_id": claim_id, "label": adjudicated, "adjudicator": "lead",
                                      "created_at": NOW})
            claims.append({"id": claim_id, "article_id": article, "span_id": span_id, "start": at * 100 + k * 40,
                           "end": at * 100 + k * 40 + 30, "text": text_, "search_text": text_, "created_at": NOW,
                           "updated_at": NOW - timedelta(seconds=rng.randrange(10_000_000)),
                           "verdict_count": len(labels[claim_id]), "majority_label": majority,
                           "agreement": agreement, "adjudicated_label": adjudicated, "label": adjudicated or majority,
                           "newest_verdict_at": max(times[claim_id], default=None),
                           "oldest_verdict_at": min(times[claim_id], default=None)})
    for model, batch in ((Span, spans), (Claim, claims), (Annotation, annotations), (AnnotationRevision, revisions),
                         (Verdict, rows), (Evidence, evidence), (Adjudication, adjudications)):
        bulk(model, batch)
    busy = Counter(r["annotator_id"] for r in rows).most_common(3)[-1][0]
    return {"verdicts": len(rows), "claims": len(claims), "annotator": busy, "outlet": "outlet 7",
            "word": WORDS[42], "since": (NOW - timedelta(days=30)).isoformat()}


def _verdict(id_, claim_id, annotation_id, revision_id, label, person, at, k, when, superseded):
    start = at * 100 + k * 40
    return {"id": id_, "claim_id": claim_id, "annotation_id": annotation_id, "revision_id": revision_id,
            "label": label, "annotator_id": person, "start": start, "end": start + 30, "text": "ادعاء",
            "created_at": when, "superseded_at": superseded}


def scenarios(facts: dict) -> list[tuple[str, dict, str, dict, str]]:
    """(name, query string, the bare SQL's WHERE, its parameters, its ORDER BY)."""
    counting = "c.id IN (SELECT v.claim_id FROM verdicts v WHERE v.superseded_at IS NULL AND {})"
    return [
        ("all claims", {}, "c.verdict_count > 0", {}, "c.id"),
        ("verdict=disputed, sort=-updated_at", {"verdict": "disputed", "sort": "-updated_at"},
         "c.label = 'disputed'", {}, "c.updated_at DESC, c.id DESC"),
        ("annotator_id + since (30 days)", {"annotator_id": facts["annotator"], "since": facts["since"]},
         counting.format("v.annotator_id = :a AND v.created_at >= :since"),
         {"a": facts["annotator"], "since": datetime.fromisoformat(facts["since"])}, "c.id"),
        # One verdict condition alone, matching a third of the claims or more.
        ("label=disputed (alone)", {"label": "disputed"}, counting.format("v.label = 'disputed'"), {}, "c.id"),
        ("since (30 days, alone)", {"since": facts["since"]}, counting.format("v.created_at >= :since"),
         {"since": datetime.fromisoformat(facts["since"])}, "c.id"),
        # A page past the first third of them: the claims' list is built again (fact/services/queries.py).
        ("since (30 days, alone), page 3000", {"since": facts["since"], "page": 3000},
         counting.format("v.created_at >= :since"), {"since": datetime.fromisoformat(facts["since"])}, "c.id"),
        ("outlet + label=disputed", {"outlet": facts["outlet"], "label": "disputed"},
         "c.article_id IN (SELECT a.id FROM articles a JOIN outlets o ON o.id = a.outlet_id "
         "WHERE o.name = :o) AND EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id "
         "AND v.superseded_at IS NULL AND v.label = 'disputed')", {"o": facts["outlet"]}, "c.id"),
        ("agreement=contested, adjudicated=false", {"agreement": "contested", "adjudicated": "false"},
         "c.agreement = 'contested' AND c.adjudicated_label IS NULL", {}, "c.id"),
        ("q (one word)", {"q": facts["word"]}, "c.verdict_count > 0 AND c.search_text LIKE :q",
         {"q": f"%{facts['word']}%"}, "c.id"),
    ]


def bare(connection, where: str, params: dict, order: str, offset: int = 0) -> tuple[int, list[int]]:
    """The same page as plain SQL: the total, the claims, their counting verdicts and those verdicts' sources."""
    if connection.dialect.name == "sqlite" and "since" in params:  # stored as text by SQLAlchemy's SQLite type
        params = {**params, "since": params["since"].strftime("%Y-%m-%d %H:%M:%S.%f")}
    total = connection.execute(text(f"SELECT count(*) FROM claims c WHERE {where}"), params).scalar()
    claims = connection.execute(text(f"SELECT c.* FROM claims c WHERE {where} ORDER BY {order} "
                                     f"LIMIT {PAGE} OFFSET {offset}"), params).all()
    ids = ",".join(str(row.id) for row in claims) or "0"
    verdicts = connection.execute(text(f"SELECT v.*, a.ls_annotation_id FROM verdicts v JOIN annotations a "
                                       f"ON a.id = v.annotation_id WHERE v.claim_id IN ({ids}) "
                                       f"AND v.superseded_at IS NULL ORDER BY v.id")).all()
    vids = ",".join(str(row.id) for row in verdicts) or "0"
    connection.execute(text(f"SELECT * FROM evidence WHERE verdict_id IN ({vids})")).all()
    return total, [row.id for row in claims]


def timed(work, requests: int, warmups: int = 5) -> list[float]:
    """Milliseconds of each of `requests` calls, after `warmups` uncounted ones."""
    for _ in range(warmups):
        work()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def prepare(verdicts: int, kept: Path | None) -> dict:
    """In an app context: migrate the database and fill it (or reuse it, with its facts in `kept`),
    then do what autovacuum would have done by the time a million verdicts are in: statistics, and on
    PostgreSQL the visibility map, without which no count can be answered from an index alone."""
    from flask_migrate import upgrade

    from fact.extensions import db

    upgrade()
    started = time.perf_counter()
    if kept is not None and kept.exists():
        facts = json.loads(kept.read_text())
    else:
        with db.engine.begin() as connection:
            facts = fill(connection, verdicts, random.Random(5))
        if kept is not None:
            kept.write_text(json.dumps(facts))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))
    print(f"# {db.engine.dialect.name}: {facts['verdicts']:,} verdicts, {facts['claims']:,} claims, "
          f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return facts


def measure(url: str, verdicts: int, requests: int, explain: bool, kept: Path | None = None,
            names: str = "") -> list[dict]:
    """Fill the database at `url` (or reuse it, with its facts in `kept`), then time every scenario."""
    os.environ["DATABASE_URL"] = url
    from fact import create_app
    from fact.extensions import db

    app = create_app()
    results = []
    with app.app_context():
        facts = prepare(verdicts, kept)
        client = app.test_client()
        for name, query, where, params, order in scenarios(facts):
            if names and not any(part in name for part in names.split(",")):
                continue
            query = {**query, "page_size": PAGE}
            response = client.get("/api/claims", query_string=query)
            assert response.status_code == 200, response.json
            offset = (query.get("page", 1) - 1) * PAGE
            with db.engine.connect() as connection:
                total, ids = bare(connection, where, params, order, offset)
                assert f'"total": {total},' in response.headers["X-Pagination"], (name, total, response.headers)
                assert [claim["id"] for claim in response.json] == ids, (name, ids)
                if explain:
                    plan = "EXPLAIN QUERY PLAN" if db.engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE"
                    for row in connection.execute(text(f"{plan} SELECT count(*) FROM claims c WHERE {where}"),
                                                  params if "since" not in params or db.engine.dialect.name != "sqlite"
                                                  else {**params, "since": params["since"].strftime("%Y-%m-%d %H:%M:%S.%f")}):
                        print(f"  {name}: {row[-1]}", file=sys.stderr)
                base = timed(lambda: bare(connection, where, params, order, offset), requests)
            api = timed(lambda: client.get("/api/claims", query_string=query), requests)
            results.append({"backend": db.engine.dialect.name, "name": name, "total": total,
                            "api_p50": statistics.median(api), "api_p99": percentile(api, 99),
                            "bare_p50": statistics.median(base), "bare_p99": percentile(base, 99)})
            print(f"  {results[-1]}", file=sys.stderr)
        db.session.remove()
        db.engine.dispose()
    return results


@contextlib.contextmanager
def postgres_database(server_url: str, keep: str | None = None):
    """A new database on the server, dropped afterwards whatever happens; or the one named `keep`, kept."""
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = keep or f"fact_bench_api_{uuid.uuid4().hex[:10]}"
    with server.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def kept_files(verdicts: int) -> tuple[Path, Path, Path]:
    """Where --keep leaves the SQLite file, its facts, and the PostgreSQL database's facts."""
    base = Path(tempfile.gettempdir()) / f"fact_bench_api_{verdicts}"
    return base.with_suffix(".db"), base.with_suffix(".sqlite.json"), base.with_suffix(".postgresql.json")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.api")
    parser.add_argument("--verdicts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL)
    parser.add_argument("--explain", action="store_true", help="print the plan of each count query")
    parser.add_argument("--scenarios", default="", help="only the filters whose name contains one of these (comma-separated)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the filled databases, or reuse those a previous --keep left (in the temp dir)")
    args = parser.parse_args(argv)
    os.environ.setdefault("CI", "true")
    rows = []
    sqlite_file, sqlite_facts, postgresql_facts = kept_files(args.verdicts)
    if "sqlite" in args.only:
        if args.keep:
            if not sqlite_facts.exists():  # a half-filled file from an interrupted run is filled again
                sqlite_file.unlink(missing_ok=True)
            rows += measure(f"sqlite:///{sqlite_file}", args.verdicts, args.requests, args.explain, sqlite_facts,
                            args.scenarios)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                rows += measure(f"sqlite:///{Path(tmp) / 'api.db'}", args.verdicts, args.requests, args.explain,
                                names=args.scenarios)
    if "postgresql" in args.only:
        keep = f"fact_bench_api_keep_{args.verdicts}" if args.keep else None
        if keep and not postgresql_facts.exists():  # a half-filled one from an interrupted run is filled again
            server = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{keep}" WITH (FORCE)'))
            server.dispose()
        with postgres_database(args.database_url, keep) as url:
            rows += measure(url, args.verdicts, args.requests, args.explain, postgresql_facts if keep else None,
                            args.scenarios)
    print(f"## GET /api/claims at {args.verdicts:,} verdicts (page of {PAGE}, {args.requests} requests each)\n")
    print("| backend | filters | total | API p50 ms | API p99 ms | bare SQL p50 ms | bare SQL p99 ms | API / bare (p50) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['name']} | {r['total']:,} | {r['api_p50']:.1f} | {r['api_p99']:.1f} "
              f"| {r['bare_p50']:.1f} | {r['bare_p99']:.1f} | {r['api_p50'] / r['bare_p50']:.2f} |")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
