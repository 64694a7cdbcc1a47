"""Render listings for people and for tools: a readable table, JSON or CSV.

Every listing command takes `--format table|json|csv`; they all come through `emit`.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, Iterable, Sequence

from rich.console import Console
from rich.table import Table as RichTable

FORMATS = ("table", "json", "csv")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def emit(rows: Sequence[dict[str, Any]], fmt: str = "table", *, title: str | None = None,
         columns: Iterable[str] | None = None, out: Any = None) -> None:
    """Print `rows` (dicts) in the chosen format to `out` (stdout by default)."""
    out = out or sys.stdout
    cols = list(columns) if columns is not None else _columns(rows)
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({c: _cell(r.get(c)) for c in cols})
        out.write(buf.getvalue())
    elif fmt == "table":
        t = RichTable(title=title, show_lines=False)
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*(_cell(r.get(c)) for c in cols))
        Console(file=out, width=200 if not getattr(out, "isatty", lambda: False)() else None).print(t)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols
