"""`plangraph ingest | demo | watch | serve`: run the Prefect ingest flow from the command line.

- `ingest PATH…` — incremental ingest into a store; summary table (or `--format json`); failures listed;
  exit 1 with `--strict` when any document failed.
- `demo [DIR]` — what `make run` calls: ingest the corpus into the embedded store, print the summary and
  one example answer (the plans implementing Nghị quyết 45-NQ/TW of 24/11/2023).
- `watch DIR [--interval S]` — re-run the incremental ingest whenever files appear or change.
- `serve PATH…` — a Prefect deployment (`flow.serve`) for staff who run a Prefect server.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import typer

from pipeline.cli import app
from pipeline.commands.options import IngestFmt, Runner, format_option, store_option, val
from pipeline.defaults import DEFAULT_STORE
from pipeline.output import emit

if TYPE_CHECKING:
    from pipeline.config import IngestSettings

EXAMPLE_KEY = "45-NQ/TW"
EXAMPLE_DATE = "2023-11-24"


def _settings(**kw: Any) -> IngestSettings:
    from pydantic import ValidationError

    from pipeline.config import IngestSettings

    try:
        return IngestSettings(**{k: val(v) for k, v in kw.items()})
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ())) or "settings"
        typer.echo(f"error: --{where.replace('_', '-')}: {err.get('msg', e)}", err=True)
        raise typer.Exit(2)


def print_summary(summary: Any, fmt: str, out: Any = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
        return
    emit(summary.rows(), "table", title="ingest summary", columns=["figure", "value"], out=out)
    if summary.failures:  # one line each: file [stage] error code: reason (cut to the width)
        from pipeline.output import table_width

        width = table_width(out)
        out.write(f"failed documents (quarantined): {len(summary.failures)}\n")
        for f in summary.failures:
            line = (f"  {_display_path(f.file)} [{f.stage}] {f.error_type}{' ' + f.code if f.code else ''}: "
                    f"{' '.join(f.message.split())}")
            out.write((line if len(line) <= width else line[:width - 1] + "…") + "\n")
    if summary.analysis:
        emit([{"analysis": k, "result": v} for k, v in summary.analysis.items()], "table",
             title="analysis", out=out)


def _display_path(file: str) -> str:
    """A path relative to the working directory when it lies under it (tables stay narrow)."""
    try:
        return str(Path(file).relative_to(Path.cwd()))
    except ValueError:
        return file


def _run(paths: list[Path], s: IngestSettings, fmt: str) -> Any:
    from pipeline.flows import run_ingest
    from pipeline.progress import TerminalProgress

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    check_store(s.store)
    from pipeline.commands.state import STATE
    from pipeline.interrupt import EXIT_INTERRUPTED, detach_prefect_server, graceful_stop
    from pipeline.progress import progress_for

    sink = progress_for(enabled=s.progress and not STATE.quiet, json_out=fmt == "json")
    if sink is not None:
        sink.waiting()
    from extractors.errors import StoreError

    detach_prefect_server()
    with graceful_stop():
        try:
            summary = run_ingest(paths, s, sink=sink)
        except StoreError as e:  # the store's disk failed or is full (graph/store_safety.py): the run stops here
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(1)
        finally:
            if sink is not None:
                sink.stop()
    if summary.interrupted:
        done = summary.new + summary.changed + summary.unchanged + summary.failed
        typer.echo(f"interrupted: stopped after {done} of {summary.files} documents; every document written is "
                   f"whole — run the same command again to continue", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    return summary


def check_store(uri: str) -> None:
    """Open and close the store before the flow starts, so a held lock or a bad URI is one clear line."""
    from extractors.errors import PlangraphError
    from pipeline.flows import open_store_retrying

    try:
        open_store_retrying(uri).close()
    except PlangraphError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="files and folders (.txt .md .docx .pdf)"),
           store: str = store_option(),
           prune: bool = typer.Option(False, "--prune", help="remove plans whose files are gone"),
           runner: Runner = typer.Option(Runner.threads, "--runner", help="threads | dask", case_sensitive=False),
           workers: int = typer.Option(2, "--workers", min=1, max=256, help="threads or Dask worker processes"),
           dask_address: Optional[str] = typer.Option(None, "--dask-address",
                                                      help="a Dask scheduler (default: a LocalCluster)"),
           strict: bool = typer.Option(False, "--strict", help="exit 1 when any document failed"),
           no_cache: bool = typer.Option(False, "--no-cache", help="re-extract even cached documents"),
           all_renditions: bool = typer.Option(False, "--all-renditions",
                                               help="ingest every format of a document (plan.docx and plan.pdf) "
                                                    "as separate plans; default: one per document"),
           format: IngestFmt = format_option(IngestFmt.table, "table | json")) -> None:
    """Ingest documents incrementally into the graph (a Prefect flow; one task per document)."""
    s = _settings(store=store, prune=prune, runner=runner, workers=workers, dask_address=dask_address,
                  strict=strict, cache=not no_cache, all_renditions=all_renditions)
    summary = _run(paths, s, format)
    print_summary(summary, format)
    if s.strict and summary.failed:
        raise typer.Exit(1)


def example_answer(store_uri: str, key: str = EXAMPLE_KEY, date: str = EXAMPLE_DATE) -> list[dict[str, Any]]:
    """The plans implementing `key` of `date` (transitively), each with its chain, from `queries.run`."""
    from graph.store import open_store
    from queries.run import implementers

    with open_store(store_uri, read_only=True) as store:
        result = implementers(store, key, date=date)
    if not result.rows and result.note:
        raise LookupError(result.note)
    return [{"plan": Path(r["file"] or "").name or r["plan_id"], "title": _short(r["title"]), "hops": r["hops"],
             "chain": r["chain_text"]} for r in result.rows]


def _short(text: str | None, limit: int = 80) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


@app.command()
def demo(corpus: Path = typer.Argument(Path("corpus"), help="folder of plan documents"),
         store: str = store_option(),
         format: IngestFmt = format_option(IngestFmt.table, "table | json")) -> None:
    """Ingest the corpus into the embedded store, print the summary and one example answer."""
    s = _settings(store=store)
    summary = _run([corpus], s, format)
    try:
        answer = example_answer(s.store)
        answer_error = None
    except Exception as e:  # the demo still shows the ingest when the query layer is missing
        answer, answer_error = [], f"{type(e).__name__}: {e}"
    if format == "json":
        sys.stdout.write(json.dumps({"summary": summary.model_dump(mode="json"),
                                     "example": {"question": f"implementers of {EXAMPLE_KEY}@{EXAMPLE_DATE}",
                                                 "answer": answer, "error": answer_error}},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    print_summary(summary, "table")
    title = f"plans implementing {EXAMPLE_KEY} of {EXAMPLE_DATE} (transitively)"
    if answer_error:
        typer.echo(f"{title}: not available ({answer_error})")
    else:
        emit(answer, "table", title=title)


def snapshot(folder: Path, s: IngestSettings) -> dict[str, tuple[int, int]]:
    """path -> (mtime_ns, size) of every file the ingest would pick up."""
    from pipeline.flows import discover

    out: dict[str, tuple[int, int]] = {}
    for p in discover([folder], s.suffixes):
        try:
            st = p.stat()
        except OSError:
            continue
        out[str(p)] = (st.st_mtime_ns, st.st_size)
    return out


def watch_loop(folder: Path, s: IngestSettings, interval: float,
               on_summary: Callable[[Any], None], max_runs: int | None = None,
               sleep: Callable[[float], None] = time.sleep) -> int:
    """Ingest `folder` now, then again whenever its files appear, change or go; returns runs made."""
    from pipeline.flows import run_ingest

    runs = 0
    last: dict[str, tuple[int, int]] | None = None
    while max_runs is None or runs < max_runs:
        current = snapshot(folder, s)
        if current != last:
            on_summary(run_ingest([folder], s))
            runs += 1
            last = current
        if max_runs is not None and runs >= max_runs:
            break
        sleep(interval)
    return runs


@app.command()
def watch(folder: Path = typer.Argument(..., help="folder where new plans arrive"),
          interval: float = typer.Option(10.0, "--interval", help="seconds between checks"),
          store: str = store_option(),
          prune: bool = typer.Option(False, "--prune", help="remove plans whose files are gone"),
          format: IngestFmt = format_option(IngestFmt.table, "table | json"),
          max_runs: Optional[int] = typer.Option(None, "--max-runs", hidden=True)) -> None:
    """Re-run the incremental ingest when files in FOLDER appear or change (Ctrl-C to stop)."""
    if not folder.is_dir():
        typer.echo(f"error: not a folder: {folder}", err=True)
        raise typer.Exit(2)
    s = _settings(store=store, prune=prune, progress=False)

    def show(summary: Any) -> None:
        print_summary(summary, format)
        sys.stdout.flush()

    try:
        watch_loop(folder, s, interval, show, max_runs=max_runs)
    except KeyboardInterrupt:
        typer.echo("stopped")


def build_deployment(paths: list[Path], s: IngestSettings, name: str = "plangraph-ingest",
                     interval: int | None = None, cron: str | None = None) -> Any:
    """The `plangraph-ingest` flow as a Prefect deployment, with absolute paths and store as parameters."""
    from pipeline.flows import ingest as ingest_flow
    from pipeline.flows import task_runner_for

    if s.is_embedded():
        s = s.model_copy(update={"store": str(Path(s.store).resolve())})
    flow = ingest_flow.with_options(task_runner=task_runner_for(s))
    return flow.to_deployment(name=name, parameters={"paths": [str(p.resolve()) for p in paths],
                                                     "settings": s.model_dump(mode="json")},
                              interval=interval, cron=cron)


@app.command()
def serve(paths: list[Path] = typer.Argument(..., help="files and folders to ingest on each run"),
          store: str = store_option(),
          name: str = typer.Option("plangraph-ingest", "--name", help="deployment name"),
          interval: Optional[int] = typer.Option(None, "--interval", help="run every N seconds"),
          cron: Optional[str] = typer.Option(None, "--cron", help="run on a cron schedule"),
          runner: Runner = typer.Option(Runner.threads, "--runner", case_sensitive=False),
          workers: int = typer.Option(2, "--workers", min=1, max=256)) -> None:
    """Serve the ingest flow as a Prefect deployment (start a Prefect server and set PREFECT_API_URL first)."""
    from prefect import serve as prefect_serve

    s = _settings(store=store, runner=runner, workers=workers, progress=False)
    prefect_serve(build_deployment(paths, s, name, interval, cron))
