"""Appendix-table tasks on the real tables of the seed corpus (tab-separated rows of the .txt files,
reassembled by extractors.tables exactly as the text loader does)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.ir import Block, BlockKind, DocumentIR
from extractors.tables import RawRow, reassemble_rows
from extractors.tasks_table import column_for, extract_table_tasks, map_columns

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
COLUMNS = json.loads((ROOT / "extractors" / "data" / "columns.json").read_text(encoding="utf-8"))


def table_ir(stem: str, keep: "callable | None" = None) -> DocumentIR:
    """The document's tab-separated lines as one table block (blank lines = page-break gaps)."""
    lines = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    rows: list[RawRow] = []
    gap = False
    for i, line in enumerate(lines, start=1):
        if "\t" in line:
            if keep is None or keep(line):
                rows.append(RawRow(cells=line.split("\t"), line_start=i, line_end=i, after_break=gap))
            gap = False
        elif not line.strip():
            gap = True
    table, _ = reassemble_rows(rows)
    block = Block(kind=BlockKind.table, table=table, line_start=rows[0].line_start, line_end=rows[-1].line_end)
    return DocumentIR(source=f"corpus/{stem}.txt", format="txt", sha256="0" * 64, blocks=[block])


@pytest.mark.parametrize("col", COLUMNS["columns"], ids=[c["name"] for c in COLUMNS["columns"]])
def test_every_header_wording_maps_to_its_column(col: dict) -> None:
    rx = re.compile(col["pattern"])
    for ex in col["examples"]:
        assert column_for(ex) == col["name"], ex
        assert rx.search(ex.lower())


def test_header_order_and_caps_do_not_matter() -> None:
    cols = map_columns(["TT", "NỘI DUNG CÔNG VIỆC", "Kết quả/sản phẩm dự kiến", "ĐƠN VỊ THỰC HIỆN",
                        "Đơn vị phối hợp", "Thời gian thực hiện", "Ghi chú"])
    assert cols == {"stt": 0, "content": 1, "deliverable": 2, "lead": 3, "support": 4, "deadline": 5, "note": 6}


def test_seed_000_five_rows_one_broken_across_a_page() -> None:
    tasks, warnings = extract_table_tasks(table_ir("000_587713ccb05920a7"), None)
    assert [t.id for t in tasks] == ["1", "2", "3", "4", "5"]
    t5 = tasks[4]
    assert t5.text.endswith("phong trào “Trí thức Việt Nam thời kỳ chuyển đổi số”")
    assert "biểu dương các trí thức tiêu biểu" in t5.text
    assert t5.lead == ["Báo và Phát thanh, Truyền hình Hải Phòng"]
    assert t5.support[-1] == "Các tổ chức, đơn vị trên địa bàn thành phố"
    assert tasks[1].deadline.kind == "conditional" and tasks[0].deadline.end == "2026-12-31"
    assert tasks[0].provenance is not None and tasks[0].provenance.table_row == 1
    assert tasks[0].provenance.line_start is not None
    assert not warnings


def test_seed_004_groups_columns_notes_and_deliverables() -> None:
    tasks, warnings = extract_table_tasks(table_ir("004_4d82e5c661ccd206"), None)
    assert len(tasks) == 68
    by_id = {t.id: t for t in tasks}
    assert by_id["1.1"].group.startswith("I. TĂNG CƯỜNG SỰ LÃNH ĐẠO")
    assert by_id["3.1"].note == "Sau khi có hướng dẫn của Bộ Khoa học và Công nghệ"
    assert by_id["3.1"].deliverable == "Tờ trình kèm dự thảo Chương trình"
    assert by_id["3.14"].support[0] == "Sở Khoa học và Công nghệ"  # repaired "Sở Khoa học Công nghệ"
    assert by_id["7.4"].lead == ["Sở Khoa học và Công nghệ"]
    assert by_id["10.7"].lead == ["Công an thành phố"] and by_id["10.7"].lead_generic == [False]
    assert by_id["1.1"].lead_generic == [True]
    assert by_id["10.6"].deliverable.startswith("- Trung tâm dữ liệu")
    assert not warnings


def test_numbering_jump_is_reported() -> None:
    # drop row 3 of seed 002's table: the source "lost" a row
    ir = table_ir("002_f12611c6ca2b86fe", keep=lambda line: not line.startswith("3\t"))
    tasks, warnings = extract_table_tasks(ir, None)
    assert "3" not in [t.id for t in tasks]
    assert [w.code for w in warnings] == ["table.numbering_jump"]
    assert warnings[0].provenance is not None and warnings[0].provenance.line_start is not None


def test_restarting_numbers_get_group_prefix() -> None:
    # seed 004's rows renumbered 1, 2, 3 … inside every group, as some plans print them
    ir = table_ir("004_4d82e5c661ccd206")
    table = ir.blocks[0].table
    for row in table.rows:
        c0 = row.cells[0].text
        if re.match(r"^\d+\.\d+$", c0):
            row.cells[0].text = c0.split(".")[1]
    tasks, _ = extract_table_tasks(ir, None)
    assert tasks[0].id == "I.1" and tasks[3].id == "II.1"
    assert len({t.id for t in tasks}) == len(tasks)


def test_non_task_table_is_skipped() -> None:
    rows = [RawRow(cells=["STT", "Chỉ tiêu", "Năm 2025", "Năm 2030"]),
            RawRow(cells=["1", "Tỷ lệ người học các ngành khoa học cơ bản", "40%", "50%"])]
    table, _ = reassemble_rows(rows)
    ir = DocumentIR(source="x.txt", format="txt", sha256="0" * 64,
                    blocks=[Block(kind=BlockKind.table, table=table)])
    assert extract_table_tasks(ir, None) == ([], [])


def _rows_ir(rows: list[list[str]]) -> DocumentIR:
    table, _ = reassemble_rows([RawRow(cells=r) for r in rows])
    return DocumentIR(source="x.txt", format="txt", sha256="0" * 64, blocks=[Block(kind=BlockKind.table, table=table)])


def test_lead_column_cell_with_both_roles_is_split() -> None:
    """'Đơn vị thực hiện' holding 'X chủ trì; Y, Z phối hợp' (held-out hd prints the same pair as a body line):
    lead and support with the role words removed; a cell of bodies with no role word makes them all leads;
    a support column adds to the support named in the lead cell."""
    ir = _rows_ir([
        ["TT", "Nhiệm vụ, giải pháp", "Đơn vị thực hiện", "Thời gian"],
        ["1", "Rà soát mạng lưới trạm y tế", "Sở Y tế chủ trì; Sở Tài chính, UBND các xã, phường, đặc khu phối hợp",
         "Quý II/2026"],
        ["2", "Khám sàng lọc cho người dân", "Sở Y tế; Bảo hiểm xã hội tỉnh", "Hằng năm"],
    ])
    tasks, _ = extract_table_tasks(ir, None)
    assert tasks[0].lead == ["Sở Y tế"]
    assert tasks[0].support == ["Sở Tài chính", "Ủy ban nhân dân các xã, phường, đặc khu"]
    assert tasks[1].lead == ["Sở Y tế", "Bảo hiểm xã hội tỉnh"] and tasks[1].support == []
    ir = _rows_ir([
        ["STT", "Tên đề án, nhiệm vụ", "Cơ quan tham mưu, chủ trì", "Cơ quan phối hợp", "Thời gian trình"],
        ["1", "Đề án phát triển vùng nguyên liệu", "Đảng ủy UBND tỉnh (Sở Nông nghiệp và Môi trường)",
         "Sở Công Thương, Sở Tài chính", "Quý III/2026"],
    ])
    tasks, _ = extract_table_tasks(ir, None)
    assert tasks[0].lead == ["Đảng ủy Ủy ban nhân dân tỉnh", "Sở Nông nghiệp và Môi trường"]
    assert tasks[0].support == ["Sở Công Thương", "Sở Tài chính"]


def test_lead_support_column_split_by_role_words() -> None:
    ir = _rows_ir([
        ["STT", "Nội dung", "Cơ quan chủ trì, phối hợp", "Thời gian"],
        ["1", "Xây dựng quy chế", "Chủ trì: Sở Nội vụ; phối hợp: Sở Tư pháp, Văn phòng UBND tỉnh", "Năm 2026"],
        ["2", "Sơ kết", "Sở Nội vụ, Sở Tư pháp", "Năm 2028"],
    ])
    tasks, _ = extract_table_tasks(ir, None)
    assert (tasks[0].lead, tasks[0].support) == (["Sở Nội vụ"], ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh"])
    assert (tasks[1].lead, tasks[1].support) == (["Sở Nội vụ"], ["Sở Tư pháp"])


def test_arabic_numbered_group_rows_are_groups_not_tasks() -> None:
    """'1 | HOÀN THIỆN THỂ CHẾ' with the other cells empty heads rows 1.1, 1.2 (our wording of a workforce plan
    appendix): a group, as is '4 | Nhóm nhiệm vụ …'; a numbered row with an owner is a task and leaves the group;
    a numbered row with only its content but no child rows and a sentence-case title stays a task."""
    ir = _rows_ir([
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Kết quả/sản phẩm"],
        ["1", "HOÀN THIỆN THỂ CHẾ", "", "", "", ""],
        ["1.1", "Xây dựng chính sách hỗ trợ kỹ sư vi mạch", "Sở Nội vụ", "Sở Tài chính", "Quý III/2026", "Nghị quyết"],
        ["1.2", "Rà soát thủ tục cấp phép lao động", "Sở Tư pháp", "", "Năm 2026", "Báo cáo"],
        ["2", "Đào tạo và thu hút nhân lực", "", "", "", ""],
        ["2.1", "Đào tạo kỹ sư thiết kế vi mạch", "Sở Giáo dục và Đào tạo", "", "2026 - 2030", "500 kỹ sư"],
        ["3", "Tổ chức hội nghị tổng kết", "Sở Nội vụ", "", "Năm 2030", ""],
        ["4", "Nhóm nhiệm vụ truyền thông", "", "", "", ""],
        ["4.1", "Truyền thông về nhân lực vi mạch", "Sở Văn hóa, Thể thao và Du lịch", "", "Hằng năm", ""],
        ["5", "Khảo sát nhu cầu tuyển dụng", "", "", "", ""],
        ["6", "Công bố kết quả khảo sát", "Sở Nội vụ", "", "Năm 2027", ""],
    ])
    tasks, warnings = extract_table_tasks(ir, None)
    assert [(t.id, t.group) for t in tasks] == [
        ("1.1", "1. HOÀN THIỆN THỂ CHẾ"), ("1.2", "1. HOÀN THIỆN THỂ CHẾ"),
        ("2.1", "2. Đào tạo và thu hút nhân lực"), ("3", None),
        ("4.1", "4. Nhóm nhiệm vụ truyền thông"), ("5", None), ("6", None)]
    assert warnings == []


def test_numbered_group_title_examples() -> None:
    entry = json.loads((Path(__file__).resolve().parents[1] / "extractors" / "data" / "columns.json")
                       .read_text(encoding="utf-8"))["numbered_group_title"]
    from extractors.normalize import compare_form
    assert all(re.match(entry["pattern"], compare_form(x)) for x in entry["examples"])
    assert not any(re.match(entry["pattern"], compare_form(x)) for x in entry["counter_examples"])


def test_two_level_header_maps_lead_and_support_from_the_second_row() -> None:
    """A merged group label 'Cơ quan thực hiện' over 'Chủ trì' | 'Phối hợp' (the label's second cell empty,
    or the label repeated as DOCX prints a merged cell): both header rows form the headings; the second
    header row is no task."""
    for top in (["STT", "Nội dung công việc", "Cơ quan thực hiện", "", "Thời hạn"],
                ["STT", "Nội dung công việc", "Cơ quan thực hiện", "Cơ quan thực hiện", "Thời hạn"],
                ["STT", "Nội dung công việc", "Đơn vị thực hiện", "Đơn vị thực hiện", "Thời hạn"]):
        ir = _rows_ir([
            top,
            ["", "", "Chủ trì", "Phối hợp", ""],
            ["1", "Rà soát quy hoạch vùng sản xuất lúa chất lượng cao", "Sở Nông nghiệp và Môi trường",
             "Sở Tài chính, Sở Xây dựng", "Quý IV/2026"],
            ["2", "Tổ chức hội chợ nông sản", "Sở Công Thương", "", "Hằng năm"],
        ])
        tasks, _ = extract_table_tasks(ir, None)
        assert [t.id for t in tasks] == ["1", "2"], top
        assert tasks[0].lead == ["Sở Nông nghiệp và Môi trường"]
        assert tasks[0].support == ["Sở Tài chính", "Sở Xây dựng"]
        assert tasks[1].lead == ["Sở Công Thương"] and tasks[1].support == []


def test_second_row_of_numbers_or_data_is_not_a_sub_header() -> None:
    table, _ = reassemble_rows([RawRow(cells=r) for r in [
        ["TT", "Nội dung", "Chủ trì", "Phối hợp"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Xây dựng kế hoạch", "Sở Nội vụ", "Sở Tư pháp"],
    ]])
    assert [r.is_header for r in table.rows] == [True, True, False]
    table, _ = reassemble_rows([RawRow(cells=r) for r in [
        ["TT", "Nội dung", "Chủ trì", "Phối hợp"],
        ["", "Kiểm tra, giám sát", "Sở Nội vụ", ""],
    ]])
    assert [r.is_header for r in table.rows] == [True, False]
