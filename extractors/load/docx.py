"""DOCX loader: a .docx file -> DocumentIR (python-docx 1.2 + lxml on the package parts).

What it guarantees:
- Blocks come in reading order: the body's `w:p` and `w:tbl` children are walked in document order
  (content controls `w:sdt` are descended into), not python-docx's separate paragraph/table lists.
- Paragraphs carry their style name; "Heading N"/"Title"/outline-level styles become heading blocks with
  that level; paragraphs with numbering (`w:numPr`, on the paragraph or its style) become list items with
  `level` = `w:ilvl` and `marker` = the number Word prints (computed from the numbering part), which is
  also put in front of the text, as a reader sees it.
- Tables: one cell per grid column. A horizontally merged cell (`w:gridSpan`) appears once, at its first
  column, with empty cells after it; a vertically merged continuation (`w:vMerge` without "restart")
  is an empty cell. Rows marked to repeat as a header (`w:tblHeader`) are header rows; the shared
  reassembly (`extractors.tables`) then drops repeated header rows and marks group rows exactly as for
  the other formats; every `w:tr` is a row of its own (`RawRow.own_row`), never merged into the row above
  (no page break splits a DOCX row: an empty number cell is a data sub-row or a sub-row under a merged
  number cell).
- Footnotes are read from the footnotes part (relationship type RT.FOOTNOTES), separator types skipped,
  and numbered as Word prints them (1, 2, … in order of first reference; a custom mark keeps its text).
  Each becomes a footnote block (after the body); every block that holds a `w:footnoteReference`
  lists the printed ids in `footnote_refs`. Reference marks are not part of the block text.
- A file that is not a readable DOCX package raises CorruptDocumentError naming the file.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lxml import etree

from extractors.errors import CorruptDocumentError, EmptyDocumentError
from extractors.ir import Block, BlockKind, DocumentIR
from extractors.load import sha256_bytes
from extractors.footnotes import parse_superscript_note, split_superscript_refs
from extractors.load.text import parse_marker
from extractors.normalize import clean_text, nfc
from extractors.tables import strip_html

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = (_w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("sdt"),
                                                 _w("sdtContent"))
W_T, W_TAB, W_BR, W_CR, W_FNREF = _w("t"), _w("tab"), _w("br"), _w("cr"), _w("footnoteReference")
W_NBH, W_SHY = _w("noBreakHyphen"), _w("softHyphen")
W_VAL, W_ID, W_TYPE = _w("val"), _w("id"), _w("type")
SKIP_SUBTREES = {_w("del"), _w("moveFrom"), _w("txbxContent"), f"{{{MC_NS}}}Fallback", _w("pPr"), _w("rPr"),
                 _w("tblPr"), _w("trPr"), _w("tcPr")}
FOOTNOTE_SKIP_TYPES = {"separator", "continuationSeparator", "continuationNotice"}

_HEADING_STYLE = re.compile(r"^(?:heading|title|tiêu đề)\s*(\d*)$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------- numbering
def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letters(n: int) -> str:
    # Word: a..z, then aa..zz
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and anything unknown


# bullets as Word stores them (often Symbol/Wingdings private-use code points) -> a printable marker
_BULLET_CHARS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "o": "o", "": "-"}
# symbol bullets are not typed text; "-" and "+" bullets are, in Vietnamese plans, so they stay in the text
_SILENT_BULLETS = frozenset({"•", "▪", "➢", "✓", "o", "·"})


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Word's list numbering: num id -> abstract levels, with running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, root: etree._Element | None) -> "_Numbering":
        self = cls()
        if root is None:
            return self
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(_w("abstractNum")):
            lv: dict[int, _Level] = {}
            for lvl in an.iterchildren(_w("lvl")):
                ilvl = int(lvl.get(_w("ilvl"), "0"))
                fmt_el, text_el, start_el = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
                lv[ilvl] = _Level(fmt=fmt_el.get(W_VAL, "decimal") if fmt_el is not None else "decimal",
                                  text=text_el.get(W_VAL, "") if text_el is not None else "",
                                  start=int(start_el.get(W_VAL, "1")) if start_el is not None else 1)
            abstract[an.get(_w("abstractNumId"), "")] = lv
        for num in root.iterchildren(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is not None:
                self.levels[num.get(_w("numId"), "")] = abstract.get(ref.get(W_VAL, ""), {})
        return self

    def next_marker(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        lvl = levels[ilvl]
        if counts[ilvl] == 0:
            counts[ilvl] = lvl.start
        else:
            counts[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counts[deeper] = 0
        if lvl.fmt == "bullet":
            return _BULLET_CHARS.get(lvl.text, lvl.text or "-")
        if lvl.fmt == "none":
            return None

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            sub = levels.get(k, _Level())
            n = counts[k] if counts[k] else sub.start
            return _format_number(n, sub.fmt)

        return re.sub(r"%(\d)", fill, lvl.text) or None


# --------------------------------------------------------------------------------------------- text
@dataclass
class _Text:
    text: str = ""
    footnote_ids: list[str] = field(default_factory=list)  # XML ids of w:footnoteReference, in order


def _collect_text(el: etree._Element, out: list[str], refs: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP_SUBTREES:
            continue
        if tag == W_T:
            t = child.text or ""
            if t.isdigit() and _is_superscript_run(child.getparent()):
                t = t.translate(_TO_SUPERSCRIPT)  # a typed footnote mark (no footnotes part)
            out.append(t)
        elif tag == W_TAB:
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == W_NBH:
            out.append("-")
        elif tag == W_FNREF:
            fid = child.get(W_ID)
            if fid is not None:
                refs.append(fid)
        elif tag == W_P:  # paragraphs nested in a cell/sdt are handled by callers; here: a line each
            _collect_text(child, out, refs)
            out.append("\n")
        else:
            _collect_text(child, out, refs)


_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _is_superscript_run(run: etree._Element | None) -> bool:
    if run is None or run.tag != _w("r"):
        return False
    va = run.find(f"{_w('rPr')}/{_w('vertAlign')}")
    return va is not None and va.get(W_VAL) == "superscript"


def classify_text(text: str, sig_state: Any) -> tuple[BlockKind, str | None, int | None, str | None, str]:
    """(kind, marker, level, style, text without marker) of one block's display text, by the same rules
    as the text loader, so that a list item, heading or signature line reads alike in every format."""
    from extractors.load.text import _classify, _signature_block

    sig = _signature_block(text, sig_state)
    if sig is not None:
        style, marker = sig
        return BlockKind.signature, marker, None, style, parse_marker(text)[1] if marker else text
    return _classify(text, None)


def _paragraph_text(p: etree._Element) -> _Text:
    out: list[str] = []
    refs: list[str] = []
    _collect_text(p, out, refs)
    return _Text(nfc("".join(out)), refs)


def _textboxes(p: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs inside text boxes anchored in p (the DrawingML copy only, not the VML fallback)."""
    for tb in p.iter(_w("txbxContent")):
        if any(a.tag == f"{{{MC_NS}}}Fallback" for a in tb.iterancestors()):
            continue
        yield from tb.iter(W_P)


# --------------------------------------------------------------------------------------------- loader
class _DocxReader:
    def __init__(self, path: Path, data: bytes) -> None:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.styles import BabelFish

        self.path = path
        try:
            self.doc = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as e:
            raise CorruptDocumentError(path, f"not a readable DOCX package ({type(e).__name__}: {e})") from e
        except Exception as e:  # python-docx raises its own PackageNotFoundError etc.
            raise CorruptDocumentError(path, f"not a readable DOCX package ({type(e).__name__}: {e})") from e
        part = self.doc.part
        self.styles: dict[str, tuple[str, etree._Element | None, str | None]] = {}
        styles_root = self._related_root(part, RT.STYLES)
        if styles_root is not None:
            for st in styles_root.iterchildren(_w("style")):
                name_el = st.find(_w("name"))
                based = st.find(_w("basedOn"))
                self.styles[st.get(_w("styleId"), "")] = (
                    BabelFish.internal2ui(name_el.get(W_VAL, "")) if name_el is not None else "",
                    st.find(_w("pPr")),
                    based.get(W_VAL) if based is not None else None,
                )
        self.numbering = _Numbering.from_part(self._related_root(part, RT.NUMBERING))
        self.footnote_xml = self._related_root(part, RT.FOOTNOTES)
        self.fn_display: dict[str, str] = {}  # XML footnote id -> printed number
        self.custom_marks: set[str] = set()  # XML ids whose reference carries its own printed mark
        from extractors.load.text import _State
        self.sig_state = _State()
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.line = 0  # DOCX has no pages: every paragraph and table row is one "line", in reading order

    @staticmethod
    def _related_root(part: object, reltype: str) -> etree._Element | None:
        for rel in part.rels.values():  # type: ignore[attr-defined]
            if rel.reltype == reltype and not rel.is_external:
                target = rel.target_part
                el = getattr(target, "element", None)
                if el is not None:
                    return el
                try:
                    return etree.fromstring(target.blob)
                except etree.XMLSyntaxError:
                    return None
        return None

    # ---- styles
    def _style_chain(self, style_id: str | None) -> Iterator[tuple[str, etree._Element | None]]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            name, ppr, based = self.styles[style_id]
            yield name, ppr
            style_id = based

    def _style_of(self, p: etree._Element) -> str | None:
        ps = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        return ps.get(W_VAL) if ps is not None else None

    def _heading_level(self, p: etree._Element, style_id: str | None) -> int | None:
        ol = p.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if ol is not None and ol.get(W_VAL, "9") != "9":
            return int(ol.get(W_VAL, "0")) + 1
        for name, ppr in self._style_chain(style_id):
            m = _HEADING_STYLE.match(name.strip())
            if m:
                return int(m.group(1)) if m.group(1) else 0
            if ppr is not None:
                ol = ppr.find(_w("outlineLvl"))
                if ol is not None and ol.get(W_VAL, "9") != "9":
                    return int(ol.get(W_VAL, "0")) + 1
        return None

    def _num_pr(self, p: etree._Element, style_id: str | None) -> tuple[str, int] | None:
        np_el = p.find(f"{_w('pPr')}/{_w('numPr')}")
        sources = [np_el] + [ppr.find(_w("numPr")) if ppr is not None else None
                             for _, ppr in self._style_chain(style_id)]
        num_id: str | None = None
        ilvl: int | None = None
        for src in sources:
            if src is None:
                continue
            nid, lvl = src.find(_w("numId")), src.find(_w("ilvl"))
            if num_id is None and nid is not None:
                num_id = nid.get(W_VAL)
            if ilvl is None and lvl is not None:
                ilvl = int(lvl.get(W_VAL, "0"))
        if num_id is None or num_id == "0":
            return None
        return num_id, ilvl or 0

    # ---- footnote numbering: printed in order of first reference
    def _display_ids(self, xml_ids: list[str], p: etree._Element) -> list[str]:
        out: list[str] = []
        for fid in xml_ids:
            if fid not in self.fn_display:
                ref = next((r for r in p.iter(W_FNREF) if r.get(W_ID) == fid), None)
                custom = ref is not None and ref.get(_w("customMarkFollows")) in ("1", "true", "on")
                if custom and ref is not None:
                    run = ref.getparent()
                    mark = "".join(t.text or "" for t in run.iter(W_T)) if run is not None else ""
                    self.fn_display[fid] = mark.strip() or fid
                    if mark.strip():
                        self.custom_marks.add(fid)
                else:
                    n = sum(1 for v in self.fn_display.values() if v.isdigit()) + 1
                    self.fn_display[fid] = str(n)
            out.append(self.fn_display[fid])
        return out

    # ---- blocks
    def _paragraph_block(self, p: etree._Element) -> Block | None:
        self.line += 1
        t = _paragraph_text(p)
        style_id = self._style_of(p)
        style_name = self.styles.get(style_id or "", ("",))[0] or style_id or "Normal"
        refs = self._display_ids(t.footnote_ids, p)
        text = t.text
        for fid in t.footnote_ids:  # a custom mark is printed text in the run: not part of the block text
            if fid in self.custom_marks:
                text = text.replace(self.fn_display[fid], "", 1)
        num = self._num_pr(p, style_id)
        marker = self.numbering.next_marker(*num) if num is not None else None
        full = f"{marker} {text.lstrip()}" if marker else text
        prov = dict(line_start=self.line, line_end=self.line)
        display = clean_text(strip_html(full))
        if not display and not refs:
            return None
        # typed footnotes (a converted file): "¹ Chỉ tiêu …" is a note, "…50%²" carries a marker
        note = parse_superscript_note(display)
        if note is not None and not refs:
            return Block(kind=BlockKind.footnote, footnote_id=note[0], text=clean_text(note[1]), orig=full,
                         style=style_name, **prov)
        display, typed_refs = split_superscript_refs(display)
        display = clean_text(display)
        kind, marker_out, level, style, rest = classify_text(display, self.sig_state)
        heading = self._heading_level(p, style_id)
        if heading is not None and kind not in (BlockKind.heading, BlockKind.signature):
            kind, level = BlockKind.heading, level if marker_out else heading
        elif num is not None and kind == BlockKind.paragraph:
            kind = BlockKind.list_item
        if num is not None and kind == BlockKind.list_item and parse_marker(display)[2] == "bullet":
            level = num[1] + 1  # Word's list level (w:ilvl) for bullets; numbered markers give their own
        return Block(kind=kind, text=rest, orig=full, level=level, style=style or style_name,
                     marker=marker_out, footnote_refs=refs + typed_refs, **prov)

    def _table_block(self, tbl: etree._Element) -> Block:
        from extractors.tables import RawRow, reassemble_rows

        raw_rows: list[RawRow] = []
        all_refs: list[str] = []
        for tr in tbl.iterchildren(W_TR):
            cells: list[str] = []
            grid_before = tr.find(f"{_w('trPr')}/{_w('gridBefore')}")
            if grid_before is not None:
                cells.extend([""] * int(grid_before.get(W_VAL, "0")))
            for tc in _row_cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span_el = tcpr.find(_w("gridSpan")) if tcpr is not None else None
                span = int(span_el.get(W_VAL, "1")) if span_el is not None else 1
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                continues_above = vmerge is not None and vmerge.get(W_VAL, "continue") == "continue"
                lines: list[str] = []
                for p in tc.iter(W_P):  # nested tables' paragraphs included, in document order
                    pt = _paragraph_text(p)
                    all_refs.extend(self._display_ids(pt.footnote_ids, p))
                    num = self._num_pr(p, self._style_of(p))
                    marker = self.numbering.next_marker(*num) if num is not None else None
                    line = pt.text
                    if marker and marker not in _SILENT_BULLETS:
                        line = f"{marker} {line.lstrip()}"
                    lines.append(line)
                cells.append("" if continues_above else "\n".join(lines).strip("\n"))
                cells.extend([""] * (span - 1))
            self.line += 1
            raw_rows.append(RawRow(cells=cells, line_start=self.line, line_end=self.line, own_row=True))
        table, warnings = reassemble_rows(raw_rows)
        self.warnings.extend(warnings)
        return Block(kind=BlockKind.table, table=table, footnote_refs=list(dict.fromkeys(all_refs)),
                     line_start=raw_rows[0].line_start if raw_rows else self.line, line_end=self.line)

    def _walk(self, parent: etree._Element) -> Iterator[etree._Element]:
        for child in parent.iterchildren():
            if child.tag in (W_P, W_TBL):
                yield child
            elif child.tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    yield from self._walk(content)
            elif child.tag in (_w("customXml"), _w("ins"), _w("moveTo")):
                yield from self._walk(child)

    def read(self) -> DocumentIR:
        body = self.doc.element.body
        for el in self._walk(body):
            if el.tag == W_TBL:
                self.blocks.append(self._table_block(el))
                continue
            b = self._paragraph_block(el)
            if b is not None:
                self.blocks.append(b)
            for tp in _textboxes(el):
                tb = self._paragraph_block(tp)
                if tb is not None:
                    self.blocks.append(tb)
        self._add_footnotes()
        return DocumentIR(source=str(self.path), format="docx", sha256="", pages=None, blocks=self.blocks,
                          warnings=self.warnings)

    def _add_footnotes(self) -> None:
        if self.footnote_xml is None:
            if self.fn_display:
                self.warnings.append(f"{len(self.fn_display)} footnote references but no footnotes part")
            return
        notes: dict[str, etree._Element] = {}
        for fn in self.footnote_xml.iterchildren(_w("footnote")):
            if fn.get(W_TYPE) in FOOTNOTE_SKIP_TYPES:
                continue
            notes[fn.get(W_ID, "")] = fn
        order = list(self.fn_display.items())
        unreferenced = [fid for fid in notes if fid not in self.fn_display]
        for fid in unreferenced:
            self.warnings.append(f"footnote {fid} is never referenced in the body")
        for fid, shown in order:
            fn = notes.get(fid)
            if fn is None:
                self.warnings.append(f"footnote reference {shown} has no footnote text")
                continue
            lines = [_paragraph_text(p).text for p in fn.iter(W_P)]
            orig = "\n".join(lines).strip()
            self.line += 1
            # the footnote text usually starts with the footnoteRef mark (no text) and a space
            self.blocks.append(Block(kind=BlockKind.footnote, footnote_id=shown, text=clean_text(orig),
                                     orig=orig, style="footnote text", line_start=self.line,
                                     line_end=self.line))


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(W_VAL, "true") not in ("0", "false", "off")


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr.iterchildren():
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, _w("customXml")):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from content.iterchildren(W_TC)


def _ancestors_until(el: etree._Element, stop: etree._Element) -> Iterator[etree._Element]:
    for a in el.iterancestors():
        if a is stop:
            return
        yield a


def load_docx(path: Path, data: bytes) -> DocumentIR:
    """Read a .docx into the DocumentIR (see module doc for what is guaranteed)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptDocumentError(path, "not a DOCX file (not a zip package; a .doc saved with a .docx name?)")
    ir = _DocxReader(path, data).read()
    ir.sha256 = sha256_bytes(data)
    if not any(b.text or b.table for b in ir.blocks):
        raise EmptyDocumentError(path, "the DOCX holds no text")
    return ir
