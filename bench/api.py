"""GET /api/claims and /api/verdicts at 1,000,000 verdicts, against the bare SQL of the same page in the same run.

A database (a SQLite temp file, and a new PostgreSQL database when one answers) is migrated and
filled with bulk Core inserts (not measured): a few hundred outlets and articles in story clusters,
~330k claims judged by 1 to 5 of 80 annotators (busy and occasional ones), all three labels and
every agreement state, some adjudicated, some annotations deleted, some revised (history), a tenth
of the verdicts citing a source, a tenth of the claims with each annotator's stance of one article. Then each filter combination is requested through the Flask test
client (p50 and p99 of --requests), and its bare SQL (count, page of claims, their counting verdicts
and sources, through a plain connection) is timed the same way. Some deep pages are timed three ways
in the same run: the first page, page N by its number (OFFSET), page N by an `after` cursor (keyset;
its bare SQL a keyset condition too).

    python -m bench.api [--verdicts 1000000] [--requests 200] [--only sqlite,postgresql] [--explain] [--keep]
                        [--scenarios annotator,q] [--cursor-only]

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
from typing import NamedTuple
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)
PAGE = 20
COUNT_LIMIT = 10_000  # FACT_COUNT_LIMIT's default: past it a list's total is a lower bound
LABELS = ["corroborated", "disputed", "unverifiable"]
STANCES = ["agree", "disagree", "discuss", "unrelated"]
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
    from fact.models import (Adjudication, Annotation, AnnotationRevision, Article, ArticleStance, Claim, Evidence,
                             Outlet, Span, StoryCluster, Verdict)

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
    stances = []  # a tenth of the claims: each of their annotators' stance of one other article
    stance_rng = random.Random(11)  # its own draws: the verdicts stay those of earlier runs
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
        stance_of = {i: stance_rng.randint(1, ARTICLES) for i in ids if stance_rng.random() < 0.1}
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
                if claim_id in stance_of:
                    stances.append({"claim_id": claim_id, "article_id": stance_of[claim_id],
                                    "annotation_id": annotation_id, "revision_id": last, "annotator_id": person,
                                    "stance": stance_rng.choices(STANCES, (5, 2, 2, 1))[0], "created_at": when,
                                    "superseded_at": NOW if deleted else None})
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
                         (Verdict, rows), (Evidence, evidence), (Adjudication, adjudications),
                         (ArticleStance, stances)):
        bulk(model, batch)
    busy = Counter(r["annotator_id"] for r in rows).most_common(3)[-1][0]
    return {"verdicts": len(rows), "claims": len(claims), "stances": len(stances), "annotator": busy, "outlet": "outlet 7",
            "word": WORDS[42], "since": (NOW - timedelta(days=30)).isoformat()}


def _verdict(id_, claim_id, annotation_id, revision_id, label, person, at, k, when, superseded):
    start = at * 100 + k * 40
    return {"id": id_, "claim_id": claim_id, "annotation_id": annotation_id, "revision_id": revision_id,
            "label": label, "annotator_id": person, "start": start, "end": start + 30, "text": "ادعاء",
            "created_at": when, "superseded_at": superseded}


class Scenario(NamedTuple):
    name: str
    query: dict  # "cursor": N asks for page N through an `after` cursor instead of its number
    where: str  # the bare SQL's
    params: dict
    order: str
    url: str = "/api/claims"


def scenarios(facts: dict) -> list[Scenario]:
    """Each list's filters, and some deep pages three ways: the first page, page N by number, page N by cursor."""
    counting = "c.id IN (SELECT v.claim_id FROM verdicts v WHERE v.superseded_at IS NULL AND {})"
    since = {"since": datetime.fromisoformat(facts["since"])}
    since_alone = Scenario("since (30 days, alone)", {"since": facts["since"]}, counting.format("v.created_at >= :since"),
                           since, "c.id")
    disputed = Scenario("verdict=disputed, sort=-updated_at", {"verdict": "disputed", "sort": "-updated_at"},
                        "c.label = 'disputed'", {}, "c.updated_at DESC, c.id DESC")
    label_alone = Scenario("label=disputed (alone)", {"label": "disputed"}, counting.format("v.label = 'disputed'"),
                           {}, "c.id")
    by_count = Scenario("all claims, sort=verdict_count", {"sort": "verdict_count"}, "c.verdict_count > 0", {},
                        "c.verdict_count, c.id")
    verdicts = Scenario("verdicts: all", {}, "v.superseded_at IS NULL", {}, "v.id", "/api/verdicts")
    verdicts_since = Scenario("verdicts: since (30 days), sort=-created_at", {"since": facts["since"],
                                                                            "sort": "-created_at"},
                              "v.superseded_at IS NULL AND v.created_at >= :since", since,
                              "v.created_at DESC, v.id DESC", "/api/verdicts")
    return [
        Scenario("all claims", {}, "c.verdict_count > 0", {}, "c.id"),
        disputed, *deep(disputed, 3000),
        Scenario("annotator_id + since (30 days)", {"annotator_id": facts["annotator"], "since": facts["since"]},
                 counting.format("v.annotator_id = :a AND v.created_at >= :since"), {"a": facts["annotator"], **since},
                 "c.id"),
        # One verdict condition alone, matching a third of the claims or more.
        label_alone, *deep(label_alone, 3000),
        since_alone, *deep(since_alone, 3000),
        by_count, *deep(by_count, 10_000),  # in ties of up to 100k claims: the id orders each
        Scenario("outlet + label=disputed", {"outlet": facts["outlet"], "label": "disputed"},
                 "c.article_id IN (SELECT a.id FROM articles a JOIN outlets o ON o.id = a.outlet_id "
                 "WHERE o.name = :o) AND EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id "
                 "AND v.superseded_at IS NULL AND v.label = 'disputed')", {"o": facts["outlet"]}, "c.id"),
        Scenario("agreement=contested, adjudicated=false", {"agreement": "contested", "adjudicated": "false"},
                 "c.agreement = 'contested' AND c.adjudicated_label IS NULL", {}, "c.id"),
        Scenario("q (one word)", {"q": facts["word"]}, "c.verdict_count > 0 AND c.search_text LIKE :q",
                 {"q": f"%{facts['word']}%"}, "c.id"),
        verdicts, *deep(verdicts, 30_000),
        verdicts_since, *deep(verdicts_since, 3000),
    ]


def deep(scenario: Scenario, page: int) -> list[Scenario]:
    """Page `page` of `scenario` by its number, then by cursor."""
    return [scenario._replace(name=f"{scenario.name}, page {page}", query={**scenario.query, "page": page}),
            scenario._replace(name=f"{scenario.name}, page {page} by cursor", query={**scenario.query, "cursor": page})]


def _sqlite_times(connection, params: dict) -> dict:
    """SQLAlchemy's SQLite type stores times as text: bind them so in plain SQL."""
    if connection.dialect.name != "sqlite":
        return params
    return {key: value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value
            for key, value in params.items()}


def keyset(order: str) -> str:
    """The bare SQL's condition of the rows past (:after_value, :after_id) in `order`."""
    columns = [part.split()[0] for part in order.split(",")]
    sign = "<" if "DESC" in order else ">"
    if len(columns) == 1:
        return f"{columns[0]} {sign} :after_id"
    return f"({', '.join(columns)}) {sign} (:after_value, :after_id)"


def counted(rows: str) -> str:
    """The count of `rows` as the API counts, stopping past FACT_COUNT_LIMIT (fact/api/pagination.py)."""
    return f"SELECT count(*) FROM ({rows} LIMIT {COUNT_LIMIT + 1}) counted"


def pagination_total(header: str) -> int:
    """The total X-Pagination gives: the exact one, or the lower bound past the count limit."""
    metadata = json.loads(header)
    return metadata["total"] if "total" in metadata else metadata["total_at_least"] + 1


def bare(connection, scenario: Scenario, offset: int = 0, after: dict | None = None) -> tuple[int, list[int]]:
    """The same page as plain SQL: the total, the rows, and what the API reads with them (the claims'
    counting verdicts and their sources; the verdicts' claim, article and sources). `after` holds the
    cursor's values: the page is then the rows past them, as a client's keyset SQL would read it."""
    params = _sqlite_times(connection, {**scenario.params, **(after or {})})
    where, order = scenario.where, scenario.order
    page_where = f"{where} AND {keyset(order)}" if after else where
    paging = f"LIMIT {PAGE}" if after else f"LIMIT {PAGE} OFFSET {offset}"
    if scenario.url == "/api/verdicts":
        join = "verdicts v JOIN claims c ON c.id = v.claim_id"
        total = connection.execute(text(counted(f"SELECT 1 FROM {join} WHERE {where}")), params).scalar()
        rows = connection.execute(text(
            f"SELECT v.*, c.text, c.label AS claim_label, c.article_id, o.name, an.ls_annotation_id FROM {join} "
            f"JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
            f"JOIN annotations an ON an.id = v.annotation_id WHERE {page_where} ORDER BY {order} {paging}"),
            params).all()
        verdicts = rows
    else:
        total = connection.execute(text(counted(f"SELECT 1 FROM claims c WHERE {where}")), params).scalar()
        rows = connection.execute(text(f"SELECT c.* FROM claims c WHERE {page_where} ORDER BY {order} {paging}"),
                                  params).all()
        ids = ",".join(str(row.id) for row in rows) or "0"
        verdicts = connection.execute(text(f"SELECT v.*, a.ls_annotation_id FROM verdicts v JOIN annotations a "
                                           f"ON a.id = v.annotation_id WHERE v.claim_id IN ({ids}) "
                                           f"AND v.superseded_at IS NULL ORDER BY v.id")).all()
    vids = ",".join(str(row.id) for row in verdicts) or "0"
    connection.execute(text(f"SELECT * FROM evidence WHERE verdict_id IN ({vids})")).all()
    return total, [row.id for row in rows]


def cursor_of(connection, scenario: Scenario, page: int) -> tuple[str, dict]:
    """The `after` cursor of page `page` (the last row of the page before), and its values for bare()."""
    from fact.extensions import db
    from fact.models import Claim, Verdict
    from schemas.pagination import encode_cursor

    _, ids = bare(connection, scenario, (page - 2) * PAGE)
    model = Verdict if scenario.url == "/api/verdicts" else Claim
    row = db.session.get(model, ids[-1])
    sort = scenario.query.get("sort", "id")
    return encode_cursor(sort, row), {"after_value": getattr(row, sort.lstrip("-")), "after_id": row.id}


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
        from fact.models import ArticleStance
        from fact.services.claims.stances import refresh_stance_pairs

        refresh_stance_pairs(db.session.scalars(select(ArticleStance.claim_id).distinct()))  # as refresh_claims keeps them
        db.session.commit()
        if kept is not None:
            kept.write_text(json.dumps(facts))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))
    print(f"# {db.engine.dialect.name}: {facts['verdicts']:,} verdicts, {facts['claims']:,} claims, "
          f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return facts


def measure(url: str, verdicts: int, requests: int, explain: bool, kept: Path | None = None,
            names: str = "", cursor_only: bool = False) -> list[dict]:
    """Fill the database at `url` (or reuse it, with its facts in `kept`), then time every scenario."""
    os.environ["DATABASE_URL"] = url
    os.environ["FACT_COUNT_LIMIT"] = str(COUNT_LIMIT)
    from fact import create_app
    from fact.extensions import db

    app = create_app()
    results = []
    with app.app_context():
        facts = prepare(verdicts, kept)
        client = app.test_client()
        for scenario in scenarios(facts):
            if names and not any(part in scenario.name for part in names.split(",")):
                continue
            if cursor_only and "page" in scenario.query:
                continue
            query, offset, after = {**scenario.query, "page_size": PAGE}, 0, None
            with db.engine.connect() as connection:
                if "cursor" in query:
                    query["after"], after = cursor_of(connection, scenario, query.pop("cursor"))
                else:
                    offset = (query.get("page", 1) - 1) * PAGE
                response = client.get(scenario.url, query_string=query)
                assert response.status_code == 200, response.json
                total, ids = bare(connection, scenario, offset, after)
                assert pagination_total(response.headers["X-Pagination"]) == total, (scenario.name, total,
                                                                                     response.headers)
                assert [row["id"] for row in response.json] == ids, (scenario.name, ids)
                if explain:
                    plan = "EXPLAIN QUERY PLAN" if db.engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE"
                    table = "verdicts v JOIN claims c ON c.id = v.claim_id" if "verdicts" in scenario.url else "claims c"
                    statement = text(f"{plan} SELECT count(*) FROM {table} WHERE {scenario.where}")
                    for row in connection.execute(statement, _sqlite_times(connection, scenario.params)):
                        print(f"  {scenario.name}: {row[-1]}", file=sys.stderr)
                base = timed(lambda: bare(connection, scenario, offset, after), requests)
            api = timed(lambda: client.get(scenario.url, query_string=query), requests)
            results.append({"backend": db.engine.dialect.name, "name": scenario.name, "url": scenario.url,
                            "total": total, "api_p50": statistics.median(api), "api_p99": percentile(api, 99),
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


def each_backend(args, measure_one, name: str) -> list[dict]:
    """`measure_one(url, kept_facts)` on each backend of `args.only`: on the databases bench.api --keep
    left (`args.keep`; a half-filled SQLite file from an interrupted run is filled again), else on a
    new SQLite file named `name` and a new PostgreSQL database, dropped afterwards."""
    sqlite_file, sqlite_facts, postgresql_facts = kept_files(args.verdicts)
    rows = []
    if "sqlite" in args.only:
        if args.keep:
            if not sqlite_facts.exists():
                sqlite_file.unlink(missing_ok=True)
            rows.append(measure_one(f"sqlite:///{sqlite_file}", sqlite_facts))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                rows.append(measure_one(f"sqlite:///{Path(tmp) / name}", None))
    if "postgresql" in args.only:
        keep = f"fact_bench_api_keep_{args.verdicts}" if args.keep and postgresql_facts.exists() else None
        with postgres_database(args.database_url, keep) as url:
            rows.append(measure_one(url, postgresql_facts if keep else None))
    return rows


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.api")
    parser.add_argument("--verdicts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL)
    parser.add_argument("--explain", action="store_true", help="print the plan of each count query")
    parser.add_argument("--scenarios", default="", help="only the filters whose name contains one of these (comma-separated)")
    parser.add_argument("--cursor-only", action="store_true",
                        help="read the deep pages by cursor only, not by their number (OFFSET: the slow way)")
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
                            args.scenarios, args.cursor_only)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                rows += measure(f"sqlite:///{Path(tmp) / 'api.db'}", args.verdicts, args.requests, args.explain,
                                names=args.scenarios, cursor_only=args.cursor_only)
    if "postgresql" in args.only:
        keep = f"fact_bench_api_keep_{args.verdicts}" if args.keep else None
        if keep and not postgresql_facts.exists():  # a half-filled one from an interrupted run is filled again
            server = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{keep}" WITH (FORCE)'))
            server.dispose()
        with postgres_database(args.database_url, keep) as url:
            rows += measure(url, args.verdicts, args.requests, args.explain, postgresql_facts if keep else None,
                            args.scenarios, args.cursor_only)
    print(f"## GET /api/claims and /api/verdicts at {args.verdicts:,} verdicts (page of {PAGE}, "
          f"{args.requests} requests each)\n")
    print("| backend | list | filters | total | API p50 ms | API p99 ms | bare SQL p50 ms | bare SQL p99 ms "
          "| API / bare (p50) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        total = f"over {COUNT_LIMIT:,}" if r["total"] > COUNT_LIMIT else f"{r['total']:,}"
        print(f"| {r['backend']} | {r['url']} | {r['name'].removeprefix('verdicts: ')} | {total} "
              f"| {r['api_p50']:.1f} | {r['api_p99']:.1f} "
              f"| {r['bare_p50']:.1f} | {r['bare_p99']:.1f} | {r['api_p50'] / r['bare_p50']:.2f} |")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
