"""Plain-text / Markdown loader: bytes of a .txt or .md plan document -> DocumentIR.

Decoding: UTF-8 (a BOM is dropped); UTF-16 when the file starts with a UTF-16 BOM; otherwise Windows-1258
(the legacy Vietnamese code page, whose tone marks are combining characters: the text is NFC-normalised
and a warning is recorded). Bytes that are none of these — NUL bytes, C0 control characters — raise
`CorruptDocumentError` naming the file. Empty or whitespace-only text raises `EmptyDocumentError`.

Blocks, in reading order, each with `line_start`/`line_end` (1-based lines of the source; "\\r\\n" and "\\r"
count as one line break) and `page` (None, or 1 + the number of form feeds before the line when the text
has form feeds):

- table: tab-separated rows (a line with a tab and at least two filled cells opens a table; blank lines
  inside a table are page breaks), Markdown pipe tables (`| a | b |`, optional `|---|` separator),
  "flattened" tables (style "flattened": one cell per line, rows delimited by lines holding only "|"; the
  first row must be column headings or a numbered row), and "web-cell" tables (style "web", the shape of
  legal-text website exports: every cell followed by a line holding only "|", rows not delimited, cells
  hard-wrapped over several lines). A web-cell table starts at its header row — at least
  WEB_HEADER_MIN_CELLS cells naming distinct columns ("TT" | "Nhiệm vụ" | "Cơ quan chủ trì" …, see
  `tables.header_column`) — whose length is the column count; the following cells are taken that many at a
  time, the lines of one cell joined as one wrapped text, until a cell cannot open a row (in a numbered
  table: not a row number, an empty cell, a group heading or a repeated header) or no "|" follows. A group
  row printed as fewer cells ("I. TĂNG CƯỜNG …" then "1") is closed early. Rows are reassembled by
  `extractors.tables.reassemble_rows` (repeated headers dropped, continuation rows merged, group rows
  marked). A two-column layout written with tabs or as a pipe table (the header block "ỦY BAN NHÂN DÂN
  <br> TỈNH … | CỘNG HÒA …", the signature block) is not a table: its cells become text blocks, left
  column then right column, one block per `<br>` line; laid out with runs of spaces (`pdftotext -layout`),
  such a header or signature block is cut at the band blank on all its lines (`extractors.layout_columns`)
  and read the same way. "|" lines that belong to no table (a header or
  signature block exported as web cells) are dropped; they separate text like blank lines.
- heading: Markdown `#`…`######` lines; Roman-numeral sections ("I. MỤC TIÊU", level 1); numbered or
  lettered items that read as titles (no final "." or ";", at most 40 words); upper-case lines (style
  "caps", level None); appendix titles ("Phụ lục", style "appendix").
- list_item: "- ", "+ ", "• " bullets (level 1, "+" level 2) and numbered / lettered items that read as
  sentences. `marker` holds the marker as printed ("-", "a)", "2.1.", "6.1"); `text` excludes it.
  Heading/item levels from markers: Roman 1, "1." 2, "1.1." 3, "1.1.1." 4, "a)" 5 (a Markdown heading
  with a marker takes the marker's level; without one, the number of "#").
- footnote: superscript note lines ("¹ Chỉ tiêu tại …"), pandoc notes ("[1: …]"), pandoc Markdown
  definitions ("[^1]: …", with indented continuation lines) and Word-export endnote lines ("[1] Theo …" after
  a glued "…%[1]" marker, extractors.footnotes convention 4; "(1) …" after a "…%(1)" marker, convention 5)
  with `footnote_id`; the block that carries the
  marker (¹, [footnoteRef:1], [^1], [1]) lists the id in `footnote_refs` (markers removed from its text, so
  "trở lên[^1]." reads "trở lên.").
  Footnote blocks stay where they were printed; page-break repair looks through them.
- signature: "Nơi nhận:" (style "recipients_heading") and its bullets (style "recipient"), the signature
  titles ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", style "signature_title") and the signer's name right
  after them (style "signer").
- paragraph: everything else.

Cleaning (`text`; `orig` keeps the raw source lines): docx bookmarks `[bookmark: …]` removed, Markdown
emphasis removed, HTML fragments removed, `normalize.clean_text`. Page-break splits are repaired with
`extractors.pagebreak` (a paragraph starting lower-case, or completing a symbol such as "45-" + "NQ/TW",
or starting with a digit after a word expecting a number ("… trước ngày" + "20/12 hằng năm"), is joined
to the text block before it when that block does not end a sentence). A page number printed alone at the
top or foot of a page (`pagebreak.page_number_lines`) is dropped, and the lines on either side of it count
as adjacent. A label printed alone ("Số:") is joined with the number on the next line.

Hard-wrapped documents (`pagebreak.wrap_width` finds a wrap width: website exports wrap at ~74
characters): a line is also joined to the line right above it when `pagebreak.is_wrapped` says the wrap
split them (the line above is full, or the line starts lower-case, or continues a symbol; never across a
case change) and the line carries no list marker — except a "- " that is the dash of a split compound, a
number after "mục"/"khoản"…, or anything after an unclosed "(" (see `_wrap_join`). Headings in Markdown
("#") and appendix titles are never joined. Upper-case lines inside one web-layout cell ("CỘNG HÒA XÃ HỘI"
/ "CHỦ NGHĨA VIỆT NAM") are one heading. Documents written one paragraph per line are never taken for
hard-wrapped, so these joins do not apply to them.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from extractors.errors import CorruptDocumentError, EmptyDocumentError
from extractors.footnotes import (bracket_note_ids, is_md_note_continuation, pandoc_ref_ids, paren_note_lines,
                                  parse_bracket_note, parse_md_note, parse_paren_note, parse_superscript_note,
                                  split_bracket_refs, split_md_refs, split_pandoc_notes, split_paren_refs,
                                  split_superscript_refs)
from extractors.ir import Block, BlockKind, DocumentIR
from extractors.layout_columns import ColumnRun, has_gap, header_run, signature_run, split_line
from extractors.layout_patterns import layout_matches, layout_pattern
from extractors.load import sha256_bytes
from extractors.load.web_export import WebLayout, drop_lone_emphasis, is_web_export, paragraph_end, scan
from extractors.load.web_tables import MAX_COLUMNS, table_rows
from extractors.load.web_furniture import find_furniture
from extractors.normalize import clean_text, compare_form, nfc
from extractors.pagebreak import (continues_number, ends_in_symbol, ends_sentence, is_continuation, is_wrapped,
                                  join_fragments, join_wrapped, page_number_lines, starts_lower, wrap_width)
from extractors.tables import (NUMBERING_HEADERS, RawRow, header_column, is_header_cell, is_row_number,
                               reassemble_rows, strip_emphasis, strip_html)

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*([-–•●◦▪+*])\s+(\S.*)$")
_ROMAN = re.compile(r"^\s*([IVXLC]{1,6})([.)])\s+(\S.*)$")
_ARABIC = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3})+\.?|\d{1,2}[.)])\s+(\S.*)$")
_LETTER = re.compile(r"^\s*([a-zđ]\))\s+(\S.*)$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_CONTROL_OK = {"\t", "\n", "\r", "\f"}
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

HEADING_MAX_WORDS = 40
LETTER_LEVEL = 5
WEB_HEADER_MIN_CELLS = 3  # a web-cell table's header row: at least this many cells naming distinct columns
WEB_HEADER_CELL_MAX_LINES = 3
WEB_CELL_MAX_LINES = 40  # a '|' line further than this from the last one does not close a cell


@dataclass
class _Line:
    no: int  # 1-based
    raw: str  # as in the source (form feeds removed)
    page: int | None


@dataclass
class _State:
    sig_mode: str | None = None  # "recipients" | "titles"
    known_pandoc: set[str] = field(default_factory=set)
    known_bracket: set[str] = field(default_factory=set)  # '[n]' endnote ids (marker + later note line)
    paren_notes: dict[int, str] = field(default_factory=dict)  # '(n)' note line number (_Line.no) -> id
    known_paren: set[str] = field(default_factory=set)  # the ids of paren_notes


# ---------------------------------------------------------------- decoding

def decode_text(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Bytes -> str (see module docstring). Returns (text, warnings)."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return nfc(data.decode("utf-16")), warnings
        except UnicodeDecodeError as e:
            raise CorruptDocumentError(path, f"starts with a UTF-16 byte-order mark but is not UTF-16 ({e})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if b"\x00" in data:
            raise CorruptDocumentError(path, f"not a text file: NUL bytes, and not UTF-8 ({e.reason} at byte "
                                             f"{e.start})")
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise CorruptDocumentError(path, f"cannot decode: not UTF-8 ({e.reason} at byte {e.start}) "
                                             f"and not Windows-1258")
        bad = [c for c in text if unicodedata.category(c) == "Cc" and c not in _CONTROL_OK]
        if bad:
            raise CorruptDocumentError(path, f"cannot decode: not UTF-8 ({e.reason} at byte {e.start}); as "
                                             f"Windows-1258 it has {len(bad)} control characters")
        warnings.append(f"{path}: not UTF-8; decoded as Windows-1258 (legacy Vietnamese code page)")
        return nfc(text), warnings
    if "\x00" in text:
        raise CorruptDocumentError(path, "not a text file: NUL characters")
    return nfc(text), warnings


def _split_lines(text: str) -> tuple[list[_Line], int | None]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_ff = "\f" in text
    page = 1
    out: list[_Line] = []
    for i, line in enumerate(text.split("\n"), start=1):
        if "\f" in line:
            page += line.count("\f")
            line = line.replace("\f", "")
        out.append(_Line(i, line, page if has_ff else None))
    return out, (page if has_ff else None)


# ---------------------------------------------------------------- line cleaning and classification

def remove_artifacts(s: str) -> str:
    """Converter debris that is never document text (docx bookmarks)."""
    return layout_pattern("artifact_bookmark").sub("", s)


def _display(s: str) -> str:
    return clean_text(strip_emphasis(strip_html(s)))


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and s == s.upper()


def _is_person_name(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 6:
        return False
    return all(w[0].isupper() and w.isalpha() for w in words)


def _marker_level(marker: str) -> int:
    if _ROMAN.match(marker + " x"):
        return 1
    if marker[0].isdigit():
        return 1 + len([p for p in re.split(r"[.)]", marker) if p])
    return LETTER_LEVEL


_LABEL_VALUE = re.compile(r"^[^:]{1,60}:\s+\S+(?:\s+\S+){2,}")


def _reads_as_title(text: str) -> bool:
    """A numbered/lettered line is a heading when it does not end a sentence, is at most
    HEADING_MAX_WORDS long, and is not a "label: value" statement ("Đơn vị thực hiện: Các Sở, …")."""
    t = text.rstrip()
    if t.endswith((".", ";", ".”", ".\"", ".)")) or len(t.split()) > HEADING_MAX_WORDS:
        return False
    return not _LABEL_VALUE.match(t)


def parse_marker(s: str) -> tuple[str | None, str, str | None]:
    """Split a leading list/section marker: returns (marker, rest, marker type) with type in
    {"bullet", "roman", "arabic", "letter"}, or (None, s, None)."""
    m = _BULLET.match(s)
    if m:
        return m.group(1), m.group(2), "bullet"
    m = _ROMAN.match(s)
    if m:
        return m.group(1) + m.group(2), m.group(3), "roman"
    m = _ARABIC.match(s)
    if m:
        return m.group(1), m.group(2), "arabic"
    m = _LETTER.match(s)
    if m:
        return m.group(1), m.group(2), "letter"
    return None, s, None


def _classify(text: str, md_level: int | None) -> tuple[BlockKind, str | None, int | None, str | None, str]:
    """(kind, marker, level, style, text without marker) of one cleaned line."""
    style = f"md-h{md_level}" if md_level else None
    marker, rest, mtype = parse_marker(text)
    if mtype == "bullet" and md_level is None:
        return BlockKind.list_item, marker, 2 if marker in ("+", "◦") else 1, None, rest
    if mtype in ("roman", "arabic", "letter") and marker is not None:
        level = _marker_level(marker)
        if md_level or mtype == "roman" or _reads_as_title(rest):
            return BlockKind.heading, marker, level, style, rest
        return BlockKind.list_item, marker, level, style, rest
    if layout_matches("appendix_heading", text):
        return BlockKind.heading, None, md_level, "appendix", text
    if md_level:
        return BlockKind.heading, None, md_level, style, text
    if _is_caps(text):
        return BlockKind.heading, None, None, "caps", text
    return BlockKind.paragraph, None, None, None, text


def _signature_block(text: str, state: _State) -> tuple[str, str | None] | None:
    """(style, marker) when the line belongs to the recipients list or the signature block."""
    if layout_matches("recipients", text):
        state.sig_mode = "recipients"
        return "recipients_heading", None
    if state.sig_mode == "recipients":
        marker, _, mtype = parse_marker(text)
        if mtype == "bullet":
            return "recipient", marker
        if text[:1].islower() or text.startswith("("):
            return "recipient", None  # a recipient wrapped onto the next line: "- Ban Thi đua …" / "(b/c);"
    if layout_matches("signature_title", text):
        state.sig_mode = "titles"
        return "signature_title", None
    if state.sig_mode == "titles":
        if layout_matches("signature_note", text):
            return "signature_note", None
        if _is_person_name(text):
            state.sig_mode = None
            return "signer", None
    state.sig_mode = None
    return None


def _text_blocks(line: _Line, state: _State) -> list[Block]:
    """The block(s) of one text line: the line itself plus any pandoc notes cut out of it."""
    raw = line.raw
    s = remove_artifacts(raw)
    notes: list[tuple[str, str]] = []
    refs: list[str] = []
    if state.known_pandoc and "[" in s:
        s, refs, notes = split_pandoc_notes(s, state.known_pandoc)
    s, md_refs = split_md_refs(s)
    refs = refs + md_refs
    out: list[Block] = []
    prov = dict(page=line.page, line_start=line.no, line_end=line.no)
    md = _MD_HEADING.match(s)
    md_level = len(md.group(1)) if md else None
    body = md.group(2) if md else s
    text = _display(body)
    if text:
        note = parse_superscript_note(text) if md_level is None else None
        bracket = parse_bracket_note(text, state.known_bracket) if md_level is None and note is None else None
        paren = parse_paren_note(text, state.paren_notes, line.no) \
            if md_level is None and note is None and bracket is None else None
        if note is not None:
            fid, ntext = note
            out.append(Block(kind=BlockKind.footnote, text=clean_text(ntext), orig=raw, footnote_id=fid,
                             marker=text[:len(text) - len(text.lstrip("⁰¹²³⁴⁵⁶⁷⁸⁹"))] or None, **prov))
        elif bracket is not None:
            fid, ntext = bracket
            out.append(Block(kind=BlockKind.footnote, text=clean_text(ntext), orig=raw, footnote_id=fid,
                             marker=f"[{fid}]", **prov))
        elif paren is not None:
            fid, ntext = paren
            out.append(Block(kind=BlockKind.footnote, text=clean_text(ntext), orig=raw, footnote_id=fid,
                             marker=f"({fid})", **prov))
        else:
            text, bracket_refs = split_bracket_refs(text, state.known_bracket)
            text, paren_refs = split_paren_refs(text, state.known_paren)
            bracket_refs = bracket_refs + paren_refs
            text, sup_refs = split_superscript_refs(text)
            sup_refs = bracket_refs + sup_refs
            text = clean_text(text)
            sig = _signature_block(text, state)
            if sig is not None:
                style, marker = sig
                body_text = parse_marker(text)[1] if marker else text
                out.append(Block(kind=BlockKind.signature, text=body_text, orig=raw, style=style, marker=marker,
                                 footnote_refs=refs + sup_refs, **prov))
            else:
                kind, marker, level, style, rest = _classify(text, md_level)
                out.append(Block(kind=kind, text=rest, orig=raw, marker=marker, level=level, style=style,
                                 footnote_refs=refs + sup_refs, **prov))
    for fid, ntext in notes:
        out.append(Block(kind=BlockKind.footnote, text=_display(ntext), orig=ntext, footnote_id=fid, **prov))
    return out


# ---------------------------------------------------------------- tables

def _tsv_cells(s: str) -> list[str]:
    return s.split("\t")


def _opens_tsv(s: str) -> bool:
    return "\t" in s and sum(1 for c in _tsv_cells(s) if _display(c)) >= 2


def _after_blank_lines(lines: list[_Line], j: int, continues: Callable[[str], bool]) -> int | None:
    """Past the blank lines from `j` (a page break inside a table): the index of the next line when
    `continues(raw)` says the table goes on there, else None."""
    k = j
    while k < len(lines) and not lines[k].raw.strip():
        k += 1
    return k if k < len(lines) and continues(lines[k].raw) else None


def _collect_tsv(lines: list[_Line], i: int) -> tuple[list[RawRow], int]:
    rows: list[RawRow] = []
    j, n = i, len(lines)
    gap = False
    while j < n:
        s = lines[j].raw
        if not s.strip():
            k = _after_blank_lines(lines, j, lambda raw: "\t" in raw)
            if k is None:
                break
            gap, j = True, k
            continue
        if "\t" not in s:
            if rows and _group_line_inside_table(lines, j):
                ln = lines[j]
                rows.append(RawRow(cells=[remove_artifacts(s)], line_start=ln.no, line_end=ln.no, page=ln.page,
                                   after_break=gap))
                gap = False
                j += 1
                continue
            break
        ln = lines[j]
        rows.append(RawRow(cells=_tsv_cells(remove_artifacts(s)), line_start=ln.no, line_end=ln.no,
                           page=ln.page, after_break=gap or (bool(rows) and rows[-1].page != ln.page)))
        gap = False
        j += 1
    return rows, j


def _group_line_inside_table(lines: list[_Line], j: int) -> bool:
    """A tab-less line between two table rows that reads as a group heading ("II. TIẾP TỤC …" or an
    upper-case title): a group row whose empty cells were not exported."""
    if j + 1 >= len(lines) or "\t" not in lines[j + 1].raw:
        return False
    text = _display(remove_artifacts(lines[j].raw))
    return bool(_ROMAN.match(text)) or _is_caps(text)


def is_layout_rows(rows: list[RawRow]) -> bool:
    """Two-column page layout exported with tabs or as a Markdown pipe table ("ỦY BAN NHÂN DÂN<TAB>CỘNG
    HÒA …", "| Số: 215/KH-UBND | Thanh Hóa, ngày … |", "Nơi nhận:<TAB>TM. …"), not a table: no row has
    more than two filled cells, the first row is not a row of column headings ("Nội dung | Thời gian")
    and nothing looks like a numbered table."""
    filled = [[c for c in r.cells if _display(c)] for r in rows]
    if any(len(f) > 2 for f in filled):
        return False
    if rows and sum(1 for c in rows[0].cells if is_header_cell(c)) >= 2:
        return False
    firsts = [_display(r.cells[0]) for r in rows if r.cells]
    if firsts and compare_form(firsts[0]) in NUMBERING_HEADERS:
        return False
    return not any(f and is_row_number(f) for f in firsts)


def _layout_blocks(rows: list[RawRow], state: _State) -> list[Block]:
    """Blocks of a layout run, column by column (the left column is one block of text, the right another);
    a `<br>` inside a cell (Markdown exports) separates lines, each its own block."""
    width = max(len(r.cells) for r in rows)
    out: list[Block] = []
    for col in range(width):
        for r in rows:
            if col < len(r.cells) and r.cells[col].strip():
                for piece in _BR.split(r.cells[col]):
                    if piece.strip():
                        out.extend(_text_blocks(_Line(r.line_start or 0, piece.strip(), r.page), state))
    return out


def _pipe_cells(s: str) -> list[str]:
    s = s.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|") for c in _PIPE_SPLIT.split(s)]


def _opens_pipe(lines: list[_Line], i: int) -> bool:
    if not _PIPE_ROW.match(lines[i].raw) or lines[i].raw.strip() == "|":
        return False
    if len(_pipe_cells(lines[i].raw)) < 2:
        return False
    return i + 1 < len(lines) and (bool(_PIPE_SEP.match(lines[i + 1].raw)) or bool(_PIPE_ROW.match(lines[i + 1].raw)))


def _collect_pipe(lines: list[_Line], i: int) -> tuple[list[RawRow], int]:
    rows: list[RawRow] = []
    j, n = i, len(lines)
    gap = False
    while j < n:
        s = lines[j].raw
        if not s.strip():
            k = _after_blank_lines(lines, j, lambda raw: bool(_PIPE_ROW.match(raw)) and raw.strip() != "|")
            if k is None:
                break
            gap, j = True, k
            continue
        if _PIPE_SEP.match(s):
            j += 1
            continue
        if not _PIPE_ROW.match(s) or s.strip() == "|":
            break
        ln = lines[j]
        rows.append(RawRow(cells=_pipe_cells(remove_artifacts(s)), line_start=ln.no, line_end=ln.no,
                           page=ln.page, after_break=gap))
        gap = False
        j += 1
    return rows, j


def _collect_flattened(lines: list[_Line], i: int) -> tuple[list[RawRow], int] | None:
    """Rows delimited by lines holding only '|', one cell per line in between. None if not a table."""
    n = len(lines)
    bars = []
    j = i
    # header group: between the first two bars
    k = j + 1
    while k < n and lines[k].raw.strip() != "|":
        k += 1
    if k >= n:
        return None
    header = lines[j + 1:k]
    blank_separates = any(not ln.raw.strip() for ln in header)
    header_cells = [ln for ln in header if ln.raw.strip()] if blank_separates else header
    width = len(header_cells)
    if width < 2:
        return None
    # the first row is a row of column headings, or a numbered data row; anything else between '|' lines
    # (a header or signature block exported as web cells) is not a table
    if sum(1 for ln in header_cells if is_header_cell(ln.raw)) < 2 \
            and not is_row_number(_display(remove_artifacts(header_cells[0].raw))):
        return None
    bars.append(j)
    bars.append(k)
    while True:
        k2 = bars[-1] + 1
        limit = bars[-1] + 1 + (2 * width + 1 if blank_separates else width) + 1
        while k2 < n and k2 < limit and lines[k2].raw.strip() != "|":
            k2 += 1
        if k2 < n and k2 < limit and lines[k2].raw.strip() == "|":
            bars.append(k2)
        else:
            break
    if len(bars) < 3:
        return None
    rows: list[RawRow] = []
    for a, b in zip(bars, bars[1:]):
        group = lines[a + 1:b]
        cells_lines = [ln for ln in group if ln.raw.strip()] if blank_separates else group
        if not cells_lines:
            continue
        rows.append(RawRow(cells=[remove_artifacts(ln.raw) for ln in cells_lines],
                           line_start=cells_lines[0].no, line_end=cells_lines[-1].no, page=cells_lines[0].page))
    return rows, bars[-1] + 1


def _is_bar(line: _Line) -> bool:
    return line.raw.strip() == "|"


def _next_bar(lines: list[_Line], j: int, limit: int) -> int | None:
    """Index of the first '|' line in lines[j:j+limit], or None."""
    for k in range(j, min(len(lines), j + limit)):
        if _is_bar(lines[k]):
            return k
    return None


def _segment_text(lines: list[_Line], a: int, b: int) -> str:
    return " ".join(_display(remove_artifacts(ln.raw)) for ln in lines[a:b] if ln.raw.strip())


def _web_header(lines: list[_Line], i: int) -> list[tuple[int, int]] | None:
    """The header row of a web-cell table starting at line i, as (first line, closing '|' line) per cell.

    Legal-text websites export a table as its cells in reading order, each followed by a line holding only
    '|', with no row delimiters. The header row is recognised by its cells: line i is a column heading on
    its own line followed by '|' ("TT"), and at least WEB_HEADER_MIN_CELLS cells in a row read as headings
    of distinct columns ("Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành" …). Text before line i
    (an appendix title, a signature block) is not part of the table."""
    n = len(lines)
    if i + 1 >= n or _is_bar(lines[i]) or not _is_bar(lines[i + 1]):
        return None
    col = header_column(remove_artifacts(lines[i].raw))
    if col is None:
        return None
    cells, cols = [(i, i + 1)], [col]
    j = i + 2
    while j < n:
        bar = _next_bar(lines, j, WEB_HEADER_CELL_MAX_LINES + 1)
        if bar is None or bar == j:
            break
        text = _segment_text(lines, j, bar)
        col = header_column(text) if text else None
        if col is None:
            break
        cells.append((j, bar))
        cols.append(col)
        j = bar + 1
    if len(set(cols)) < WEB_HEADER_MIN_CELLS:
        return None
    return cells


def _starts_web_row(text: str, numbered: bool) -> bool:
    """Can a cell with this text open a row of a web-cell table? In a numbered table: a row number, an
    empty cell (a continuation), a group heading or a repeated header; otherwise anything but the
    recipients / signature block that follows a table."""
    if not text or is_row_number(text) or header_column(text) == "stt":
        return True
    if numbered:
        return bool(_ROMAN.match(text)) or _is_caps(text)
    return not (layout_matches("recipients", text) or layout_matches("signature_title", text))


def _group_so_far(texts: list[str]) -> bool:
    """The cells read so far in a row make a group row ("I" | "HOÀN THIỆN THỂ CHẾ", or one upper-case
    title) whose remaining cells were merged away (colspan) in the export."""
    if not texts or not texts[0]:
        return False
    first_ok = bool(re.fullmatch(r"(?:[IVXLC]{1,6}|[A-Z])[.)]?", texts[0])) or bool(_ROMAN.match(texts[0])) \
        or _is_caps(texts[0])
    return first_ok and all(not t or _is_caps(t) for t in texts[1:])


def _web_row(lines: list[_Line], cells: list[tuple[int, int]], width: int, prev_page: int | None) -> RawRow:
    raw_cells: list[str] = []
    used: list[_Line] = []
    for a, b in cells:
        filled = [ln for ln in lines[a:b] if ln.raw.strip()]
        used.extend(filled)
        raw_cells.append("\n".join(remove_artifacts(ln.raw).strip() for ln in filled))
    raw_cells += [""] * (width - len(raw_cells))
    first = used[0] if used else lines[cells[0][0]]
    last = used[-1] if used else first
    return RawRow(cells=raw_cells, line_start=first.no, line_end=last.no, page=first.page, wrapped=True,
                  after_break=prev_page is not None and first.page != prev_page)


def _collect_web(lines: list[_Line], header: list[tuple[int, int]]) -> tuple[list[RawRow], int]:
    """Rows of a web-cell table whose header row is `header` (see `_web_header`): the cells after it are
    taken `width` at a time, lines inside a cell being hard wraps of one text. The table ends at the first
    row whose opening cell cannot open a row (`_starts_web_row`) or when no '|' line follows."""
    width = len(header)
    numbered = header_column(_segment_text(lines, *header[0])) == "stt"
    rows = [_web_row(lines, header, width, None)]
    pos = header[-1][1] + 1
    cur: list[tuple[int, int]] = []
    texts: list[str] = []
    while pos < len(lines):
        bar = _next_bar(lines, pos, WEB_CELL_MAX_LINES)
        if bar is None:
            break
        text = _segment_text(lines, pos, bar)
        if cur and text and is_row_number(text) and text[0].isdigit() and _group_so_far(texts):
            rows.append(_web_row(lines, cur, width, rows[-1].page))
            cur, texts = [], []
        if not cur and not _starts_web_row(text, numbered):
            break
        cur.append((pos, bar))
        texts.append(text)
        pos = bar + 1
        if len(cur) == width:
            rows.append(_web_row(lines, cur, width, rows[-1].page))
            cur, texts = [], []
    if cur:
        rows.append(_web_row(lines, cur, width, rows[-1].page))
    return rows, pos


def _layout_cells(lines: list[_Line], bars: list[int]) -> dict[int, int]:
    """Line number -> cell id for the text between two consecutive '|' lines that were not part of a table."""
    out: dict[int, int] = {}
    for a, b in zip(bars, bars[1:]):
        if b - a <= WEB_CELL_MAX_LINES:
            for ln in lines[a + 1:b]:
                out[ln.no] = b
    return out


def text_line_lengths(raw_lines: Iterable[str]) -> list[int]:
    """Lengths of the lines that can be hard-wrapped text: not blank, not a '|' separator, not a table row
    (tab-separated or a Markdown pipe row)."""
    return [len(s.rstrip()) for s in raw_lines
            if s.strip() and s.strip() != "|" and "\t" not in s and not _PIPE_ROW.match(s)]


def _collect_md_note(lines: list[_Line], i: int) -> tuple[Block, int]:
    """A pandoc Markdown footnote definition at line i with its indented continuation lines."""
    got = parse_md_note(remove_artifacts(lines[i].raw))
    assert got is not None
    fid, first = got
    text = _display(first)
    end, j, n = i, i + 1, len(lines)
    while j < n:
        if is_md_note_continuation(lines[j].raw):
            text = join_fragments(text, _display(lines[j].raw))
            end, j = j, j + 1
            continue
        if not lines[j].raw.strip():
            k = j
            while k < n and not lines[k].raw.strip():
                k += 1
            if k < n and is_md_note_continuation(lines[k].raw):
                j = k
                continue
        break
    first_line, last_line = lines[i], lines[end]
    return Block(kind=BlockKind.footnote, text=text, orig="\n".join(ln.raw for ln in lines[i:end + 1]),
                 footnote_id=fid, marker=f"[^{fid}]", page=first_line.page, line_start=first_line.no,
                 line_end=last_line.no), end + 1


def _table_block(rows: list[RawRow], lines: list[_Line], start: int, end: int, kind: str,
                 warnings: list[str], source: str) -> Block:
    table, tw = reassemble_rows(rows)
    warnings.extend(f"{source}: {w}" for w in tw)
    first, last = lines[start], lines[end - 1]
    width = max((len(r.cells) for r in table.rows), default=0)
    if width > MAX_COLUMNS:
        warnings.append(f"{source}: table at lines {first.no}-{last.no} has {width} columns, more than any real "
                        f"table ({MAX_COLUMNS}): its rows were probably not read right")
    while end - 1 > start and not lines[end - 1].raw.strip():
        end -= 1
        last = lines[end - 1]
    return Block(kind=BlockKind.table, table=table, orig="\n".join(ln.raw for ln in lines[start:end]),
                 style=kind, page=first.page, line_start=first.no, line_end=last.no)


# ---------------------------------------------------------------- page-break repair

def _can_extend(prev: Block) -> bool:
    if prev.kind in (BlockKind.paragraph, BlockKind.list_item):
        return True
    # a numbered/lettered heading that got cut mid-sentence; never Roman/caps/appendix titles
    return (prev.kind == BlockKind.heading and prev.style is None and prev.marker is not None
            and not _ROMAN.match(prev.marker + " x"))


def _last_source_line(b: Block) -> str:
    return remove_artifacts(b.orig.rsplit("\n", 1)[-1])


_NO_WRAP_STYLES = {"appendix", "md-h1", "md-h2", "md-h3", "md-h4", "md-h5", "md-h6"}
_UNCLOSED_PAREN = re.compile(r"\([^()]*$")
_ENDS_IN_WORD = re.compile(r"\w$")


def _wrap_join(prev: Block, b: Block, width: int) -> bool:
    """In a document hard-wrapped at `width`, does block `b` (on the line right after `prev`) continue it?
    Besides `pagebreak.is_wrapped`: a line after an unclosed "(" always continues it ("(khóa" +
    "XIII) …"); a "- " line starting lower-case is the dash of a compound, not a bullet ("… kinh tế" +
    "- xã hội, …"); and a line with a list marker continues a full line that ends in a word (no
    punctuation at all: "… Hội Văn học" + "- Nghệ thuật thành phố", "… giai đoạn 2021" + "- 2025") when
    it is a dash; a number after a word that takes one ("… tại mục" + "3.1 Kế hoạch này") is text too;
    other numbered markers ("1.1.", "a)") open an item, and Roman numbered headings never continue
    anything."""
    if prev.kind not in (BlockKind.paragraph, BlockKind.list_item, BlockKind.heading) \
            or b.kind not in (BlockKind.paragraph, BlockKind.list_item, BlockKind.heading) \
            or prev.style in _NO_WRAP_STYLES or b.style in _NO_WRAP_STYLES:
        return False
    raw_last = _last_source_line(prev)
    last, plen = _display(raw_last), len(raw_last.rstrip())
    if _UNCLOSED_PAREN.search(last):
        return True
    if b.marker is not None:
        if b.kind == BlockKind.heading and (b.style in _NO_WRAP_STYLES or _ROMAN.match(b.marker + " x")):
            return False
        line = _display(b.orig)
        if b.marker in ("-", "–") and starts_lower(b.text):
            return not ends_sentence(last) and is_wrapped(last, line, width, plen)
        if b.marker[0].isdigit() and layout_pattern("number_expected_end").search(last):
            return is_wrapped(last, line, width, plen)  # "… tại mục" + "3.1 Kế hoạch này."
        # "… Liên hiệp các Hội Văn học" + "- Nghệ thuật …": a dash right after a full line of text that
        # ends in a word (no punctuation at all) is a compound the wrap split; numbered markers stay items
        return b.marker in ("-", "–") and prev.kind != BlockKind.heading and bool(_ENDS_IN_WORD.search(last)) \
            and is_wrapped(last, line, width, plen)
    if not (b.kind == BlockKind.paragraph or b.style == "caps"):
        return False
    return is_wrapped(last, b.text, width, plen)


def _adjacent(prev: Block, b: Block, debris: set[int]) -> bool:
    """`b` starts on the line after `prev` ends, or only dropped page-number lines lie between."""
    if prev.line_end is None or b.line_start is None or b.line_start <= prev.line_end:
        return False
    return all(n in debris for n in range(prev.line_end + 1, b.line_start))


def _continues(prev: Block, b: Block, width: int | None, cells: dict[int, int],
               debris: set[int] | None = None) -> str | None:
    """Does text block `b` continue `prev`? "wrap" (a hard wrap, an upper-case heading wrapped inside one
    web-layout cell, a label split from its value: join with `join_wrapped`), "break" (a page break:
    join with `join_fragments`, which also drops break debris) or None. Lines in `debris` (a page number
    and the blank lines around it) do not separate two lines."""
    adjacent = _adjacent(prev, b, debris or set())
    if width is not None and adjacent and _wrap_join(prev, b, width):
        return "wrap"
    if b.marker is not None or not (b.kind == BlockKind.paragraph
                                    or (b.kind == BlockKind.heading and b.style == "caps")):
        return None
    if adjacent and prev.style == "caps" and b.style == "caps" and prev.line_end in cells \
            and cells.get(prev.line_end) == cells.get(b.line_start or -1):
        return "wrap"  # "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM" in one narrow cell
    if adjacent and prev.kind == BlockKind.paragraph and "\n" not in prev.orig \
            and layout_matches("split_label", prev.text) and b.text[:1].isdigit():
        return "wrap"  # "Số:" / "512/KH-UBND"
    if _can_extend(prev):
        if b.kind == BlockKind.paragraph and is_continuation(prev.text, b.text):
            return "break"
        if b.kind == BlockKind.heading and ends_in_symbol(prev.text) and is_continuation(prev.text, b.text):
            return "break"
        if b.kind == BlockKind.paragraph and continues_number(prev.text, b.text):
            return "break"
    return None


def _continues_note(note: Block, b: Block, width: int | None) -> str | None:
    """Does block `b` continue the text of the footnote printed right before it?"""
    if b.marker is not None or not (b.kind == BlockKind.paragraph or b.style == "caps"):
        return None
    if width is not None and b.line_start == (note.line_end or -2) + 1 \
            and is_wrapped(_display(_last_source_line(note)), b.text, width, len(_last_source_line(note).rstrip())):
        return "wrap"
    if b.kind == BlockKind.paragraph and is_continuation(note.text, b.text):
        return "break"
    return None


def repair_page_breaks(blocks: list[Block], width: int | None = None,
                       cells: dict[int, int] | None = None, debris: set[int] | None = None,
                       joins: set[int] | None = None) -> list[Block]:
    """Join text blocks that a page break split, and, in a document hard-wrapped at `width` characters,
    lines that a wrap split (see extractors.pagebreak). `cells` maps the line numbers of web-layout cells
    (text between two '|' lines that is not a table) to a cell id; `debris` holds the numbers of dropped
    page-number lines and the blank lines around them. Returns a new list."""
    cells = cells or {}
    debris = debris or set()
    out: list[Block] = []
    last_text: int | None = None  # index in out of the last non-footnote block
    for b in blocks:
        if b.kind == BlockKind.footnote:
            out.append(b)
            continue
        target: int | None = None
        mode = None
        if last_text is not None and b.line_start in joins and out[last_text].line_end == b.line_start - 1 \
                and b.kind != BlockKind.table:
            mode = "wrap"
        elif last_text is not None:
            mode = _continues(out[last_text], b, width, cells, debris)
        if mode is not None:
            target = last_text
        elif out and out[-1].kind == BlockKind.footnote:
            mode = _continues_note(out[-1], b, width)
            if mode is not None:
                target = len(out) - 1  # a footnote's note text wrapped onto the next line
        if target is not None:
            prev = out[target]
            piece = b.text if b.marker is None else _display(b.orig)
            joined = join_wrapped(prev.text, piece) if mode == "wrap" else join_fragments(prev.text, piece)
            kind = prev.kind
            if prev.kind == BlockKind.heading and prev.marker is not None and not _ROMAN.match(prev.marker + " x") \
                    and not _reads_as_title(joined):
                kind = BlockKind.list_item
            out[target] = prev.model_copy(update={
                "text": joined, "orig": prev.orig + "\n" + b.orig, "kind": kind,
                "line_end": b.line_end, "footnote_refs": prev.footnote_refs + b.footnote_refs,
            })
            continue
        out.append(b)
        last_text = len(out) - 1 if b.kind != BlockKind.table else None
    return out


# ---------------------------------------------------------------- entry point

def load_text(path: Path, data: bytes) -> DocumentIR:
    """Read a .txt/.md plan document into the IR (see the module docstring)."""
    text, warnings = decode_text(path, data)
    if not text.strip():
        raise EmptyDocumentError(path, "the file holds only white space")
    lines, pages = _split_lines(text)
    state = _State(known_pandoc=pandoc_ref_ids(text), known_bracket=bracket_note_ids([ln.raw for ln in lines]),
                   paren_notes={lines[k].no: fid for k, fid in paren_note_lines([ln.raw for ln in lines]).items()})
    state.known_paren = set(state.paren_notes.values())
    blocks: list[Block] = []
    bars: list[int] = []
    i, n = 0, len(lines)
    source = str(path)
    page_numbers = {k for k in page_number_lines([ln.raw for ln in lines], [ln.page for ln in lines])
                    if not _between_bars(lines, k)}
    debris = _debris_lines(lines, page_numbers)
    for k in page_numbers:
        lines[k].raw = ""  # a page number is debris: a blank line (a page break) to tables and text alike
    raws, line_pages = [ln.raw for ln in lines], [ln.page for ln in lines]
    web = scan(raws) if is_web_export(raws) else None
    dropped: dict[str, int] = {}
    protected = web.region_lines if web is not None else \
        {k for k, r in enumerate(raws) if "\t" in r or _PIPE_ROW.match(r)}
    for k, name in find_furniture(raws, protected).items():
        lines[k].raw = ""  # a website's text, not the document's (extractors.load.web_furniture)
        dropped[name] = dropped.get(name, 0) + 1
    if web is not None:
        for k in web.empty_emphasis:
            if lines[k].raw:
                lines[k].raw = ""  # "** **", "* *": an emphasis run around nothing, export debris
                dropped["empty_emphasis"] = dropped.get("empty_emphasis", 0) + 1
    raws = [ln.raw for ln in lines]
    head = header_run(raws, line_pages)
    while i < n:
        s = lines[i].raw
        if not s.strip():
            i += 1
            continue
        run = head if head is not None and i == head.start else None
        if run is None and has_gap(s):
            run = signature_run(raws, line_pages, i, _signature_cue, _ends_signature)
        if run is not None:
            blocks.extend(_layout_blocks(_column_rows(lines, run), state))
            i = run.end
            continue
        if web is not None and _is_bar(lines[i]):
            i = _web_region(lines, raws, line_pages, i, web, bars, blocks, warnings, source)
            continue
        if web is not None and i not in web.region_lines:
            j = paragraph_end([ln.raw for ln in lines], i, web)
            blocks.extend(_paragraph_blocks(lines, i, j, state))
            i = j
            continue
        if _opens_tsv(s):
            rows, j = _collect_tsv(lines, i)
            if is_layout_rows(rows):
                blocks.extend(_layout_blocks(rows, state))
            else:
                blocks.append(_table_block(rows, lines, i, j, "tsv", warnings, source))
            i = j
            continue
        if _opens_pipe(lines, i):
            rows, j = _collect_pipe(lines, i)
            if is_layout_rows(rows):
                blocks.extend(_layout_blocks(rows, state))
            else:
                blocks.append(_table_block(rows, lines, i, j, "pipe", warnings, source))
            i = j
            continue
        if _is_bar(lines[i]):
            got = _collect_flattened(lines, i)
            if got is not None:
                rows, j = got
                blocks.append(_table_block(rows, lines, i, j, "flattened", warnings, source))
                i = j
                continue
            bars.append(i)  # a cell separator of a header / signature block exported as web cells: no text
            i += 1
            continue
        header = _web_header(lines, i)
        if header is not None:
            rows, j = _collect_web(lines, header)
            blocks.append(_table_block(rows, lines, i, j, "web", warnings, source))
            i = j
            continue
        if parse_md_note(s) is not None:
            block, i = _collect_md_note(lines, i)
            blocks.append(block)
            continue
        if web is not None:  # a line of a layout cell (page header, signature block)
            blocks.extend(_paragraph_blocks(lines, i, i + 1, state))
        else:
            blocks.extend(_text_blocks(lines[i], state))
        i += 1
    width = wrap_width(text_line_lengths(ln.raw for ln in lines))
    joins = {lines[k].no for k in web.joins} if web is not None else set()
    blocks = repair_page_breaks(blocks, width, _layout_cells(lines, bars), debris, joins)
    if not blocks:
        raise EmptyDocumentError(path, "no text after removing conversion debris")
    _check_footnotes(blocks, warnings, source)
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return DocumentIR(source=source, format=fmt, sha256=sha256_bytes(data), pages=pages, blocks=blocks,
                      warnings=warnings, dropped=dropped)


def _paragraph_blocks(lines: list[_Line], i: int, j: int, state: _State) -> list[Block]:
    """The block(s) of a web-exported paragraph, lines[i:j]: its hard-wrapped lines read as one line
    (`pagebreak.join_wrapped`: "68-" + "NQ/TW" stays one symbol), classified once, so a marker printed
    alone ("**1." / "Mục đích: …**") or a bold run split over lines ("**4. Sở" / "Tài chính**") is read
    whole; emphasis marks that mark nothing are dropped (`web_export.drop_lone_emphasis`); `orig` keeps
    the lines as printed."""
    text = ""
    for ln in lines[i:j]:
        text = join_wrapped(text, ln.raw.strip())
    first, last = lines[i], lines[j - 1]
    out = _text_blocks(_Line(first.no, drop_lone_emphasis(text), first.page), state)
    orig = "\n".join(ln.raw for ln in lines[i:j])
    return [b.model_copy(update={"line_end": last.no, "orig": orig}) if k == 0 else b for k, b in enumerate(out)]


def _web_region(lines: list[_Line], raws: list[str], line_pages: list[int | None], i: int, web: WebLayout,
                bars: list[int], blocks: list[Block], warnings: list[str], source: str) -> int:
    """A '|' line of a web-exported document (extractors.load.web_export): a layout block's separators are
    dropped (its cells are read as text, line by line), a real table becomes one table block. Returns the
    index of the next line to read."""
    got = web.regions.get(i)
    if got is None or got[1]:
        bars.append(i)  # a separator of a layout block (page header, signature): no text
        return i + 1
    region = got[0]
    rows, _width, notes = table_rows(raws, region, line_pages)
    warnings.extend(f"{source}: {note}" for note in notes)
    blocks.append(_table_block(rows, lines, i, region.end, "web_rows", warnings, source))
    return region.end


def _signature_cue(s: str) -> bool:
    return layout_matches("recipients", s) or layout_matches("signature_title", s)


def _ends_signature(s: str) -> bool:
    return layout_matches("appendix_heading", s)


def _column_rows(lines: list[_Line], run: ColumnRun) -> list[RawRow]:
    """The lines of a two-column run laid out with spaces (extractors.layout_columns) as rows of two cells."""
    rows: list[RawRow] = []
    for k in range(run.start, run.end):
        ln = lines[k]
        if not ln.raw.strip():
            continue
        left, right = split_line(remove_artifacts(ln.raw), run.cut)
        rows.append(RawRow(cells=[left, right], line_start=ln.no, line_end=ln.no, page=ln.page))
    return rows


def _between_bars(lines: list[_Line], k: int) -> bool:
    """Line k is next to a '|' line (a cell of a flattened or web-cell table, a row number), not debris."""
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(lines) and not lines[j].raw.strip():
            j += step
        if 0 <= j < len(lines) and _is_bar(lines[j]):
            return True
    return False


def _debris_lines(lines: list[_Line], page_numbers: set[int]) -> set[int]:
    """Line numbers of the dropped page-number lines and of the blank lines around them."""
    out: set[int] = set()
    for k in page_numbers:
        out.add(lines[k].no)
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(lines) and not lines[j].raw.strip():
                out.add(lines[j].no)
                j += step
    return out


def _check_footnotes(blocks: list[Block], warnings: list[str], source: str) -> None:
    notes = {b.footnote_id for b in blocks if b.kind == BlockKind.footnote}
    refs = {r for b in blocks for r in b.footnote_refs}
    for r in sorted(refs - notes, key=lambda x: (len(x), x)):
        warnings.append(f"{source}: footnote marker {r} has no note text")
    for r in sorted(notes - refs, key=lambda x: (len(x or ""), x or "")):
        warnings.append(f"{source}: footnote {r} is never referenced")
