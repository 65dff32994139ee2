"""The real loop: a live instance of our app (so that Label Studio's webhook can reach it) and a
Label Studio project of this test's own."""
import os
import secrets
import shutil
import threading
import uuid

import pytest
from label_studio_sdk import LabelStudio
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from fact.labelstudio.client import ensure_project
from tests.labelstudio_server import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def served(app):
    """Our app, served on a free port in a thread (for a browser, or Label Studio's webhook): its URL."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def live_app(app, served, labelstudio):
    """Our app, served, wired to the session's Label Studio; the claims project setup makes goes after the test."""
    name = f"fact-test-{uuid.uuid4().hex[:8]}"
    app.config.update(
        LABEL_STUDIO_URL=labelstudio.url,
        LABEL_STUDIO_TOKEN=labelstudio.token,
        FACT_WEBHOOK_SECRET=secrets.token_urlsafe(16),
        FACT_PUBLIC_URL=served,
        FACT_LS_PROJECT_TITLE=name,
        FACT_LS_CLAIMS_PROJECT_TITLE=f"{name}-claims",
    )
    yield app
    ls = LabelStudio(base_url=labelstudio.url, api_key=labelstudio.token)
    for made in ls.projects.list(title=f"{name}-claims"):
        if made.title == f"{name}-claims":
            ls.projects.delete(id=made.id)


@pytest.fixture
def browser():
    """Debian's chromium, driven by Playwright (which downloads no browser of its own)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


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
