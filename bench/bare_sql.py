"""The webhook's baseline: the rows our app writes for a new annotation, inserted with a plain DBAPI
connection into an identical copy of the app's database.
"""
import contextlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from bench.loop import copy_sqlite
from bench.servers import _dbapi_url, _with_database


class BareSQL:
    """The same rows apply_annotation writes for a new annotation, inserted with a plain DBAPI connection:
    one transaction per annotation, nothing read, nothing checked."""

    def __init__(self, database_url: str):
        self.sqlite = database_url.startswith("sqlite")
        if self.sqlite:
            self.connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000"):
                self.connection.execute(f"PRAGMA {pragma}")  # as fact.database sets them
        else:
            import psycopg

            self.connection = psycopg.connect(_dbapi_url(database_url))

    def _moment(self, value: datetime):
        # SQLAlchemy's SQLite DATETIME stores naive UTC text; PostgreSQL takes the aware datetime
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else value

    def _insert(self, sql: str, values: tuple) -> int:
        """sql with ? for parameters and ?::json for a JSON one (plain text on SQLite)."""
        sql = sql.replace("::json", "") if self.sqlite else sql.replace("?", "%s")
        return self.connection.execute(sql + " RETURNING id", values).fetchone()[0]

    def insert(self, rows: dict) -> None:
        from fact.text.normalize import normalize_for_search

        now = self._moment(datetime.now(timezone.utc))
        updated = self._moment(rows["updated_at"])
        annotation = self._insert(
            "INSERT INTO annotations (ls_annotation_id, ls_task_id, span_id, annotator_id, ls_updated_at, "
            "was_cancelled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rows["ls_id"], rows["task_id"], rows["span_id"], 1, updated, False, now))
        revision = self._insert(
            "INSERT INTO annotation_revisions (annotation_id, ls_updated_at, annotator_id, via, received_at, "
            "result, result_hash, status) VALUES (?, ?, ?, ?, ?, ?::json, ?, ?)",
            (annotation, updated, 1, "annotation_created", now, json.dumps(rows["result"]), rows["hash"], "accepted"))
        for claim in rows["claims"]:
            start, end = rows["span_start"] + claim["start"], rows["span_start"] + claim["end"]
            claim_id = self._insert(  # with the aggregate of its one verdict, as the app leaves it
                'INSERT INTO claims (article_id, span_id, start, "end", text, search_text, created_at, updated_at, '
                "verdict_count, majority_label, agreement, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rows["article_id"], rows["span_id"], start, end, claim["text"], normalize_for_search(claim["text"]),
                 now, now, 1, claim["label"], "single", claim["label"]))
            verdict = self._insert(
                'INSERT INTO verdicts (claim_id, annotation_id, revision_id, label, annotator_id, start, "end", text, '
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (claim_id, annotation, revision, claim["label"], 1, start, end, claim["text"], now))
            for stance, span_id, url in claim["evidence"]:
                self._insert("INSERT INTO evidence (verdict_id, stance, span_id, article_id, url) VALUES (?, ?, ?, ?, ?)",
                             (verdict, stance, span_id, None, url))
        self.connection.commit()

    def counts(self) -> dict[str, int]:
        return {table: self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("annotations", "annotation_revisions", "claims", "verdicts", "evidence")}

    def close(self) -> None:
        self.connection.close()


def _copy_database(database_url: str, server_url: str | None, name: str, stack: contextlib.ExitStack) -> str:
    """An identical database to run the baseline in: a file copy, or CREATE DATABASE ... TEMPLATE."""
    if database_url.startswith("sqlite"):
        source = Path(database_url.removeprefix("sqlite:///"))
        target = source.with_name(name + ".db")
        copy_sqlite(source, target)
        return f"sqlite:///{target}"
    import psycopg

    admin = _dbapi_url(server_url)
    source = database_url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    stack.callback(drop)
    return _with_database(server_url, name)
