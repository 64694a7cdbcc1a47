"""`plangraph extract FILE [--format json|table] [--spans]`: the Extraction of one document.

JSON is the contract of ../shared/gold/GUIDELINES.md (`document`, `references`, `chains`, `tasks`,
`indicators`) plus `provenance` on every task, indicator and reference and `warnings`. The table view is for
people: the header, then tasks, references, chains, indicators and warnings, each with where it came from.
`--spans` adds the spaCy pipeline's entity spans (REF, DATE, ORG, DEADLINE) per block, with character offsets.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from extractors.errors import PlangraphError
from typing import TYPE_CHECKING
from pipeline.commands.options import DocFmt, Fmt, format_option, store_option, val  # noqa: F401
from pipeline.cli import app
from pipeline.output import emit

if TYPE_CHECKING:
    from extractors.model import Extraction, Task


def _where(p: Any) -> str:
    if p is None:
        return ""
    parts = []
    if p.page:
        parts.append(f"p{p.page}")
    if p.line_start:
        parts.append(f"L{p.line_start}" + (f"-{p.line_end}" if p.line_end and p.line_end != p.line_start else ""))
    if p.table_row is not None:
        parts.append(f"row {p.table_row}")
    return " ".join(parts)


def _deadline(t: Task) -> str:
    d = t.deadline
    bits = [d.kind]
    if d.start or d.end:
        bits.append(f"{d.start or '…'}..{d.end or '…'}")
    if d.recurrence:
        bits.append(d.recurrence)
    return " ".join(bits)


def render_table(ex: Extraction) -> None:
    doc = ex.document
    emit([{"field": k, "value": v} for k, v in doc.model_dump().items()], "table",
         title=f"{ex.source} — document", columns=["field", "value"])
    emit([{"id": t.id, "source": t.source, "text": t.text, "lead": t.lead, "support": t.support,
           "deliverable": t.deliverable, "deadline_raw": t.deadline_raw, "deadline": _deadline(t),
           "requests": t.request.doc_type if t.request else None, "where": _where(t.provenance)}
          for t in ex.tasks], "table", title=f"{len(ex.tasks)} tasks")
    emit([{"key": r.key, "doc_type": r.doc_type, "date": r.date, "issuer": r.issuer, "relation": r.relation,
           "where": _where(r.provenance)} for r in ex.references], "table", title=f"{len(ex.references)} references")
    if ex.chains:
        emit([{"from": c.from_, "relation": c.relation, "to": c.to} for c in ex.chains], "table", title="chains")
    emit([{"text": i.text, "values": "; ".join(f"{v.comparator or ''}{v.value}{'-' + str(v.max) if v.max else ''}"
                                               f" {v.unit or ''}".strip() for v in i.values),
           "year": i.target_year, "footnote": i.footnote, "sources": i.sources, "task": i.task_id,
           "where": _where(i.provenance)} for i in ex.indicators], "table", title=f"{len(ex.indicators)} indicators")
    if ex.warnings:
        emit([{"code": w.code, "message": w.message, "where": _where(w.provenance)} for w in ex.warnings],
             "table", title=f"{len(ex.warnings)} warnings")


def spans_of(ir: Any) -> list[dict[str, Any]]:
    """Entity spans of the spaCy pipeline over every text block (offsets into the block's text)."""
    from extractors.nlp import entities

    rows = []
    for i, b in enumerate(ir.text_blocks()):
        for e in entities(b.text):
            rows.append({"block": i, "line": b.line_start, "page": b.page, "label": e.label,
                         "start": e.start, "end": e.end, "text": e.text})
    return rows


@app.command()
def extract(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                     help="a .txt, .md, .docx or .pdf plan document"),
            format: DocFmt = format_option(DocFmt.json, "json | table"),
            spans: bool = typer.Option(False, "--spans",
                                       help="also list spaCy entity spans (REF/DATE/ORG/DEADLINE) per block")) -> None:
    """Extract tasks, owners, deadlines, indicators and legal references from one document."""
    if format not in ("json", "table"):
        typer.echo("error: --format must be json or table", err=True)
        raise typer.Exit(2)
    from extractors.extract import extract as run_extract
    from extractors.load import load

    try:
        ir = load(file)
        ex = run_extract(ir)
    except PlangraphError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)
    except FileNotFoundError:
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    if format == "json":
        out = ex.to_json_dict()
        if spans:
            out["spans"] = spans_of(ir)
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    render_table(ex)
    if spans:
        from extractors.normalize import clean_text

        emit([{**r, "text": clean_text(r["text"])} for r in spans_of(ir)], "table", title="entity spans")
