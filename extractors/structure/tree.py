"""The section tree of a document: which heading every block sits under.

A section opens at every heading or numbered item ('I.', '1.', '1.1.', 'a)'), at the level of its numbering
(structure.numbering); it closes at the next one of the same or a higher level. An appendix heading ('PHỤ LỤC …')
opens a top section (level 0) and closes everything. An unnumbered heading (a line in capitals, a Markdown
heading) after the first numbered one opens a section one level under the section it is in; before it (the title
area: 'KẾ HOẠCH', the plan's name) it opens nothing. Bullets, paragraphs, tables, footnotes and the signature
are leaves of the innermost open section;
the signature block and recipients are leaves of the root.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.ir import Block, BlockKind
from extractors.structure.numbering import Numbering, block_numbering, strip_markup


@dataclass
class Section:
    block: int | None  # index in ir.blocks of the heading; None for the root
    title: str
    num: str  # numbering as printed without punctuation ("II", "2.1", "a"); "" when unnumbered
    kind: str  # numbering kind, "appendix", "heading" (unnumbered) or "root"
    level: int
    children: list[Section] = field(default_factory=list)
    leaves: list[int] = field(default_factory=list)  # indices of the blocks directly under it

    def walk(self) -> list[Section]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


def _is_appendix(b: Block) -> bool:
    return b.style == "appendix"


def build_tree(blocks: list[Block], numberings: list[Numbering]) -> tuple[Section, list[tuple[int, ...]]]:
    """(root, path per block): the path of a block is the indices of the heading blocks it sits under,
    outermost first (a heading's own path does not include itself)."""
    root = Section(None, "", "", "root", -1)
    stack: list[Section] = [root]
    paths: list[tuple[int, ...]] = []
    seen_numbered = False
    for i, (b, n) in enumerate(zip(blocks, numberings)):
        opens: Section | None = None
        if b.kind in (BlockKind.heading, BlockKind.list_item, BlockKind.paragraph):
            if _is_appendix(b):
                opens = Section(i, strip_markup(b.text), "", "appendix", 0)
            elif n.numbered:
                opens = Section(i, n.rest, n.num, n.kind, n.level)
                seen_numbered = True
            elif b.kind == BlockKind.heading and seen_numbered:
                opens = Section(i, n.rest, "", "heading", stack[-1].level + 1 if len(stack) > 1 else 1)
        if b.kind == BlockKind.signature:
            # the signature block and the recipients close the document: they sit under no section
            paths.append(())
            root.leaves.append(i)
            continue
        if opens is not None:
            while len(stack) > 1 and stack[-1].level >= opens.level:
                stack.pop()
            paths.append(tuple(s.block for s in stack[1:] if s.block is not None))
            stack[-1].children.append(opens)
            stack.append(opens)
        else:
            paths.append(tuple(s.block for s in stack[1:] if s.block is not None))
            stack[-1].leaves.append(i)
    return root, paths


def numberings_of(blocks: list[Block]) -> list[Numbering]:
    return [block_numbering(b) if b.kind not in (BlockKind.table, BlockKind.footnote) else
            Numbering("plain", "", "", 7) for b in blocks]
