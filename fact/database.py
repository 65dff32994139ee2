"""Engine settings that differ per backend, and the few SQL helpers shared by services and views."""
from dataclasses import dataclass

from sqlalchemy import Boolean, Engine, Select, event, func, insert, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 5000  # how long a SQLite writer waits for the write lock, unless FACT_SQLITE_BUSY_TIMEOUT_MS says


def configure_engine(engine: Engine, busy_timeout_ms: int | None = None) -> None:
    """SQLite: enforce foreign keys, use WAL so that several gunicorn workers can read while one
    writes, wait for the write lock rather than fail, and take it before a write transaction reads.

    pysqlite opens a transaction only at the first INSERT or UPDATE, so the SELECTs that decide what
    to write would read outside it, in a state another worker may change before we write: here a
    request that may write (any method but GET, HEAD, OPTIONS) begins with BEGIN IMMEDIATE, and the
    paths that decide on what they read (applying annotations) call lock_for_writing() wherever they
    run. Other transactions keep pysqlite's lazy BEGIN, so that an export or a matching run that reads
    for minutes holds no lock that writers would wait on. A request with a database time limit of its
    own (fact.api.limits: the webhook's, under Label Studio's 1 s) waits that long for the lock, not more.
    """
    if engine.dialect.name != "sqlite":
        return
    if busy_timeout_ms is None:
        from flask import current_app, has_app_context

        config = current_app.config if has_app_context() else {}
        busy_timeout_ms = config.get("FACT_SQLITE_BUSY_TIMEOUT_MS") or BUSY_TIMEOUT_MS

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, record):  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
        record.info["busy_timeout"] = busy_timeout_ms

    @event.listens_for(engine, "begin")
    def _begin(connection):
        from flask import g, has_request_context, request

        if has_request_context() and request.method not in SAFE_METHODS:
            _busy_timeout(connection, g.get("database_time_limit") or busy_timeout_ms)
            _begin_immediate(connection)
        else:
            _busy_timeout(connection, busy_timeout_ms)


def _busy_timeout(connection, ms: int) -> None:
    """Set the connection's busy timeout where it differs (it stays with the pooled connection)."""
    if connection.connection.info.get("busy_timeout") != ms:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(ms)}")
        connection.connection.info["busy_timeout"] = ms


def _begin_immediate(connection) -> None:
    """BEGIN IMMEDIATE unless this connection's SQLite transaction is open already: then it has
    written (pysqlite opens one only to write), so it holds the write lock and reads the newest state."""
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_for_writing(session) -> None:
    """Take SQLite's write lock now, before the reads that decide what to write (a no-op on
    PostgreSQL, where the rows read are locked instead). Waits up to the busy timeout."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _begin_immediate(connection)


def insert_missing(session, model, rows: list[dict], *key: str, where=None, returning=(), in_key_order: bool = True):
    """INSERT these rows, skipping those whose unique `key` (one column or several; `where`: the condition
    of a partial unique index) is taken (ON CONFLICT DO NOTHING on both backends): two workers that
    first meet the same thing both end with its one row, and neither fails. Rows go in key order, so
    that two such inserts cannot deadlock; with `in_key_order` False, in the order given (their ids
    follow it), and the caller takes a deadlock. The `returning` columns of the rows inserted (not of
    those skipped), when asked for."""
    if not rows:
        return []
    table = model.__table__
    statement = _dialect_insert(session)(table).on_conflict_do_nothing(
        index_elements=[table.c[k] for k in key], index_where=where)
    if returning:
        statement = statement.returning(*returning)
    result = session.execute(statement, sorted(rows, key=lambda row: tuple(row[k] for k in key))
                             if in_key_order else rows)
    return result.all() if returning else []


def upsert(session, model, rows: list[dict], *key: str) -> None:
    """INSERT these rows, or UPDATE the row whose unique `key` is taken with the others' values (ON
    CONFLICT DO UPDATE on both backends). In key order, so that two upserts cannot deadlock; on
    PostgreSQL the rows stay locked until commit, so that a second writer of the same keys waits."""
    if not rows:
        return
    table = model.__table__
    statement = _dialect_insert(session)(table)
    values = {name: statement.excluded[name] for name in rows[0] if name not in key}
    session.execute(statement.on_conflict_do_update(index_elements=[table.c[k] for k in key], set_=values),
                    sorted(rows, key=lambda row: tuple(row[k] for k in key)))


def _dialect_insert(session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - we run on these two
        dialect_insert = insert
    return dialect_insert


def like_pattern(fragment: str) -> str:
    """A LIKE pattern that finds `fragment` literally (use with escape='\\')."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class contains(FunctionElement):
    """Whether a string holds another, compared as code points: instr() on SQLite, strpos() on
    PostgreSQL. A scan with it is faster than LIKE '%...%' (PostgreSQL's LIKE steps through UTF-8
    characters, strpos searches bytes: 1.6 times on Arabic text), and it needs no escaping."""

    type = Boolean()
    inherit_cache = True


@compiles(contains, "sqlite")
def _contains_sqlite(element, compiler, **kw):
    return "(instr(%s) > 0)" % compiler.process(element.clause_expr.element, **kw)


@compiles(contains, "postgresql")
def _contains_postgresql(element, compiler, **kw):
    return "(strpos(%s) > 0)" % compiler.process(element.clause_expr.element, **kw)


def integer_rows(statement, width: int):
    """The rows of a SELECT of `width` integer columns, as an (n, width) NumPy array of int64.

    Read through the DBAPI cursor: for the half a million candidate rows a matching run reads,
    SQLAlchemy's Row objects cost seconds where the cursor's tuples cost a fraction of one. The
    statement's parameters are rendered into it (numbers only: nothing a user typed reaches here)."""
    from itertools import chain

    import numpy as np

    from fact.extensions import db

    connection = db.session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * width)
    return flat.reshape(len(rows), width)


@dataclass(frozen=True)
class Total:
    """How many rows a query has: exactly `count`, or, when `capped`, at least `count`."""

    count: int
    capped: bool = False


def count_rows(session, rows: Select, limit: int) -> Total:
    """How many rows `rows` has, counting no further than `limit` (a count stops where the rows do)."""
    counted = session.scalar(select(func.count()).select_from(rows.order_by(None).limit(limit + 1).subquery()))
    return Total(limit, capped=True) if counted > limit else Total(counted)
