"""PDF loader: a .pdf file with a text layer -> DocumentIR.

Engines: by default pypdfium2 reads the characters (with size, weight, baseline) and the ruling lines of
every page, and pdfplumber's table finder runs only on pages whose rules could form a table (four or more
path objects) — the hybrid TOOLCHAIN.md recommends; each pdfplumber page is closed after use (it caches
~5 MB a page otherwise). `engine="pdfplumber"` reads everything with pdfplumber (the reference the
hybrid is tested against). Both give words with pdfplumber's geometry, and everything below is shared.

What it guarantees:
- Text comes as lines (words grouped by vertical overlap, ordered left to right) with 1-based page numbers
  and a document-wide line number; lines are joined into paragraph / list item / heading blocks where a
  new block visibly starts (vertical gap, first-line indent, a list marker or section number after a line
  that ends a sentence or stops short, a change of weight or size). A paragraph that runs over a page
  break stays one block.
- Tables are found by pdfplumber's ruling-line table finder, only on pages that have ruling lines; a "table"
  in which no row has two filled cells (a boxed or shaded paragraph) is prose and read as lines. Text
  inside a table's box is never repeated as a paragraph. Cell text is read line by line from the words in
  the cell; wrapped lines are joined with a space, or none after a symbol cut at its hyphen ("57-" +
  "NQ/TW" -> "57-NQ/TW"), never dropping a word. A table that ends at the foot of a page and goes on at the top of the next page with the
  same columns is one table; the shared reassembly (`extractors.tables.reassemble_rows`) then drops the
  header row repeated on each page, merges a row continued on the next page (its number cell is empty)
  back into its row, and marks group rows — the same rules as for text and DOCX.
- The two-column header of page 1 printed without a table is split into its columns where a line has a
  gap of more than 2.5 type sizes, or of one before the motto column (`header_right_column`), but never
  after a "Số:" left blank for the number (so "Số: …" and "Hà Nội, ngày …" are separate lines).
- Running headers/footers are removed: lines in the top or bottom band of a page that hold only a page
  number (`data/pdf_layout.json` "page_number"), or whose text (digits masked) repeats in that band on
  several pages.
- Footnotes: the notes under the footnote separator rule at a page's foot (or, with no rule, the
  smaller-type lines at the foot that start with a number) become footnote blocks (id = the printed
  number; a note running on to the next page is joined), placed after the body. Superscript digits in
  the body that name a known note become `footnote_refs` of their block and leave its text; other
  superscript digits (m², a misplaced mark) stay in the text as Unicode superscripts.
- A file that does not parse as a PDF raises CorruptDocumentError; a PDF whose pages carry no text
  (a scan, images only) raises NoTextLayerError. Both name the file.
"""
from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from extractors.errors import CorruptDocumentError, NoTextLayerError
from extractors.ir import Block, BlockKind, DocumentIR
from extractors.load import sha256_bytes
from extractors.load.limits import check_page_count
from extractors.load.pdfium_lock import PDFIUM
from extractors.load.safe_text import safe_text
from extractors.normalize import clean_text, compare_form, nfc
from extractors.pagebreak import ends_in_symbol

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "pdf_layout.json"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.;:!?…][\"'”’)\]»]*$")

BAND = 0.085  # top/bottom share of the page height where running headers/footers live


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {e["name"]: re.compile(e["regex"], re.IGNORECASE) for e in data["patterns"]}


def _matches(name: str, s: str) -> bool:
    return _patterns()[name].search(s.strip()) is not None


# --------------------------------------------------------------------------------------------- geometry
@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    sup: bool = False  # set when grouped into a line: a raised, smaller word

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    words: list[Word]
    page: int
    number: int = 0  # document-wide, 1-based

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.main_words())

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.main_words())

    @property
    def size(self) -> float:
        sizes = Counter()
        for w in self.words:
            sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        main = self.main_words()
        return all(w.bold for w in main)

    def main_words(self) -> list[Word]:
        main = [w for w in self.words if not w.sup]
        return main or self.words

    def text(self, keep_sup: bool = True) -> str:
        out = ""
        prev: Word | None = None
        for w in self.words:
            if w.sup:
                out += w.text.translate(_SUPERSCRIPT) if keep_sup else ""
            else:
                out = f"{out}{_space(prev, w)}{w.text}" if out else w.text
            prev = w
        return out

    def leading_number(self) -> str | None:
        first = self.words[0].text
        return first if first.isdigit() and len(first) <= 3 else None


def _space(prev: Word | None, w: Word) -> str:
    """A space between two words unless they touch (a word split only by a change of type size)."""
    if prev is None:
        return ""
    return "" if w.x0 - prev.x1 < 0.08 * max(w.size, prev.size) else " "


def group_lines(words: list[Word], page: int) -> list[Line]:
    """Words -> lines by vertical overlap (a raised superscript joins the line it sits on)."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        best: Line | None = None
        best_overlap = 0.0
        for ln in lines[-4:]:
            top = min(x.top for x in ln.words)
            bottom = max(x.bottom for x in ln.words)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap > 0.45 * min(w.bottom - w.top, bottom - top) and overlap > best_overlap:
                best, best_overlap = ln, overlap
        if best is None:
            lines.append(Line(words=[w], page=page))
        else:
            best.words.append(w)
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
        size = ln.size
        baseline = max(w.bottom for w in ln.words if round(w.size, 1) == size)
        for w in ln.words:
            w.sup = w.size <= 0.8 * size and w.bottom < baseline - 0.12 * size
    lines.sort(key=lambda ln: ln.top)
    return lines


# --------------------------------------------------------------------------------------------- pages
@dataclass
class TableFragment:
    page: int
    top: float
    bottom: float
    ncols: int
    rows: list[list[str]]
    x_edges: list[float]
    row_tops: list[float] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    row_lines: list[int] = field(default_factory=list)  # document-wide line number of each row


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # outside tables, in reading order
    tables: list[TableFragment] = field(default_factory=list)
    separator_y: float | None = None  # footnote separator rule
    chars: int = 0
    images: int = 0


def _words(page: Any) -> list[Word]:
    out = []
    for w in page.extract_words(extra_attrs=["size", "fontname"], x_tolerance=1.5, y_tolerance=2.5,
                                keep_blank_chars=False, use_text_flow=False):
        name = str(w.get("fontname", ""))
        out.append(Word(text=nfc(safe_text(w["text"])), x0=float(w["x0"]), x1=float(w["x1"]), top=float(w["top"]),
                        bottom=float(w["bottom"]), size=float(w["size"]),
                        bold="bold" in name.lower() or name.endswith((",B", "-B"))))
    return out


def _inside(w: Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (w.x0 + w.x1) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= w.mid <= bottom + 1


def join_wrapped(prev: str, nxt: str) -> str:
    """Join a line to the line it wraps from: one space, none after a symbol cut at its hyphen or slash
    ("57-" + "NQ/TW"). Unlike a page-break repair, no word is ever dropped: the text is what was printed."""
    if not prev:
        return nxt
    if not nxt:
        return prev
    return prev + nxt if ends_in_symbol(prev) else f"{prev} {nxt}"


def _cell_text(words: list[Word], page: int) -> str:
    text = ""
    for ln in group_lines(words, page):
        text = join_wrapped(text, ln.text())
    return text


Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-left origin, as pdfplumber)


def _tables(plumber_page: Any, words: list[Word], number: int) -> list[TableFragment]:
    """Ruled tables on one page (pdfplumber's table finder); cell text from our words in each cell box."""
    out: list[TableFragment] = []
    for t in plumber_page.find_tables():
        bbox = tuple(float(v) for v in t.bbox)
        rows: list[list[str]] = []
        for r in t.rows:
            cells = []
            for cb in r.cells:
                if cb is None:  # covered by a merged cell
                    cells.append("")
                    continue
                inside = [w for w in words if _inside(w, cb)]
                cells.append(_cell_text(inside, number) if inside else "")
            rows.append(cells)
        if not any(sum(1 for c in r if c.strip()) >= 2 for r in rows):
            continue  # no row with two filled cells: a boxed or shaded paragraph, prose, not a table
        xs = sorted({round(float(c[0]), 0) for r in t.rows for c in r.cells if c is not None})
        out.append(TableFragment(page=number, top=bbox[1], bottom=bbox[3],
                                 ncols=max((len(r) for r in rows), default=0), rows=rows, x_edges=xs,
                                 row_tops=[float(r.bbox[1]) for r in t.rows], x0=bbox[0], x1=bbox[2]))
    return out


def _finish_page(pc: PageContent, words: list[Word], rules: list[Box]) -> PageContent:
    """Footnote separator from the page's thin rules; lines from the words outside tables."""
    boxes = [(t.x0, t.top, t.x1, t.bottom) for t in pc.tables]
    for x0, top, x1, bottom in rules:
        # the footnote separator: a short horizontal rule in the lower part of the page, outside tables
        if (bottom - top) < 2.0 and 25 < (x1 - x0) < 0.45 * pc.width and top > 0.45 * pc.height and \
                not any(b[1] - 1 <= top <= b[3] + 1 for b in boxes):
            pc.separator_y = top if pc.separator_y is None else min(pc.separator_y, top)
    free = [w for w in words if not any(_inside(w, b) for b in boxes)]
    pc.lines = group_lines(free, pc.number)
    if pc.number == 1:
        pc.lines = _split_header_columns(pc.lines, pc.height)
    return pc


HEADER_SHARE = 0.4  # the two-column document header sits in the top of the first page
COLUMN_GAP = 2.5  # a gap of this many type sizes between two words of one line separates two columns


def _split_header_columns(lines: list[Line], height: float) -> list[Line]:
    """The two-column header of page 1 printed without a table ("Số: 49/2026/NĐ-CP      Hà Nội, ngày 31
    tháng 01 năm 2026") comes out as one line per row: split it where a wide gap separates the columns, so
    the number and the place-and-date line are read as what they are."""
    out: list[Line] = []
    for ln in lines:
        if ln.top > HEADER_SHARE * height or len(ln.words) < 2:
            out.append(ln)
            continue
        cur: list[Word] = [ln.words[0]]
        for i, w in enumerate(ln.words[1:], start=1):
            gap = (w.x0 - cur[-1].x1) / max(w.size, cur[-1].size)
            right = " ".join(x.text for x in ln.words[i:i + 4])
            if not w.sup and not cur[-1].text.endswith(":") and (
                    gap > COLUMN_GAP or gap > 1.0 and _matches("header_right_column", right)):
                out.append(Line(words=cur, page=ln.page))
                cur = [w]
            else:
                cur.append(w)
        out.append(Line(words=cur, page=ln.page))
    return out


def _read_page(page: Any, number: int) -> PageContent:
    """One page, all by pdfplumber (the reference engine; used when pypdfium2 cannot read the file)."""
    pc = PageContent(number=number, width=float(page.width), height=float(page.height))
    pc.chars = len(page.chars)
    pc.images = len(page.images)
    if pc.chars == 0:
        return pc
    words = _words(page)
    rules: list[Box] = []
    if page.edges:  # only pages with ruling lines can hold a ruled table
        pc.tables = _tables(page, words, number)
        rules = [(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
                 for o in list(page.rects) + list(page.lines)]
    return _finish_page(pc, words, rules)


# --- pypdfium2: text and rules of every page (~50x faster than pdfminer's layout parse)
def _pdfium_words(tp: Any, height: float) -> tuple[list[Word], int]:
    """Words from a pypdfium2 text page, with pdfplumber's geometry (top-left origin; bottom = baseline,
    top = bottom - font size), split at white space, at gaps, and where size or weight changes."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    n = tp.count_chars()
    x, y = ctypes.c_double(), ctypes.c_double()
    name_buf = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    words: list[Word] = []
    cur: list[tuple[str, float, float, float, float, bool]] = []  # ch, x0, x1, baseline, size, bold
    real = 0

    def flush() -> None:
        if cur:
            size, bold, base = cur[0][4], cur[0][5], cur[0][3]
            words.append(Word(text=nfc(safe_text("".join(c[0] for c in cur))), x0=cur[0][1], x1=cur[-1][2], top=base - size,
                              bottom=base, size=size, bold=bold))
            cur.clear()

    for i in range(n):
        code = pdfium_c.FPDFText_GetUnicode(tp.raw, i)
        ch = "-" if code == 2 else (chr(code) if code else "")  # PDFium reports a line-end hyphen as U+0002
        if not ch or ch.isspace() or pdfium_c.FPDFText_IsGenerated(tp.raw, i) == 1:
            flush()
            continue
        real += 1
        size = round(float(pdfium_c.FPDFText_GetFontSize(tp.raw, i)), 2)
        weight = pdfium_c.FPDFText_GetFontWeight(tp.raw, i)
        if weight >= 600:
            bold = True
        else:
            pdfium_c.FPDFText_GetFontInfo(tp.raw, i, name_buf, 96, ctypes.byref(flags))
            bold = b"bold" in name_buf.value.lower()
        pdfium_c.FPDFText_GetCharOrigin(tp.raw, i, ctypes.byref(x), ctypes.byref(y))
        left, _b, right, _t = tp.get_charbox(i, loose=True)
        x0, x1, base = float(x.value), max(float(right), float(x.value)), height - float(y.value)
        if cur:
            last = cur[-1]
            if (abs(last[4] - size) > 0.3 or last[5] != bold or abs(last[3] - base) > 0.3 * size
                    or x0 - last[2] > 1.5 or x0 < last[1] - 0.5):
                flush()
        cur.append((ch, x0, x1, base, size, bold))
    flush()
    return words, real


def _pdfium_rules(page: Any, height: float) -> tuple[list[Box], int, int]:
    """(thin rules and boxes as Box, number of path objects, number of images) of one pypdfium2 page."""
    import pypdfium2.raw as pdfium_c

    rules: list[Box] = []
    paths = images = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        paths += 1
        left, bottom, right, top = obj.get_bounds()
        rules.append((float(left), height - float(top), float(right), height - float(bottom)))
    return rules, paths, images


def _read_pages_hybrid(path: Path, data: bytes) -> list[PageContent]:
    """pypdfium2 for the text and rules of every page; pdfplumber's table finder only on pages whose
    rules could form a table (more than the footnote separator and a stray line). Every PDFium call runs
    under the process-wide `PDFIUM` lock (PDFium is not thread-safe), taken one page at a time so another
    thread's pdfplumber work goes on meanwhile."""
    import pypdfium2 as pdfium

    with PDFIUM:
        try:
            doc = pdfium.PdfDocument(data)
            npages = len(doc)
        except pdfium.PdfiumError as e:
            raise CorruptDocumentError(path, f"the PDF cannot be parsed ({e})") from e
    try:
        check_page_count(path, npages)  # a page tree naming one page 200 000 times: refused, not hours
    except Exception:
        with PDFIUM:
            doc.close()
        raise
    plumber: Any = None
    pages: list[PageContent] = []
    try:
        for i in range(npages):
            with PDFIUM:
                page = doc[i]
                try:
                    width, height = (float(v) for v in page.get_size())
                    pc = PageContent(number=i + 1, width=width, height=height)
                    tp = page.get_textpage()
                    try:
                        words, pc.chars = _pdfium_words(tp, height)
                    finally:
                        tp.close()
                    rules, npaths, pc.images = _pdfium_rules(page, height)
                finally:
                    page.close()
            if pc.chars and npaths >= 4:
                if plumber is None:
                    plumber = _open(path, data)
                ppage = plumber.pages[i]
                try:
                    pc.tables = _tables(ppage, words, i + 1)
                finally:
                    ppage.close()  # pdfplumber keeps each page's layout cached until closed (~5 MB a page)
            pages.append(_finish_page(pc, words, rules) if pc.chars else pc)
    finally:
        if plumber is not None:
            plumber.close()
        with PDFIUM:
            doc.close()
    return pages


# --------------------------------------------------------------------------------------------- cleaning
def _mask(s: str) -> str:
    return _DIGITS.sub("#", compare_form(s))


def _remove_running_lines(pages: list[PageContent], warnings: list[str]) -> None:
    """Drop page numbers and running headers/footers (lines in the top/bottom band)."""
    def band_lines(pc: PageContent) -> list[Line]:
        out = []
        for ln in pc.lines[:2]:
            if ln.bottom < BAND * pc.height:
                out.append(ln)
        for ln in pc.lines[-2:]:
            if ln.top > (1 - BAND) * pc.height and ln not in out:
                out.append(ln)
        return out

    counts: Counter[str] = Counter()
    for pc in pages:
        for key in {_mask(ln.text()) for ln in band_lines(pc)}:
            counts[key] += 1
    repeated = {k for k, n in counts.items() if n >= 2 and n >= 0.3 * len(pages)}
    removed = 0
    for pc in pages:
        drop = []
        for ln in band_lines(pc):
            below_rule = pc.separator_y is not None and ln.top > pc.separator_y
            text = ln.text()
            if _matches("page_number", text) or (not below_rule and _mask(text) in repeated):
                drop.append(ln)
        removed += len(drop)
        pc.lines = [ln for ln in pc.lines if ln not in drop]
    if removed:
        warnings.append(f"pdf: {removed} running header/footer/page-number lines removed")


@dataclass
class Note:
    id: str
    page: int
    lines: list[Line]


def _split_footnotes(pages: list[PageContent], body_size: float) -> list[Note]:
    """Take the footnote area off each page; returns the notes in order of appearance."""
    notes: list[Note] = []
    for pc in pages:
        area: list[Line] = []
        if pc.separator_y is not None:
            area = [ln for ln in pc.lines if ln.top > pc.separator_y]
        else:  # no rule: smaller-type lines at the foot, the first of them starting with a number
            tail: list[Line] = []
            for ln in reversed(pc.lines):
                if ln.size < 0.9 * body_size or (ln.leading_number() and ln.words[0].size < 0.9 * body_size):
                    tail.insert(0, ln)
                else:
                    break
            while tail and not tail[0].leading_number():
                tail.pop(0)
            area = tail
        if not area:
            continue
        pc.lines = [ln for ln in pc.lines if ln not in area]
        for ln in area:
            num = ln.leading_number()
            if num is not None and (len(ln.words) > 1):
                notes.append(Note(id=num, page=pc.number, lines=[Line(words=ln.words[1:], page=pc.number,
                                                                       number=ln.number)]))
            elif notes:
                notes[-1].lines.append(ln)  # continues the last note (also across a page)
    return notes


# --------------------------------------------------------------------------------------------- blocks
@dataclass
class _Para:
    lines: list[Line]
    page: int


def _page_geometry(pc: PageContent) -> tuple[float, float]:
    """(left text edge, right text edge) of the page's body lines."""
    if not pc.lines:
        return 0.0, pc.width
    lefts = Counter(round(ln.x0) for ln in pc.lines)
    left = min(x for x, n in lefts.items() if n >= max(2, 0.15 * len(pc.lines))) if any(
        n >= 2 for n in lefts.values()) else min(lefts)
    rights = sorted(ln.x1 for ln in pc.lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    return float(left), float(right)


def _starts_block(prev: Line, ln: Line, geom: tuple[float, float], same_page: bool) -> bool:
    left, right = geom
    size = ln.size
    prev_text = prev.text(keep_sup=False)
    text = ln.text(keep_sup=False)
    prev_short = prev.x1 < right - 2.5 * size
    prev_ends = bool(_SENTENCE_END.search(prev_text))
    if same_page and ln.top - prev.bottom > 0.45 * size:
        return True
    if abs(ln.size - prev.size) > 1.0 or ln.bold != prev.bold:
        return True
    middle = (left + right) / 2
    if ln.x0 > left + 0.8 * size and ln.x0 < middle:  # first-line indent
        return True
    if ln.x0 >= middle or prev.x0 >= middle:  # a right-aligned line (signature titles, place and date)
        return True
    if prev.x0 > left + 0.8 * size and ln.x0 > left + 0.8 * size:  # consecutive centred lines (titles)
        return True
    if _matches("block_start", text) and (prev_ends or prev_short):
        return True
    if prev_short and (prev_ends or not same_page):
        return True
    return False


def _join_lines(lines: Iterable[Line], known_ids: set[str]) -> tuple[str, str, list[str]]:
    """(display text, original text, footnote refs) of consecutive lines of one block."""
    text = ""
    orig_lines = []
    refs: list[str] = []
    for ln in lines:
        piece = ""
        prev: Word | None = None
        for w in ln.words:
            if w.sup and w.text.isdigit() and w.text in known_ids:
                refs.append(w.text)
            elif w.sup:
                piece += w.text.translate(_SUPERSCRIPT)
            else:
                piece = f"{piece}{_space(prev, w)}{w.text}" if piece else w.text
            prev = w
        orig_lines.append(ln.text())
        text = join_wrapped(text, piece)
    return clean_text(text), "\n".join(orig_lines), refs


def _blocks(pages: list[PageContent], notes: list[Note], body_size: float,
            warnings: list[str]) -> list[Block]:
    from extractors.load.docx import classify_text
    from extractors.load.text import _State
    from extractors.tables import RawRow, reassemble_rows

    known = {n.id for n in notes}
    items: list[tuple[int, float, str, Any]] = []  # (page, top, kind, payload) in reading order
    for pc in pages:
        for ln in pc.lines:
            items.append((pc.number, ln.top, "line", ln))
        for t in pc.tables:
            items.append((pc.number, t.top, "table", t))
    items.sort(key=lambda it: (it[0], it[1]))
    geoms = {pc.number: _page_geometry(pc) for pc in pages}
    widths = {pc.number: pc.width for pc in pages}

    blocks: list[Block] = []
    para: list[Line] = []
    table_frags: list[TableFragment] = []

    sig_state = _State()

    def flush_para() -> None:
        if not para:
            return
        text, orig, refs = _join_lines(para, known)
        if text or refs:
            kind, marker, level, style, rest = classify_text(text, sig_state)
            if kind == BlockKind.paragraph and all(ln.bold for ln in para) and len(text) < 250:
                kind, style = BlockKind.heading, "bold"
            blocks.append(Block(kind=kind, text=rest, orig=orig, marker=marker, footnote_refs=refs,
                                level=level, style=style, page=para[0].page, line_start=para[0].number,
                                line_end=para[-1].number))
        para.clear()

    def flush_table() -> None:
        if not table_frags:
            return
        raw: list[RawRow] = []
        for fi, frag in enumerate(table_frags):
            for ri, cells in enumerate(frag.rows):
                line = frag.row_lines[ri] if ri < len(frag.row_lines) else None
                raw.append(RawRow(cells=cells, page=frag.page, line_start=line, line_end=line,
                                  after_break=fi > 0 and ri == 0))
        table, w = reassemble_rows(raw)
        warnings.extend(f"pdf table from page {table_frags[0].page}: {x}" for x in w)
        lines = [x for f in table_frags for x in f.row_lines if x]
        blocks.append(Block(kind=BlockKind.table, table=table, page=table_frags[0].page,
                            line_start=min(lines, default=None), line_end=max(lines, default=None)))
        table_frags.clear()

    prev_kind = ""
    for i, (page, _top, kind, payload) in enumerate(items):
        if kind == "table":
            frag: TableFragment = payload
            flush_para()
            continues = (bool(table_frags) and prev_kind == "table" and table_frags[-1].page == page - 1
                         and table_frags[-1].ncols == frag.ncols)
            if table_frags and not continues:
                flush_table()
            table_frags.append(frag)
            prev_kind = "table"
            continue
        ln: Line = payload
        if table_frags:
            flush_table()
        if para:
            prev = para[-1]
            if _starts_block(prev, ln, geoms[page], same_page=prev.page == page) or \
                    abs(widths[prev.page] - widths[page]) > 1.0:  # a new section (portrait -> landscape)
                flush_para()
        para.append(ln)
        prev_kind = "line"
    flush_para()
    flush_table()

    for n in notes:
        text, orig, _ = _join_lines(n.lines, set())
        blocks.append(Block(kind=BlockKind.footnote, footnote_id=n.id, text=text, orig=orig, page=n.page,
                            line_start=n.lines[0].number, line_end=n.lines[-1].number))
    seen_refs = {r for b in blocks for r in b.footnote_refs}
    for n in notes:
        if n.id not in seen_refs:
            warnings.append(f"page {n.page}: footnote {n.id} has no marker in the text")
    return blocks


# --------------------------------------------------------------------------------------------- entry
def _open(path: Path, data: bytes) -> Any:
    import pdfplumber

    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError(path, "not a PDF file (no %PDF- header)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = len(pdf.pages)
    except Exception as e:  # pdfminer raises many types (PDFSyntaxError, PSEOF, PDFPasswordIncorrect, …)
        raise CorruptDocumentError(path, f"the PDF cannot be parsed ({type(e).__name__}: {e})") from e
    return pdf


def _read_pages_plumber(path: Path, data: bytes) -> list[PageContent]:
    pdf = _open(path, data)
    pages: list[PageContent] = []
    try:
        for i, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(page, i))
            except Exception as e:
                raise CorruptDocumentError(path, f"page {i} cannot be read ({type(e).__name__}: {e})") from e
            finally:
                page.close()  # pdfplumber keeps each page's layout cached until closed (~5 MB a page)
    finally:
        pdf.close()
    return pages


def load_pdf(path: Path, data: bytes, engine: str = "hybrid") -> DocumentIR:
    """Read a text-layer PDF into the DocumentIR (see module doc for what is guaranteed).
    engine "hybrid" (default): pypdfium2 text + pdfplumber tables on ruled pages; "pdfplumber": all pdfplumber."""
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError(path, "not a PDF file (no %PDF- header)")
    pages = _read_pages_hybrid(path, data) if engine == "hybrid" else _read_pages_plumber(path, data)
    if not pages:
        raise CorruptDocumentError(path, "the PDF has no pages")
    if sum(p.chars for p in pages) == 0:
        imgs = sum(p.images for p in pages)
        raise NoTextLayerError(path, f"no text layer on any of its {len(pages)} pages"
                                     + (f" ({imgs} images: a scan? OCR it first)" if imgs else ""))
    warnings: list[str] = []
    n = 0
    for pc in pages:  # one numbering for text lines and table rows, in reading order
        items: list[tuple[float, Line | tuple[TableFragment, int]]] = [(ln.top, ln) for ln in pc.lines]
        for t in pc.tables:
            t.row_lines = [0] * len(t.rows)
            items.extend((top, (t, i)) for i, top in enumerate(t.row_tops))
        for _, it in sorted(items, key=lambda x: x[0]):
            n += 1
            if isinstance(it, Line):
                it.number = n
            else:
                it[0].row_lines[it[1]] = n
    sizes: Counter[float] = Counter()
    for pc in pages:
        for ln in pc.lines:
            for w in ln.words:
                sizes[round(w.size, 1)] += len(w.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 12.0
    _remove_running_lines(pages, warnings)
    notes = _split_footnotes(pages, body_size)
    blocks = _blocks(pages, notes, body_size, warnings)
    empty_pages = [p.number for p in pages if p.chars == 0]
    if empty_pages:
        warnings.append(f"pdf: pages without text (images only?): {empty_pages}")
    return DocumentIR(source=str(path), format="pdf", sha256=sha256_bytes(data), pages=len(pages),
                      blocks=blocks, warnings=warnings)
