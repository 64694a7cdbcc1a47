"""PDF loader on the rendered corpus (corpus/<seed>.pdf: LibreOffice's export of corpus/<seed>.docx, with
the page number in the page header, real footnotes, and the appendix table breaking across pages)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

from extractors.ir import BlockKind, DocumentIR
from extractors.load import load
from extractors.normalize import compare_form

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_000 = CORPUS / "000_587713ccb05920a7.pdf"
SEED_004 = CORPUS / "004_4d82e5c661ccd206.pdf"
PDFS = sorted(CORPUS.glob("*.pdf"))


@lru_cache(maxsize=None)
def _load(path: Path) -> DocumentIR:
    return load(path)


def _appendix(ir: DocumentIR):
    return max(ir.tables(), key=lambda b: len(b.table.rows))


@lru_cache(maxsize=None)
def _raw_pages(path: Path) -> tuple[str, ...]:
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out.append(page.extract_text() or "")
            page.close()
    return tuple(out)


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_every_block_has_a_page_and_lines_in_reading_order(path):
    ir = _load(path)
    assert ir.format == "pdf" and ir.pages == len(_raw_pages(path))
    body = [b for b in ir.blocks if b.kind not in (BlockKind.table, BlockKind.footnote)]
    assert all(b.page is not None and 1 <= b.page <= ir.pages for b in ir.blocks)
    starts = [b.line_start for b in body]
    assert starts == sorted(starts)
    assert [b.page for b in body] == sorted(b.page for b in body)


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_page_numbers_in_the_header_are_removed(path):
    raw = _raw_pages(path)
    # the rendered pages do carry their number as the first line
    assert [p.splitlines()[0].strip() for p in raw[1:]] == [str(i) for i in range(2, len(raw) + 1)]
    ir = _load(path)
    bare_numbers = [b for b in ir.blocks if re.fullmatch(r"\d{1,3}", b.text.strip())]
    assert bare_numbers == []


def test_appendix_of_004_is_whole_rows_across_21_pages():
    ir = _load(SEED_004)
    table = _appendix(ir).table
    raw = _raw_pages(SEED_004)
    header_pages = [i for i, t in enumerate(raw, 1) if "Nội dung công việc" in t and "Kết quả/sản phẩm" in t]
    assert len(header_pages) >= 10  # the header row is printed on every page of the appendix...
    assert sum(r.is_header for r in table.rows) == 1  # ...and kept once
    ids = [r.cells[0].text for r in table.rows if not r.is_header and not r.is_group]
    txt_rows = _appendix(load(SEED_004.with_suffix(".txt"))).table.rows
    assert ids == [r.cells[0].text for r in txt_rows if not r.is_header and not r.is_group]
    assert ids[:3] == ["1.1", "1.2", "1.3"] and len(ids) > 60
    assert all(ids)  # no continuation fragment left as a row of its own
    merged = [w for w in ir.warnings if "continuation row" in w]
    assert merged  # rows really broke across pages in this PDF, and were merged back
    # a row broken across a page is one row whose pages differ from the next row's start
    r310 = next(r for r in table.rows if r.cells[0].text == "3.10")
    assert r310.cells[2].text.startswith("100% cán bộ, công chức, viên chức cấp xã được bồi dưỡng")


def test_table_text_is_not_repeated_as_paragraphs():
    ir = _load(SEED_004)
    block = _appendix(ir)
    pages = {r.page for r in block.table.rows}
    assert len(pages) >= 10
    # on the appendix pages the only text outside the table is the appendix title on its first page
    others = [b.text for b in ir.text_blocks() if b.page in pages]
    assert [compare_form(t)[:20] for t in others] == ["phụ lục", "(kèm theo kế hoạch s"]


def test_footnotes_at_page_bottoms_become_blocks_and_marks_become_refs():
    ir = _load(SEED_000)
    notes = ir.footnotes()
    assert list(notes) == [str(i) for i in range(1, 11)]
    assert notes["7"] == ("Chỉ tiêu theo Hợp phần xây dựng của Sở Giáo dục và Đào tạo và Thông tư số "
                          "01/2024/TT-BGDĐT.")
    hdi = next(b for b in ir.blocks if b.text.startswith("Chỉ số phát triển con người (HDI)"))
    assert hdi.footnote_refs == ["10"] and hdi.text.endswith("đạt 0,8.")
    assert [r for b in ir.blocks for r in b.footnote_refs] == [str(i) for i in range(1, 11)]
    # the note text never leaks into the body
    body = [b.text for b in ir.text_blocks()]
    assert not any(t.startswith("Chỉ tiêu tại") or t.startswith("Chỉ tiêu theo") for t in body)


def test_paragraph_running_over_a_page_break_is_one_block():
    ir = _load(SEED_000)
    raw = [compare_form(p.replace("\n", " ")) for p in _raw_pages(SEED_000)]
    crossing = []
    for b in ir.text_blocks():
        head, tail = compare_form(b.text[:50]), compare_form(b.text[-30:])
        if b.page < len(raw) and head in raw[b.page - 1] and tail not in raw[b.page - 1] and tail in raw[b.page]:
            crossing.append(b)
    assert crossing, "no block continues across a page break in seed 000"
    for b in crossing:  # the two halves were joined into a sentence, not cut by the footnotes between them
        assert "Chỉ tiêu tại" not in b.text


def test_list_items_and_headings_read_as_in_the_text_loader():
    ir = _load(SEED_000)
    h = next(b for b in ir.blocks if b.text == "MỤC ĐÍCH, ĐỐI TƯỢNG, PHẠM VI, YÊU CẦU")
    assert (h.kind, h.marker, h.level) == (BlockKind.heading, "I.", 1)
    item = next(b for b in ir.blocks if b.text.startswith("Công tác xây dựng và phát triển đội ngũ trí thức"))
    assert (item.kind, item.marker) == (BlockKind.list_item, "-")
    signer = [b.text for b in ir.blocks if b.style == "signer"]
    assert signer == ["Hoàng Minh Cường"]


@pytest.mark.parametrize("path", [SEED_000, SEED_004], ids=["000", "004"])
def test_plangraph_inspect_shows_the_appendix_as_whole_rows(path):
    import json

    from typer.testing import CliRunner

    from pipeline.cli import _load_commands, app

    _load_commands()
    res = CliRunner().invoke(app, ["inspect", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    tables = [b for b in doc["blocks"] if b["kind"] == "table"]
    rows = max(tables, key=lambda b: len(b["table"]["rows"]))["table"]["rows"]
    txt_rows = _appendix(load(path.with_suffix(".txt"))).table.rows
    assert len(rows) == len(txt_rows)
    assert all(r["cells"][0]["text"] for r in rows)  # every row numbered: no stray continuation piece
    assert all(r["page"] and r["line_start"] for r in rows)  # provenance on every row


def test_hybrid_engine_reads_the_same_document_as_pdfplumber_alone():
    """pypdfium2 text + pdfplumber tables on ruled pages (the default) == everything by pdfplumber."""
    from extractors.load.pdf import load_pdf

    data = SEED_000.read_bytes()
    fast = load_pdf(SEED_000, data)
    ref = load_pdf(SEED_000, data, engine="pdfplumber")

    def key(ir: DocumentIR):
        return [(b.kind, b.marker, b.text, b.footnote_refs, b.footnote_id, b.page,
                 [r.texts() for r in b.table.rows] if b.table else None) for b in ir.blocks]

    assert key(fast) == key(ref)
    assert len(fast.blocks) > 100
