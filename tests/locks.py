"""A database whose lock another connection holds: what the spool's test and benchmark deliver into."""
import contextlib
import sqlite3

import psycopg
from sqlalchemy.engine import make_url


@contextlib.contextmanager
def database_locked(database_url: str):
    """Hold what a delivery needs from another connection: SQLite's write lock (BEGIN EXCLUSIVE), or
    PostgreSQL's strongest lock on the annotations table (which even reads wait for)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        locker = sqlite3.connect(url.database, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
    else:
        locker = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
        locker.execute("LOCK TABLE annotations IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        locker.rollback()
        locker.close()
