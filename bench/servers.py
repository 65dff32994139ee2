"""The servers the Label Studio loop benchmarks start, and always stop: Label Studio itself, our app under
gunicorn (the webhook's), and a PostgreSQL database of a run's own.
"""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.loop import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def labelstudio(workdir: Path):
    """A real Label Studio of this run's own (started once for push and sync, ~50 s on a first start)."""
    from tests.labelstudio_server import run_labelstudio_for_tests

    started = time.perf_counter()
    with run_labelstudio_for_tests(workdir / "ls") as settings:
        print(f"Label Studio up in {time.perf_counter() - started:.0f} s at {settings.url}", file=sys.stderr)
        yield settings


@contextlib.contextmanager
def postgres_database(server_url: str, name: str):
    """A database of our own on the PostgreSQL server, dropped afterwards (WITH (FORCE): whoever is left)."""
    import psycopg

    admin = _dbapi_url(server_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dbapi_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_database(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def gunicorn(database_url: str, secret: str, log: Path, settings: dict[str, str] | None = None):
    """Our app in gunicorn, as `make serve` runs it (2 sync workers, access log), on a free port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACT_", "LABEL_STUDIO_", "DATABASE_URL"))}
    env.update({"DATABASE_URL": database_url, "FACT_WEBHOOK_SECRET": secret, "PYTHONPATH": str(ROOT), "CI": "true",
                **(settings or {})})
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--access-logfile", "-", "bench.webhook_server:app"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/health", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop_group(proc)


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout} s")


def _stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)
