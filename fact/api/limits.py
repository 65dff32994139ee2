"""Bounds on what a request may ask of the server: ids, body size and depth, database time.

Each is checked before the work starts, so that a hostile or mistaken request gets a 4xx (or a stuck
database a 503) instead of a 500, a hang or a worker killed by gunicorn's timeout.
"""
from functools import wraps

import numpy as np
from flask import Flask, current_app, g, has_request_context, request
from flask_smorest import abort
from flask_sqlalchemy.session import Session
from sqlalchemy import event
from werkzeug.routing import IntegerConverter

from schemas.fields import INT_MAX

# Bodies smaller than MAX_CONTENT_LENGTH, by endpoint: Label Studio's webhook posts one annotation.
SMALL_BODIES = {"labelstudio.Webhook": "FACT_WEBHOOK_MAX_BYTES"}


class RowIdConverter(IntegerConverter):
    """`<int:...>` in our URLs is a row id, 1..2^31-1: any other number names nothing (404), on both backends."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=INT_MAX, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(url_map, fixed_digits, min, max, signed)


def json_depth(body: bytes) -> int:
    """How deeply a JSON text nests, counted without parsing it (the parser recurses once per level).

    Escaped backslashes and quotes are dropped first, so that every remaining quote opens or closes a
    string; brackets count where an even number of quotes precede them. NumPy, so that 16 MB take ms."""
    data = np.frombuffer(body.replace(b"\\\\", b"").replace(b'\\"', b""), dtype=np.uint8)
    outside = ~np.bitwise_xor.accumulate(data == ord('"'))  # after an even number of quotes
    opens, closes = (data == ord("[")) | (data == ord("{")), (data == ord("]")) | (data == ord("}"))
    at = np.flatnonzero((opens | closes) & outside)
    if not at.size:
        return 0
    return int(np.cumsum(np.where(opens[at], 1, -1), dtype=np.int64).max(initial=0))


def guard_body() -> None:
    """Refuse a body over its size limit (413) or a JSON body nested too deeply (400) before anything parses it."""
    setting = SMALL_BODIES.get(request.endpoint)
    if setting:
        request.max_content_length = current_app.config[setting]
    if not request.is_json:
        return
    limit = current_app.config["FACT_MAX_JSON_DEPTH"]
    if json_depth(request.get_data(cache=True)) > limit:  # get_data answers 413 past the size limit
        abort(400, message=f"The JSON body nests deeper than {limit} levels.")


def database_time_limit(setting: str):
    """Run the view's statements under app.config[setting] ms instead of FACT_DB_REQUEST_TIMEOUT_MS."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            g.database_time_limit = current_app.config[setting]
            return view(*args, **kwargs)

        return wrapper

    return decorator


@event.listens_for(Session, "after_begin")
def _time_limits(_session, _transaction, connection) -> None:
    """PostgreSQL: a request's statements and lock waits give up after their limits (the CLI's never do).

    A lock is waited for at most FACT_DB_LOCK_TIMEOUT_MS, and never longer than the statement may take."""
    if connection.dialect.name != "postgresql" or not has_request_context():
        return
    config = current_app.config
    statement = g.get("database_time_limit", config["FACT_DB_REQUEST_TIMEOUT_MS"])
    lock = min(filter(None, (statement, config["FACT_DB_LOCK_TIMEOUT_MS"])), default=0)
    connection.exec_driver_sql("SELECT set_config('statement_timeout', %s, true), set_config('lock_timeout', %s, true)",
                               (str(statement), str(lock)))


def register(app: Flask) -> None:
    app.before_request(guard_body)
