"""No Prefect server outlives its ingest (issue 17, finding 6).

The ephemeral server runs in its own session (so a Ctrl-C in the terminal does not kill it mid-run,
pipeline/interrupt.py); Prefect stops it when the ingest ends, but a kill -9 of the ingest left it listening.
`start_watchdog` starts a small process, in its own session too, that polls the ingest's pid and, once the
ingest is gone, terminates the server's process group (SIGTERM, then SIGKILL). A watchdog rather than Linux's
parent-death signal: that signal follows the *thread* that started the server, and Prefect may start it
from one of its service threads.

Run as `python -m pipeline.server_watchdog PARENT_PID SERVER_PID`.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

POLL_S = 1.0
GRACE_S = 5.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)  # the server leads its own session: its group is its pid
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def watch(parent: int, server: int, poll: float = POLL_S) -> None:
    """Wait until `parent` or `server` is gone; when the parent went first, stop the server."""
    while _alive(server):
        if os.getppid() != parent or not _alive(parent):  # reparented: the parent died (even if unreaped)
            _kill_group(server, signal.SIGTERM)
            deadline = time.monotonic() + GRACE_S
            while _alive(server) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _alive(server):
                _kill_group(server, signal.SIGKILL)
            return
        time.sleep(poll)


def start_watchdog(server_pid: int) -> subprocess.Popen[bytes] | None:
    """A watchdog process for the server `server_pid`, started by (and watching) this process."""
    try:
        return subprocess.Popen([sys.executable, "-m", "pipeline.server_watchdog", str(os.getpid()),
                                 str(server_pid)], start_new_session=True, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return None


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]))
