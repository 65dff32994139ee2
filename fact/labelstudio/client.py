"""Our project in Label Studio, through its SDK: finding or creating it, its webhook, its tasks.

Facts these rest on (checked against Label Studio 1.23.2) are in ../shared/LABEL_STUDIO.md: tasks are
never de-duplicated, filters find a task by our span id, a webhook PATCH without its actions wipes
them, and the updated_at filter wants microseconds.
"""
import contextlib
import json
import re
import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone

import ijson

from flask import current_app
from label_studio_sdk import LabelStudio
from label_studio_sdk.core.api_error import ApiError

from fact.labelstudio.claim_config import CLAIM_LABEL_CONFIG
from fact.labelstudio.config import FORM, LABEL_CONFIG, MODEL_VERSION, WEBHOOK_HEADER
from fact.labelstudio.errors import LabelStudioFailed
from schemas.labelstudio import ANNOTATION_ACTIONS, DELETE_ACTION

# Exactly what the webhook view handles, and nothing else: with every action Label Studio would
# post task imports too, and log a traceback for each while our API is not up.
WEBHOOK_ACTIONS = [*ANNOTATION_ACTIONS, DELETE_ACTION]


class LabelStudioNotConfigured(RuntimeError):
    pass


class WebhookNotKept(RuntimeError):
    """Label Studio stored our webhook with other actions than we asked for."""


def connect() -> LabelStudio:
    token = current_app.config.get("LABEL_STUDIO_TOKEN")
    if not token:
        raise LabelStudioNotConfigured("LABEL_STUDIO_TOKEN is not set (make run writes it to instance/secrets.env)")
    return LabelStudio(base_url=current_app.config["LABEL_STUDIO_URL"], api_key=token,
                       timeout=current_app.config["LABEL_STUDIO_TIMEOUT"])


def ensure_project(ls: LabelStudio) -> int:
    """The id of our project of sentences (found by its title), created or brought up to date with its labeling config."""
    return _ensure(ls, current_app.config["FACT_LS_PROJECT_TITLE"], LABEL_CONFIG, _DESCRIPTION)


def ensure_claims_project(ls: LabelStudio) -> int:
    """The id of the claims project (one task per claim from outside, fact.labelstudio.claim_config)."""
    return _ensure(ls, current_app.config["FACT_LS_CLAIMS_PROJECT_TITLE"], CLAIM_LABEL_CONFIG, _CLAIMS_DESCRIPTION)


def _ensure(ls: LabelStudio, title: str, label_config: str, description: str) -> int:
    found = [p for p in ls.projects.list(title=title) if p.title == title]
    if not found:
        return ls.projects.create(title=title, label_config=label_config, description=description).id
    project = found[0]
    if project.label_config.strip() != label_config.strip():  # Label Studio drops the trailing newline
        ls.projects.update(id=project.id, label_config=label_config)
    return project.id


def form_columns(label_config: str) -> list[str]:
    """Data Manager columns that hold what the form reads (structures, HTML), not text for a reader:
    `form` and each of its fields the config names (Label Studio makes a column of each)."""
    return [f"tasks:data.{FORM}"] + [f"tasks:data.{path}" for path in
                                     sorted(set(re.findall(rf"\$({FORM}\.[\w.]+)", label_config)))]


HIDDEN_COLUMNS = form_columns(LABEL_CONFIG)
# The Data Manager's own columns that Label Studio's first tab hides too.
_LABEL_STUDIO_HIDDEN = ["tasks:inner_id", "tasks:annotations_results", "tasks:annotations_ids", "tasks:predictions_score",
                        "tasks:predictions_model_versions", "tasks:predictions_results", "tasks:file_upload",
                        "tasks:storage_filename", "tasks:created_at", "tasks:updated_at", "tasks:updated_by",
                        "tasks:avg_lead_time", "tasks:draft_exists"]


def ensure_task_columns(ls: LabelStudio, project_id: int, hidden_columns: list[str] = HIDDEN_COLUMNS,
                        ids: tuple[str, ...] = ("span_id", "article_id")) -> int:
    """Hide the form's structures in every tab of the project's Data Manager (a first tab is made
    when there is none, which hides our ids while labeling too), so that its columns show text; the
    number of tabs."""
    views = ls.views.list(project=project_id)
    if not views:
        hidden = hidden_columns + _LABEL_STUDIO_HIDDEN
        ls.views.create(project=project_id, data={"title": "Default", "hiddenColumns": {
            "explore": hidden, "labeling": hidden + [f"tasks:data.{key}" for key in ids]}})
        return 1
    for view in views:
        data = dict(view.data or {})
        columns = dict(data.get("hiddenColumns") or {})
        wanted = {mode: list(columns.get(mode) or []) + [c for c in hidden_columns if c not in (columns.get(mode) or [])]
                  for mode in ("explore", "labeling")}
        if wanted != {mode: columns.get(mode) for mode in ("explore", "labeling")}:
            ls.views.update(id=str(view.id), project=project_id, data={**data, "hiddenColumns": {**columns, **wanted}})
    return len(views)


def use_our_predictions(ls: LabelStudio, project_id: int) -> bool:
    """Let our predictions pre-fill the editor. Label Studio accepts a model version only once
    predictions of it exist, so this is called after a push; False while there are none."""
    if ls.projects.get(id=project_id).model_version == MODEL_VERSION:
        return True
    try:
        ls.projects.update(id=project_id, model_version=MODEL_VERSION)
    except ApiError as error:
        if error.status_code == 400:
            return False
        raise
    return True


def ensure_webhook(ls: LabelStudio, project_id: int) -> int | None:
    """Register (or repair) the webhook that brings annotations to us, and read it back to check that
    Label Studio kept exactly our actions; None when no secret is set."""
    secret = current_app.config.get("FACT_WEBHOOK_SECRET")
    if not secret:
        return None
    url = current_app.config["FACT_PUBLIC_URL"].rstrip("/") + "/api/labelstudio/webhook"
    # Always the full list (a PATCH without it wipes them), and send_for_all_actions off: it
    # defaults to true, which posts every event whatever the list says.
    settings = dict(url=url, send_payload=True, is_active=True, headers={WEBHOOK_HEADER: secret},
                    actions=WEBHOOK_ACTIONS, send_for_all_actions=False)
    hook_id = next((hook.id for hook in ls.webhooks.list(project=str(project_id)) if hook.url == url), None)
    if hook_id is None:
        hook_id = ls.webhooks.create(project=project_id, **settings).id
    else:
        ls.webhooks.update(id=hook_id, **settings)
    kept = ls.webhooks.get(id=hook_id)
    if kept.send_for_all_actions or sorted(kept.actions or []) != sorted(WEBHOOK_ACTIONS):
        raise WebhookNotKept(
            f"Label Studio at {current_app.config['LABEL_STUDIO_URL']} keeps webhook {hook_id} with "
            f"{'every action' if kept.send_for_all_actions else sorted(kept.actions or [])}, not "
            f"{WEBHOOK_ACTIONS}: check its version (1.23.2 is known to keep them) or fix the webhook there")
    return hook_id


def tasks_carrying(ls: LabelStudio, project_id: int, key: str, ids: list[int]) -> dict[int, int]:
    """{our id: task id} of the tasks whose data[key] is one of these ids (span_id, claim_id): after an
    interrupted push."""
    found: dict[int, int] = {}
    for start in range(0, len(ids), 100):
        items = [{"filter": f"filter:tasks:data.{key}", "operator": "equal", "type": "Number", "value": our_id}
                 for our_id in ids[start : start + 100]]
        query = json.dumps({"filters": {"conjunction": "or", "items": items}})
        for task in ls.tasks.list(project=project_id, query=query, fields="task_only", page_size=100):
            found.setdefault(task.data[key], task.id)
    return found


def withdraw_tasks(ls: LabelStudio, project_id: int, span_of: dict[int, int]) -> tuple[list[int], list[int]]:
    """Take these tasks ({task id: our span id}) back from annotators: delete those nobody has
    annotated (or skipped), and mark the others in their meta (`withdrawn`), so that the work done
    stays. Returns (deleted, marked); a task already gone from Label Studio is in neither."""
    ids = sorted(span_of)
    present, annotated = set(), set()
    for start in range(0, len(ids), 100):
        items = [{"filter": "filter:tasks:id", "operator": "equal", "type": "Number", "value": task_id}
                 for task_id in ids[start : start + 100]]
        query = json.dumps({"filters": {"conjunction": "or", "items": items}})
        for task in ls.tasks.list(project=project_id, query=query, fields="task_only", page_size=100):
            present.add(task.id)
            if task.total_annotations or task.cancelled_annotations:
                annotated.add(task.id)
    deleted = [task_id for task_id in ids if task_id in present and task_id not in annotated]
    for start in range(0, len(deleted), 500):
        ls.actions.create(id="delete_tasks", project=project_id,
                          selected_items={"all": False, "included": deleted[start : start + 500]})
    marked = sorted(annotated)
    for task_id in marked:
        ls.tasks.update(id=task_id, meta={"span_id": span_of[task_id], "withdrawn": "boilerplate"})
    return deleted, marked


def annotated_tasks(ls: LabelStudio, project_id: int, since: datetime | None, page_size: int = 500) -> Iterator[dict]:
    """Every task (as JSON) with its annotations, updated after `since` if given."""
    query = None
    if since is not None:
        value = since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        query = json.dumps({"filters": {"conjunction": "and", "items": [
            {"filter": "filter:tasks:updated_at", "operator": "greater", "type": "Datetime", "value": value}]}})
    for task in ls.tasks.list(project=project_id, query=query, fields="all", page_size=page_size):
        yield task.model_dump(mode="json")


def exported_tasks(ls: LabelStudio, project_id: int, bounds: list[int] = (), wait: float = 600) -> Iterator[dict]:
    """Every task (as JSON) with its annotations, data and meta, read from JSON snapshot exports.

    Label Studio builds an export of 10k tasks several times faster than it serves them page by page.
    It lists every task with its current annotations (cancelled ones too; deleted ones are gone) and
    the task's updated_at. With `bounds` (ascending task ids) the project is exported in parts
    (id <= b1, b1 < id <= b2, ..., id > bn), each through a Data Manager view: a thread has Label
    Studio build the next part while the caller applies this one. Each part is spooled to disk and
    parsed as a stream; snapshots and views are deleted on Label Studio as soon as they are read.
    """
    edges = [None, *bounds, None]
    parts: queue.Queue = queue.Queue()
    stop = threading.Event()

    def export_all() -> None:
        for low, high in zip(edges, edges[1:]):
            if stop.is_set():
                return
            try:
                parts.put((_export_part(ls, project_id, low, high, wait), None))
            except Exception as error:  # noqa: BLE001 - raised in the caller's thread
                parts.put((None, error))
                return

    exporter = threading.Thread(target=export_all, name="sync-export", daemon=True)
    exporter.start()
    try:
        for _ in range(len(edges) - 1):
            spool, error = parts.get()
            if error is not None:
                raise error
            with spool:
                yield from ijson.items(spool, "item", use_float=True)  # floats as json.loads reads them
    finally:
        stop.set()
        exporter.join()
        while not parts.empty():
            spool, _error = parts.get()
            if spool is not None:
                spool.close()


def _export_part(ls: LabelStudio, project_id: int, low: int | None, high: int | None, wait: float):
    """One snapshot export of the tasks with low < id <= high (None: no bound), as an open temporary file."""
    items = ([{"filter": "filter:tasks:id", "operator": "greater", "type": "Number", "value": low}] if low is not None else []) + (
        [{"filter": "filter:tasks:id", "operator": "less_or_equal", "type": "Number", "value": high}] if high is not None else [])
    view = ls.views.create(project=project_id, data={"filters": {"conjunction": "and", "items": items}}) \
        if items else None
    export = None
    try:
        only = {"task_filter_options": {"view": view.id}} if view else {}  # None would be sent as null: a 400
        export = ls.projects.exports.create(id=project_id, title="fact sync", **only, serialization_options={
            "drafts": {"only_id": True}, "predictions": {"only_id": True}})
        deadline = time.monotonic() + wait
        while export.status not in ("completed", "failed"):
            if time.monotonic() > deadline:
                raise LabelStudioFailed(f"export {export.id} of project {project_id} is still {export.status} "
                                        f"after {wait:.0f} s")
            time.sleep(0.1)
            export = ls.projects.exports.get(id=project_id, export_pk=export.id)
        if export.status == "failed":
            raise LabelStudioFailed(f"the export of project {project_id} failed (export {export.id})")
        spool = tempfile.TemporaryFile()
        for chunk in ls.projects.exports.download(id=project_id, export_pk=export.id, export_type="JSON",
                                                  request_options={"chunk_size": 1 << 20}):
            spool.write(chunk)
        spool.seek(0)
        return spool
    finally:
        with contextlib.suppress(ApiError):
            if export is not None:
                ls.projects.exports.delete(id=project_id, export_pk=export.id)
            if view is not None:
                ls.views.delete(id=view.id)


_DESCRIPTION = ("Highlight each checkable claim in the sentence, give it a verdict, and cite the sources "
                "that support or refute it. Managed by the fact backend: edit its labeling config there.")
_CLAIMS_DESCRIPTION = ("Give each article its stance towards the claim, tick the sentences that carry it, and give "
                       "the claim its verdict. Managed by the fact backend: edit its labeling config there.")
