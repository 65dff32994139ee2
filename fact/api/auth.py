"""Bearer-token authentication: for writes always, for reads where FACT_READ_TOKEN is set."""
import hmac
from functools import wraps

from flask import current_app, request
from flask_login import current_user
from flask_smorest import abort

from fact.labelstudio.config import WEBHOOK_HEADER

BEARER = [{"bearer": []}]
OPEN_READS = ("/api/health", "/api/openapi.json", "/api/docs")  # a probe, and what the API is
WEBHOOK_SECRET = [{"webhookSecret": []}]  # the scheme fact.api.spec declares


def token_required(view):
    """Let the request through only with `Authorization: Bearer <FACT_API_TOKEN>`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        expected = current_app.config.get("FACT_API_TOKEN")
        if not expected:
            abort(401, message="Writes are disabled: the server has no FACT_API_TOKEN set.",
                  headers={"WWW-Authenticate": "Bearer"})
        if not _bearer_is(expected):
            abort(401, message="A valid 'Authorization: Bearer <token>' header is required.",
                  headers={"WWW-Authenticate": "Bearer"})
        return view(*args, **kwargs)

    return wrapper


def guard_reads() -> None:
    """Before every request: with FACT_READ_TOKEN set, the API's reads (verdicts and who gave them, the
    exports) need `Authorization: Bearer` with it or with FACT_API_TOKEN, or the lead's session (the
    page's downloads); the health probe and the API's description stay open. Unset, reads are open,
    as a public fact-check's are."""
    token = current_app.config.get("FACT_READ_TOKEN")
    if not token or request.method not in ("GET", "HEAD") or not request.path.startswith("/api/"):
        return
    if request.path.startswith(OPEN_READS) or current_user.is_authenticated:
        return
    if not (_bearer_is(token) or _bearer_is(current_app.config.get("FACT_API_TOKEN"))):
        abort(401, message="Reading needs a valid 'Authorization: Bearer <token>' header here (FACT_READ_TOKEN is set).",
              headers={"WWW-Authenticate": "Bearer"})


def _bearer_is(expected: str | None) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                                                  expected.encode())


def secret_header_required(view):
    """Let Label Studio's webhook through only with our secret in WEBHOOK_HEADER (it signs nothing)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        expected = current_app.config.get("FACT_WEBHOOK_SECRET")
        given = request.headers.get(WEBHOOK_HEADER, "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            abort(401, message=f"A valid {WEBHOOK_HEADER} header is required.")
        return view(*args, **kwargs)

    return wrapper
