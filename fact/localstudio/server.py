"""Install, start, check and stop a local Label Studio: for `make`, the tests and the app.

Label Studio pins Django and many other packages, so it lives in a virtualenv of its own
(`.venv-labelstudio`) and runs as a separate process on 127.0.0.1. Stdlib and requests only.
Its settings live in fact.localstudio.settings and the process and port helpers in
fact.localstudio.processes; their public names are importable from here too.

    python -m fact.localstudio.server install|start|stop|status
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile
import time
import traceback
from collections import deque
from pathlib import Path

import requests

from fact.localstudio.processes import (
    _is_label_studio,
    _listening_pids,
    _process_group,
    _read_pid,
    port_in_use,
    stop,
    stop_pid,
)
from fact.localstudio.settings import (
    DEFAULT_USERNAME,  # re-exported, as are the other public names imported here
    DEFAULT_VENV,
    PROJECT_ROOT,
    LabelStudioError,
    LabelStudioSettings,
    read_env_file,
    instance_env,
    label_studio_env,
)

LABEL_STUDIO_VERSION = "1.23.2"
PID_FILE_NAME = "labelstudio.pid"

_LOG_TAIL_LINES = 30


# --- install -------------------------------------------------------------------------------------


def installed_version(venv: Path) -> str | None:
    """The label-studio version installed in venv, or None (a second or so, no Django import)."""
    python = Path(venv) / "bin" / "python"
    if not (Path(venv) / "bin" / "label-studio").exists() or not python.exists():
        return None
    result = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('label-studio'))"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def ensure_installed(venv: Path) -> Path:
    """Make sure venv holds label-studio==LABEL_STUDIO_VERSION (~2 min and ~1.1 GB if it does not);
    return its `label-studio` executable. Needs no secrets, so that `make test` can call it first."""
    executable = Path(venv).absolute() / "bin" / "label-studio"
    if installed_version(venv) == LABEL_STUDIO_VERSION:
        return executable
    # One installer at a time per venv (parallel test workers, make -j); the lock lives in /tmp
    # so that nothing lands in the checkout.
    digest = hashlib.sha1(str(venv).encode()).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"fact-labelstudio-install-{digest}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed_version(venv) == LABEL_STUDIO_VERSION:
            return executable
        _install(venv)
    version = installed_version(venv)
    if version != LABEL_STUDIO_VERSION:
        raise LabelStudioError(f"after pip install, {venv} reports label-studio {version}, not {LABEL_STUDIO_VERSION}")
    return executable


def _install(venv: Path) -> None:
    tty = sys.stderr.isatty()
    print(f"Installing label-studio=={LABEL_STUDIO_VERSION} into {venv} (~2 min, ~1.1 GB)", file=sys.stderr)
    steps = []
    if not (venv / "bin" / "python").exists():
        steps.append([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    steps.append(
        pip
        + (["--progress-bar", "on"] if tty else ["--quiet", "--progress-bar", "off"])
        + [f"label-studio=={LABEL_STUDIO_VERSION}"]
    )
    for command in steps:
        # On a terminal pip shows its own progress; elsewhere we keep its output for the error.
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=not tty, text=True)
        if result.returncode != 0:
            raise LabelStudioError(
                f"`{shlex.join(command)}` failed with exit code {result.returncode}",
                "" if tty else _tail(result.stdout + result.stderr),
            )


# --- start and check -----------------------------------------------------------------------------


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    """GET <url>/health answers {"status": "UP"}."""
    try:
        response = requests.get(f"{url.rstrip('/')}/health", timeout=timeout)
        return response.status_code == 200 and response.json().get("status") == "UP"
    except (requests.RequestException, ValueError, AttributeError):
        return False


def start(settings: LabelStudioSettings, timeout: float = 180) -> subprocess.Popen:
    """Start Label Studio in its own process group; return once it is up and the token works.

    Fails loudly (LabelStudioError, with the end of the log) instead of moving to another port,
    serving someone else's server, or accepting a data dir made with another token.
    """
    settings.check()
    executable = settings.executable
    if not executable.exists():
        raise LabelStudioError(
            f"Label Studio is not installed in {settings.venv}: run `python -m fact.localstudio.server install`"
        )
    if port_in_use(settings.host, settings.port):
        raise LabelStudioError(
            f"port {settings.port} on {settings.host} is already in use: stop whatever listens there "
            f"or choose another LABEL_STUDIO_PORT"
        )
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LabelStudioError(f"cannot make the data dir or the log's folder: {error}") from None

    command = [
        str(executable),
        "start",
        "--no-browser",
        "--port",
        str(settings.port),
        "--internal-host",
        settings.host,
        # In 1.23.2 --debug does exactly one thing: it turns off the silent move to the next free
        # port, so a port taken meanwhile fails ("That port is already in use") instead.
        "--debug",
    ]
    with open(settings.log_file, "ab") as log:
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} fact: {shlex.join(command)}\n".encode())
        log.flush()
        log_offset = log.tell()
        proc = subprocess.Popen(
            command,
            cwd=settings.data_dir,
            env=label_studio_env(settings),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(settings, proc, timeout, log_offset)
        _check_listener_is(proc, settings, log_offset)
        _check_token(settings)
        _check_password(settings)
    except BaseException:
        stop(proc)
        raise
    return proc


def _wait_until_up(
    settings: LabelStudioSettings, proc: subprocess.Popen, timeout: float, log_offset: int
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            raise LabelStudioError(
                f"Label Studio exited with code {code} before answering on {settings.url}; "
                f"see {settings.log_file}",
                _log_tail(settings.log_file, log_offset),
            )
        if is_healthy(settings.url, timeout=2):
            return
        time.sleep(0.5)
    raise LabelStudioError(
        f"Label Studio did not answer {settings.url}/health within {timeout:.0f} s; see {settings.log_file}",
        _log_tail(settings.log_file, log_offset),
    )


def _check_listener_is(proc: subprocess.Popen, settings: LabelStudioSettings, log_offset: int) -> None:
    """The server on host:port is the process we started, not one that was there already."""
    if proc.poll() is not None:
        raise LabelStudioError(
            f"Label Studio exited (code {proc.returncode}) although {settings.url} answers: "
            f"another server holds port {settings.port}"
        )
    owners = _listening_pids(settings.port)
    if owners is None:  # no /proc (not Linux): rely on Label Studio's own words in its log
        text = _log_tail(settings.log_file, log_offset, lines=10_000)
        if f"{settings.host}:{settings.port}/" not in text or "is in use" in text:
            raise LabelStudioError(f"cannot confirm that our Label Studio serves {settings.url}")
        return
    ours = _process_group(proc.pid)
    if not owners & ours:
        raise LabelStudioError(
            f"{settings.url} is answered by process(es) {sorted(owners)}, not by the Label Studio "
            f"we started (pid {proc.pid})"
        )


def _check_token(settings: LabelStudioSettings) -> None:
    email = _whoami(
        settings.url,
        settings.token,
        f"{settings.data_dir} was probably made with another token (use that one, or a new data dir), "
        f"or its organization has legacy tokens turned off",
    )
    if email != settings.username:
        raise LabelStudioError(
            f"LABEL_STUDIO_TOKEN belongs to {email!r}, not to LABEL_STUDIO_USERNAME {settings.username!r}"
        )


def _whoami(url: str, token: str, check: str) -> str | None:
    """The e-mail of the token's user; a LabelStudioError naming the URL and `check` if it is refused."""
    try:
        response = requests.get(
            f"{url}/api/current-user/whoami", headers={"Authorization": f"Token {token}"}, timeout=10
        )
    except requests.RequestException as error:
        raise LabelStudioError(f"{url}/api/current-user/whoami: {error}") from None
    if response.status_code != 200:
        raise LabelStudioError(
            f"Label Studio at {url} is up but refuses LABEL_STUDIO_TOKEN (HTTP {response.status_code} "
            f"from /api/current-user/whoami). Label Studio sets the token only when it first creates the "
            f"user: {check}"
        )
    return response.json().get("email")


def _check_password(settings: LabelStudioSettings) -> None:
    """Log in through the login form: a 302 means the password is right, a 200 re-shows the form."""
    login = f"{settings.url}/user/login/"
    try:
        with requests.Session() as session:
            session.get(login, timeout=10)
            response = session.post(
                login,
                data={
                    "email": settings.username,
                    "password": settings.password,
                    "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                },
                headers={"Referer": login},
                allow_redirects=False,
                timeout=30,
            )
    except requests.RequestException as error:
        raise LabelStudioError(f"{login}: {error}") from None
    if response.status_code != 302:
        raise LabelStudioError(
            f"Label Studio is up but LABEL_STUDIO_PASSWORD does not log in as {settings.username}. "
            f"Label Studio sets the password only when it first creates the user: {settings.data_dir} "
            f"was made with another password (use that one, or reset it, see docs/labelstudio.md)"
        )


def _log_tail(path: Path, offset: int = 0, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        with open(path, "rb") as log:
            log.seek(offset)
            return _tail(log.read().decode("utf-8", "replace"), lines)
    except OSError as error:
        return f"(cannot read the log: {error})"


def _tail(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(deque(text.rstrip().splitlines(), maxlen=lines))


# --- CLI -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fact.localstudio.server",
        description=f"Run the project's Label Studio {LABEL_STUDIO_VERSION} (settings: LABEL_STUDIO_* "
        f"in the environment or instance/secrets.env).",
    )
    parser.add_argument("command", choices=["install", "start", "stop", "status"])
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for start (180)")
    parser.add_argument("--debug", action="store_true", help="on failure, show the end of the log and the traceback")
    args = parser.parse_args(argv)
    instance = Path("instance")
    pid_file = instance / PID_FILE_NAME
    try:
        if args.command == "stop":
            return _cli_stop(pid_file)
        if args.command == "status":
            return _cli_status(pid_file)
        if args.command == "install":
            print(ensure_installed(Path(os.environ.get("LABEL_STUDIO_VENV") or DEFAULT_VENV)))
            return 0
        return _cli_start(LabelStudioSettings.from_env(instance), pid_file, args.timeout)
    except LabelStudioError as error:
        print(f"error: {error.message}", file=sys.stderr)
        if args.debug:
            print(error.log_tail or "", file=sys.stderr)
            traceback.print_exc()
        return 1
    except Exception as error:  # noqa: BLE001 - one line; the traceback to the log or, with --debug, here
        if args.debug:
            raise
        log = _log_traceback(instance)
        print(f"error: {type(error).__name__}: {error} (traceback in {log}; --debug shows it)", file=sys.stderr)
        return 1


def _log_traceback(instance: Path) -> Path:
    log = instance / "fact.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"--- {time.strftime('%Y-%m-%dT%H:%M:%S')} python -m fact.localstudio.server {shlex.join(sys.argv[1:])}\n")
        out.write(traceback.format_exc())
    return log


def _cli_start(settings: LabelStudioSettings, pid_file: Path, timeout: float) -> int:
    pid = _read_pid(pid_file)
    if pid and _is_label_studio(pid):
        raise LabelStudioError(f"Label Studio is already running (pid {pid}, {pid_file}); stop it first")
    ensure_installed(settings.venv)
    started = time.monotonic()
    proc = start(settings, timeout=timeout)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{proc.pid}\n")
    print(
        f"Label Studio {LABEL_STUDIO_VERSION} is up at {settings.url} after {time.monotonic() - started:.1f} s"
    )
    print(f"  user: {settings.username} (password: LABEL_STUDIO_PASSWORD)")
    print(f"  log:  {settings.log_file}")
    print(f"  stop: python -m fact.localstudio.server stop")
    return 0


def _cli_stop(pid_file: Path) -> int:
    pid = _read_pid(pid_file)
    if pid is None:
        print("Label Studio is not running (no pid file)")
        return 0
    if _is_label_studio(pid):
        stop_pid(pid)
        print(f"Label Studio (pid {pid}) stopped")
    else:
        print(f"Label Studio (pid {pid}) was not running; removed the stale {pid_file}")
    pid_file.unlink(missing_ok=True)
    return 0


def _cli_status(pid_file: Path) -> int:
    """0 when up, 3 when down (the LSB convention for "not running"), 1 when up but refusing our token."""
    port = os.environ.get("LABEL_STUDIO_PORT") or instance_env(pid_file.parent).get("LABEL_STUDIO_PORT", "8080")
    url = f"http://127.0.0.1:{port}"
    pid = _read_pid(pid_file)
    running = pid is not None and _is_label_studio(pid)
    if is_healthy(url):
        token = os.environ.get("LABEL_STUDIO_TOKEN") or instance_env(pid_file.parent).get("LABEL_STUDIO_TOKEN")
        if token:  # up is not enough: our commands need it to take the token
            _whoami(url, token, "check LABEL_STUDIO_TOKEN (environment or instance/secrets.env)")
        owner = f"pid {pid}" if running else "not started by us: no live pid in " + str(pid_file)
        print(f"up: {url} ({owner})")
        return 0
    print(f"down: nothing healthy at {url}" + (f" (pid {pid} is alive but not answering)" if running else "")
          + f"; start it with `python -m fact.localstudio.server start` (log: {pid_file.parent / 'labelstudio.log'})")
    return 3


if __name__ == "__main__":
    sys.exit(main())
