"""Web-exported tables: the shape legal-document websites give when their HTML pages are exported to text.

Every HTML table — the two-column page header (issuer | motto, number | place and date), the signature
block (recipients | signer), appendix task tables, target and budget tables — comes out the same way:

    |                 <- a row opens
    cell text         <- one cell, on one or more hard-wrapped lines (never a blank line inside)
    |                 <- between two cells
    next cell
    |                 <- the row closes …
    |                 <- … and the next one opens: two '|' lines in a row are a row boundary
    …

An empty cell is a '|' line right after another too, so a boundary and an empty cell look the same; an
extra '|' sometimes sits between two rows. A table ends at a '|' line followed by a blank line (or by text
that reaches a blank line before any '|').

`is_web_export(raws)` recognises a document in this format by that shape alone (two bare '|' lines in a
row), never by its words. `collect_region(raws, i)` reads the table that starts at the '|' line i into
`Segment`s; `is_layout(region)` says whether it is page layout (one row, or at most two filled cells per
row, no column headings, no numbered rows: the header block, the signature block, a form's signature
lines), whose lines the text loader then reads as text; a real table is reassembled by
`extractors.load.web_tables.table_rows`. `scan(raws)` reads the whole document's layout (`WebLayout`),
`paragraph_end` gives the blank-line-delimited paragraph the site hard-wrapped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.normalize import clean_text
from extractors.tables import is_header_cell, is_row_number, strip_emphasis


def _bar(s: str) -> bool:
    return s.strip() == "|"


def is_web_export(raws: list[str]) -> bool:
    """The document holds a web-exported table: somewhere two lines holding only '|' follow each other
    (a row closing and the next opening). (A text that merely opens with a '|' line may be a "flattened"
    table, one cell per line, which the text loader reads itself.)"""
    return any(_bar(a) and _bar(b) for a, b in zip(raws, raws[1:]))


@dataclass
class Segment:
    """The text between two '|' lines: lines [start, end) of the source (0-based indices); empty when
    end == start (two '|' lines in a row)."""
    start: int
    end: int
    text: str = ""  # display text (emphasis removed, lines joined)

    @property
    def empty(self) -> bool:
        return self.end == self.start


@dataclass
class Region:
    start: int  # index of the opening '|' line
    end: int  # index after the closing '|' line
    segments: list[Segment] = field(default_factory=list)
    unclosed: int | None = None  # index of a line after the last '|' that runs into a blank line: not read

    def bars(self) -> list[int]:
        """Indices of the '|' lines of the region."""
        out = [self.start]
        for s in self.segments:
            if s.end < self.end:
                out.append(s.end)
        return out


def _display(lines: list[str]) -> str:
    return clean_text(strip_emphasis(" ".join(ln.strip() for ln in lines if ln.strip())))


def collect_region(raws: list[str], i: int) -> Region:
    """The web-exported table whose opening '|' line is raws[i] (see the module docstring)."""
    n = len(raws)
    region = Region(start=i, end=i + 1)
    b = i
    while True:
        j = b + 1
        if j >= n or not raws[j].strip():
            break
        if _bar(raws[j]):
            region.segments.append(Segment(j, j))
            b = j
            continue
        k = j
        while k < n and raws[k].strip() and not _bar(raws[k]):
            k += 1
        if k < n and _bar(raws[k]):
            region.segments.append(Segment(j, k, _display(raws[j:k])))
            b = k
            continue
        if all(not r.strip() for r in raws[k:]):  # the file ends inside a cell (a truncated export)
            region.segments.append(Segment(j, k, _display(raws[j:k])))
            region.unclosed = j
            return region_end(region, n)
        region.unclosed = j
        break  # text running into a blank line: not a cell
    region.end = b + 1
    return region


def region_end(region: Region, end: int) -> Region:
    region.end = end
    return region


def naive_rows(region: Region) -> list[list[Segment]]:
    """Rows cut at every empty segment (what a table without empty cells would be)."""
    rows: list[list[Segment]] = [[]]
    for s in region.segments:
        if s.empty:
            rows.append([])
        else:
            rows[-1].append(s)
    return [r for r in rows if r]


def is_layout(region: Region) -> bool:
    """Page layout, not a table: a single row (signature lines side by side: "Trưởng thôn | Bí thư …"), or
    no row has more than two filled cells, no two cells of a row read as column headings and no row opens
    with a row number."""
    rows = naive_rows(region)
    if len(rows) <= 1:
        return True
    for r in rows:
        filled = [s for s in r if s.text]
        if len(filled) > 2:
            return False
        if sum(1 for s in filled if is_header_cell(s.text)) >= 2:
            return False
        if filled and is_row_number(filled[0].text) and len(filled) > 1:
            return False
    return True


# ---------------------------------------------------------------- the whole document

_EMPHASIS_ONLY = re.compile(r"^[\s*_]+$")
# an emphasis mark standing alone ("…năm 2025; *", "** Ghi chú: **- …") or after a rule ("-----* *"):
# the site closes runs after a space, which Markdown does not read as emphasis
_LONE_EMPHASIS = re.compile(r"(?:(?<=\s)|^)\*{1,3}(?=\s|$)|(?<=[-–—])\*{1,3}(?=\s|$)")


def drop_lone_emphasis(s: str) -> str:
    """Remove emphasis marks that mark nothing (see _LONE_EMPHASIS); the rest stays for strip_emphasis."""
    return _LONE_EMPHASIS.sub("", s)
_BOLD = re.compile(r"\*\*")
_SENTENCE_END = re.compile(r"[.;:!?]\s*[*_]*\s*$")


@dataclass
class WebLayout:
    """What the '|' lines and blank lines of a web-exported document say about its lines (0-based
    indices into the source lines):
    - `regions`: start line of every '|'-bracketed region -> (region, is layout);
    - `layout_bars`: the '|' lines of layout regions (dropped; they separate cells);
    - `joins`: lines of a layout cell that continue the line right above them: inside an emphasis run
      opened above ("**TM. ỦY BAN NHÂN" / "DÂN**"), or starting in lower case or "(" after a line that
      does not end a clause ("- Ban Thi đua …" / "(b/c);"). (Outside the '|' regions every
      blank-line-delimited paragraph is one text: `paragraph_end`.)
    - `empty_emphasis`: lines holding only emphasis marks ("** **", "* *"): export debris, blank."""
    regions: dict[int, tuple[Region, bool]] = field(default_factory=dict)
    layout_bars: set[int] = field(default_factory=set)
    joins: set[int] = field(default_factory=set)
    empty_emphasis: set[int] = field(default_factory=set)
    region_lines: set[int] = field(default_factory=set)  # every line of a '|'-bracketed region


def _open_emphasis(line: str, bold_open: bool, italic_open: bool) -> tuple[bool, bool]:
    """Bold / italic state after `line`, given the state before it."""
    bold_runs = len(_BOLD.findall(line))
    rest = _BOLD.sub("", line)
    italics = rest.count("*")
    return bold_open ^ (bold_runs % 2 == 1), italic_open ^ (italics % 2 == 1)


def scan(raws: list[str]) -> WebLayout:
    """Read the layout of a web-exported document (see `WebLayout`)."""
    out = WebLayout()
    n = len(raws)
    in_cell: set[int] = set()
    i = 0
    while i < n:
        if _bar(raws[i]):
            region = collect_region(raws, i)
            layout = is_layout(region)
            out.regions[i] = (region, layout)
            if layout:
                out.layout_bars.update(region.bars())
                for seg in region.segments:
                    _cell_joins(raws, seg, out.joins)
                    in_cell.update(range(seg.start, seg.end))
            i = max(region.end, i + 1)
            continue
        i += 1
    in_region = set(in_cell)
    for start, (region, _layout) in out.regions.items():
        in_region.update(range(start, region.end))
    out.region_lines = in_region
    for k, s in enumerate(raws):
        if k not in in_region and s.strip() and _EMPHASIS_ONLY.match(s):
            out.empty_emphasis.add(k)
    return out


def paragraph_end(raws: list[str], i: int, web: WebLayout) -> int:
    """The end (exclusive) of the blank-line-delimited paragraph of text that starts at line i, outside
    any '|' region: the site hard-wraps every paragraph, so its lines are one text."""
    j = i
    while j < len(raws) and raws[j].strip() and j not in web.region_lines and not _bar(raws[j]):
        j += 1
    return max(j, i + 1)


def _cell_joins(raws: list[str], seg: Segment, joins: set[int]) -> None:
    bold = italic = False
    for k in range(seg.start, seg.end):
        line = raws[k].strip()
        if k > seg.start and line:
            prev = raws[k - 1].strip()
            text = strip_emphasis(line).strip()
            if bold or italic or (text[:1].islower() or text.startswith("(")) and not _SENTENCE_END.search(prev):
                joins.add(k)
        bold, italic = _open_emphasis(line, bold, italic)
