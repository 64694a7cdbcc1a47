"""`plangraph query …`: the researchers' questions, answered from the graph (queries/*.cypher).

Every listing takes `--format table|json|csv` and `--store` (a directory for the embedded store, or
neo4j://… / bolt://…). Stores are opened read-only where the store allows it.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Iterator, Optional

import typer
from contextlib import contextmanager
import sys

from extractors.errors import PlangraphError
from pipeline.cli import query_app
from pipeline.commands.state import STATE
from pipeline.commands.options import (STORE_HELP, Fmt, Role, date_option, format_option, iso, store_option,
                                       val)
from pipeline.defaults import DEFAULT_STORE

# the values of extractors.model.DeadlineKind (tests/test_startup.py checks they agree), named here so --help
# does not import the pydantic models
DEADLINE_KINDS: tuple[str, ...] = ("date", "month", "quarter", "year", "range", "recurring", "continuous",
                                   "conditional", "compound", "none")
DeadlineKindOpt = Enum("DeadlineKindOpt", {k: k for k in DEADLINE_KINDS}, type=str)  # type: ignore[misc]
from pipeline.output import FORMATS, emit

__all__ = ["DEFAULT_STORE", "STORE_HELP", "_check_format", "_store"]


@contextmanager
def _store(uri: str) -> Iterator[Any]:
    from pathlib import Path

    from graph.store import open_store

    if "://" not in uri and not Path(uri).exists():
        typer.echo(f"error: no graph store at {uri} (run `plangraph ingest` first)", err=True)
        raise typer.Exit(2)
    try:
        store = open_store(uri, read_only=True)
    except PlangraphError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)
    try:
        yield store
    finally:
        store.close()


def _check_format(fmt: Any) -> None:
    if val(fmt) not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)


@query_app.command()
def implementers(key: str = typer.Argument(..., help="number/symbol, e.g. 45-NQ/TW (or 45-NQ/TW@2023-11-24)"),
                 date: Optional[datetime] = date_option("--date", "the instrument's date"),
                 direct: bool = typer.Option(False, "--direct", help="one hop only: plans that name it"),
                 store: str = store_option(),
                 format: Fmt = format_option()) -> None:
    """Plans implementing an instrument, transitively by default, each with its chain."""
    from graph.resolve import split_key
    from queries.run import implementers as run

    _check_format(format)
    if "@" in key and split_key(key)[1] is None:
        raise typer.BadParameter(f"the date after '@' must be YYYY-MM-DD, got {key!r}", param_hint="'KEY'")
    with _store(store) as s:
        res = run(s, key, date=iso(date), direct=direct)
    if res.note and not STATE.quiet:
        import textwrap

        typer.echo(textwrap.fill(res.note, 79), err=format != "table")
    if format == "json":
        emit(res.rows, "json")
    elif format == "csv":  # the JSON's columns; the hops as JSON text in `steps`
        emit(res.rows, "csv", columns=IMPLEMENTERS_COLUMNS)
    else:
        from pipeline.output import table_width

        width = table_width(sys.stdout)
        for t in res.targets:  # per instrument
            rows = [r for r in res.rows if r["instrument"] == t["key"]]
            typer.echo(render_implementers(t["key"], rows, width))


def _cut(text: str, width: int) -> str:
    indent = text[:len(text) - len(text.lstrip(" "))]
    text = indent + " ".join(text.split())
    return text if len(text) <= width else text[:max(1, width - 1)] + "…"


def render_implementers(key: str, rows: list[dict[str, Any]], width: int = 80) -> str:
    """The implementers answer for a terminal: per plan one line, then per hop the sentence that states it
    and where (file, page/line or, for a DOCX, what Word shows). Lines fit `width`; JSON/CSV have it all."""
    from pathlib import Path

    out = [_cut(f"Văn bản thực hiện {key}: {len(rows)} (kể cả gián tiếp)", width)]
    for r in rows:
        bits = [_plan_row(r)["plan"]]
        if r.get("date"):
            bits.append(f"ngày {r['date']}")
        if r.get("jurisdiction"):
            bits.append(r["jurisdiction"])
        bits.append("trực tiếp" if r["direct"] else f"gián tiếp, {r['hops']} bước")
        out.append(_cut("• " + " · ".join(bits), width))
        for i, st in enumerate(r["steps"], 1):
            out.append(_cut(f"  {i}. {st['from']} → {st['to']}", width))
            if st.get("evidence"):
                out.append(_cut(f"     «{st['evidence']}»", width))
            src = Path(st["file"]).name if st.get("file") else ""
            loc = ", ".join(x for x in (src, st.get("where") or "") if x)
            if loc:
                out.append(_cut(f"     {loc}", width))
    return "\n".join(out)


IMPLEMENTERS_COLUMNS = ["instrument", "plan_id", "number", "date", "doc_type", "draft", "title", "file",
                        "jurisdiction", "direct", "hops", "chain_text", "chain", "relations", "steps"]


def _plan_row(r: dict[str, Any]) -> dict[str, Any]:
    from pathlib import Path

    name = r.get("number") or Path(r.get("file") or "").name or r["plan_id"]
    return {**r, "plan": name + (" (DỰ THẢO)" if r.get("draft") else "")}


@query_app.command()
def tasks(plan: Optional[str] = typer.Option(None, "--plan", help="plan id or file path"),
          owner: Optional[str] = typer.Option(None, "--owner", help="part of a lead/supporting body's name"),
          role: Optional[Role] = typer.Option(None, "--role", help="which role --owner must hold", case_sensitive=False),
          due_before: Optional[datetime] = date_option("--due-before", "deadline on or before DATE"),
          due_after: Optional[datetime] = date_option("--due-after", "deadline on or after DATE"),
          overdue_at: Optional[datetime] = date_option("--overdue-at", "one-off deadline passed at DATE"),
          kind: Optional[DeadlineKindOpt] = typer.Option(None, "--kind", help="deadline kind", case_sensitive=False),
          store: str = store_option(),
          format: Fmt = format_option()) -> None:
    """Tasks by plan, owner, due window, overdue date, deadline kind."""
    from queries.run import tasks as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, plan=plan, owner=owner, role=val(role), due_before=iso(due_before),
                   due_after=iso(due_after), overdue_at=iso(overdue_at), kind=val(kind))
    if format == "table":
        from pathlib import Path
        rows = [{**r, "plan": r.get("plan_number") or Path(r.get("file") or "").stem} for r in rows]
    emit(rows, format, columns=TASK_TABLE_COLUMNS if format == "table" else TASK_COLUMNS, title="tasks")


# table: what fits a terminal (full text in JSON/CSV); JSON and CSV: these first, then every other column
TASK_TABLE_COLUMNS = ["plan", "ordinal", "text", "leads", "role", "deadline_end", "where"]
TASK_COLUMNS = ["plan_id", "plan_number", "plan_date", "draft", "plan_title", "file", "task_id", "ordinal",
                "source", "group_name", "text", "leads", "supports", "role", "deliverable", "deadline_raw",
                "deadline_kind", "deadline_start", "deadline_end", "recurrence", "page", "line_start",
                "line_end", "table_row", "where"]


@query_app.command()
def indicators(plan: Optional[str] = typer.Option(None, "--plan", help="plan id or file path"),
               source: Optional[str] = typer.Option(None, "--source",
                                                    help="instrument symbol/key or part of a body's name"),
               store: str = store_option(),
               format: Fmt = format_option()) -> None:
    """Quantitative targets by plan and by source instrument or body."""
    from queries.run import indicators as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, plan=plan, source=source)
    cols = None if format == "json" else ["plan_title", "text", "comparator", "value", "max", "unit",
                                          "target_year", "source_instruments", "source_bodies", "task"]
    emit(rows, format, columns=cols, title="indicators")


@query_app.command()
def summary(plan: Optional[str] = typer.Option(None, "--plan", help="plan id or file path (default: all)"),
            store: str = store_option(),
            format: Fmt = format_option()) -> None:
    """One line per plan: what it implements; counts of tasks, targets and references."""
    from queries.run import plan_summary as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, plan=plan)
    cols = None if format == "json" else ["file", "doc_type", "jurisdiction", "draft", "implements", "tasks",
                                          "indicators", "references", "plan_id"]
    emit(rows, format, columns=cols, title="plans")


@query_app.command()
def workload(owner: Optional[str] = typer.Option(None, "--owner", help="part of the organisation's name"),
             plan: Optional[str] = typer.Option(None, "--plan", help="plan id or file path"),
             store: str = store_option(),
             format: Fmt = format_option()) -> None:
    """Tasks each organisation leads and supports, plan by plan."""
    from queries.run import workload as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, owner=owner, plan=plan)
    cols = None if format == "json" else ["organization", "jurisdiction", "generic", "file", "led", "supported"]
    emit(rows, format, columns=cols, title="organisation workload")


@query_app.command()
def ambiguous(store: str = store_option(),
              format: Fmt = format_option()) -> None:
    """Undated citations that match two or more dated instruments (recorded, never merged by guess)."""
    from queries.run import ambiguous as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s)
    emit(rows, format, columns=None if format == "json" else ["citation", "relation", "candidates", "file"],
         title="ambiguous citations")


@query_app.command()
def instruments(symbol: str = typer.Argument(..., help="number/symbol, e.g. 45-NQ/TW"),
                store: str = store_option(),
                format: Fmt = format_option()) -> None:
    """The instruments carrying a symbol (one per date), and how many plans cite each."""
    from queries.run import instruments as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, symbol)
    emit(rows, format, title=f"instruments {symbol}")


@query_app.command()
def failures(store: str = store_option(),
             format: Fmt = format_option()) -> None:
    """Quarantine records: files that failed to ingest, with stage and reason."""
    from queries.run import ingest_failures as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s)
    emit(rows, format, columns=["file", "stage", "error_type", "message", "at"], title="ingest failures")
