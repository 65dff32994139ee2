"""What went wrong when we reached Label Studio, in one line that names its URL and what to check.

The SDK raises httpx's transport errors when nothing answers and ApiError when Label Studio answers
with an error; a 105-line traceback of either tells a user neither where we looked nor what to do.
"""
import httpx
from label_studio_sdk.core.api_error import ApiError

CHECK_RUNNING = ("is it running? (`python -m fact.localstudio.server status`; the URL comes from "
                 "LABEL_STUDIO_URL or LABEL_STUDIO_PORT, which `make run` records in instance/run.env)")
CHECK_TOKEN = ("check LABEL_STUDIO_TOKEN (instance/secrets.env): it must be the API token of this Label "
               "Studio's user, with legacy tokens enabled")


class LabelStudioFailed(RuntimeError):
    """Label Studio answered, but did not do what it was asked (an export failed, ids went missing)."""


def describe(error: BaseException, url: str) -> str | None:
    """The one line for a failure to reach or use Label Studio at `url`; None for any other error."""
    if isinstance(error, LabelStudioFailed):
        return f"Label Studio at {url}: {error}; see its log (instance/labelstudio.log), then run the command again"
    if isinstance(error, httpx.TimeoutException):
        return f"Label Studio at {url} did not answer in time (LABEL_STUDIO_TIMEOUT): {CHECK_RUNNING}"
    if isinstance(error, httpx.TransportError):
        return f"cannot reach Label Studio at {url} ({_reason(error)}): {CHECK_RUNNING}"
    if isinstance(error, ApiError):
        if error.status_code in (401, 403):
            return f"Label Studio at {url} refuses the token (HTTP {error.status_code}): {CHECK_TOKEN}"
        return (f"Label Studio at {url} answered HTTP {error.status_code}: {_summary(error.body)}; "
                f"see its log (instance/labelstudio.log)")
    return None


def _reason(error: httpx.TransportError) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]


def _summary(body) -> str:
    if isinstance(body, dict):
        body = body.get("detail") or body.get("validation_errors") or body
    return " ".join(str(body).split())[:200]
