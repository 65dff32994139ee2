"""The real loop: a live instance of our app (so that Label Studio's webhook can reach it) and a
Label Studio project of this test's own."""
import secrets
import threading
import uuid

import pytest
from label_studio_sdk import LabelStudio
from werkzeug.serving import make_server

from fact.labelstudio.client import ensure_project
from tests.labelstudio_server import free_port


@pytest.fixture
def live_app(app, labelstudio):
    """Our app, served on a free port in a thread, wired to the session's Label Studio."""
    port = free_port()
    app.config.update(
        LABEL_STUDIO_URL=labelstudio.url,
        LABEL_STUDIO_TOKEN=labelstudio.token,
        FACT_WEBHOOK_SECRET=secrets.token_urlsafe(16),
        FACT_PUBLIC_URL=f"http://127.0.0.1:{port}",
        FACT_LS_PROJECT_TITLE=f"fact-test-{uuid.uuid4().hex[:8]}",
    )
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app
    server.shutdown()
    thread.join()


@pytest.fixture
def ls(labelstudio) -> LabelStudio:
    return LabelStudio(base_url=labelstudio.url, api_key=labelstudio.token)


@pytest.fixture
def project(live_app, ls, runner):
    """Our project in Label Studio with its webhook, made by `flask fact setup`."""
    result = runner.invoke(args=["fact", "setup"])
    assert result.exit_code == 0, result.output
    project_id = ensure_project(ls)  # finds the one setup made
    assert f"project {project_id}" in result.output and "webhook" in result.output
    yield project_id
    ls.projects.delete(id=project_id)
