"""Real tables of web-exported text (see `extractors.load.web_export` for the '|' shape) reassembled into
`tables.RawRow`s by `table_rows(raws, region)`:

- the row width (number of columns) is the width whose reading of the body costs least (`read_body`):
  rows of at most `width` cells each ending on a row boundary (an empty segment), cut by a small dynamic
  programme that rewards rows opened by a row number / group numeral / dash, charges for missing cells
  (group rows, merged cells), for skipped '|' lines and for a numbering mark ("1.1", "II", "a") read
  inside a row after an empty cell; of equal readings the narrowest; never less than the header row,
  never more than MAX_COLUMNS. Several rows read as one are thus never preferred to each row alone, and
  an extra '|' between rows is skipped, not read as a cell (columns do not shift);
- the header rows (up to the first row opened by a first row number "1"/"I"/"a)" or a dash; a row of
  column numbers right after them too) are marked `RawRow.header`; a two-level header printed as its
  cells only (a parent over several columns printed once) is laid on the leaf columns, the parent
  followed by empty cells and its children under them (the spanning parents taken to be the last ones);
- in a numbered table, a short row with no row number (printed without the leading cells merged over
  several rows) is read into the last columns;
- notes say what could not be read cleanly (rows under merged cells, skipped '|' lines, a row wider than
  MAX_COLUMNS cut, a cell not closed by '|'); the loader turns them into IR warnings.
"""
from __future__ import annotations

import re

from extractors.load.web_export import Region, Segment, naive_rows
from extractors.tables import RawRow, is_row_number

MAX_COLUMNS = 30  # no real table is wider; a wider guess is a mis-read
_ROMAN = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")
_INT = re.compile(r"^\(?(\d{1,3})[.)]?$")
_DASHES = ("-", "–", "+", "*")


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
