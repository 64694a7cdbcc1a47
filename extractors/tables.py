"""Table reassembly shared by every loader (text/Markdown, DOCX, PDF).

A loader hands over the rows it read, in order, as `RawRow`s (cell strings as found, plus where the row
came from); `reassemble_rows` returns one `ir.Table` with these guarantees:

1. Header: the first row is the header (`is_header=True`) unless its first cell looks like a row number
   ("1", "2.1", "I"); the second row of a two-level header (every filled cell a column heading, e.g.
   " | | Chủ trì | Phối hợp | " under "TT | Nội dung | Cơ quan thực hiện | | Thời gian") is a header too,
   and so is a row of column numbers right after them ("(1) (2) (3)…" or "1 2 3…").
2. Repeated headers: any later row whose cells equal the header's (compared in `normalize.compare_form`)
   is dropped — that is what a page break in a long table leaves behind.
3. Continuation rows: a row whose first cell is empty, and which follows a data row, continues that row
   when the table has a numbering column (header "STT"/"TT"/"Số TT", or most first cells are row numbers)
   or when the loader flagged it `after_break` (it follows a page break / blank line) — never when the loader
   says the row is a row of its own (`own_row`: a DOCX table row, which no page break splits; there a row
   with an empty number cell is a data sub-row or a sub-row under a merged number cell) unless it comes right
   after a repeated header row (a DOCX converted from a PDF keeps the page break that way). It is merged cell by
   cell into the row before: non-empty pieces joined with `pagebreak.join_fragments` (one space, or none
   inside a split symbol such as "57-" + "NQ/TW"). The merged row's line span covers both pieces.
4. Group rows: a row with only its first cell filled and that cell not a row number
   ("I. TĂNG CƯỜNG …"), or a Roman numeral / capital letter in the first cell with only the second cell
   filled ("II" | "NHIỆM VỤ …"), gets `is_group=True`. Group rows are kept in place.
5. Cells: `Cell.orig` is the raw cell text (pieces of a merged cell joined by "\\n"; a `<br>` stays as
   printed); `Cell.text` is `normalize.clean_text` after removing HTML fragments (<p>, <ul>, <li> → "- ",
   entities) and Markdown emphasis. A `<br>` line break becomes "; " when both sides read as separate
   items (the left side does not end in punctuation and the right side starts with a capital letter:
   "Sở Tài chính<br>Sở Tư pháp" → "Sở Tài chính; Sở Tư pháp", which `owners.split_owners` splits), and a
   space otherwise (a wrapped phrase "Kế hoạch<br>và báo cáo", a list "<br>- Báo cáo"). All rows are padded
   with empty cells to the widest row; nothing is invented.
   A loader that read a cell as several hard-wrapped lines (legal-text website exports) passes them
   joined by "\\n" with `RawRow.wrapped=True`: the lines are then joined like page-break pieces
   (`pagebreak.join_fragments`: "Nghị quyết số 68-" + "NQ/TW" -> "68-NQ/TW"), not with a plain space.
6. Row/column indices: `Cell.row` is the row's index in the returned table (header = 0), `Cell.col` the
   column index; rows keep their page and 1-based line span.

`is_header_cell(s)` says whether a cell reads as a column heading of a task table (a numbering heading
"STT"/"TT", or a short cell in the column vocabulary of `data/columns.json`: "Nội dung nhiệm vụ",
"Cơ quan chủ trì", "Thời gian hoàn thành" …); loaders use it to find the header row of flattened tables.

Nothing is dropped except repeated header rows and rows that are empty in every cell; `warnings` says
what was dropped or merged and where.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractors.ir import Cell, Row, Table
from extractors.normalize import clean_text, compare_form
from extractors.pagebreak import join_fragments

_ROW_NUMBER = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[a-zđ]\)?)\)?$", re.IGNORECASE)
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
NUMBERING_HEADERS = {"stt", "tt", "số tt", "số thứ tự", "thứ tự", "no", "no."}

_TAG_LI = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG_ANY = re.compile(r"</?(?:p|ul|ol|li|br|span|div|strong|b|em|i|u|sup|sub|font|table|tr|td|th|tbody|thead|a)\b[^>]*>",
                      re.IGNORECASE)
_TAG_UNCLOSED = re.compile(r"<(?:p|ul|ol|li|span|div|td|th|font)\b[^<>]*$", re.IGNORECASE)
_BREAK_LEFT_OPEN = re.compile(r"[,;:.\-–(/&+]\s*$")
_BREAK_RIGHT_ITEM = re.compile(r"^[\s*_]*[A-ZÀ-ỸĐ]")
_COLUMNS_FILE = Path(__file__).parent / "data" / "columns.json"
HEADER_CELL_MAX_WORDS = 8
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5});")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])")
_GLUED = re.compile(r"(?<=\w)\*{2,3}(?=\w)")
_STAR_MARK = re.compile(r"(?<=\()(\*{1,3})(?=\))")
_UNMARK = re.compile(r"\(\x00+\)")


@dataclass
class RawRow:
    """One row as a loader read it."""

    cells: list[str]
    line_start: int | None = None
    line_end: int | None = None
    page: int | None = None
    after_break: bool = False  # a page break / blank gap precedes this row
    wrapped: bool = False  # "\n" inside a cell is a hard wrap of one text (see the module docstring)
    header: bool = False  # the loader knows this row is a header row (web exports mark their header rows)
    own_row: bool = False  # the format says this is a row of its own (a DOCX w:tr): never a continuation


@dataclass
class _Acc:
    pieces: list[list[str]]  # per column, raw pieces
    line_start: int | None
    line_end: int | None
    page: int | None
    is_header: bool = False
    is_group: bool = False
    merged: int = 0
    extra: list[str] = field(default_factory=list)
    wrapped: bool = False


def _break_joiner(s: str, m: re.Match[str]) -> str:
    """What a <br> becomes: "; " between two items, a space inside one (see the module docstring)."""
    left = _TAG_ANY.sub(" ", s[:m.start()]).rstrip(" *_")
    right = _TAG_ANY.sub(" ", s[m.end():])
    if not left.strip() or _BREAK_LEFT_OPEN.search(left) or not _BREAK_RIGHT_ITEM.match(right):
        return " "
    return "; "


def strip_html(s: str, breaks_as_items: bool = False) -> str:
    """Remove HTML fragments a converter left in a cell; list items become '- '. With `breaks_as_items`,
    a <br> between two items becomes "; " (table cells, see the module docstring), otherwise a space."""
    if "<" not in s and "&" not in s:
        return s
    s = _TAG_LI.sub(" - ", s)
    if breaks_as_items:
        s = _TAG_BREAK.sub(lambda m: _break_joiner(m.string, m), s)
    else:
        s = _TAG_BREAK.sub(" ", s)
    s = _TAG_ANY.sub(" ", s)
    s = _TAG_UNCLOSED.sub(" ", s)
    if _ENTITY.search(s):
        s = html.unescape(s)
    return s


def strip_emphasis(s: str) -> str:
    """Remove Markdown emphasis markers (*, **, ***); '**' glued between two words becomes a space.
    A bracketed asterisk used as a mark ("(*)", "(**)") and a leading "* " bullet are kept."""
    if "*" not in s:
        return s
    s = _STAR_MARK.sub(lambda m: "\x00" * len(m.group(1)), s)
    s = _GLUED.sub(" ", s)
    s = _EMPHASIS.sub("", s)
    return _UNMARK.sub(lambda m: "(" + "*" * (len(m.group(0)) - 2) + ")", s)


def clean_cell(raw: str) -> str:
    """Display text of a raw cell."""
    return clean_text(strip_emphasis(strip_html(raw, breaks_as_items=True)))


@lru_cache(maxsize=1)
def _column_patterns() -> list[tuple[str, re.Pattern[str]]]:
    data = json.loads(_COLUMNS_FILE.read_text(encoding="utf-8"))
    return [(c["name"], re.compile(c["pattern"])) for c in data["columns"]]


def header_column(s: str) -> str | None:
    """The column a heading cell names ("stt", "content", "lead", … as in `data/columns.json`), or None
    when the cell does not read as a column heading (too long, a sentence, holds digits, no vocabulary)."""
    text = clean_cell(s)
    cf = compare_form(text).strip(" .:")
    if not cf:
        return None
    if cf in NUMBERING_HEADERS:
        return "stt"
    if len(cf.split()) > HEADER_CELL_MAX_WORDS or text.rstrip().endswith((".", ";")) or any(ch.isdigit() for ch in cf):
        return None
    return next((name for name, p in _column_patterns() if p.search(cf)), None)


def is_header_cell(s: str) -> bool:
    """A column heading of a task table (see `header_column`)."""
    return header_column(s) is not None


def is_row_number(s: str) -> bool:
    return bool(_ROW_NUMBER.match(s.strip()))


def _is_column_numbers(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 2 or not all(_COLUMN_NUMBER.match(c) for c in filled):
        return False
    nums = [int(c.strip("()")) for c in filled]
    return nums == list(range(nums[0], nums[0] + len(nums)))


def _is_sub_header(first: list[str], second: list[str]) -> bool:
    """The second row of a two-level header: the first row has a group label over several columns (the
    label repeated, or the cells after it empty) and the second names the columns under it ("Chủ trì" /
    "Phối hợp"); every filled cell of the second row reads as a column heading and one of them differs
    from the cell above it."""
    filled = [i for i, c in enumerate(second) if c.strip()]
    if not filled or is_row_number(second[0]):
        return False
    if not all(is_header_cell(second[i]) for i in filled):
        return False
    return any(compare_form(second[i]) != compare_form(first[i]) for i in filled if i < len(first))


def _is_group(cells: list[str]) -> bool:
    filled = [i for i, c in enumerate(cells) if c]
    if not filled or filled[0] != 0:
        return False
    if filled == [0]:
        return not is_row_number(cells[0]) and len(cells) > 1
    if filled == [0, 1] and len(cells) > 2:
        return bool(_ROMAN_OR_LETTER.match(cells[0]))
    return False


def _clean_piece(raw: str, wrapped: bool) -> str:
    if not wrapped or "\n" not in raw:
        return clean_cell(raw)
    text = ""
    for line in raw.split("\n"):
        text = join_fragments(text, clean_cell(line))
    return text


def reassemble_rows(rows: list[RawRow]) -> tuple[Table, list[str]]:
    """Rows as read -> one reassembled Table (+ warnings). See the module docstring for the guarantees."""
    warnings: list[str] = []
    if not rows:
        return Table(rows=[]), warnings
    width = max(len(r.cells) for r in rows)
    cleaned = [[_clean_piece(c, r.wrapped) for c in r.cells] + [""] * (width - len(r.cells)) for r in rows]

    header_idx: list[int] = []
    first = cleaned[0]
    if rows[0].header:
        header_idx = [i for i, r in enumerate(rows) if r.header]
    elif not is_row_number(first[0]) or not first[0]:
        header_idx.append(0)
        if len(rows) > 1 and _is_sub_header(cleaned[0], cleaned[1]):
            header_idx.append(1)
        if len(rows) > len(header_idx) and _is_column_numbers(cleaned[len(header_idx)]):
            header_idx.append(len(header_idx))
    header_key = [compare_form(c) for c in cleaned[0]] if header_idx else None

    data_first = [c[0] for i, c in enumerate(cleaned) if i not in header_idx and any(c)]
    numbered = bool(header_key and header_key[0] in NUMBERING_HEADERS) or (
        bool(data_first) and sum(1 for c in data_first if c and is_row_number(c)) >= 0.6 * len(data_first))

    out: list[_Acc] = []
    after_header = False
    for i, (raw, cells) in enumerate(zip(rows, cleaned)):
        padded_raw = list(raw.cells) + [""] * (width - len(raw.cells))
        where = f"line {raw.line_start}" if raw.line_start is not None else f"row {i}"
        if i in header_idx:
            out.append(_Acc([[c] for c in padded_raw], raw.line_start, raw.line_end, raw.page, is_header=True,
                            wrapped=raw.wrapped))
            continue
        if not any(cells):
            continue
        if header_key is not None and [compare_form(c) for c in cells] == header_key:
            warnings.append(f"table: repeated header row dropped at {where}")
            after_header = True
            continue
        prev = out[-1] if out else None
        broken = after_header  # a repeated header just before: a page break was here
        after_header = False
        if (not cells[0] and prev is not None and not prev.is_header and (not raw.own_row or broken)
                and (numbered or raw.after_break or broken)):
            for col, piece in enumerate(padded_raw):
                if clean_cell(piece):
                    prev.pieces[col].append(piece)
            prev.line_end = raw.line_end if raw.line_end is not None else prev.line_end
            prev.merged += 1
            warnings.append(f"table: continuation row at {where} merged into the row above "
                            f"(line {prev.line_start})")
            continue
        out.append(_Acc([[c] for c in padded_raw], raw.line_start, raw.line_end, raw.page,
                        is_group=_is_group(cells), wrapped=raw.wrapped))

    table_rows: list[Row] = []
    for ri, acc in enumerate(out):
        cells_out: list[Cell] = []
        for ci, pieces in enumerate(acc.pieces):
            text = ""
            for p in pieces:
                text = join_fragments(text, _clean_piece(p, acc.wrapped))
            cells_out.append(Cell(text=text, orig="\n".join(pieces), row=ri, col=ci))
        table_rows.append(Row(cells=cells_out, page=acc.page, line_start=acc.line_start,
                              line_end=acc.line_end, is_header=acc.is_header, is_group=acc.is_group))
    return Table(rows=table_rows), warnings
