"""DocumentIR: one document as blocks in reading order, each with provenance.

Every loader (text/Markdown, DOCX, PDF) produces this and nothing else; every extractor reads only this.
`text` is the normalised display text (NFC, whitespace collapsed, page-break splits repaired, artifacts
removed); `orig` keeps what the source said before cleaning, so a person can check.
"""
from __future__ import annotations

from enum import Enum
from typing import Iterator

from pydantic import BaseModel, Field


class BlockKind(str, Enum):
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list_item"
    table = "table"
    footnote = "footnote"
    signature = "signature"  # signature block and "Nơi nhận" recipients


class Provenance(BaseModel):
    """Where a thing came from: enough for a person to find it in the source."""

    file: str
    page: int | None = None  # 1-based; None for formats without pages
    line_start: int | None = None  # 1-based line in the loader's line numbering of the source
    line_end: int | None = None
    table_row: int | None = None  # 0-based index in the reassembled table (header row = 0)


class Cell(BaseModel):
    text: str
    orig: str = ""
    row: int
    col: int


class Row(BaseModel):
    cells: list[Cell]
    # page / source-line span this row was assembled from (a row broken across pages spans two)
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    is_header: bool = False
    is_group: bool = False  # "I. TĂNG CƯỜNG …" with the other cells empty

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class Table(BaseModel):
    rows: list[Row] = Field(default_factory=list)

    @property
    def header(self) -> Row | None:
        for r in self.rows:
            if r.is_header:
                return r
        return None

    def body_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.is_header]


class Block(BaseModel):
    kind: BlockKind
    text: str = ""  # normalised display text (NFC, whitespace collapsed)
    orig: str = ""  # the source text before cleaning
    level: int | None = None  # heading depth / list nesting where the format knows it
    style: str | None = None  # DOCX style name, Markdown marker, …
    marker: str | None = None  # list marker as printed: "-", "a)", "2.1.", "+"
    footnote_refs: list[str] = Field(default_factory=list)  # footnote ids referenced in this block
    footnote_id: str | None = None  # for kind == footnote
    table: Table | None = None
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None

    def provenance(self, file: str, table_row: int | None = None) -> Provenance:
        return Provenance(file=file, page=self.page, line_start=self.line_start,
                          line_end=self.line_end, table_row=table_row)


class DocumentIR(BaseModel):
    source: str  # path as given
    format: str  # "txt" | "md" | "docx" | "pdf"
    sha256: str
    pages: int | None = None
    blocks: list[Block] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # source lines a loader dropped as not being document text, counted by reason (e.g. "copyright",
    # "navigation": a website's furniture; "empty_emphasis": "** **" export debris)
    dropped: dict[str, int] = Field(default_factory=dict)

    def tables(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == BlockKind.table)

    def footnotes(self) -> dict[str, str]:
        return {b.footnote_id: b.text for b in self.blocks
                if b.kind == BlockKind.footnote and b.footnote_id is not None}

    def text_blocks(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind not in (BlockKind.table, BlockKind.footnote))
