"""`plangraph inspect FILE --structure`: what the structure stage made of a document — its kind (a plan or
not), the section tree with the numbering and level of every heading, and the kind of every table."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

from extractors.ir import DocumentIR
from extractors.structure import Section, Structure, build_structure
from extractors.structure.document import document_kind


def _header_of(ir: DocumentIR) -> tuple[str | None, str | None]:
    from extractors.header import extract_header
    h, _ = extract_header(ir)
    return h.doc_type, h.title


def _table_line(st: Structure, i: int) -> dict[str, Any]:
    tk = st.blocks[i].table
    assert tk is not None
    return {"block": i, "kind": tk.kind, "rows": tk.rows, "columns": tk.columns, "reason": tk.reason,
            "too_wide": tk.too_wide, "header": list(tk.header)}


def _section_json(ir: DocumentIR, st: Structure, s: Section) -> dict[str, Any]:
    b = ir.blocks[s.block] if s.block is not None else None
    return {
        "block": s.block, "kind": s.kind, "num": s.num, "level": s.level, "title": s.title,
        "line": b.line_start if b is not None else None, "page": b.page if b is not None else None,
        "leaves": len(s.leaves),
        "tables": [_table_line(st, i) for i in s.leaves if st.blocks[i].table is not None],
        "children": [_section_json(ir, st, c) for c in s.children],
    }


def structure_json(ir: DocumentIR) -> dict[str, Any]:
    st = build_structure(ir)
    doc_type, title = _header_of(ir)
    dk = document_kind(ir, doc_type, title)
    roles: dict[str, int] = {}
    for b in st.blocks:
        roles[b.role] = roles.get(b.role, 0) + 1
    return {"source": ir.source, "doc_type": doc_type, "kind": dk.kind, "plan": dk.plan, "reason": dk.reason,
            "roles": roles, "dropped": dict(ir.dropped), "tables": [_table_line(st, b.index) for b in st.tables()],
            "warnings": [w.message for w in st.warnings], "tree": _section_json(ir, st, st.root)}


def _render(ir: DocumentIR, st: Structure, s: Section, console: Console, depth: int) -> None:
    b = ir.blocks[s.block] if s.block is not None else None
    where = f"p{b.page or '-'} L{b.line_start or '-'}" if b is not None else ""
    num = f"{s.num} " if s.num else ""
    title = s.title if len(s.title) <= 90 else s.title[:89] + "…"
    console.print(f"{'  ' * depth}[bold]{escape(num)}[/bold]{escape(title)}  "
                  f"[dim]({s.kind}, level {s.level}, {len(s.leaves)} blocks, {where})[/dim]")
    for i in s.leaves:
        tk = st.blocks[i].table
        if tk is not None:
            head = " | ".join(h for h in tk.header if h)[:120]
            wide = " [red]TOO WIDE[/red]" if tk.too_wide else ""
            console.print(f"{'  ' * (depth + 1)}[cyan]table #{i} {tk.kind}[/cyan] {tk.rows}×{tk.columns}{wide} "
                          f"[dim]{escape(tk.reason)}; header: {escape(head)}[/dim]")
    for c in s.children:
        _render(ir, st, c, console, depth + 1)


def render_structure(ir: DocumentIR, console: Console) -> None:
    d = structure_json(ir)
    st = build_structure(ir)
    console.print(f"[bold]{escape(ir.source)}[/bold]  format={ir.format}  blocks={len(ir.blocks)}  "
                  f"doc_type={d['doc_type']}  kind={d['kind']} ({escape(d['reason'])})")
    console.print("roles: " + ", ".join(f"{k}={v}" for k, v in sorted(d["roles"].items())))
    if d["dropped"]:
        console.print("dropped (not document text): " + ", ".join(f"{k}={v}" for k, v in sorted(d["dropped"].items())))
    kinds: dict[str, int] = {}
    for t in d["tables"]:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    console.print("tables: " + (", ".join(f"{k}={v}" for k, v in sorted(kinds.items())) or "none"))
    for w in d["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}")
    for i in st.root.leaves:
        tk = st.blocks[i].table
        if tk is not None:
            console.print(f"[cyan]table #{i} {tk.kind}[/cyan] {tk.rows}×{tk.columns} [dim]{escape(tk.reason)}[/dim]")
    for c in st.root.children:
        _render(ir, st, c, console, 0)
