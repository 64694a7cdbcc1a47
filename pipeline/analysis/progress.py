"""Progress of long analyses on stderr: a rich progress bar per stage when stderr is a terminal, else nothing.

    with stderr_progress() as progress:   # progress is None when stderr is not a TTY (pipes, CI, tests)
        detect_duplicates(tasks, plans, settings, progress=progress)

The callback takes (stage, done, total); each new stage gets its own bar.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pipeline.analysis.textsim import Progress

STAGES = {"prepare": "tokenising tasks", "blocking": "blocking (MinHash LSH)",
          "segment": "word segmentation", "score": "scoring candidate pairs"}


@contextmanager
def stderr_progress(force: bool = False) -> Iterator[Progress | None]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, \
        TimeElapsedColumn

    console = Console(stderr=True)
    if not (force or console.is_terminal):
        yield None
        return
    bars = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=False)
    ids: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in ids:
            ids[stage] = bars.add_task(STAGES.get(stage, stage), total=total)
        bars.update(ids[stage], completed=done, total=total)

    with bars:
        yield update
