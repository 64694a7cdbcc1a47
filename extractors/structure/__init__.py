"""The structure stage: between the loaders and the extractors, one place that decides what each block is.

`build_structure(ir)` gives, for a DocumentIR:
- per block: its role (header | title | heading | item | bullet | paragraph | table | footnote | signature), its
  printed numbering with kind and level (structure.numbering; the one rule the extractors use), and its heading
  path in the section tree (structure.tree);
- per table: its kind — task, target, schedule, data or layout (structure.tables);
- warnings: tables wider than any real table.
`document_kind(ir, doc_type, title)` (structure.document) says whether the document is a plan at all.

The result is cached for the last DocumentIR built, so every extractor can ask for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.ir import BlockKind, DocumentIR
from extractors.model import Warning_
from extractors.normalize import clean_text, compare_form
from extractors.structure.document import DocumentKind, document_kind
from extractors.structure.numbering import Numbering, block_numbering, parse_numbering
from extractors.structure.tables import TableKind, max_real_columns, table_kind
from extractors.structure.tree import Section, build_tree, numberings_of
from extractors.structure.vocab import named

__all__ = ["BlockInfo", "DocumentKind", "Numbering", "Section", "Structure", "TableKind", "block_numbering",
           "build_structure", "document_kind", "parse_numbering", "table_kind"]

_HEADER_ZONE = 30  # the page header and title are among the first blocks


@dataclass
class BlockInfo:
    index: int
    role: str
    numbering: Numbering
    path: tuple[int, ...]
    table: TableKind | None = None


@dataclass
class Structure:
    blocks: list[BlockInfo]
    root: Section
    warnings: list[Warning_] = field(default_factory=list)

    def tables(self) -> list[BlockInfo]:
        return [b for b in self.blocks if b.table is not None]

    def heading_path(self, index: int, ir: DocumentIR) -> list[str]:
        """The headings a block sits under, as printed (outermost first)."""
        return [clean_text(ir.blocks[i].text) for i in self.blocks[index].path]


def _is_furniture(text: str) -> bool:
    cf = compare_form(clean_text(text)).strip(" *")
    return bool(cf) and any(p.search(cf) for _, p in named("tables", "layout"))


def _role(ir: DocumentIR, i: int, n: Numbering, first_numbered: int) -> str:
    b = ir.blocks[i]
    if b.kind == BlockKind.table:
        return "table"
    if b.kind == BlockKind.footnote:
        return "footnote"
    if b.kind == BlockKind.signature:
        return "signature"
    if i < min(first_numbered, _HEADER_ZONE) and b.style != "appendix":
        return "header" if _is_furniture(b.text) else "title" if b.kind == BlockKind.heading else "paragraph"
    if b.kind == BlockKind.heading or (n.numbered and b.kind != BlockKind.paragraph):
        return "heading" if b.kind == BlockKind.heading else "item"
    if n.is_bullet:
        return "bullet"
    return "item" if n.numbered else "paragraph"


_last: tuple[DocumentIR, Structure] | None = None


def build_structure(ir: DocumentIR) -> Structure:
    """The structure of a document (cached for the last document asked about)."""
    global _last
    if _last is not None and _last[0] is ir:
        return _last[1]
    nums = numberings_of(ir.blocks)
    root, paths = build_tree(ir.blocks, nums)
    first_numbered = next((i for i, n in enumerate(nums) if n.numbered), len(nums))
    infos: list[BlockInfo] = []
    warnings: list[Warning_] = []
    for i, (b, n, p) in enumerate(zip(ir.blocks, nums, paths)):
        tk = table_kind(b.table) if b.kind == BlockKind.table and b.table is not None else None
        infos.append(BlockInfo(i, _role(ir, i, n, first_numbered), n, p, tk))
        if tk is not None and tk.too_wide:
            warnings.append(Warning_(
                code="structure.table_too_wide",
                message=(f"a table of {tk.columns} columns (more than any real table, {max_real_columns()}): the "
                         f"rows of this table were probably not recognised; its contents are not read as tasks"),
                provenance=b.provenance(ir.source)))
    st = Structure(infos, root, warnings)
    _last = (ir, st)
    return st
