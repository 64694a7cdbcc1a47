"""`plangraph query lineage PLAN` and `plangraph query requested-documents`: plan lineage (issue 9).

Both read the graph (`--store`, opened read-only) and print with `--format table|json|csv`. The links they
show (Task -[:PRODUCES]-> Plan) are rewritten after every ingest (graph/lineage_store.py).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Optional

import typer

from pipeline.commands.options import DocFmt, Fmt, date_option, format_option, store_option, val  # noqa: F401
from pipeline.cli import query_app
from pipeline.commands.query import DEFAULT_STORE, STORE_HELP, _check_format, _store
from pipeline.output import emit

_AT_HELP = "the date statuses are computed at (default: today)"


def _date(s: Optional[datetime], option: str) -> date:
    return s.date() if s is not None else date.today()


@query_app.command("lineage")
def lineage_cmd(plan: str = typer.Argument(..., help="plan id, file path, file name or stem"),
                at: Optional[datetime] = date_option("--at", _AT_HELP),
                store: str = store_option(),
                format: Fmt = format_option()) -> None:
    """Everything upstream of a plan: what it implements (transitively) and the tasks that asked for it."""
    from queries.lineage import PlanNotFound, lineage, plan_label

    _check_format(format)
    when = _date(at, "--at")
    with _store(store) as s:
        try:
            res = lineage(s, plan, at=when)
        except PlanNotFound as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2)
    if format == "json":
        typer.echo(json.dumps(res.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    if format == "csv":
        emit(res.flat_rows(), "csv", columns=[
            "kind", "depth", "via", "instrument", "chain_text", "answers", "plan", "row", "lead", "request_type",
            "request_title", "deadline_raw", "deadline_end", "status", "detail", "score", "evidence"])
        return
    p = res.plan
    typer.echo(f"{plan_label(p)}: {p.get('doc_type') or ''} {p.get('title') or ''} "
               f"({p.get('jurisdiction') or '?'}, {p.get('date') or 'no date'}) [{p['plan_id']}]")
    emit(res.requests, "table", title=f"asked for by (status at {res.at})",
         columns=["depth", "answers", "plan", "row", "lead", "request_type", "deadline_raw", "deadline_end",
                  "status", "detail", "evidence"])
    emit(res.instruments, "table", title="implements, transitively (depth 0: this plan; deeper: the plans "
                                         "that asked for it)",
         columns=["depth", "via", "instrument", "direct", "hops", "chain_text"])


@query_app.command("requested-documents")
def requested_documents_cmd(
        status: Optional[list[str]] = typer.Option(
            None, "--status", help="keep these statuses (repeat or comma-separate): produced_on_time, "
                                   "produced_late, produced_date_unknown, produced_no_deadline, overdue, "
                                   "not_yet_due, not_produced_no_deadline, ambiguous; or the groups "
                                   "produced, not_produced"),
        at: Optional[datetime] = date_option("--at", _AT_HELP),
        plan: Optional[str] = typer.Option(None, "--plan", help="asking plan: id or file path"),
        store: str = store_option(),
        format: Fmt = format_option()) -> None:
    """Every task that asks for a document to be drafted, issued or submitted, with its status."""
    from queries.lineage import requested_documents

    _check_format(format)
    when = _date(at, "--at")
    wanted = [x.strip() for s in status or [] for x in s.split(",") if x.strip()]
    with _store(store) as s:
        try:
            rows = requested_documents(s, at=when, status=wanted, plan=plan)
        except ValueError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2)
    cols = None if format == "json" else ["plan", "row", "request_type", "request_title", "lead", "deadline_raw",
                                          "deadline_end", "status", "detail", "produced_by", "score"]
    emit(rows, format, columns=cols, title=f"requested documents (status at {when.isoformat()})")
