"""No Prefect server outlives its ingest, kill -9 included (issue 17, finding 6).

The parent goes through pipeline.interrupt.detach_prefect_server, then starts its "server" through the very
`subprocess` Prefect's server module uses (prefect.server.api.server.subprocess), here a long sleep, and is
killed with SIGKILL: the server must be gone within seconds, and it was not killed by a Ctrl-C to the
parent's process group before (it runs in its own session)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

PARENT = """
import sys, time
from pipeline.interrupt import detach_prefect_server
detach_prefect_server()
import prefect.server.api.server as srv
p = srv.subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
print(p.pid, flush=True)
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is gone for our purpose
        return f.read().split(")")[-1].split()[0] != "Z"


def test_the_server_dies_with_its_parent_killed_by_sigkill() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    server = 0
    try:
        server = int(parent.stdout.readline())  # type: ignore[union-attr]
        assert os.getpgid(server) != os.getpgid(parent.pid)  # its own session: Ctrl-C does not reach it
        time.sleep(1.5)
        assert _alive(server)  # the watchdog leaves a running ingest alone
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 20
        while _alive(server) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(server), "the server outlived its parent"
    finally:
        for pid in (parent.pid, server):
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
