"""Engine settings that differ per backend, and the few SQL helpers shared by services and views."""
from sqlalchemy import Engine, event


def configure_engine(engine: Engine) -> None:
    """SQLite: enforce foreign keys, and use WAL so that several gunicorn workers can read while one writes."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def like_pattern(fragment: str) -> str:
    """A LIKE pattern that finds `fragment` literally (use with escape='\\')."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
