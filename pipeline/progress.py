"""Progress of an ingest run, on stderr.

- on a terminal: a rich bar (documents done / total, failures), which then names the step after the
  documents (lineage, analysis) with its elapsed time, so the bar never sits frozen at 150/150;
- off a terminal (cron, CI, pipes): `LogProgress`, one timestamped line per N documents
  ($PLANGRAPH_PROGRESS_EVERY, default 25) and one per stage — stdout stays clean for JSON.
"""
from __future__ import annotations

import os
import sys
from datetime import datetime
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
            TextColumn("[bold]{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("failed [red]{task.fields[failed]}"), TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(file=self.stream), transient=True)
        self._progress.start()
        self._task = self._progress.add_task("ingest", total=total, failed=0, current="", stage="ingest")

    def stage(self, name: str) -> None:
        """The documents are in; name the step now running (the elapsed column keeps ticking)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, stage=name, current=f"{name} …")

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


class LogProgress(ProgressSink):
    """Off a terminal: `2026-12-04T19:00:00 ingest 25/150 documents (1 failed)` every `every` documents, and a
    line when a stage starts."""

    def __init__(self, stream: IO[str] | None = None, every: int | None = None) -> None:
        self.stream = stream or sys.stderr
        env = os.environ.get("PLANGRAPH_PROGRESS_EVERY", "")
        self.every = max(1, every or (int(env) if env.isdigit() else 25))
        self.total = 0
        self.done = 0
        self.failed = 0

    def _line(self, text: str) -> None:
        try:
            self.stream.write(f"{datetime.now().isoformat(timespec='seconds')} {text}\n")
            self.stream.flush()
        except Exception:
            pass

    def waiting(self, message: str = "starting Prefect …") -> None:
        self._line(message)

    def start(self, total: int) -> None:
        self.total = total
        self._line(f"ingest: {total} documents")

    def advance(self, file: str, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        if self.done % self.every == 0 or self.done == self.total:
            self._line(f"ingest {self.done}/{self.total} documents ({self.failed} failed)")

    def stage(self, name: str) -> None:
        self._line(f"stage: {name}")

    def stop(self) -> None:
        pass


def progress_for(enabled: bool, json_out: bool, stream: IO[str] | None = None) -> ProgressSink | None:
    """The bar on a terminal, log lines off one; None when progress is off (-q, --format json on a TTY)."""
    if not enabled:
        return None
    stream = stream or sys.stderr
    if getattr(stream, "isatty", lambda: False)():
        return None if json_out else TerminalProgress(stream)
    return LogProgress(stream)
