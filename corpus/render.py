"""Render the seed documents as DOCX and PDF, the way users' files look, for format-parity tests.

    .venv/bin/python corpus/render.py [--seeds corpus] [--out corpus] [--engine auto|libreoffice|reportlab]

For each seed `corpus/<stem>.txt` this reads the text loader's DocumentIR and writes
- `corpus/<stem>.docx` (python-docx): headings as "Heading N" paragraphs, list items as paragraphs that keep
  their printed marker, tables as real Word tables (grid borders, header row marked to repeat, group rows
  merged across the row), the appendix table in its own landscape section, real footnotes in a footnotes
  part with `w:footnoteReference` marks, and the page number in the page header;
- `corpus/<stem>.pdf`: the DOCX converted by LibreOffice headless (`soffice --convert-to pdf`), so long
  table rows really break across pages and the header row repeats on every page. Without LibreOffice it
  falls back to reportlab (Table repeatRows=1, splitInRow=1, DejaVu fonts) and says so.
and rewrites `corpus/MANIFEST` (name, format, sha256, bytes — one line per corpus file).

The generated files are committed (CI has no LibreOffice); run this again only when a seed or the text
loader changes, and commit the result with the MANIFEST.
"""
from __future__ import annotations

import argparse
from datetime import datetime
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT, WD_SECTION  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402
from docx.table import Table as DocxTable  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

from extractors.ir import Block, BlockKind, DocumentIR, Row  # noqa: E402
from extractors.normalize import clean_text, compare_form  # noqa: E402

FONT = "Times New Roman"  # LibreOffice substitutes the metric-compatible Liberation Serif
BODY_PT = 13
TABLE_PT = 11
FOOTNOTE_PT = 10
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
DASH_BULLET_NUM_ID = "90"  # our own numbering definition: a "-" bullet, as Vietnamese plans print them


# --------------------------------------------------------------------------------------------- footnotes
class FootnoteWriter:
    """Builds /word/footnotes.xml: separator, continuation separator, then one w:footnote per note."""

    def __init__(self) -> None:
        self.notes: list[tuple[int, str]] = []

    def add(self, text: str) -> int:
        xml_id = len(self.notes) + 1
        self.notes.append((xml_id, text))
        return xml_id

    def xml(self) -> bytes:
        from xml.sax.saxutils import escape

        parts = [f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">',
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                 'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
                 'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
                 '</w:footnote>']
        rpr = (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
               f'<w:sz w:val="{FOOTNOTE_PT * 2}"/>')
        for xml_id, text in self.notes:
            parts.append(
                f'<w:footnote w:id="{xml_id}"><w:p><w:pPr><w:jc w:val="both"/><w:spacing w:after="0"/></w:pPr>'
                f'<w:r><w:rPr>{rpr}<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>')
        parts.append("</w:footnotes>")
        return "".join(parts).encode("utf-8")

    def attach(self, doc: Document) -> None:
        if not self.notes:
            return
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, self.xml(), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)


def _add_footnote_ref(paragraph: Paragraph, xml_id: int) -> None:
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    rpr.append(parse_xml(f'<w:vertAlign xmlns:w="{W_NS}" w:val="superscript"/>'))
    run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="{xml_id}"/>'))


# --------------------------------------------------------------------------------------------- document
def _setup(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    pf = normal.paragraph_format
    pf.space_after = Pt(6)
    pf.space_before = Pt(0)
    pf.line_spacing = 1.1
    for level in (1, 2, 3):
        st = doc.styles[f"Heading {level}"]
        st.font.name = FONT
        st.font.size = Pt(BODY_PT)
        st.font.bold = True
        st.font.italic = level == 3
        st.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(attr), None)
        st.paragraph_format.space_before = Pt(6)
        st.paragraph_format.space_after = Pt(6)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    # page number, centred in the page header (the usual place in Vietnamese administrative documents)
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r>'
                           '</w:fldSimple>'))
    _add_dash_numbering(doc)


def _add_dash_numbering(doc: Document) -> None:
    """A numbering definition whose bullet is "-" (printed by Word, not typed), for "-" list items."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{DASH_BULLET_NUM_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{DASH_BULLET_NUM_ID}">'
                               f'<w:abstractNumId w:val="{DASH_BULLET_NUM_ID}"/></w:num>'))


def _set_dash_numbering(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/>'
                         f'<w:numId w:val="{DASH_BULLET_NUM_ID}"/></w:numPr>'))


def _with_marker(b: Block) -> str:
    return f"{b.marker} {b.text}" if b.marker else b.text


def _ref_positions(b: Block, refs: list[str], text: str) -> list[tuple[int, str]]:
    """Where each footnote mark goes in `text`: after the words that precede it in the source
    (`orig` keeps the printed superscript), else at the end before a final full stop."""
    out: list[tuple[int, str]] = []
    for ref in refs:
        pos: int | None = None
        for m in _SUP_RUN.finditer(b.orig):
            if m.group(0).translate(SUPERSCRIPTS) != ref:
                continue
            before = clean_text(re.sub(r"[*_<>]|\[[^\]]*\]", " ", b.orig[:m.start()]))
            words = before.split()
            for k in (4, 3, 2, 1):  # the longest tail of preceding words that occurs in the text
                tail = " ".join(words[-k:])
                if tail and tail in text:
                    pos = text.rfind(tail) + len(tail)
                    break
            break
        if pos is None:
            pos = len(text) - 1 if text.endswith((".", ";", ",")) else len(text)
        out.append((pos, ref))
    return sorted(out)


def _write_text_with_refs(paragraph: Paragraph, text: str, at: list[tuple[int, str]], fn_ids: dict[str, int],
                          bold: bool = False) -> None:
    """Write `text` with footnote reference marks at the given character positions."""
    pos = 0
    for cut, ref in at:
        if cut > pos:
            run = paragraph.add_run(text[pos:cut])
            run.bold = bold or None
            pos = cut
        _add_footnote_ref(paragraph, fn_ids[ref])
    if pos < len(text):
        run = paragraph.add_run(text[pos:])
        run.bold = bold or None


def _is_appendix_title(b: Block) -> bool:
    return compare_form(b.text).startswith("phụ lục")


def _column_widths(rows: list[Row], total_cm: float) -> list[float]:
    ncols = max((len(r.cells) for r in rows), default=1)
    weights = [0.0] * ncols
    for r in rows:
        if r.is_group:
            continue
        for c in r.cells[:ncols]:
            weights[c.col if c.col < ncols else ncols - 1] += len(c.text) ** 0.5
    weights = [max(w, 1.0) for w in weights]
    first = 1.3  # STT
    rest = total_cm - first
    wsum = sum(weights[1:]) or 1.0
    return [first] + [max(2.2, rest * w / wsum) for w in weights[1:]]


def _add_table(doc: Document, rows: list[Row], width_cm: float) -> DocxTable:
    ncols = max((len(r.cells) for r in rows), default=1)
    table = doc.add_table(rows=0, cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _column_widths(rows, width_cm)
    scale = width_cm / sum(widths)
    widths = [w * scale for w in widths]
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for r in rows:
        row = table.add_row()
        if r.is_header:
            row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
        texts = [c.text for c in r.cells] + [""] * (ncols - len(r.cells))
        cells = row.cells
        for cell, w in zip(cells, widths):
            cell.width = Cm(w)
        if r.is_group and ncols > 1 and not any(texts[1:]):
            merged = cells[0].merge(cells[-1])
            cells = [merged]
            texts = texts[:1]
        for cell, text in zip(cells, texts):
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            if r.is_header:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.font.size = Pt(TABLE_PT)
            run.bold = (r.is_header or r.is_group) or None
    return table


def _landscape_section(doc: Document) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    sec.left_margin, sec.right_margin = Cm(2.0), Cm(2.0)


def build_docx(ir: DocumentIR, out: Path) -> None:
    """Write the IR as a Word document (see module doc)."""
    doc = Document()
    _setup(doc)
    fn_writer = FootnoteWriter()
    fn_ids: dict[str, int] = {}
    notes = ir.footnotes()
    blocks = ir.blocks
    # where the appendix starts: the "Phụ lục" title before the first table, else the table itself
    landscape_at: int | None = None
    for i, b in enumerate(blocks):
        if b.kind == BlockKind.table and b.table is not None and b.table.rows:
            ncols = max(len(r.cells) for r in b.table.rows)
            titles = [j for j in range(max(0, i - 6), i) if _is_appendix_title(blocks[j])]
            if titles or ncols >= 6:
                landscape_at = titles[0] if titles else i
            break
    in_landscape = False
    for i, b in enumerate(blocks):
        if i == landscape_at:
            _landscape_section(doc)
            in_landscape = True
        if b.kind == BlockKind.footnote:
            continue
        for ref in b.footnote_refs:
            if ref in notes and ref not in fn_ids:
                fn_ids[ref] = fn_writer.add(notes[ref])
        if b.kind == BlockKind.table and b.table is not None:
            width = (29.7 - 4.0) if in_landscape else (21.0 - 5.0)
            _add_table(doc, b.table.rows, width)
            doc.add_paragraph()
            continue
        refs = [r for r in b.footnote_refs if r in fn_ids]
        if b.kind == BlockKind.heading:
            p = doc.add_paragraph(style=f"Heading {min(max(b.level or 1, 1), 3)}")
            text = _with_marker(b)
            _write_text_with_refs(p, text, _ref_positions(b, refs, text), fn_ids)
        elif b.kind == BlockKind.list_item and (b.marker or "").strip() == "-":
            p = doc.add_paragraph()
            _set_dash_numbering(p)  # Word prints the "-"; the text holds only the item
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _write_text_with_refs(p, b.text, _ref_positions(b, refs, b.text), fn_ids)
        else:
            p = doc.add_paragraph()
            if b.kind == BlockKind.signature:
                p.paragraph_format.space_after = Pt(0)
                if b.style in ("signature_title", "signer"):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                p.paragraph_format.first_line_indent = Cm(1.0)
            bold = b.kind == BlockKind.signature and b.style != "recipient"
            text = _with_marker(b)
            _write_text_with_refs(p, text, _ref_positions(b, refs, text), fn_ids, bold)
    fn_writer.attach(doc)
    doc.core_properties.title = Path(ir.source).stem
    doc.core_properties.created = doc.core_properties.modified = datetime(2026, 1, 1)  # reproducible bytes
    doc.core_properties.author = "plangraph corpus/render.py"
    doc.save(str(out))
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the package with fixed entry times, so the same IR always gives the same DOCX bytes."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


# --------------------------------------------------------------------------------------------- PDF
def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf_libreoffice(docx_path: Path, out_dir: Path, soffice: str) -> Path:
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), str(docx_path)]
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf


def ir_to_pdf_reportlab(ir: DocumentIR, out: Path) -> Path:
    """Fallback when LibreOffice is missing: reportlab with DejaVu fonts, rows split across pages."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (NextPageTemplate, PageBreak, PageTemplate, Frame, BaseDocTemplate,
                                    Paragraph as RLParagraph, Table as RLTable, TableStyle)

    pdfmetrics.registerFont(TTFont("DejaVuSerif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14, spaceAfter=4)
    cell = ParagraphStyle("cell", fontName="DejaVuSerif", fontSize=9, leading=11)

    def page_no(canvas, doc_) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("DejaVuSerif", 10)
        w, h = canvas._pagesize
        canvas.drawCentredString(w / 2, h - 1.2 * cm, str(doc_.page))

    doc = BaseDocTemplate(str(out), pagesize=A4)
    doc.addPageTemplates([
        PageTemplate("portrait", [Frame(3 * cm, 2 * cm, A4[0] - 5 * cm, A4[1] - 4 * cm)], onPage=page_no,
                     pagesize=A4),
        PageTemplate("landscape", [Frame(2 * cm, 2 * cm, landscape(A4)[0] - 4 * cm, landscape(A4)[1] - 4 * cm)],
                     onPage=page_no, pagesize=landscape(A4)),
    ])
    story = []
    for b in ir.blocks:
        if b.kind == BlockKind.table and b.table is not None:
            story += [NextPageTemplate("landscape"), PageBreak()]
            data = [[RLParagraph(escape(c.text), cell) for c in r.cells] for r in b.table.rows]
            t = RLTable(data, repeatRows=1, splitInRow=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
        elif b.kind != BlockKind.footnote:
            story.append(RLParagraph(escape(b.text), body))
    doc.build(story)
    return out


# --------------------------------------------------------------------------------------------- manifest
def write_manifest(corpus: Path) -> Path:
    lines = []
    for f in sorted(corpus.iterdir()):
        if f.suffix.lower() in (".txt", ".md", ".docx", ".pdf") and f.is_file():
            data = f.read_bytes()
            lines.append(f"{f.name}\t{f.suffix.lstrip('.').lower()}\t{hashlib.sha256(data).hexdigest()}\t{len(data)}")
    out = corpus / "MANIFEST"
    out.write_text("# name\tformat\tsha256\tbytes  (written by corpus/render.py)\n" + "\n".join(lines) + "\n",
                   encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "corpus")
    ap.add_argument("--engine", choices=("auto", "libreoffice", "reportlab"), default="auto")
    ap.add_argument("--only", nargs="*", help="seed stems to render (default: all)")
    args = ap.parse_args(argv)

    from extractors.load import load

    soffice = find_soffice() if args.engine in ("auto", "libreoffice") else None
    if args.engine == "libreoffice" and soffice is None:
        print("error: LibreOffice (soffice) not found", file=sys.stderr)
        return 2
    if soffice is None:
        print("note: LibreOffice not found: PDFs rendered with the reportlab fallback", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in sorted(args.seeds.glob("*.txt")):
        if args.only and seed.stem not in args.only:
            continue
        ir = load(seed)
        docx_path = args.out / f"{seed.stem}.docx"
        build_docx(ir, docx_path)
        if soffice is not None:
            pdf = docx_to_pdf_libreoffice(docx_path, args.out, soffice)
        else:
            pdf = ir_to_pdf_reportlab(ir, args.out / f"{seed.stem}.pdf")
        print(f"{seed.name} -> {docx_path.name}, {pdf.name}")
    print(f"wrote {write_manifest(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
