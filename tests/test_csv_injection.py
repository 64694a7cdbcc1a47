"""CSV written by the CLI cannot smuggle a spreadsheet formula (issue 17, finding 7)."""
from __future__ import annotations

import csv
import io

from pipeline.output import emit


def _csv(rows: list[dict]) -> list[dict[str, str]]:
    buf = io.StringIO()
    emit(rows, "csv", columns=["text", "n"], out=buf)
    out = buf.getvalue()
    assert out.startswith("\ufeff")  # the BOM stays
    return list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline="")))


def test_cells_that_start_a_formula_are_escaped() -> None:
    hostile = ['=HYPERLINK("http://x","Sở Nội vụ")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
               "\t=1", "\r=1"]
    rows = _csv([{"text": h, "n": 1} for h in hostile])
    # a CR would end the row in a reader: it is written as a newline, inside the quoted cell
    assert [r["text"] for r in rows] == ["'" + h.replace("\r", "\n") for h in hostile]


def test_plain_text_numbers_and_columns_are_kept() -> None:
    rows = _csv([{"text": "Sở Nội vụ chủ trì", "n": -3, "extra": ["=a", "b"]},
                 {"text": "a=b", "n": 2.5, "extra": None}])
    assert list(rows[0]) == ["text", "n", "extra"]
    assert rows[0]["text"] == "Sở Nội vụ chủ trì" and rows[0]["n"] == "-3"
    assert rows[0]["extra"] == "'=a; b"  # a joined list is one cell, escaped as a whole
    assert rows[1]["text"] == "a=b" and rows[1]["n"] == "2.5"
