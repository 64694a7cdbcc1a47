"""What kind a table is: a task table, a target table, a schedule, a data table or a layout table.

- task:     a content column and a lead column (data/columns.json, as `tasks_table` reads it);
- target:   an indicator column and year/value columns (as `indicators.targets_columns` reads it);
- schedule: a when column and a what/where/who-is-inspected column, no lead column (data/structure.json
            tables.schedule, tables.schedule_what);
- layout:   the page header (issuer | national motto, number | place and date) or the signature block laid out as
            a table (tables.layout): at most three columns and a few rows, with such cells;
- data:     anything else (lists of administrative procedures, statistics, forms).

A table wider than any real table (tables.max_real_columns) is reported: it is a loader that lost the rows.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.ir import Block, Table
from extractors.normalize import clean_text, compare_form
from extractors.structure.vocab import data, named, rx

TABLE_KINDS = ("task", "target", "schedule", "data", "layout")


@dataclass(frozen=True)
class TableKind:
    kind: str  # one of TABLE_KINDS
    rows: int
    columns: int
    header: tuple[str, ...]  # the header cells the kind was decided on
    reason: str  # a few words: what decided it
    too_wide: bool = False


def max_real_columns() -> int:
    return int(data()["tables"]["max_real_columns"])


def _header_cells(table: Table) -> list[str]:
    from extractors.tasks_table import combined_header
    head = table.header
    if head is not None:
        return combined_header(table, head)
    return [clean_text(t) for t in table.rows[0].texts()] if table.rows else []


def _column_numbers(cells: list[str]) -> bool:
    filled = [c.strip(" ()*") for c in cells if c.strip()]
    return bool(filled) and all(c.isdigit() for c in filled)


def header_rows(table: Table) -> list[list[str]]:
    """The leading header rows of the table as cleaned texts, without a row of column numbers."""
    rows: list[list[str]] = []
    for r in table.rows:
        if not r.is_header:
            if rows:
                break
            continue
        cells = [clean_text(t) for t in r.texts()]
        if not _column_numbers(cells):
            rows.append(cells)
    return rows


def layered_header(table: Table) -> list[str]:
    """One heading per column of a header printed over several rows: the lowest non-empty header cell of the
    column ('Năm 2027' under a merged 'GIAI ĐOẠN 2026 - 2030'), a top-row label spreading right over the empty
    cells after it; a row of column numbers ('1 | 2 | 3 …') is not a heading row."""
    rows = header_rows(table)
    if not rows:
        return []
    width = max(len(r) for r in rows)
    out: list[str] = []
    label = ""
    for i in range(width):
        top = rows[0][i] if i < len(rows[0]) else ""
        label = top or label
        below = [r[i] for r in rows[1:] if i < len(r) and r[i]]
        out.append(below[-1] if below else label if not top else top)
    return out


def _layout_cells(table: Table) -> int:
    """How many cells of the table are page-header or signature furniture."""
    n = 0
    for r in table.rows[:12]:
        for c in r.cells:
            cf = compare_form(clean_text(c.text)).strip(" *")
            if cf and any(p.search(cf) for _, p in named("tables", "layout")):
                n += 1
    return n


def table_kind(table: Table) -> TableKind:
    """The kind of one IR table (see the module doc)."""
    from extractors.indicators import targets_columns
    from extractors.targets_grouped import grouped_targets_columns
    from extractors.tasks_table import is_task_table, map_columns

    ncols = max((len(r.cells) for r in table.rows), default=0)
    nrows = len(table.rows)
    wide = ncols > max_real_columns()
    head = _header_cells(table)
    cols = map_columns(head)
    furniture = _layout_cells(table)
    if furniture and ncols <= 3 and nrows <= 8:
        return TableKind("layout", nrows, ncols, tuple(head), f"{furniture} header/signature cell(s)", wide)
    if is_task_table(cols):
        return TableKind("task", nrows, ncols, tuple(head), "content and lead columns", wide)
    if (targets_columns(head) is not None or targets_columns(layered_header(table)) is not None
            or grouped_targets_columns(table) is not None):
        return TableKind("target", nrows, ncols, tuple(head), "indicator and year columns", wide)
    cfs = [compare_form(h).strip(" .:*") for h in head]
    if any(rx("tables", "procedures").search(c) for c in cfs if c):
        return TableKind("data", nrows, ncols, tuple(head), "administrative procedures", wide)
    if ("lead" not in cols and any(rx("tables", "schedule").search(c) for c in cfs if c)
            and any(rx("tables", "schedule_what").search(c) for c in cfs if c)):
        return TableKind("schedule", nrows, ncols, tuple(head), "time/place column, no lead column", wide)
    return TableKind("data", nrows, ncols, tuple(head), "no task, target or schedule columns", wide)


def block_table_kind(b: Block) -> TableKind | None:
    return table_kind(b.table) if b.table is not None else None
