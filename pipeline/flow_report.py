"""What an ingest flow run tells Prefect: its name, its log lines, its summary artifact and its final state.

- `run_name(paths)`: the run is named after what it ingests (`ingest corpus`, `ingest a.docx, b.pdf +3`);
- `finish(summary, strict)`: logs every failed document and the summary through the run logger (they reach the
  Prefect API when `PREFECT_API_URL` is set: `config.quiet_prefect` leaves API logging on then), publishes the
  summary as a markdown artifact (key `plangraph-ingest-summary`), and returns the final state: COMPLETED when
  every document went in, COMPLETED named "Completed with failures" when some failed, FAILED with `strict`.
  The summary is the state's data either way (`result_of(state)`).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterable

ARTIFACT_KEY = "plangraph-ingest-summary"
STATE_WITH_FAILURES = "Completed with failures"


def run_name(paths: Iterable[str | Path], limit: int = 2) -> str:
    names = [Path(str(p)).name or str(p) for p in paths]
    if not names:
        return "ingest (nothing)"
    shown = ", ".join(names[:limit])
    return f"ingest {shown}" + (f" +{len(names) - limit}" if len(names) > limit else "")


def _md(v: Any) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def markdown_summary(summary: Any) -> str:
    """The summary as markdown: the figures, then one row per failed document with its reason."""
    lines = ["# plangraph ingest", "",
             "| | |", "|---|---|"]
    for key in ("files", "new", "changed", "unchanged", "failed", "warned", "tasks", "indicators",
                "references", "pages", "pruned"):
        lines.append(f"| {key} | {getattr(summary, key, '')} |")
    if getattr(summary, "interrupted", False):
        lines.append("| interrupted | yes |")
    failures = list(getattr(summary, "failures", []) or [])
    if failures:
        lines += ["", f"## {len(failures)} failed documents", "",
                  "| file | stage | error | message |", "|---|---|---|---|"]
        for f in failures:
            lines.append(f"| {_md(Path(f.file).name)} | {f.stage} | {_md(f.error_type)}"
                         f"{' ' + f.code if f.code else ''} | {_md(f.message)[:300]} |")
    return "\n".join(lines) + "\n"


class _ApiOnly(logging.Filter):
    """Keeps a document's failure (a FAILED task run, with its traceback) and the run's own failure/summary
    lines off the console: the CLI prints them once, in its summary; the Prefect API still gets them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("prefect.task_runs"):
            exc = record.exc_info[1] if record.exc_info else None
            if type(exc).__name__ == "DocumentFailed" or "DocumentFailed" in record.getMessage():
                return False
        if record.name.startswith("prefect.flow_runs"):
            msg = record.getMessage()
            if msg.startswith(("failed: ", "ingest summary: ")):
                return False
        return True


def quiet_document_failures() -> None:
    """Attach `_ApiOnly` to every console handler of the Prefect loggers (idempotent)."""
    from prefect.logging.handlers import APILogHandler

    names = ["", "prefect", "prefect.task_runs", "prefect.flow_runs"]
    for name in names:
        for h in logging.getLogger(name).handlers:
            if isinstance(h, APILogHandler) or any(isinstance(f, _ApiOnly) for f in h.filters):
                continue
            h.addFilter(_ApiOnly())


def _logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        from prefect import get_run_logger

        return get_run_logger()
    except Exception:  # outside a run (tests calling helpers directly)
        return logging.getLogger("plangraph.ingest")


def finish(summary: Any, strict: bool) -> Any:
    """Log, publish the artifact, and return the flow run's final state carrying `summary`."""
    from prefect.states import Completed, Failed

    log = _logger()
    for f in summary.failures:
        log.warning("failed: %s [%s] %s%s: %s", f.file, f.stage, f.error_type,
                    f" {f.code}" if f.code else "", f.message)
    figures = (f"{summary.files} files: {summary.new} new, {summary.changed} changed, "
               f"{summary.unchanged} unchanged, {summary.failed} failed, {summary.warned} with warnings")
    (log.warning if summary.failed else log.info)("ingest summary: %s", figures)
    try:
        from prefect.artifacts import create_markdown_artifact

        create_markdown_artifact(markdown=markdown_summary(summary), key=ARTIFACT_KEY,
                                 description=f"plangraph ingest: {figures}")
    except Exception as e:  # an artifact is a report; never let it fail the run
        log.warning("could not publish the summary artifact: %s", e)
    if summary.interrupted:
        summary.state = "Cancelled"
        from prefect.states import Cancelled

        return Cancelled(message=f"interrupted: {figures}", data=summary)
    if summary.failed and strict:
        summary.state = "Failed"
        return Failed(message=f"{summary.failed} of {summary.files} documents failed (--strict): {figures}",
                      data=summary)
    if summary.failed:
        summary.state = STATE_WITH_FAILURES
        return Completed(name=STATE_WITH_FAILURES, message=f"{summary.failed} of {summary.files} documents "
                                                              f"failed: {figures}", data=summary)
    summary.state = "Completed"
    return Completed(message=figures, data=summary)


def result_of(state: Any) -> Any:
    """The IngestSummary a finished flow run carries, whatever its final state; a crash is re-raised."""
    value = state.result(raise_on_failure=False)
    if isinstance(value, BaseException):
        raise value
    return value
