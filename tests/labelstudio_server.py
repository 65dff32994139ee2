"""A real Label Studio for the test session: started once, on a free port, in a temporary data dir.

`run_labelstudio_for_tests` is the plain context manager behind the `labelstudio` fixture of
tests/conftest.py. If Label Studio cannot be installed or started, the tests fail with
the reason (never skip): a missing Label Studio is a broken set-up, not an optional extra.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

from fact.localstudio.server import DEFAULT_VENV, LabelStudioSettings, ensure_installed, start, stop


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def settings_for_tests(tmp_dir: Path) -> LabelStudioSettings:
    """Fresh settings: a data dir under tmp_dir, a free port, a random password and token."""
    return LabelStudioSettings(
        venv=Path(os.environ.get("LABEL_STUDIO_VENV") or DEFAULT_VENV),
        data_dir=Path(tmp_dir) / "labelstudio",
        port=free_port(),
        password=secrets.token_urlsafe(16),
        token=secrets.token_hex(20),
    )


@contextlib.contextmanager
def run_labelstudio_for_tests(tmp_dir: Path) -> Iterator[LabelStudioSettings]:
    """Install Label Studio if needed, start it, yield its settings, stop it."""
    settings = settings_for_tests(tmp_dir)
    ensure_installed(settings.venv)
    proc = start(settings)
    try:
        yield settings
    finally:
        stop(proc)
