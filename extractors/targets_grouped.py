"""Targets tables whose year columns are groups of measure columns.

A header over two rows: a year cell on top spreading right over the empty cells after it, and under it one
measure column each with its unit in brackets:

    TT | Sản phẩm | Kế hoạch 2026                          | Kế hoạch 2027 …
       |          | Lượng (Tấn) | Giá trị xuất khẩu (Nghìn USD) | Lượng (Tấn) | …

Every filled cell under a year is one indicator of that year: the row's indicator cell as text, the measure
column's bracketed unit as unit (see `indicators._targets_table_indicators`). A table whose year cells each cover
one column is the plain kind (`indicators.targets_columns` with `structure.tables.layered_header`).
"""
from __future__ import annotations

import re

from extractors.ir import Table
from extractors.structure.tables import header_rows

_UNIT_IN_BRACKETS = re.compile(r"\(([^()]{1,30})\)\s*$")


def bracket_unit(label: str) -> str | None:
    """The unit a measure column prints in brackets: 'Lượng (Tấn)' -> 'Tấn'; None without one."""
    m = _UNIT_IN_BRACKETS.search(label.replace("*", "").strip())
    return m.group(1).strip() if m else None


def grouped_targets_columns(table: Table):  # -> indicators.TargetsColumns | None
    """The columns of a targets table whose year cells each head several measure columns, else None."""
    from extractors.indicators import TargetsColumns, targets_columns, targets_header_role

    rows = header_rows(table)
    if len(rows) < 2:
        return None
    top = rows[0]
    plain = targets_columns(top)
    if plain is None:
        return None
    years: dict[int, int] = {}
    units: dict[int, str] = {}
    grouped = False
    for start, year in plain.years.items():
        end = start + 1
        while end < len(top) and not top[end].strip():
            end += 1
        if end - start > 1:
            grouped = True
        for ci in range(start, end):
            below = [r[ci] for r in rows[1:] if ci < len(r) and r[ci].strip()]
            label = below[-1] if below else ""
            if label and targets_header_role(label) is None and re.search(r"\d{4}", label):
                continue  # a base-year or 'thực hiện' column under the year
            years[ci] = year
            u = bracket_unit(label) if label else None
            if u:
                units[ci] = u
    if not grouped or not units:
        return None
    return TargetsColumns(plain.indicator, plain.unit, years, units)
