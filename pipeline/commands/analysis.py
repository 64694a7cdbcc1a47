"""`plangraph duplicates`, `plangraph orphans`, `plangraph report`.

Each reads the graph store (`--store`, default ./.plangraph) or, with `--input PATH…`, documents / extraction
JSON files directly (no store needed); `--input` picks the same files an ingest of those folders would
(`pipeline.flows.discover` + `pick_renditions`: one rendition per document), so both give the same plans.
Listings never write: `plangraph analyse` (or `duplicates --write`) writes `DUPLICATES {score, method}`
relationships back to the store.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from extractors.errors import PlangraphError
from pipeline.commands.options import DocFmt, Fmt, format_option, store_option, val  # noqa: F401
from pipeline.cli import app
from pipeline.defaults import DEFAULT_STORE
from pipeline.output import FORMATS, emit

if TYPE_CHECKING:  # the models and the analysis are imported by the commands that use them (start-up time)
    from extractors.ir import DocumentIR
    from extractors.model import Extraction
    from pipeline.analysis.duplicates import DuplicateResult
    from pipeline.analysis.records import PlanRecord, TaskRecord

# the orphan reasons (pipeline.analysis.orphans.REASONS; tests/test_startup.py checks they agree), named here
# for --help without importing the analysis
ORPHAN_REASONS: tuple[str, ...] = ("no_lead", "no_deadline", "generic_lead_only", "plan_implements_nothing",
                                    "body_not_in_appendix", "lead_outside_jurisdiction")

DOC_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def _expand(paths: list[Path]) -> list[Path]:
    """The files an ingest of `paths` would take (same discovery, one rendition per document: .docx, .md,
    .txt, .pdf in that order), plus extraction .json files (a folder of only .json files is read as such)."""
    from pipeline.config import DISCOVER_SUFFIXES
    from pipeline.flows import discover, pick_renditions

    for p in paths:
        if not p.exists():
            raise FileNotFoundError(2, "No such file or directory", str(p))
    jsons = [q for p in paths for q in ([p] if p.is_file() else sorted(p.rglob("*.json")))
             if q.suffix.lower() == ".json" and not any(part.startswith(".") for part in q.parts[len(p.parts):])]
    docs, _skipped = pick_renditions(discover([p for p in paths if not (p.is_file() and p.suffix.lower() == ".json")],
                                              DISCOVER_SUFFIXES))
    have = {(d.parent, d.stem.casefold()) for d in docs}
    return sorted(docs + [j for j in jsons if (j.parent.resolve(), j.stem.casefold()) not in have])


def load_inputs(paths: list[Path]) -> list[tuple[Extraction, DocumentIR | None]]:
    """Extraction JSON files as they are; documents loaded and extracted."""
    from extractors.model import Extraction

    items: list[tuple[Extraction, DocumentIR | None]] = []
    for p in _expand(paths):
        if p.suffix.lower() == ".json":
            items.append((Extraction.model_validate(json.loads(p.read_text(encoding="utf-8"))), None))
        else:
            from extractors.extract import extract
            from extractors.load import load
            ir = load(p)
            items.append((extract(ir), ir))
    return items


def _records_from_inputs(paths: list[Path]) -> tuple[list[PlanRecord], list[TaskRecord]]:
    plans: list[PlanRecord] = []
    tasks: list[TaskRecord] = []
    from graph.resolve import resolve_org
    from pipeline.analysis.records import records_from_extraction

    for ex, ir in load_inputs(paths):
        p, t = records_from_extraction(ex, ir=ir)
        plans.append(p)
        for r in t:  # the generic flag the store would hold for these owners (graph/resolve.py): same answer
            flags = r.lead_generic if len(r.lead_generic) == len(r.lead) else [None] * len(r.lead)
            r.lead_generic = [resolve_org(n, ex.document.jurisdiction, f).generic for n, f in zip(r.lead, flags)]
        tasks += t
    return plans, tasks


def _plan_matches(p: PlanRecord, plan: str | None) -> bool:
    return not plan or plan in (p.plan_id, p.file, Path(p.file).stem if p.file else None)


def _plan_ids(plans: list[PlanRecord], plan: str | None) -> set[str] | None:
    if not plan:
        return None
    ids = {p.plan_id for p in plans if _plan_matches(p, plan)}
    if not ids:
        raise typer.BadParameter(f"no plan {plan!r}; known: {', '.join(_label(p) for p in plans)}")
    return ids


def _label(p: PlanRecord) -> str:
    return Path(p.file).stem if p.file else p.plan_id


def _relabel(rows: list[dict[str, Any]], plans: list[PlanRecord]) -> list[dict[str, Any]]:
    names = {p.plan_id: _label(p) for p in plans}
    for r in rows:
        r["plan"] = names.get(str(r["plan"]), r["plan"])
    return rows


def _fail(e: Exception) -> None:
    typer.echo(f"error: {e}", err=True)
    raise typer.Exit(2)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")


@app.command()
def duplicates(plan: Optional[str] = typer.Option(None, "--plan", help="only clusters touching this plan (id, file or stem)"),
               format: Fmt = format_option(),
               store: str = store_option(),
               input: Optional[list[Path]] = typer.Option(None, "--input", help="read documents / extraction JSON instead of the store"),
               threshold: float = typer.Option(0.9, "--threshold", help="cosine needed when both texts add words"),
               nested_threshold: float = typer.Option(0.5, "--nested-threshold", help="cosine needed when one text lies inside the other"),
               any_jurisdiction: bool = typer.Option(False, "--any-jurisdiction", help="also pair plans of different provinces"),
               write: bool = typer.Option(False, "--write/--no-write",
                                          help="also write DUPLICATES relationships to the store "
                                               "(default: read only; `plangraph analyse` writes)")) -> None:
    """Duplicate tasks within and across plans: one row per cluster member, with the cluster's conflicts."""
    from pipeline.analysis.duplicates import DuplicateSettings, cluster_rows, detect_duplicates
    from pipeline.analysis.progress import stderr_progress

    _check_format(format)
    settings = DuplicateSettings(threshold=threshold, nested_threshold=nested_threshold,
                                 same_jurisdiction=not any_jurisdiction)
    try:
        if input:
            plans, tasks = _records_from_inputs(list(input))
            with stderr_progress() as progress:
                result = detect_duplicates(tasks, plans, settings, progress=progress)
        else:
            from graph.store import open_store
            from pipeline.analysis import graph_io
            if input and write:
                raise typer.BadParameter("--write needs the store, not --input", param_hint="'--write'")
            with open_store(store, read_only=not write, must_exist=True) as st:
                plans, tasks = graph_io.read_records(st)
                with stderr_progress() as progress:
                    result = detect_duplicates(tasks, plans, settings, progress=progress)
                if write:
                    graph_io.write_duplicates(st, result.pairs)
    except PlangraphError as e:
        _fail(e)
    ids = _plan_ids(plans, plan)
    rows = []
    for r in cluster_rows(result):
        rows.append(r)
    if ids is not None:
        keep = {c.id for c in result.clusters if ids & set(c.plans)}
        rows = [r for r in rows if r["cluster"] in keep]
    emit(_relabel(rows, plans), format, title=f"{len(result.clusters)} duplicate clusters "
         f"({result.n_tasks} tasks, {result.n_candidates} candidate pairs scored)",
         columns=["cluster", "plan", "task", "text", "lead", "deadline", "conflicts", "score", "file", "line"])


@app.command()
def orphans(plan: Optional[str] = typer.Option(None, "--plan", help="only this plan (id, file or stem)"),
            format: Fmt = format_option(),
            store: str = store_option(),
            input: Optional[list[Path]] = typer.Option(None, "--input", help="read documents / extraction JSON instead of the store"),
            reason: Optional[list[str]] = typer.Option(None, "--reason", help=f"only these reasons: {', '.join(ORPHAN_REASONS)}")) -> None:
    """Orphaned tasks, one row per task and reason."""
    from pipeline.analysis.orphans import REASONS, find_orphans, orphan_rows

    _check_format(format)
    if reason and not set(reason) <= set(REASONS):
        raise typer.BadParameter(f"--reason must be among {', '.join(REASONS)}")
    try:
        if input:
            plans, tasks = _records_from_inputs(list(input))
        else:
            from graph.store import open_store
            from pipeline.analysis import graph_io
            with open_store(store, read_only=True, must_exist=True) as st:
                plans, tasks = graph_io.read_records(st)
    except PlangraphError as e:
        _fail(e)
    ids = _plan_ids(plans, plan)
    if ids is not None:
        tasks = [t for t in tasks if t.plan_id in ids]
    found = find_orphans(tasks, plans, {"reasons": reason} if reason else None)
    emit(_relabel(orphan_rows(found), plans), format, title=f"{len(found)} orphaned-task findings",
         columns=["reason", "plan", "task", "detail", "text", "lead", "deadline", "file", "line"])


@app.command()
def report(out: Path = typer.Option(Path("report.html"), "--out", dir_okay=False, help="the HTML file to write"),
           plan: Optional[str] = typer.Option(None, "--plan", help="only this plan (id, file or stem)"),
           store: str = store_option(),
           input: Optional[list[Path]] = typer.Option(None, "--input", help="read documents / extraction JSON instead of the store"),
           format: Fmt = format_option(Fmt.table, "table | json | csv: the summary printed")) -> None:
    """Write one self-contained HTML report (opens offline): plans graph, tasks, duplicates, orphans, indicators."""
    from pipeline.report import report_data_from_extractions, report_data_from_store, write_report

    _check_format(format)
    try:
        if input:
            items = load_inputs(list(input))
            if plan:
                items = [(e, ir) for e, ir in items if plan in (e.seed, e.source, e.sha256)]
            data = report_data_from_extractions(items, source=", ".join(str(p) for p in input))
        else:
            from graph.store import open_store
            with open_store(store, read_only=True, must_exist=True) as st:
                data = report_data_from_store(st, source=f"store {store}")
            if plan:
                ids = _plan_ids(data.plans, plan) or set()
                data = data.model_copy(update={
                    "plans": [p for p in data.plans if p.plan_id in ids],
                    "tasks": [t for t in data.tasks if t.plan_id in ids],
                    "indicators": [i for i in data.indicators if i.plan_id in ids],
                    "orphans": [o for o in data.orphans if o.plan_id in ids],
                    "edges": [e for e in data.edges if e.from_kind != "Plan" or e.from_id in ids],
                    "duplicates": _only(data.duplicates, ids)})
    except PlangraphError as e:
        _fail(e)
    try:
        path = write_report(data, out)
    except OSError as e:  # a directory in the way, a read-only or full disk: one line, exit 2
        _fail(PlangraphError(out, f"cannot write the report: {e.strerror or e}"))
    emit([{"report": str(path), "plans": len(data.plans), "tasks": len(data.tasks),
           "duplicate_clusters": len(data.duplicates.clusters), "orphans": len(data.orphans),
           "indicators": len(data.indicators), "bytes": path.stat().st_size}], format)


def _only(result: DuplicateResult, ids: set[str]) -> DuplicateResult:
    return result.model_copy(update={"clusters": [c for c in result.clusters if ids & set(c.plans)]})


@app.command("analyse")
def analyse(store: str = store_option(),
            format: Fmt = format_option()) -> None:
    """Run the analysis over the store and write its results (DUPLICATES relationships): the one step that
    writes analysis into the graph (`ingest` runs it too; `duplicates`/`orphans` only list)."""
    from graph.store import open_store
    from pipeline.analysis import run_analysis

    try:
        with open_store(store, must_exist=True) as st:
            result = run_analysis(st)
    except PlangraphError as e:
        _fail(e)
    emit([{"analysis": k, "result": v} for k, v in result.items()], format, title="analysis written")
