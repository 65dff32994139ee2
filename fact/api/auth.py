"""Bearer-token authentication for writes."""
import hmac
from functools import wraps

from flask import current_app, request
from flask_smorest import abort

from fact.labelstudio.config import WEBHOOK_HEADER

BEARER = [{"bearer": []}]
WEBHOOK_SECRET = [{"webhookSecret": []}]  # the scheme fact.api.spec declares


def token_required(view):
    """Let the request through only with `Authorization: Bearer <FACT_API_TOKEN>`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        expected = current_app.config.get("FACT_API_TOKEN")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if not expected:
            abort(401, message="Writes are disabled: the server has no FACT_API_TOKEN set.",
                  headers={"WWW-Authenticate": "Bearer"})
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            abort(401, message="A valid 'Authorization: Bearer <token>' header is required.",
                  headers={"WWW-Authenticate": "Bearer"})
        return view(*args, **kwargs)

    return wrapper


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
