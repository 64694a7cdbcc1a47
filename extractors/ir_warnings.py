"""What the loaders could not read, as extraction warnings.

`ir_warnings(ir)` turns every loader/IR warning (`DocumentIR.warnings`, plain strings) into a `Warning_`
with a code, and adds the checks a user would otherwise be misled by:
- `load.table_too_wide`: a table with more columns than any real table has (> 30): almost surely a page
  layout or a flattened export read as one table;
- `load.pages_without_text`: pages with no text layer (the PDF loader says which);
- `load.no_text`: a document whose blocks hold no text at all.
"""
from __future__ import annotations

import re

from extractors.ir import BlockKind, DocumentIR
from extractors.model import Warning_

MAX_REAL_COLUMNS = 30

# loader message -> code (first match wins); everything else is "load.warning"
_CODES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"pages without text", re.I), "load.pages_without_text"),
    (re.compile(r"running header/footer", re.I), "load.running_lines_removed"),
    (re.compile(r"repeated header row", re.I), "load.table_header_repeated"),
    (re.compile(r"continuation row", re.I), "load.table_row_continued"),
    (re.compile(r"footnote", re.I), "load.footnote"),
]


def _code(message: str) -> str:
    for rx, code in _CODES:
        if rx.search(message):
            return code
    return "load.warning"


def ir_warnings(ir: DocumentIR) -> list[Warning_]:
    out = [Warning_(code=_code(m), message=m) for m in ir.warnings]
    for b in ir.tables():
        if b.table is None:
            continue
        width = max((len(r.cells) for r in b.table.rows), default=0)
        if width > MAX_REAL_COLUMNS:
            out.append(Warning_(code="load.table_too_wide",
                                message=f"a table of {width} columns (no real table has more than "
                                        f"{MAX_REAL_COLUMNS}): the layout was probably misread",
                                provenance=b.provenance(ir.source)))
    if ir.blocks and not any((b.text or "").strip() or b.kind == BlockKind.table for b in ir.blocks):
        out.append(Warning_(code="load.no_text", message="the document has no readable text"))
    return out
