"""Plain-text / Markdown loader: bytes of a .txt or .md plan document -> DocumentIR.

Decoding: UTF-8 (a BOM is dropped); UTF-16 when the file starts with a UTF-16 BOM; otherwise Windows-1258
(the legacy Vietnamese code page, whose tone marks are combining characters: the text is NFC-normalised
and a warning is recorded). Bytes that are none of these — NUL bytes, C0 control characters — raise
`CorruptDocumentError` naming the file. Empty or whitespace-only text raises `EmptyDocumentError`.

Blocks, in reading order, each with `line_start`/`line_end` (1-based lines of the source; "\\r\\n" and "\\r"
count as one line break) and `page` (None, or 1 + the number of form feeds before the line when the text
has form feeds):

- table: tab-separated rows (a line with a tab and at least two filled cells opens a table; blank lines
  inside a table are page breaks), Markdown pipe tables (`| a | b |`, optional `|---|` separator), and
  "flattened" tables (one cell per line, rows delimited by lines holding only "|"). Rows are reassembled
  by `extractors.tables.reassemble_rows` (repeated headers dropped, continuation rows merged, group rows
  marked).
- heading: Markdown `#`…`######` lines; Roman-numeral sections ("I. MỤC TIÊU", level 1); numbered or
  lettered items that read as titles (no final "." or ";", at most 40 words); upper-case lines (style
  "caps", level None); appendix titles ("Phụ lục", style "appendix").
- list_item: "- ", "+ ", "• " bullets (level 1, "+" level 2) and numbered / lettered items that read as
  sentences. `marker` holds the marker as printed ("-", "a)", "2.1.", "6.1"); `text` excludes it.
  Heading/item levels from markers: Roman 1, "1." 2, "1.1." 3, "1.1.1." 4, "a)" 5 (a Markdown heading
  with a marker takes the marker's level; without one, the number of "#").
- footnote: superscript note lines ("¹ Chỉ tiêu tại …") and pandoc notes ("[1: …]") with `footnote_id`;
  the block that carries the marker lists the id in `footnote_refs` (markers removed from its text).
  Footnote blocks stay where they were printed; page-break repair looks through them.
- signature: "Nơi nhận:" (style "recipients_heading") and its bullets (style "recipient"), the signature
  titles ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", style "signature_title") and the signer's name right
  after them (style "signer").
- paragraph: everything else.

Cleaning (`text`; `orig` keeps the raw source lines): docx bookmarks `[bookmark: …]` removed, Markdown
emphasis removed, HTML fragments removed, `normalize.clean_text`. Page-break splits are repaired with
`extractors.pagebreak` (a paragraph starting lower-case, or completing a symbol such as "45-" + "NQ/TW",
is joined to the text block before it when that block does not end a sentence).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from extractors.errors import CorruptDocumentError, EmptyDocumentError
from extractors.footnotes import pandoc_ref_ids, parse_superscript_note, split_pandoc_notes, split_superscript_refs
from extractors.ir import Block, BlockKind, DocumentIR
from extractors.layout_patterns import layout_matches, layout_pattern
from extractors.load import sha256_bytes
from extractors.normalize import clean_text, compare_form, nfc
from extractors.pagebreak import ends_in_symbol, ends_sentence, is_continuation, join_fragments
from extractors.tables import NUMBERING_HEADERS, RawRow, is_row_number, reassemble_rows, strip_emphasis, strip_html

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*([-–•+*])\s+(\S.*)$")
_ROMAN = re.compile(r"^\s*([IVXLC]{1,6})([.)])\s+(\S.*)$")
_ARABIC = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3})+\.?|\d{1,2}[.)])\s+(\S.*)$")
_LETTER = re.compile(r"^\s*([a-zđ]\))\s+(\S.*)$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_CONTROL_OK = {"\t", "\n", "\r", "\f"}

HEADING_MAX_WORDS = 40
LETTER_LEVEL = 5


@dataclass
class _Line:
    no: int  # 1-based
    raw: str  # as in the source (form feeds removed)
    page: int | None


@dataclass
class _State:
    sig_mode: str | None = None  # "recipients" | "titles"
    known_pandoc: set[str] = field(default_factory=set)


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
        return BlockKind.list_item, marker, 2 if marker == "+" else 1, None, rest
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
    out: list[Block] = []
    prov = dict(page=line.page, line_start=line.no, line_end=line.no)
    md = _MD_HEADING.match(s)
    md_level = len(md.group(1)) if md else None
    body = md.group(2) if md else s
    text = _display(body)
    if text:
        note = parse_superscript_note(text) if md_level is None else None
        if note is not None:
            fid, ntext = note
            out.append(Block(kind=BlockKind.footnote, text=clean_text(ntext), orig=raw, footnote_id=fid,
                             marker=text[:len(text) - len(text.lstrip("⁰¹²³⁴⁵⁶⁷⁸⁹"))] or None, **prov))
        else:
            text, sup_refs = split_superscript_refs(text)
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


def _collect_tsv(lines: list[_Line], i: int) -> tuple[list[RawRow], int]:
    rows: list[RawRow] = []
    j, n = i, len(lines)
    gap = False
    while j < n:
        s = lines[j].raw
        if not s.strip():
            k = j
            while k < n and not lines[k].raw.strip():
                k += 1
            if k < n and "\t" in lines[k].raw:
                gap, j = True, k
                continue
            break
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
    """Two-column page layout exported with tabs ("ỦY BAN NHÂN DÂN<TAB>CỘNG HÒA …", "Nơi nhận:<TAB>TM. …"),
    not a table: no row has more than two filled cells and nothing looks like a numbered table."""
    filled = [[c for c in r.cells if _display(c)] for r in rows]
    if any(len(f) > 2 for f in filled):
        return False
    firsts = [_display(r.cells[0]) for r in rows if r.cells]
    if firsts and compare_form(firsts[0]) in NUMBERING_HEADERS:
        return False
    return not any(f and is_row_number(f) for f in firsts)


def _layout_blocks(rows: list[RawRow], state: _State) -> list[Block]:
    """Blocks of a layout run, column by column (the left column is one block of text, the right another)."""
    width = max(len(r.cells) for r in rows)
    out: list[Block] = []
    for col in range(width):
        for r in rows:
            if col < len(r.cells) and r.cells[col].strip():
                out.extend(_text_blocks(_Line(r.line_start or 0, r.cells[col], r.page), state))
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
            k = j
            while k < n and not lines[k].raw.strip():
                k += 1
            if k < n and _PIPE_ROW.match(lines[k].raw) and lines[k].raw.strip() != "|":
                gap, j = True, k
                continue
            break
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


def _table_block(rows: list[RawRow], lines: list[_Line], start: int, end: int, kind: str,
                 warnings: list[str], source: str) -> Block:
    table, tw = reassemble_rows(rows)
    warnings.extend(f"{source}: {w}" for w in tw)
    first, last = lines[start], lines[end - 1]
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


def repair_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join text blocks that a page break split (see extractors.pagebreak). Returns a new list."""
    out: list[Block] = []
    last_text: int | None = None  # index in out of the last non-footnote block
    for b in blocks:
        if b.kind == BlockKind.footnote:
            out.append(b)
            continue
        target: int | None = None
        if last_text is not None:
            prev = out[last_text]
            candidate = b.kind == BlockKind.paragraph or (b.kind == BlockKind.heading and b.style == "caps"
                                                           and ends_in_symbol(prev.text))
            if candidate and b.marker is None and _can_extend(prev) and is_continuation(prev.text, b.text):
                target = last_text
        if target is None and out and out[-1].kind == BlockKind.footnote and b.kind == BlockKind.paragraph \
                and is_continuation(out[-1].text, b.text):
            target = len(out) - 1  # a footnote's note text wrapped onto the next line
        if target is not None:
            prev = out[target]
            joined = join_fragments(prev.text, b.text)
            kind = prev.kind
            if prev.kind == BlockKind.heading and not _reads_as_title(joined):
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
    state = _State(known_pandoc=pandoc_ref_ids(text))
    blocks: list[Block] = []
    i, n = 0, len(lines)
    source = str(path)
    while i < n:
        s = lines[i].raw
        if not s.strip():
            i += 1
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
            blocks.append(_table_block(rows, lines, i, j, "pipe", warnings, source))
            i = j
            continue
        if s.strip() == "|":
            got = _collect_flattened(lines, i)
            if got is not None:
                rows, j = got
                blocks.append(_table_block(rows, lines, i, j, "flattened", warnings, source))
                i = j
                continue
        blocks.extend(_text_blocks(lines[i], state))
        i += 1
    blocks = repair_page_breaks(blocks)
    if not blocks:
        raise EmptyDocumentError(path, "no text after removing conversion debris")
    _check_footnotes(blocks, warnings, source)
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return DocumentIR(source=source, format=fmt, sha256=sha256_bytes(data), pages=pages, blocks=blocks,
                      warnings=warnings)


def _check_footnotes(blocks: list[Block], warnings: list[str], source: str) -> None:
    notes = {b.footnote_id for b in blocks if b.kind == BlockKind.footnote}
    refs = {r for b in blocks for r in b.footnote_refs}
    for r in sorted(refs - notes, key=lambda x: (len(x), x)):
        warnings.append(f"{source}: footnote marker {r} has no note text")
    for r in sorted(notes - refs, key=lambda x: (len(x or ""), x or "")):
        warnings.append(f"{source}: footnote {r} is never referenced")
