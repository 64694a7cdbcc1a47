"""`plangraph query …`: the researchers' questions, answered from the graph (queries/*.cypher).

Every listing takes `--format table|json|csv` and `--store` (a directory for the embedded store, or
neo4j://… / bolt://…). Stores are opened read-only where the store allows it.
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

import typer
from contextlib import contextmanager

from extractors.errors import PlangraphError
from pipeline.cli import query_app
from pipeline.output import FORMATS, emit

STORE_HELP = "a directory (embedded Ladybug store) or neo4j://host:7687 / bolt://…"
DEFAULT_STORE = "./.plangraph"


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


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)


@query_app.command()
def implementers(key: str = typer.Argument(..., help="number/symbol, e.g. 45-NQ/TW (or 45-NQ/TW@2023-11-24)"),
                 date: Optional[str] = typer.Option(None, "--date", help="the instrument's date, YYYY-MM-DD"),
                 direct: bool = typer.Option(False, "--direct", help="one hop only: plans that name it"),
                 store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
                 format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """Plans implementing an instrument, transitively by default, each with its chain."""
    from queries.run import implementers as run

    _check_format(format)
    with _store(store) as s:
        res = run(s, key, date=date, direct=direct)
    if res.note:
        typer.echo(res.note, err=format != "table")
    cols = ["instrument", "title", "file", "jurisdiction", "direct", "hops", "chain_text", "plan_id"]
    if format == "json":
        emit([{k: r[k] for k in (*cols, "chain", "relations")} for r in res.rows], "json")
    elif format == "table" and len(res.targets) > 1:
        for t in res.targets:  # per instrument
            emit([r for r in res.rows if r["instrument"] == t["key"]], "table", columns=cols,
                 title=f"implementers of {t['key']}")
    else:
        emit(res.rows, format, columns=cols, title=f"implementers of {key}")


@query_app.command()
def tasks(plan: Optional[str] = typer.Option(None, "--plan", help="plan id or file path"),
          owner: Optional[str] = typer.Option(None, "--owner", help="part of a lead/supporting body's name"),
          role: Optional[str] = typer.Option(None, "--role", help="lead | support (with --owner)"),
          due_before: Optional[str] = typer.Option(None, "--due-before", help="deadline on or before DATE"),
          due_after: Optional[str] = typer.Option(None, "--due-after", help="deadline on or after DATE"),
          overdue_at: Optional[str] = typer.Option(None, "--overdue-at", help="one-off deadline passed at DATE"),
          kind: Optional[str] = typer.Option(None, "--kind", help="deadline kind: month, quarter, year, …"),
          store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
          format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """Tasks by plan, owner, due window, overdue date, deadline kind."""
    from queries.run import tasks as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, plan=plan, owner=owner, role=role, due_before=due_before, due_after=due_after,
                   overdue_at=overdue_at, kind=kind)
    cols = None if format == "json" else ["plan_title", "ordinal", "text", "leads", "supports", "deadline_raw",
                                          "deadline_kind", "deadline_end", "plan_id"]
    emit(rows, format, columns=cols, title="tasks")


@query_app.command()
def indicators(plan: Optional[str] = typer.Option(None, "--plan", help="plan id or file path"),
               source: Optional[str] = typer.Option(None, "--source",
                                                    help="instrument symbol/key or part of a body's name"),
               store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
               format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
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
            store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
            format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
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
             store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
             format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """Tasks each organisation leads and supports, plan by plan."""
    from queries.run import workload as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, owner=owner, plan=plan)
    cols = None if format == "json" else ["organization", "jurisdiction", "generic", "file", "led", "supported"]
    emit(rows, format, columns=cols, title="organisation workload")


@query_app.command()
def ambiguous(store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
              format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """Undated citations that match two or more dated instruments (recorded, never merged by guess)."""
    from queries.run import ambiguous as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s)
    emit(rows, format, columns=None if format == "json" else ["citation", "relation", "candidates", "file"],
         title="ambiguous citations")


@query_app.command()
def instruments(symbol: str = typer.Argument(..., help="number/symbol, e.g. 45-NQ/TW"),
                store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
                format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """The instruments carrying a symbol (one per date), and how many plans cite each."""
    from queries.run import instruments as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s, symbol)
    emit(rows, format, title=f"instruments {symbol}")


@query_app.command()
def failures(store: str = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
             format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """Quarantine records: files that failed to ingest, with stage and reason."""
    from queries.run import ingest_failures as run

    _check_format(format)
    with _store(store) as s:
        rows = run(s)
    emit(rows, format, columns=["file", "stage", "error_type", "message", "at"], title="ingest failures")
