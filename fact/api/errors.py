"""Errors that are not the client's: a database that is down, locked or too slow answers 503, not 500."""
from flask import Flask, current_app
from sqlalchemy.exc import InterfaceError, OperationalError, TimeoutError as PoolTimeout
from werkzeug.exceptions import ServiceUnavailable

from fact.extensions import api, db

# Refused or lost connections, connect, statement and lock timeouts, SQLite's "database is locked",
# and a pool with no free connection. Other database errors are bugs and stay 500.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


def unavailable(error: Exception) -> ServiceUnavailable:
    """A 503 with Retry-After, for a database error: the request may well succeed if sent again."""
    db.session.rollback()
    current_app.logger.warning("database unavailable: %s", getattr(error, "orig", None) or error)
    return ServiceUnavailable("The database does not answer; try again shortly.",
                              retry_after=current_app.config["FACT_RETRY_AFTER"])


def database_unavailable(error: Exception):
    """The error handler: the 503 in the one error shape."""
    return api.handle_http_exception(unavailable(error))


def register(app: Flask) -> None:
    for error in UNAVAILABLE:
        app.register_error_handler(error, database_unavailable)
