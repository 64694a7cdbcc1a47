"""Real Word/PDF files as published (copies of ../shared/real-files/ in tests/data/real_files/, byte for
byte; the shared copy is used for the larger ones and those tests skip, with the reason, when it is absent)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractors.deadlines import cites_document, parse_deadline
from extractors.extract import extract
from extractors.ir_warnings import ir_warnings
from extractors.load import load
from extractors.model import Extraction

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / "tests" / "data" / "real_files"
SHARED = ROOT.parent / "shared" / "real-files"


def _real(name: str) -> Path:
    for d in (LOCAL, SHARED):
        if (d / name).exists():
            return d / name
    pytest.skip(f"{name} is neither in tests/data/real_files/ nor in ../shared/real-files/")


@lru_cache(maxsize=None)
def _extract(path: Path) -> Extraction:
    return extract(load(path))


# ------------------------------------------------------------------ a date inside a citation is not a due date
@pytest.mark.parametrize("raw", [
    "Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh",
    "Theo các mốc thời gian tại Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh",
    "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ cơ sở dữ liệu quốc gia về pháp luật",
])
def test_a_cited_documents_date_is_never_a_due_date(raw: str):
    d = parse_deadline(raw)
    assert d.kind == "conditional" and d.start is None and d.end is None
    assert cites_document(raw)


def test_a_due_date_beside_a_citation_stays_a_due_date():
    d = parse_deadline("Trước ngày 31/12/2026 theo Kế hoạch số 5/KH-UBND ngày 02/01/2026")
    assert (d.kind, d.end) == ("date", "2026-12-31")
    assert not cites_document("Ban hành kế hoạch chậm nhất là ngày 15/4/2026 và tổ chức thực hiện")


def test_plan_tasks_citing_a_decision_get_no_2025_due_date_and_lower_confidence():
    x = _extract(_real("lamdong-ke-hoach-cchc-2026-2030.docx"))
    cited = [t for t in x.tasks if t.deadline_raw and "1441/QĐ-UBND" in t.deadline_raw]
    assert cited
    for t in cited:
        assert t.deadline.kind == "conditional" and t.deadline.end is None and t.confidence < 1.0
    assert not [t for t in x.tasks if (t.deadline.end or "9999") < "2026"]  # nothing due before the plan


# ------------------------------------------------------------------ loader warnings reach extract
def test_loader_warnings_reach_the_extraction():
    ir = load(_real("nghi-dinh-49-2026-nd-cp.pdf"))
    assert ir.warnings
    x = extract(ir)
    assert [w.message for w in x.warnings if w.code.startswith("load.")] == ir.warnings


def test_a_table_wider_than_any_real_table_is_a_warning():
    from extractors.ir import Block, BlockKind, Cell, DocumentIR, Row, Table

    row = Row(cells=[Cell(text=f"c{i}", row=0, col=i) for i in range(40)])
    ir = DocumentIR(source="x.txt", format="txt", sha256="0", blocks=[Block(kind=BlockKind.table,
                                                                            table=Table(rows=[row]))])
    assert [w.code for w in ir_warnings(ir)] == ["load.table_too_wide"]
    row.cells = row.cells[:30]
    assert ir_warnings(ir) == []


def test_the_scan_is_one_clear_error_not_an_empty_plan():
    from extractors.errors import NoTextLayerError

    path = _real("qd-1009-ttg-scan-signed.pdf")
    with pytest.raises(NoTextLayerError) as e:
        load(path)
    msg = str(e.value)
    assert msg.startswith("[E104]") and path.name in msg and "\n" not in msg


# ------------------------------------------------------------------ DOCX sub-rows
def test_a_sub_row_under_a_merged_number_cell_is_its_own_task():
    x = _extract(_real("lamdong-ke-hoach-cchc-2026-2030.docx"))
    kiem_tra = [t for t in x.tasks if t.text.startswith("Tham mưu ban hành Kế hoạch kiểm tra công tác")]
    assert [t.lead for t in kiem_tra] == [["Sở Nội vụ"], ["Các cơ quan, đơn vị, địa phương"]]
    assert kiem_tra[1].id == f"{kiem_tra[0].id}-2"
    assert "tự kiểm tra" in (kiem_tra[1].deliverable or "") and "tự kiểm tra" not in (kiem_tra[0].deliverable or "")
    assert not [t for t in x.tasks if any("Sở Nội vụ Các cơ quan" in x for x in t.lead)]
    assert len(x.tasks) == 62  # 59 numbered rows + 3 sub-rows


def test_docx_data_sub_rows_with_an_empty_number_cell_stay_rows():
    ir = load(_real("lamdong-bao-cao-cac-chi-so-2025.docx"))
    assert not [w for w in ir.warnings if "continuation" in w]
    texts = [[c.text for c in r.cells] for b in ir.tables() for r in b.table.rows]
    assert not [r for r in texts if any("100% 96%" in c for c in r)]


# ------------------------------------------------------------------ PDF two-column header
def test_the_date_of_a_two_column_pdf_header_is_found():
    from extractors.header import extract_header

    ir = load(_real("nghi-dinh-49-2026-nd-cp.pdf"))
    h, _ = extract_header(ir)
    assert (h.doc_type, h.number, h.issuer, h.date) == ("Nghị định", "49/2026/NĐ-CP", "Chính phủ", "2026-01-31")
    texts = [b.text for b in ir.blocks[:8]]
    assert "Số: 49/2026/NĐ-CP" in texts and "Hà Nội, ngày 31 tháng 01 năm 2026" in texts


def test_a_blank_number_after_so_is_not_split_and_the_issuer_column_is():
    from extractors.header import extract_header

    ir = load(_real("lamdong-bao-cao-mo-hinh-thi-diem-cchc-qd787.pdf"))
    texts = [b.text for b in ir.blocks[:8]]
    assert "Số: /BC-SNV" in texts and "UBND TỈNH LÂM ĐỒNG" in texts
    assert extract_header(ir)[0].issuer == "Sở Nội vụ tỉnh Lâm Đồng"
