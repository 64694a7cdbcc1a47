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


def _bar(s: str) -> bool:
    return s.strip() == "|"


def is_web_export(raws: list[str]) -> bool:
    """The document holds a web-exported table: somewhere two lines holding only '|' follow each other
    (a row closing and the next opening)."""
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

    def bars(self) -> list[int]:
        """Indices of the '|' lines of the region."""
        out = [self.start]
        for s in self.segments:
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
        break  # text running into a blank line: not a cell
    # a region closes on a row boundary: drop trailing empty segments past the last closing bar
    region.end = b + 1
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
    """Page layout, not a table: no row has more than two filled cells, no cell reads as a column heading
    and no row opens with a row number."""
    rows = naive_rows(region)
    if not rows:
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
    return bool(first) and (is_row_number(first) or bool(_ROMAN.match(first)))


def _header_count(rows: list[list[Segment]]) -> int:
    """How many leading '|'-delimited rows are the header: up to the first row opened by a row number or
    a group numeral (at most 3); 1 when none is found that early."""
    for k, r in enumerate(rows[:4]):
        if _opens_data(r):
            return max(k, 1) if k else 0
    return 1


def _number(s: Segment) -> int | None:
    m = _INT.match(s.text)
    return int(m.group(1)) if m else None


def _step_width(segs: list[Segment]) -> int | None:
    """Columns from the step between consecutive row numbers opening rows (a number right after an empty
    segment): the most common step minus the boundary."""
    steps: Counter[int] = Counter()
    last: tuple[int, int] | None = None  # (number, position)
    for p, s in enumerate(segs):
        if p > 0 and not segs[p - 1].empty:
            continue
        num = _number(s)
        if num is None:
            continue
        if last is not None and num == last[0] + 1:
            steps[p - last[1]] += 1
        last = (num, p)
    if not steps:
        return None
    step, count = steps.most_common(1)[0]
    return step - 1 if count >= 2 and 2 <= step - 1 <= MAX_COLUMNS else None


def _fit_width(segs: list[Segment], low: int) -> int:
    """The width whose full rows end on a boundary over the most segments (greedy reading)."""
    best, best_cov = low, -1.0
    m = len(segs)
    for w in range(max(low, 2), MAX_COLUMNS + 1):
        p, covered = 0, 0
        while p < m:
            if p + w <= m and (p + w == m or segs[p + w].empty):
                covered += w
                p += w + 1
                continue
            q = p + 1
            while q < m and not segs[q].empty:
                q += 1
            p = q + 1
        cov = covered / m if m else 0.0
        if cov > best_cov + 0.05:
            best, best_cov = w, cov
    return best


_SKIP_COST = 3.0  # an extra '|' line skipped between rows
_SHORT_COST = 1.0  # per missing cell in a short row
_OPEN_BONUS = 2.0  # a row opened by a row number / group numeral


def _cut_rows(segs: list[Segment], width: int) -> list[list[Segment]]:
    """Cut the body segments into rows (see the module docstring): dynamic programme over positions."""
    m = len(segs)
    inf = float("inf")
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
            c = cost[p] + _SHORT_COST * (width - length)
            if _opens_data(segs[p:p + 1]):
                c -= _OPEN_BONUS
            nxt = min(e + 1, m)
            if c < cost[nxt]:
                cost[nxt], back[nxt] = c, (p, length)
    rows: list[list[Segment]] = []
    pos = m
    while pos > 0 and back[pos] is not None:
        prev, length = back[pos]  # type: ignore[misc]
        if length:
            rows.append(segs[prev:prev + length])
        pos = prev
    rows.reverse()
    return rows


def infer_width(region: Region) -> tuple[int, int]:
    """(header row count, column count) of a real table."""
    rows = naive_rows(region)
    hcount = _header_count(rows)
    head_width = max((len(r) for r in rows[:hcount]), default=1)
    body = _body_segments(region, hcount)
    width = _step_width(body)
    if width is None or width < head_width:
        width = _fit_width(body, head_width)
    return hcount, min(max(width, head_width, 1), MAX_COLUMNS)


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


def _raw_row(raws: list[str], cells: list[Segment], pages: list[int | None]) -> RawRow:
    texts = ["\n".join(raws[k].strip() for k in range(s.start, s.end) if raws[k].strip()) for s in cells]
    filled = [s for s in cells if not s.empty] or cells
    first, last = filled[0].start, max(filled[-1].end - 1, filled[-1].start)
    return RawRow(cells=texts, line_start=first + 1, line_end=last + 1, page=pages[first] if pages else None,
                  wrapped=True)


def table_rows(raws: list[str], region: Region, pages: list[int | None] | None = None) -> tuple[list[RawRow], int]:
    """The rows of a real web-exported table, and its inferred width (see the module docstring)."""
    pages = pages or [None] * len(raws)
    rows = naive_rows(region)
    hcount, width = infer_width(region)
    out = [_raw_row(raws, r[:MAX_COLUMNS], pages) for r in rows[:hcount]]
    for r in _cut_rows(_body_segments(region, hcount), width):
        out.append(_raw_row(raws, r, pages))
    return out, width
