"""Render listings for people and for tools: a readable table, JSON or CSV.

Every listing command takes `--format table|json|csv`; they all come through `emit`.

- JSON and CSV carry the same columns: every key of the rows (the table's `columns` first, in that order),
  full text, nothing truncated. CSV is UTF-8 with a byte-order mark, so Excel shows the diacritics;
  a text cell that would start a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`.
- The table is for a terminal: it fits its width (80 columns when the output is not a terminal, or
  $COLUMNS), one line per row; long cells are cut with "…" (the full text is in JSON/CSV).
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from typing import Any, Iterable, Sequence

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

FORMATS = ("table", "json", "csv")
CSV_BOM = "\ufeff"
DEFAULT_WIDTH = 80
# columns that hold long free text: they take the room left by the short ones
_WIDE = ("text", "title", "plan_title", "chain_text", "evidence", "message", "detail", "chain", "where",
         "request_title", "deliverable", "conflicts", "leads", "supports", "lead", "support", "file")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


# a spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection): such text
# cells get a leading apostrophe, which Excel and LibreOffice show as text and do not display
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(v: Any) -> str:
    """`v` as a CSV cell: like the table's cell, but text that would start a formula is prefixed with `'`.
    Numbers are left alone (a negative number is not a formula). A carriage return becomes a newline:
    the writer (lineterminator "\\n") quotes a cell holding "\\n" but not one holding a lone "\\r", which a
    reader would take for the end of the row."""
    s = _cell(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return s
    if s.startswith(_FORMULA_START):
        s = "'" + s
    return s.replace("\r\n", "\n").replace("\r", "\n")


def _plain(fmt: Any) -> str:
    return str(getattr(fmt, "value", fmt))


def table_width(out: Any) -> int:
    """The terminal's width when `out` is one; else $COLUMNS or 80."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) >= 40:
        return int(env)
    if getattr(out, "isatty", lambda: False)():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


def all_columns(rows: Sequence[dict[str, Any]], first: Iterable[str] | None = None) -> list[str]:
    cols = list(first or [])
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def emit(rows: Sequence[dict[str, Any]], fmt: Any = "table", *, title: str | None = None,
         columns: Iterable[str] | None = None, out: Any = None, width: int | None = None) -> None:
    """Print `rows` (dicts) in the chosen format to `out` (stdout by default).

    `columns` chooses the table's columns; JSON and CSV carry every column (these first)."""
    out = out or sys.stdout
    fmt = _plain(fmt)
    first = list(columns) if columns is not None else None
    if fmt == "json":
        if first:  # the same column order as the CSV
            cols = all_columns(rows, first)
            rows = [{c: r.get(c) for c in cols} for r in rows]
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        cols = all_columns(rows, first)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: csv_cell(r.get(c)) for c in cols})
        out.write(CSV_BOM + buf.getvalue())
    elif fmt == "table":
        cols = first if first is not None else all_columns(rows)
        w = width or table_width(out)
        cells = [[_cell(r.get(c)).replace("\n", " ") for c in cols] for r in rows]
        widths = fit_widths(cols, cells, w)
        t = RichTable(title=title, show_lines=False, expand=False, box=box.SIMPLE_HEAD, pad_edge=False)
        for c, cw in zip(cols, widths):
            t.add_column(c, overflow="ellipsis", no_wrap=True, width=cw, max_width=cw)
        for r in cells:
            t.add_row(*r)
        Console(file=out, width=w, soft_wrap=False, highlight=False).print(t)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def fit_widths(cols: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> list[int]:
    """Column widths that fit `width`: each column its natural width (capped), then the widest columns
    give way first, down to 3 characters."""
    nat = []
    for i, c in enumerate(cols):
        longest = max([len(c)] + [len(r[i]) for r in cells]) if cells else len(c)
        nat.append(max(1, min(longest, 60 if c in _WIDE else 24)))
    avail = max(len(cols) * 3, width - 3 * len(cols))  # padding and separators of box.SIMPLE_HEAD
    while sum(nat) > avail:  # long-text columns give way to 24, then short ones to 10, then any
        pool = ([k for k in range(len(nat)) if cols[k] in _WIDE and nat[k] > 24]
                or [k for k in range(len(nat)) if cols[k] not in _WIDE and nat[k] > 10]
                or list(range(len(nat))))
        i = max(pool, key=lambda k: nat[k])
        if nat[i] <= 3:
            break
        nat[i] -= 1
    return nat


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    return all_columns(rows)
