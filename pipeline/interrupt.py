"""Ctrl-C / SIGTERM during an ingest: stop cleanly within seconds, one line, no traceback, nothing half-written.

`graceful_stop()` is a context manager for the CLI: the first SIGINT/SIGTERM sets `pipeline.flows.STOP` (the
flow finishes the document it is writing — one transaction each — and skips the rest and the analysis); a
second one ends the process at once with one line. Prefect's ephemeral API server is started in its own
session (`detach_prefect_server`), so a terminal's Ctrl-C, which goes to the whole foreground process group,
does not kill the server under the running flow (that was the minute of websocket warnings and tracebacks).
"""
from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from typing import Any, Iterator

EXIT_INTERRUPTED = 130


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except Exception:
        pass


def detach_prefect_server() -> None:
    """Start Prefect's ephemeral server subprocess in a new session (idempotent)."""
    try:
        import prefect.server.api.server as srv
    except Exception:
        return
    sub = srv.subprocess
    if getattr(sub, "_plangraph_detached", False):
        return
    import subprocess as real

    class _Detached:  # the module's `subprocess`, with Popen starting a new session
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def Popen(*args: Any, **kwargs: Any) -> Any:  # noqa: N802
            kwargs.setdefault("start_new_session", True)
            proc = real.Popen(*args, **kwargs)
            from pipeline.server_watchdog import start_watchdog

            start_watchdog(proc.pid)  # a kill -9 of this process must not leave the server listening
            return proc

    d = _Detached()
    d._plangraph_detached = True  # type: ignore[attr-defined]
    srv.subprocess = d  # type: ignore[assignment]


@contextmanager
def graceful_stop() -> Iterator[None]:
    from pipeline.flows import STOP

    STOP.clear()
    hits = {"n": 0}

    def handler(signum: int, _frame: Any) -> None:
        hits["n"] += 1
        if hits["n"] == 1:
            STOP.set()
            _say("stopping after the document being written… (Ctrl-C again to quit at once)")
            return
        _say("interrupted: quit at once (the document being written is rolled back; run again to continue)")
        os._exit(EXIT_INTERRUPTED)

    old = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in old:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
