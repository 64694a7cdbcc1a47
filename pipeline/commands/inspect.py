"""`plangraph inspect FILE`: print the DocumentIR — what the loaders made of a file."""
from __future__ import annotations

import json
from pathlib import Path

from typing import TYPE_CHECKING

import typer

from extractors.errors import PlangraphError
from pipeline.commands.options import DocFmt, Fmt, format_option, store_option, val  # noqa: F401
from pipeline.cli import app

if TYPE_CHECKING:
    from rich.console import Console

    from extractors.ir import DocumentIR


def render_ir(ir: DocumentIR, console: Console) -> None:
    from rich.table import Table as RichTable

    from extractors.ir import BlockKind

    console.print(f"[bold]{ir.source}[/bold]  format={ir.format}  pages={ir.pages}  "
                  f"blocks={len(ir.blocks)}  sha256={ir.sha256[:12]}")
    for w in ir.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
    for i, b in enumerate(ir.blocks):
        where = f"p{b.page or '-'} L{b.line_start or '-'}-{b.line_end or '-'}"
        if b.kind == BlockKind.table and b.table is not None:
            t = RichTable(title=f"#{i} table {where} ({len(b.table.rows)} rows)", show_lines=True)
            ncols = max((len(r.cells) for r in b.table.rows), default=0)
            t.add_column("row")
            t.add_column("src")
            for c in range(ncols):
                t.add_column(str(c), overflow="fold")
            for ri, r in enumerate(b.table.rows):
                flag = "H" if r.is_header else ("G" if r.is_group else "")
                cells = [c.text for c in r.cells] + [""] * (ncols - len(r.cells))
                t.add_row(f"{ri}{flag}", f"p{r.page or '-'} L{r.line_start or '-'}", *cells)
            console.print(t)
        else:
            extra = ""
            if b.marker:
                extra += f" marker={b.marker!r}"
            if b.level is not None:
                extra += f" level={b.level}"
            if b.footnote_refs:
                extra += f" fn_refs={b.footnote_refs}"
            if b.footnote_id:
                extra += f" fn_id={b.footnote_id}"
            console.print(f"[dim]#{i} {b.kind.value:<9} {where}{extra}[/dim]  {b.text}")


@app.command()
def inspect(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                     help="a .txt, .md, .docx or .pdf plan document"),
            format: DocFmt = format_option(DocFmt.table, "table | json"),
            structure: bool = typer.Option(False, "--structure",
                                           help="show the structure stage instead: section tree, table kinds")) -> None:
    """Print the document model (blocks with kinds and provenance; tables as tables)."""
    from rich.console import Console

    from extractors.load import load

    try:
        ir = load(file)
    except PlangraphError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)
    if structure:
        from pipeline.commands.inspect_structure import render_structure, structure_json
        if format == "json":
            typer.echo(json.dumps(structure_json(ir), ensure_ascii=False, indent=1))
        else:
            render_structure(ir, Console(width=220))
        return
    if format == "json":
        typer.echo(json.dumps(ir.model_dump(mode="json"), ensure_ascii=False, indent=1))
    else:
        render_ir(ir, Console(width=220))
