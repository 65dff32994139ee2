"""fact.localstudio.server against a real Label Studio (the `labelstudio` fixture of tests/conftest.py): no mocks."""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from label_studio_sdk import LabelStudio

from fact.localstudio.server import (
    DEFAULT_USERNAME,
    DEFAULT_VENV,
    PROJECT_ROOT,
    LabelStudioError,
    LabelStudioSettings,
    is_healthy,
    port_in_use,
    start,
    stop,
)

from tests.labelstudio_server import free_port


def whoami(settings: LabelStudioSettings, token: str) -> requests.Response:
    return requests.get(
        f"{settings.url}/api/current-user/whoami", headers={"Authorization": f"Token {token}"}, timeout=10
    )


def copy_data_dir(settings: LabelStudioSettings, target: Path) -> Path:
    """A consistent copy of the running server's data (SQLite backup API): restarts take ~5 s."""
    target.mkdir(mode=0o700)
    source = sqlite3.connect(settings.data_dir / "label_studio.sqlite3")
    copy = sqlite3.connect(target / "label_studio.sqlite3")
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


# --- the running server --------------------------------------------------------------------------


def test_label_studio_answers_health_on_the_requested_port(labelstudio):
    response = requests.get(f"{labelstudio.url}/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "UP"}
    assert is_healthy(labelstudio.url)


def test_the_token_authenticates_as_the_configured_user(labelstudio):
    response = whoami(labelstudio, labelstudio.token)
    assert response.status_code == 200
    assert response.json()["email"] == labelstudio.username == DEFAULT_USERNAME


def test_a_wrong_token_gets_401(labelstudio):
    assert whoami(labelstudio, secrets.token_hex(20)).status_code == 401


def test_the_sdk_works_with_the_token_given_as_api_key(labelstudio):
    # SDK 2.x sends a non-JWT api_key as a legacy "Token" header by itself.
    client = LabelStudio(base_url=labelstudio.url, api_key=labelstudio.token)
    assert client.users.whoami().email == labelstudio.username
    projects = list(client.projects.list())
    assert all(project.id for project in projects)


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="127.0.0.2 is a loopback address on Linux only"
)
def test_label_studio_listens_on_127_0_0_1_only(labelstudio):
    # Had it bound 0.0.0.0, another loopback address (or any interface) would reach it too.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        assert probe.connect_ex(("127.0.0.2", labelstudio.port)) != 0


def test_the_log_never_contains_the_password_or_the_token(labelstudio):
    log = labelstudio.log_file.read_text(encoding="utf-8", errors="replace")
    assert "Starting development server" in log
    assert labelstudio.password not in log
    assert labelstudio.token not in log


def test_starting_on_a_busy_port_raises_an_error_naming_the_port(labelstudio, tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        busy = listener.getsockname()[1]
        settings = dataclasses.replace(labelstudio, port=busy, data_dir=tmp_path / "ls", log_file=None)
        with pytest.raises(LabelStudioError, match=f"port {busy} .*already in use"):
            start(settings, timeout=30)
    assert not settings.data_dir.exists()  # refused before anything was started or written


def test_a_server_that_dies_at_start_raises_with_the_end_of_its_log(labelstudio, tmp_path):
    settings = dataclasses.replace(
        labelstudio,
        data_dir=tmp_path / "ls",
        port=free_port(),
        log_file=None,
        extra_env={"DJANGO_DB": "nope"},
    )
    with pytest.raises(LabelStudioError, match="exited with code") as raised:
        start(settings, timeout=120)
    assert "\n" not in raised.value.message and str(settings.log_file) in raised.value.message
    assert "KeyError: 'nope'" in raised.value.log_tail
    assert 0 < raised.value.log_tail.count("\n") < 30


def test_is_healthy_is_false_where_nothing_listens():
    assert not is_healthy(f"http://127.0.0.1:{free_port()}", timeout=1)


# --- restarts on an existing data dir ------------------------------------------------------------


def test_a_restart_on_an_existing_data_dir_keeps_the_user_and_the_token(labelstudio, tmp_path):
    settings = dataclasses.replace(
        labelstudio, data_dir=copy_data_dir(labelstudio, tmp_path / "ls"), port=free_port(), log_file=None
    )
    started = time.monotonic()
    proc = start(settings, timeout=120)
    try:
        elapsed = time.monotonic() - started
        assert whoami(settings, settings.token).json()["email"] == settings.username
        print(f"restart on an existing data dir: {elapsed:.1f} s")
    finally:
        stop(proc)
    assert proc.poll() is not None
    assert not port_in_use(settings.host, settings.port)


def test_a_data_dir_made_with_another_token_is_refused_and_the_server_stopped(labelstudio, tmp_path):
    settings = dataclasses.replace(
        labelstudio,
        data_dir=copy_data_dir(labelstudio, tmp_path / "ls"),
        port=free_port(),
        token=secrets.token_hex(20),
        log_file=None,
    )
    with pytest.raises(LabelStudioError, match="refuses LABEL_STUDIO_TOKEN") as raised:
        start(settings, timeout=120)
    assert settings.token not in str(raised.value) and settings.password not in str(raised.value)
    assert not port_in_use(settings.host, settings.port)


def test_a_data_dir_made_with_another_password_is_refused(labelstudio, tmp_path):
    settings = dataclasses.replace(
        labelstudio,
        data_dir=copy_data_dir(labelstudio, tmp_path / "ls"),
        port=free_port(),
        password=secrets.token_urlsafe(16),
        log_file=None,
    )
    with pytest.raises(LabelStudioError, match="LABEL_STUDIO_PASSWORD does not log in") as raised:
        start(settings, timeout=120)
    assert settings.password not in str(raised.value)
    assert not port_in_use(settings.host, settings.port)


# --- the CLI -------------------------------------------------------------------------------------


def test_the_cli_starts_reports_and_stops_label_studio(labelstudio, tmp_path):
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("LABEL_STUDIO_")}
    env.update(
        PYTHONPATH=str(PROJECT_ROOT),
        LABEL_STUDIO_VENV=str(labelstudio.venv),
        LABEL_STUDIO_DATA_DIR=str(copy_data_dir(labelstudio, tmp_path / "ls")),
        LABEL_STUDIO_PORT=str(port),
        LABEL_STUDIO_USERNAME=labelstudio.username,
        LABEL_STUDIO_PASSWORD=labelstudio.password,
        LABEL_STUDIO_TOKEN=labelstudio.token,
    )

    def cli(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "fact.localstudio.server", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=200,
        )

    pid_file = tmp_path / "instance" / "labelstudio.pid"
    try:
        started = cli("start")
        assert started.returncode == 0, started.stderr
        assert f"http://127.0.0.1:{port}" in started.stdout
        assert labelstudio.username in started.stdout
        assert labelstudio.password not in started.stdout + started.stderr
        assert labelstudio.token not in started.stdout + started.stderr
        assert pid_file.read_text().strip().isdigit()

        again = cli("start")
        assert again.returncode == 1
        assert again.stderr.startswith("error: ") and "already running" in again.stderr
        assert again.stderr.count("\n") == 1

        status = cli("status")
        assert (status.returncode, status.stdout.split(":")[0]) == (0, "up")
    finally:
        stopped = cli("stop")
    assert stopped.returncode == 0, stopped.stderr
    assert not pid_file.exists()
    status = cli("status")
    assert (status.returncode, status.stdout.split(":")[0]) == (3, "down")


def test_the_cli_fails_with_one_line_when_secrets_are_missing(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("LABEL_STUDIO_")}
    result = subprocess.run(
        [sys.executable, "-m", "fact.localstudio.server", "start"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "LABEL_STUDIO_PASSWORD and LABEL_STUDIO_TOKEN not set" in result.stderr


# --- settings ------------------------------------------------------------------------------------


def test_settings_from_env_use_the_instance_dir_and_the_project_venv(tmp_path):
    token = secrets.token_hex(20)
    settings = LabelStudioSettings.from_env(
        tmp_path, environ={"LABEL_STUDIO_PASSWORD": "pw", "LABEL_STUDIO_TOKEN": token}
    )
    assert settings.data_dir == tmp_path / "labelstudio"
    assert settings.log_file == tmp_path / "labelstudio.log"
    assert settings.venv == DEFAULT_VENV == PROJECT_ROOT / ".venv-labelstudio"
    assert settings.url == "http://127.0.0.1:8080"
    assert settings.username == DEFAULT_USERNAME


def test_settings_from_env_read_secrets_env_but_the_environment_wins(tmp_path):
    token = secrets.token_hex(20)
    (tmp_path / "secrets.env").write_text(
        f"FACT_API_TOKEN=x\nLABEL_STUDIO_PASSWORD='from file'\nLABEL_STUDIO_TOKEN={token}\nLABEL_STUDIO_PORT=9001\n"
    )
    settings = LabelStudioSettings.from_env(tmp_path, environ={"LABEL_STUDIO_PORT": "9002"})
    assert (settings.password, settings.token, settings.port) == ("from file", token, 9002)


def test_settings_from_env_refuse_to_run_without_password_or_token(tmp_path):
    with pytest.raises(LabelStudioError, match="LABEL_STUDIO_PASSWORD and LABEL_STUDIO_TOKEN not set"):
        LabelStudioSettings.from_env(tmp_path, environ={})
    with pytest.raises(LabelStudioError, match="^LABEL_STUDIO_TOKEN not set"):
        LabelStudioSettings.from_env(tmp_path, environ={"LABEL_STUDIO_PASSWORD": "pw"})


def test_a_token_that_is_not_40_hex_characters_is_refused(tmp_path):
    with pytest.raises(LabelStudioError, match="40 hex characters"):
        LabelStudioSettings.from_env(
            tmp_path, environ={"LABEL_STUDIO_PASSWORD": "pw", "LABEL_STUDIO_TOKEN": "short"}
        )


def test_settings_repr_hides_the_password_and_the_token(tmp_path):
    settings = LabelStudioSettings(venv=tmp_path, data_dir=tmp_path, password="hunter2", token="ab" * 20)
    assert "hunter2" not in repr(settings) and "ab" * 20 not in repr(settings)


def _status(env: dict, cwd: Path) -> subprocess.CompletedProcess:
    base = {name: value for name, value in os.environ.items() if not name.startswith("LABEL_STUDIO_")}
    return subprocess.run(
        [sys.executable, "-m", "fact.localstudio.server", "status"],
        cwd=cwd,
        env={**base, "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_status_with_a_token_label_studio_refuses_is_one_line_naming_its_url_and_exit_1(labelstudio, tmp_path):
    result = _status({"LABEL_STUDIO_PORT": str(labelstudio.port), "LABEL_STUDIO_TOKEN": secrets.token_hex(20)}, tmp_path)

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: Label Studio at {labelstudio.url} is up but refuses LABEL_STUDIO_TOKEN")


def test_status_finds_the_port_make_run_recorded_in_run_env(labelstudio, tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "run.env").write_text(f"LABEL_STUDIO_PORT={labelstudio.port}\n")

    result = _status({"LABEL_STUDIO_TOKEN": labelstudio.token}, tmp_path)

    assert (result.returncode, result.stdout.split(" (")[0]) == (0, f"up: {labelstudio.url}")


def test_status_where_nothing_listens_says_down_and_how_to_start_it(tmp_path):
    port = free_port()

    result = _status({"LABEL_STUDIO_PORT": str(port)}, tmp_path)

    assert result.returncode == 3
    assert result.stdout.startswith(f"down: nothing healthy at http://127.0.0.1:{port}")
    assert "python -m fact.localstudio.server start" in result.stdout
