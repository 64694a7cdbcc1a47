"""DOCX loader on the rendered corpus (corpus/<seed>.docx, written by corpus/render.py from the seeds) and
on small documents built here from real seed text where a Word feature needs its own case
(repeated header rows, continuation rows, vertical merges, Word's own list numbering)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

from extractors.ir import BlockKind
from extractors.load import load
from extractors.load.docx import load_docx
from extractors.normalize import compare_form

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_000 = CORPUS / "000_587713ccb05920a7"
SEED_004 = CORPUS / "004_4d82e5c661ccd206"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _appendix(ir):
    return max(ir.tables(), key=lambda b: len(b.table.rows))


def _build(doc: docx.document.Document, tmp_path: Path, name: str = "built.docx"):
    p = tmp_path / name
    doc.save(str(p))
    return load_docx(p, p.read_bytes())


def test_reading_order_puts_the_appendix_table_after_its_title_and_the_signature():
    ir = load(SEED_004.with_suffix(".docx"))
    kinds = [b.kind for b in ir.blocks]
    t = kinds.index(BlockKind.table)
    before = [b for b in ir.blocks[:t] if b.kind != BlockKind.footnote]
    assert compare_form(before[-2].text) == "phụ lục"
    assert before[-1].text.startswith("(Kèm theo Kế hoạch")
    signer = [b for b in before if b.style == "signer"]
    assert [b.text for b in signer] == ["Hoàng Minh Cường"]
    # line numbers follow reading order
    lines = [b.line_start for b in ir.blocks]
    assert lines == sorted(lines)


def test_word_numbering_bullets_become_list_items_with_marker_and_level():
    ir = load(SEED_000.with_suffix(".docx"))
    items = [b for b in ir.blocks if b.kind == BlockKind.list_item and b.marker == "-"]
    assert len(items) >= 40
    first = next(b for b in items if b.text.startswith("Công tác xây dựng và phát triển đội ngũ trí thức"))
    assert first.level == 1  # w:ilvl 0
    assert not first.text.startswith("-")
    # the "-" is Word numbering, not typed text: check the package really says so
    with zipfile.ZipFile(SEED_000.with_suffix(".docx")) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    p = next(p for p in body.iter(f"{{{W}}}p")
             if "".join(p.itertext()).startswith("Công tác xây dựng và phát triển"))
    assert p.find(f"{{{W}}}pPr/{{{W}}}numPr") is not None


def test_heading_styles_give_heading_blocks_with_marker_levels():
    ir = load(SEED_000.with_suffix(".docx"))
    h = next(b for b in ir.blocks if b.text == "MỤC ĐÍCH, ĐỐI TƯỢNG, PHẠM VI, YÊU CẦU")
    assert (h.kind, h.marker, h.level) == (BlockKind.heading, "I.", 1)
    sub = next(b for b in ir.blocks if b.text == "Mục tiêu cụ thể đến năm 2030")
    assert (sub.kind, sub.marker, sub.level) == (BlockKind.heading, "2.", 2)


def test_group_rows_merged_across_the_row_are_one_cell_then_empties():
    ir = load(SEED_004.with_suffix(".docx"))
    rows = _appendix(ir).table.rows
    groups = [r for r in rows if r.is_group]
    assert [r.cells[0].text.split(".")[0] for r in groups] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII",
                                                               "IX", "X"]
    for r in groups:
        assert len(r.cells) == 7 and all(c.text == "" for c in r.cells[1:])
    # the package really has them as one w:tc spanning the grid
    with zipfile.ZipFile(SEED_004.with_suffix(".docx")) as z:
        body = z.read("word/document.xml").decode()
    assert body.count('w:gridSpan w:val="7"') == 10


def test_header_row_marked_to_repeat_is_the_header():
    ir = load(SEED_004.with_suffix(".docx"))
    rows = _appendix(ir).table.rows
    assert rows[0].is_header and not any(r.is_header for r in rows[1:])
    assert rows[0].texts()[:3] == ["STT", "Nội dung công việc", "Kết quả/sản phẩm dự kiến"]
    with zipfile.ZipFile(SEED_004.with_suffix(".docx")) as z:
        assert z.read("word/document.xml").decode().count("<w:tblHeader/>") == 1


def test_footnotes_from_the_footnotes_part_skip_separators_and_number_by_reference():
    ir = load(SEED_000.with_suffix(".docx"))
    notes = ir.footnotes()
    assert list(notes) == [str(i) for i in range(1, 11)]
    assert notes["9"] == "Chỉ tiêu theo Hợp phần xây dựng của Sở Y tế."
    with zipfile.ZipFile(SEED_000.with_suffix(".docx")) as z:
        part = etree.fromstring(z.read("word/footnotes.xml"))
    types = [fn.get(f"{{{W}}}type") for fn in part.iter(f"{{{W}}}footnote")]
    assert types.count("separator") == 1 and types.count("continuationSeparator") == 1 and len(types) == 12
    hdi = next(b for b in ir.blocks if b.text.startswith("Chỉ số phát triển con người (HDI)"))
    assert hdi.footnote_refs == ["10"]
    assert hdi.text.endswith("đạt 0,8.")  # the mark is not part of the text
    refs = [r for b in ir.blocks for r in b.footnote_refs]
    assert refs == [str(i) for i in range(1, 11)]


def _seed_rows() -> tuple[list[str], list[list[str]]]:
    """Header and three rows of seed 000's appendix, read by the text loader."""
    ir = load(SEED_000.with_suffix(".txt"))
    rows = _appendix(ir).table.rows
    return rows[0].texts(), [r.texts() for r in rows[1:4]]


def test_repeated_header_row_and_continuation_row_are_reassembled(tmp_path):
    """A DOCX converted from a PDF keeps the header printed on each page and the tail of a broken row
    as its own row with an empty STT cell: both are undone."""
    header, rows = _seed_rows()
    d = docx.Document()
    t = d.add_table(rows=0, cols=len(header))
    first_half = rows[0][1][:60].rsplit(" ", 1)[0]
    second_half = rows[0][1][len(first_half):].strip()
    plan = [header, [rows[0][0], first_half, *rows[0][2:]], header,
            ["", second_half] + [""] * (len(header) - 2), rows[1], rows[2]]
    for cells in plan:
        r = t.add_row()
        for c, text in zip(r.cells, cells):
            c.text = text
    ir = _build(d, tmp_path)
    got = _appendix(ir).table.rows
    assert len(got) == 4
    assert compare_form(got[1].cells[1].text) == compare_form(rows[0][1])
    assert [r.texts() for r in got[2:]] == rows[1:]
    assert any("repeated header" in w for w in ir.warnings)


def test_vertically_merged_cells_are_read_once(tmp_path):
    header, rows = _seed_rows()
    d = docx.Document()
    t = d.add_table(rows=1 + len(rows), cols=len(header))
    for c, text in zip(t.rows[0].cells, header):
        c.text = text
    for r, cells in zip(t.rows[1:], rows):
        for c, text in zip(r.cells, cells):
            c.text = text
    # rows 2 and 3 share one lead agency ("Sở Khoa học và Công nghệ"): merge that column vertically
    t.cell(3, 2).text = ""  # python-docx's merge would otherwise append the lower cell's text
    t.cell(2, 2).merge(t.cell(3, 2))
    ir = _build(d, tmp_path)
    got = _appendix(ir).table.rows
    assert got[2].cells[2].text == rows[1][2] == "Sở Khoa học và Công nghệ"
    assert got[3].cells[2].text == ""  # the continuation of the merge holds no text of its own
    assert got[3].cells[1].text == rows[2][1]


def test_word_list_numbering_is_printed_as_the_marker(tmp_path):
    ir_txt = load(SEED_000.with_suffix(".txt"))
    sentences = [b.text for b in ir_txt.blocks if b.kind == BlockKind.list_item and b.marker == "-"][:3]
    d = docx.Document()
    for s in sentences:
        d.add_paragraph(s, style="List Number")
    ir = _build(d, tmp_path)
    assert [b.marker for b in ir.blocks] == ["1.", "2.", "3."]
    assert [b.text for b in ir.blocks] == sentences
    assert all(b.kind == BlockKind.list_item for b in ir.blocks)


def test_typed_superscript_marks_and_note_lines_are_footnotes(tmp_path):
    """A DOCX made by converting a PDF has no footnotes part: the marks are superscript runs and the notes
    are paragraphs starting with the mark."""
    d = docx.Document()
    p = d.add_paragraph("- Tăng tỷ lệ lực lượng lao động trí thức trong các ngành công nghiệp công nghệ cao, "
                        "công nghệ chiến lược lên 25%")
    sup = p.add_run("3")
    sup.font.superscript = True
    p.add_run(".")
    d.add_paragraph("³ Chỉ tiêu tại Quyết định số 2711/QĐ-TTg ngày 12/12/2025 của Thủ tướng Chính phủ.")
    ir = _build(d, tmp_path)
    assert ir.blocks[0].footnote_refs == ["3"]
    assert ir.blocks[0].text.endswith("lên 25%.")
    assert ir.footnotes() == {"3": "Chỉ tiêu tại Quyết định số 2711/QĐ-TTg ngày 12/12/2025 của Thủ tướng Chính phủ."}


def test_content_controls_and_text_boxes_are_read_in_place(tmp_path):
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    body = d.element.body
    sdt = parse_xml(f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:p><w:r><w:t>Thực hiện Quyết định số 2711/QĐ-TTg '
                    'ngày 12/12/2025 của Thủ tướng Chính phủ</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    body.insert(1, sdt)
    ir = _build(d, tmp_path)
    assert [b.text for b in ir.blocks] == ["KẾ HOẠCH", "Thực hiện Quyết định số 2711/QĐ-TTg ngày 12/12/2025 "
                                                       "của Thủ tướng Chính phủ"]


def test_corrupt_package_names_the_file(tmp_path):
    from extractors.errors import CorruptDocumentError

    good = SEED_000.with_suffix(".docx").read_bytes()
    bad = tmp_path / "cut.docx"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(CorruptDocumentError) as e:
        load(bad)
    assert str(bad) in str(e.value)
    # a zip whose main part is not XML
    broken = tmp_path / "broken_xml.docx"
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
    with pytest.raises(CorruptDocumentError) as e:
        load(broken)
    assert str(broken) in str(e.value)


def test_render_gives_the_same_docx_bytes_for_the_same_ir(tmp_path):
    """corpus/render.py is reproducible: the committed DOCX files change only when a seed or the text
    loader does (PDF bytes carry LibreOffice's timestamps and are checked by content instead)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("render", CORPUS / "render.py")
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    ir = load(SEED_000.with_suffix(".txt"))
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    render.build_docx(ir, a)
    render.build_docx(ir, b)
    assert a.read_bytes() == b.read_bytes()
    assert load_docx(a, a.read_bytes()).footnotes() == ir.footnotes()
