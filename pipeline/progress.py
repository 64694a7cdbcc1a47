"""A progress bar for long ingest runs: documents done / total and failures, on stderr when it is a TTY.

Off a terminal (pipes, CI, tests) nothing is drawn, so machine-readable output stays clean.
"""
from __future__ import annotations

import sys
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.status import Status

from pipeline.flows import ProgressSink


class TerminalProgress(ProgressSink):
    """rich progress bar: `ingest ━━━━━━━ 312/1000 failed 2 0:01:05`."""

    def __init__(self, stream: IO[str] | None = None, force: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.enabled = force or bool(getattr(self.stream, "isatty", lambda: False)())
        self.failed = 0
        self._progress: Progress | None = None
        self._task: int | None = None
        self._status: Status | None = None

    def waiting(self, message: str = "starting Prefect …") -> None:
        """A spinner for the seconds before the flow starts (Prefect's ephemeral server start-up)."""
        if self.enabled and self._status is None:
            self._status = Status(message, console=Console(file=self.stream))
            self._status.start()

    def _stop_waiting(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def start(self, total: int) -> None:
        self._stop_waiting()
        if not self.enabled:
            return
        self._progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("failed [red]{task.fields[failed]}"), TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(file=self.stream), transient=True)
        self._progress.start()
        self._task = self._progress.add_task("ingest", total=total, failed=0, current="")

    def advance(self, file: str, ok: bool) -> None:
        if not ok:
            self.failed += 1
        if self._progress is not None and self._task is not None:
            name = file.rsplit("/", 1)[-1]
            self._progress.update(self._task, advance=1, failed=self.failed, current=name[:40])

    def stop(self) -> None:
        self._stop_waiting()
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


class CountingProgress(ProgressSink):
    """Records events (for tests and for callers that draw their own progress)."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.events: list[tuple[str, bool]] = []
        self.stopped = False

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, file: str, ok: bool) -> None:
        self.events.append((file, ok))

    def stop(self) -> None:
        self.stopped = True
