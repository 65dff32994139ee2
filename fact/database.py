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
