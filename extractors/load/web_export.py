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
`Segment`s; `is_layout(region)` says whether it is page layout (at most two filled cells per row, no column
headings, no numbered rows: the header block, the signature block, a form's signature lines), whose lines
the text loader then reads as text; `table_rows(region)` reassembles a real table into `RawRow`s:

- the row width (number of columns) is inferred from the data: the step between consecutive row numbers
  ("1", "2", "3" opening rows) when the table is numbered, else the width whose full rows end on a
  boundary most often; never less than the header row, never more than MAX_COLUMNS;
- the header rows (up to the first row opened by a row number, a Roman numeral or a column-number row)
  are the '|'-delimited rows as printed (a two-level header keeps its two rows);
- the body is cut into rows of at most `width` cells ending on a boundary by a small dynamic programme that
  prefers full rows, rows opened by a row number or group numeral, and no skipped '|' lines; an extra
  '|' between rows is skipped (never shifts the columns), a short row (a merged cell) stays short and is
  padded by `tables.reassemble_rows`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.normalize import clean_text
from extractors.tables import RawRow, is_header_cell, is_row_number, strip_emphasis

MAX_COLUMNS = 30  # no real table is wider; a wider guess is a mis-read
_ROMAN = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")
_INT = re.compile(r"^\(?(\d{1,3})[.)]?$")
_DASHES = ("-", "–", "+", "*")


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


def _opens_data(row: list[Segment]) -> bool:
    first = row[0].text if row else ""
    return bool(first) and (is_row_number(first) or bool(_ROMAN.match(first)) or first in _DASHES)


def is_column_numbers(row: list[Segment]) -> bool:
    """A row of column numbers under the header: "1 | 2 | 3 …" or "(1) | (2) …", at least 3, consecutive."""
    nums = [_number(s) for s in row]
    if len(nums) < 3 or any(x is None for x in nums):
        return False
    return nums == list(range(nums[0], nums[0] + len(nums)))  # type: ignore[operator]


_FIRST_NUMBER = re.compile(r"^\(?(?:0?1|I|A|a)(?:\.1)*[.)]?\)?$")


def _opens_first_row(row: list[Segment]) -> bool:
    """The first data row of a table: opened by a first number ("1", "I", "A", "a)", "1.1") or a dash."""
    first = row[0].text if row else ""
    return bool(_FIRST_NUMBER.match(first)) or first in _DASHES


def _header_count(rows: list[list[Segment]]) -> int:
    """How many leading '|'-delimited rows are the header: up to the first row opened by a first row
    number ("1", "I", "a)") or a dash (at most 3; a row of column numbers right after them is a header row
    too); 1 when no such row comes that early."""
    for k, r in enumerate(rows[:4]):
        if is_column_numbers(r) and k > 0:
            return k + 1
        if _opens_first_row(r):
            return k
    return 1


def _number(s: Segment) -> int | None:
    m = _INT.match(s.text)
    return int(m.group(1)) if m else None


_SKIP_COST = 3.0  # an extra '|' line skipped between rows
_SHORT_COST = 0.3  # per missing cell in a short row (a group row, a merged cell)
_INNER_MARK_COST = 4.0  # a numbering mark ("1.1", "II", "a", "-") after an empty cell inside a row
_MARK = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|[IVXLC]{1,6}\.?|[a-zđ][.)]?|[-–+])$")
_OPEN_BONUS = 2.0  # a row opened by a row number / group numeral
_ROW_BONUS = 0.05  # every row: of two readings as good, the one with more (narrower) rows wins


def _cut_rows(segs: list[Segment], width: int) -> tuple[list[list[Segment]], float]:
    """Cut the body segments into rows (see the module docstring): dynamic programme over positions.
    Returns the rows and the reading's cost (inf when the segments cannot be read at this width)."""
    m = len(segs)
    inf = float("inf")
    # a cell that reads as the numbering of a new row right after an empty cell: a row boundary missed
    marks = [p > 0 and segs[p - 1].empty and bool(_MARK.match(segs[p].text)) for p in range(m)]
    cost = [inf] * (m + 2)
    back: list[tuple[int, int] | None] = [None] * (m + 2)  # (previous position, row length)
    cost[0] = 0.0
    for p in range(m + 1):
        if cost[p] == inf or p == m:
            continue
        if segs[p].empty:  # an extra '|' (or a boundary after a short row): skip it
            c = cost[p] + _SKIP_COST
            if c < cost[p + 1]:
                cost[p + 1], back[p + 1] = c, (p, 0)
        for length in range(1, width + 1):
            e = p + length
            if e > m:
                break
            if e < m and not segs[e].empty:
                continue
            c = cost[p] + _SHORT_COST * (width - length) - _ROW_BONUS + _INNER_MARK_COST * marks[p + 1:e].count(True)
            if _opens_data(segs[p:p + 1]):
                c -= _OPEN_BONUS
            nxt = min(e + 1, m)
            if c < cost[nxt]:
                cost[nxt], back[nxt] = c, (p, length)
    rows: list[list[Segment]] = []
    if cost[m] == inf:
        return rows, inf
    pos = m
    while pos > 0 and back[pos] is not None:
        prev, length = back[pos]  # type: ignore[misc]
        if length:
            rows.append(segs[prev:prev + length])
        pos = prev
    rows.reverse()
    return rows, cost[m]


def read_body(segs: list[Segment], low: int) -> tuple[int, list[list[Segment]]]:
    """The width (at least `low`, at most MAX_COLUMNS) whose reading of the body costs least, and the rows
    of that reading; of equal costs the narrowest width."""
    best: tuple[float, int, list[list[Segment]]] | None = None
    for w in range(max(low, 1), MAX_COLUMNS + 1):
        rows, c = _cut_rows(segs, w)
        if c == float("inf"):
            continue
        if best is None or c < best[0] - 1e-9:
            best = (c, w, rows)
    if best is None:  # a row longer than any real table: cut it at MAX_COLUMNS
        return MAX_COLUMNS, [segs[k:k + MAX_COLUMNS] for k in range(0, len(segs), MAX_COLUMNS)]
    return best[1], best[2]


def _body_segments(region: Region, hcount: int) -> list[Segment]:
    """The segments after the first `hcount` '|'-delimited rows (and their boundaries)."""
    segs = region.segments
    seen, p = 0, 0
    while p < len(segs) and seen < hcount:
        while p < len(segs) and segs[p].empty:
            p += 1
        while p < len(segs) and not segs[p].empty:
            p += 1
        seen += 1
    while p < len(segs) and segs[p].empty:
        p += 1
    return segs[p:]


def _cell_text(raws: list[str], s: Segment) -> str:
    return "\n".join(raws[k].strip() for k in range(s.start, s.end) if raws[k].strip())


def _raw_row(raws: list[str], cells: list[Segment], pages: list[int | None], header: bool = False,
             texts: list[str] | None = None) -> RawRow:
    if texts is None:
        texts = [_cell_text(raws, s) for s in cells]
    filled = [s for s in cells if not s.empty] or cells
    first, last = filled[0].start, max(filled[-1].end - 1, filled[-1].start)
    return RawRow(cells=texts, line_start=first + 1, line_end=last + 1, page=pages[first] if pages else None,
                  wrapped=True, header=header)


def _aligned_header(raws: list[str], parents: list[Segment], children: list[Segment],
                    width: int) -> tuple[list[str], list[str]] | None:
    """A two-level header printed as its cells only (a parent over several columns printed once, the
    columns under it in the next row) laid out on the `width` leaf columns: the parent followed by empty
    cells, its children under them. The parents over children are taken to be the last ones (numbering,
    content and unit columns come first and span both rows). None when the counts do not fit."""
    spanning = len(parents) + len(children) - width
    if not 1 <= spanning <= len(parents) or len(children) < spanning:
        return None
    top: list[str] = []
    bottom: list[str] = []
    fixed = len(parents) - spanning
    for s in parents[:fixed]:
        top.append(_cell_text(raws, s))
        bottom.append("")
    per, extra = divmod(len(children), spanning)
    pos = 0
    for k, s in enumerate(parents[fixed:]):
        take = per + (extra if k == spanning - 1 else 0)
        top.extend([_cell_text(raws, s)] + [""] * (take - 1))
        bottom.extend(_cell_text(raws, c) for c in children[pos:pos + take])
        pos += take
    return top, bottom


def _header_raw_rows(raws: list[str], rows: list[list[Segment]], width: int,
                     pages: list[int | None]) -> list[RawRow]:
    labels = [r for r in rows if not is_column_numbers(r)]
    if len(labels) == 2:
        got = _aligned_header(raws, labels[0], labels[1], width)
        if got is not None:
            out = [_raw_row(raws, labels[0], pages, True, got[0]), _raw_row(raws, labels[1], pages, True, got[1])]
            out += [_raw_row(raws, r[:width], pages, True) for r in rows if is_column_numbers(r)]
            return out
    return [_raw_row(raws, r[:width], pages, True) for r in rows]


def table_rows(raws: list[str], region: Region, pages: list[int | None] | None = None
               ) -> tuple[list[RawRow], int, list[str]]:
    """The rows of a real web-exported table, its inferred width, and notes on what could not be read
    cleanly (see the module docstring)."""
    pages = pages or [None] * len(raws)
    rows = naive_rows(region)
    hcount = _header_count(rows)
    head_width = max((len(r) for r in rows[:hcount]), default=1)
    segs = _body_segments(region, hcount)
    width, body = read_body(segs, min(head_width, MAX_COLUMNS))
    out = _header_raw_rows(raws, rows[:hcount], width, pages)
    numbered = sum(1 for r in body if _opens_data(r)) >= 0.5 * max(len(body), 1)
    padded = 0
    for r in body:
        texts = [_cell_text(raws, c) for c in r]
        if numbered and len(r) < width and r[0].text and not _opens_data(r):
            texts = [""] * (width - len(r)) + texts  # a row under merged (rowspan) leading cells
            padded += 1
        out.append(_raw_row(raws, r, pages, texts=texts))
    return out, width, _reading_notes(region, rows[:hcount], segs, body, width, padded)


SHORT_ROWS_WARN = 0.3  # share of body rows read as sitting under merged leading cells
SKIPS_WARN = 0.2  # '|' lines skipped per body row


def _reading_notes(region: Region, header: list[list[Segment]], segs: list[Segment],
                   body: list[list[Segment]], width: int, padded: int) -> list[str]:
    where = f"table at lines {region.start + 1}-{region.end}"
    notes: list[str] = []
    if any(len(r) > MAX_COLUMNS for r in header) or (body and max(len(r) for r in body) == MAX_COLUMNS
                                                        and width == MAX_COLUMNS):
        notes.append(f"{where}: a row of more than {MAX_COLUMNS} cells, wider than any real table: cut")
    rows = [r for r in body if r]
    if rows:
        if padded > max(2, SHORT_ROWS_WARN * len(rows)):
            notes.append(f"{where}: {padded} of {len(rows)} rows have fewer than its {width} cells and no "
                         f"row number (cells merged over several rows): read as the last columns")
        skipped = len(segs) - sum(len(r) for r in rows) - (len(rows) - 1)
        if skipped >= 3 and skipped > SKIPS_WARN * len(rows):
            notes.append(f"{where}: {skipped} '|' lines between rows could not be placed and were skipped")
    if region.unclosed is not None:
        notes.append(f"line {region.unclosed + 1}: a table cell not closed by '|' (the text ends inside the "
                     f"table, or a blank line follows): read up to there")
    return notes


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
