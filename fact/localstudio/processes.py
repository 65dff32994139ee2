"""Processes and ports on this machine: who listens on a port, process groups, signals, pid files.

What fact.localstudio.server needs from the operating system (from /proc where there is one), kept
apart from what it knows about Label Studio. Stdlib only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from fact.localstudio.settings import LabelStudioError


def port_in_use(host: str, port: int) -> bool:
    """Something accepts connections on host:port, or holds it so that we could not bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        if probe.connect_ex((host, port)) == 0:
            return True
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Django's server does
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM the whole process group, SIGKILL it if it lingers; wait for it."""
    if proc.poll() is None:
        _signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.wait(timeout)
    # Anything left in the group (a child that outlived its parent) goes too.
    _signal_group(proc.pid, signal.SIGKILL)


def stop_pid(pid: int, timeout: float = 20) -> None:
    """Like stop(), for a server started by another process (the CLI's pid file)."""
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        _signal_group(pid, signal.SIGKILL)
        time.sleep(0.5)
        if _alive(pid):
            raise LabelStudioError(f"Label Studio (pid {pid}) did not stop")


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie nobody reaped yet has stopped all the same
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _listening_pids(port: int) -> set[int] | None:
    """Pids holding a listening TCP socket on port (any address), from /proc; None without /proc."""
    inodes = set()
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        return None
    for table in tables:
        try:
            rows = table.read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{inode}]")
    pids = set()
    for proc_dir in Path("/proc").iterdir():
        if not proc_dir.name.isdigit():
            continue
        try:
            for fd in (proc_dir / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    pids.add(int(proc_dir.name))
                    break
        except OSError:
            continue
    return pids


def _process_group(pgid: int) -> set[int]:
    members = set()
    for proc_dir in Path("/proc").iterdir():
        if proc_dir.name.isdigit():
            try:
                if int((proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[2]) == pgid:
                    members.add(int(proc_dir.name))
            except (OSError, IndexError, ValueError):
                continue
    return members


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _is_label_studio(pid: int) -> bool:
    """The pid is alive and (where /proc tells) still a label-studio process, not a reused pid."""
    if not _alive(pid):
        return False
    try:
        return b"label-studio" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True

