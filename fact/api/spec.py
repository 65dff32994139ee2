"""What the OpenAPI spec says beyond each view's own declarations: the answers any operation can give."""
from apispec import BasePlugin
from flask_smorest import Api

from fact.labelstudio.config import WEBHOOK_HEADER

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RESPONSES = {
    "DatabaseUnavailable": {
        "description": "The database does not answer (down, locked or too slow): send the request again later",
        "content": _ERROR,
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
    },
    "BodyTooLarge": {"description": "The body is over its size limit (FACT_MAX_BODY_BYTES; the webhook's "
                                    "FACT_WEBHOOK_MAX_BYTES)", "content": _ERROR},
    "BadBody": {"description": "The body is not JSON, or nests deeper than FACT_MAX_JSON_DEPTH", "content": _ERROR},
    "Unauthorized": {"description": "No valid credentials (see the operation's security)", "content": _ERROR},
}


class ErrorResponses(BasePlugin):
    """503 on every operation; 400 and 413 where there is a body; 401 where there are credentials."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("503", "DatabaseUnavailable")
            if "requestBody" in operation:
                responses.setdefault("400", "BadBody")
                responses.setdefault("413", "BodyTooLarge")
            if operation.get("security"):
                responses.setdefault("401", "Unauthorized")


def document(api: Api) -> None:
    """Call before the blueprints are registered: their operations go through the plugin."""
    api.spec.components.security_scheme("webhookSecret", {
        "type": "apiKey", "in": "header", "name": WEBHOOK_HEADER,
        "description": "FACT_WEBHOOK_SECRET, which `flask fact setup` gives Label Studio"})
    for name, response in RESPONSES.items():
        api.spec.components.response(name, response)
    # smorest declares X-Pagination an object; it is sent as JSON in a string, and a header is a string.
    api.spec.components.headers_lazy["PAGINATION"] = {
        "description": "Pagination metadata as a JSON object in a string: total, total_pages, first_page, "
                       "last_page, page, previous_page, next_page; on lists that take `after`, next_after "
                       "(the cursor of the next page, absent on the last; a page read by cursor has no page numbers); "
                       "past FACT_COUNT_LIMIT rows, total_at_least in place of total, total_pages and last_page",
        "schema": {"type": "string"},
    }
    plugin = ErrorResponses()
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)
