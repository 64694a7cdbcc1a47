"""Say where a thing is in its source the way a reader finds it, in Vietnamese.

- PDF: `trang 3, dòng 12–14` (page, and the line on the page as the PDF loader numbers it);
- text / Markdown: `dòng 59` (a line number any editor shows);
- DOCX: Word shows no line numbers and the loader's "line" is a paragraph index nobody can find, so the
  locator names what Word shows: the table row (`bảng, hàng 4`), the section heading (`mục «II. NHIỆM VỤ…»`)
  and the start of the paragraph's text (`đoạn «Tổ chức quán triệt…»`), searchable with Ctrl-F.

Table rows are stored 0-based with the header row 0; Word counts rows from 1 including the header, so
`hàng` = table_row + 1.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

_START = 48  # characters of text quoted as the paragraph's start


def text_start(text: str | None, n: int = _START) -> str | None:
    if not text:
        return None
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[:n].rsplit(" ", 1)[0] + "…"


def where(file: str | None, *, page: int | None = None, line_start: int | None = None,
          line_end: int | None = None, table_row: int | None = None, text: str | None = None,
          heading: str | None = None) -> str:
    """A one-line locator for a reader (see the module docstring)."""
    suffix = Path(file or "").suffix.lower()
    parts: list[str] = []
    if suffix == ".docx":
        if heading:
            parts.append(f"mục «{text_start(heading, 40)}»")
        if table_row is not None:
            parts.append(f"bảng, hàng {table_row + 1}")
        start = text_start(text)
        if start:
            parts.append(f"đoạn «{start}»")
        return ", ".join(parts)
    if page:
        parts.append(f"trang {page}")
    if line_start:
        span = f"{line_start}–{line_end}" if line_end and line_end != line_start else f"{line_start}"
        parts.append(f"dòng {span}")
    if table_row is not None:
        parts.append(f"bảng, hàng {table_row + 1}")
    return ", ".join(parts)


def where_of(row: dict[str, Any], *, file_key: str = "file", text_key: str = "text",
             heading_key: str | None = None) -> str:
    return where(row.get(file_key), page=row.get("page"), line_start=row.get("line_start"),
                 line_end=row.get("line_end"), table_row=row.get("table_row"), text=row.get(text_key),
                 heading=row.get(heading_key) if heading_key else None)
