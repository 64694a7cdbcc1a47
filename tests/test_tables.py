"""Table reassembly (extractors/tables.py) on rows taken from the seed corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.normalize import compare_form
from extractors.tables import RawRow, clean_cell, reassemble_rows, strip_html

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_rows(seed: str, first: int, last: int) -> list[RawRow]:
    """Tab-separated rows of lines first..last (1-based, inclusive) of a seed; blank lines become
    `after_break` on the next row, as the text loader does."""
    path = next(CORPUS.glob(f"{seed}_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    rows: list[RawRow] = []
    gap = False
    for no in range(first, last + 1):
        s = lines[no - 1]
        if not s.strip():
            gap = True
            continue
        rows.append(RawRow(cells=s.split("\t"), line_start=no, line_end=no, after_break=gap))
        gap = False
    return rows


def test_seed000_repeated_header_dropped_and_continuation_merged() -> None:
    table, warnings = reassemble_rows(corpus_rows("000", 247, 255))
    assert [r.is_header for r in table.rows] == [True, False, False, False, False, False]
    last = table.rows[-1]
    assert last.cells[0].text == "5"
    assert last.cells[1].text == ("Xây dựng các chương trình, hoạt động tuyên truyền về vai trò, đóng góp của đội "
                                  "ngũ trí thức, biểu dương các trí thức tiêu biểu. Phổ biến trí thức đại chúng và "
                                  "phong trào “Trí thức Việt Nam thời kỳ chuyển đổi số”")
    assert last.cells[3].text.endswith("viện nghiên cứu, tổ chức, đơn vị trên địa bàn thành phố")
    assert (last.line_start, last.line_end) == (252, 255)
    assert "\n" in last.cells[1].orig  # raw pieces kept
    assert any("repeated header" in w for w in warnings)
    assert any("continuation" in w for w in warnings)


def test_seed004_group_rows_marked_and_split_symbol_rejoined() -> None:
    table, _ = reassemble_rows(corpus_rows("004", 241, 247) + corpus_rows("004", 339, 342))
    groups = [r.cells[0].text.split()[:3] for r in table.rows if r.is_group]
    assert groups == [["I.", "TĂNG", "CƯỜNG"], ["X.", "THÚC", "ĐẨY"]]
    by_id = {r.cells[0].text: r for r in table.rows}
    # "Nghị quyết số 57-" | page break | "NQ/TW ngày 22 …": one symbol, no space
    assert by_id["10.1"].cells[1].text.startswith("Triển khai hiệu quả Nghị quyết số 57-NQ/TW ngày 22 tháng 12")
    assert by_id["10.1"].cells[3].text == "Các Sở, ngành, địa phương theo phân công nhiệm vụ"
    assert by_id["1.2"].cells[4].text.endswith("các cơ quan truyền thông, thông tấn báo chí.")


def test_seed004_html_cells_cleaned_and_orig_kept() -> None:
    table, _ = reassemble_rows(corpus_rows("004", 241, 241) + corpus_rows("004", 346, 352))
    by_id = {r.cells[0].text: r for r in table.rows}
    r105, r106 = by_id["10.5"], by_id["10.6"]
    assert "“Chương trình thúc đẩy" in r105.cells[1].text and "<p>" not in r105.cells[1].text
    assert r106.cells[1].text.startswith("Quản lý, vận hành")
    assert r106.cells[2].text == ("- Trung tâm dữ liệu bảo đảm lưu trữ, quản lý và vận hành ổn định, an toàn các hệ "
                                  "thống thông tin và cơ sở dữ liệu dùng chung của thành phố. - Trung tâm tính toán "
                                  "hiệu năng cao có chức năng phục vụ phân tích – tính toán – dự báo dữ liệu. - Trung "
                                  "tâm điều hành thông minh thành phố với nền tảng điều hành dựa trên dữ liệu và trí "
                                  "tuệ nhân tạo.")
    assert r106.cells[3].text == "Sở Khoa học và Công nghệ"
    assert r106.cells[3].orig == "<p>Sở Khoa học và Công nghệ</p>"
    assert all("<" not in c.text for r in table.rows for c in r.cells)


def test_word_repeated_across_break_is_dropped() -> None:
    # seed 004 row 4.1: "… Bộ Khoa học và Công nghệ" | break | "nghệ; triển khai …"
    table, _ = reassemble_rows(corpus_rows("004", 241, 241) + corpus_rows("004", 280, 282))
    assert table.rows[1].cells[5].text == ("Trình Chương trình sau khi có hướng dẫn của Bộ Khoa học và Công nghệ; "
                                           "triển khai trong giai đoạn 2026 - 2030")


def test_continuation_without_numbering_needs_a_break() -> None:
    rows = [RawRow(["Nội dung", "Cơ quan chủ trì"], 1, 1), RawRow(["Xây dựng cơ sở dữ liệu", "Sở Nội vụ"], 2, 2),
            RawRow(["", "Sở Tài chính"], 3, 3)]
    table, _ = reassemble_rows(rows)
    assert len(table.rows) == 3  # no numbering column, no break: a row of its own
    rows[2] = RawRow(["", "phối hợp"], 4, 4, after_break=True)
    table, _ = reassemble_rows(rows)
    assert len(table.rows) == 2 and table.rows[1].cells[1].text == "Sở Nội vụ phối hợp"


def test_column_number_row_is_header_and_indices() -> None:
    rows = [RawRow(["STT", "Nội dung", "Thời gian"]), RawRow(["(1)", "(2)", "(3)"]),
            RawRow(["1", "Tổ chức Hội nghị gặp mặt", "Hàng năm"])]
    table, _ = reassemble_rows(rows)
    assert [r.is_header for r in table.rows] == [True, True, False]
    assert [(c.row, c.col) for c in table.rows[2].cells] == [(2, 0), (2, 1), (2, 2)]


@pytest.mark.parametrize("raw,text", [
    ("<p>2026-2030</p>", "2026-2030"),
    ('<ul style="list-style-type: none"><li>Báo cáo</li><li>Đề án</li></ul>', "- Báo cáo - Đề án"),
    # <br> between two items -> "; " (the owner splitter splits there); inside one phrase -> a space
    ("Kế hoạch<br/>Báo cáo &amp; Đề án", "Kế hoạch; Báo cáo & Đề án"),
    ("Sở Tài chính<br>Sở Tư pháp", "Sở Tài chính; Sở Tư pháp"),
    ("Sở Khoa học và Công nghệ;<br>Sở Tư pháp", "Sở Khoa học và Công nghệ; Sở Tư pháp"),
    ("Xây dựng kế hoạch chi tiết<br>và tổ chức triển khai", "Xây dựng kế hoạch chi tiết và tổ chức triển khai"),
    ("**Sở Tài chính**<br>**Sở Tư pháp**", "Sở Tài chính; Sở Tư pháp"),
    ("**Sở Khoa học và Công nghệ**", "Sở Khoa học và Công nghệ"),
    ("Tỷ lệ < 5% và > 2%", "Tỷ lệ < 5% và > 2%"),
])
def test_clean_cell(raw: str, text: str) -> None:
    assert clean_cell(raw) == text


def test_strip_html_leaves_plain_text_alone() -> None:
    s = "Quý II/2026; tỷ lệ <5%"
    assert strip_html(s) == s
    assert compare_form(clean_cell(s)) == compare_form(s)


@pytest.mark.parametrize("cell,column", [
    ("TT", "stt"), ("STT", "stt"), ("Nhiệm vụ", "content"), ("NỘI DUNG CÔNG VIỆC", "content"),
    ("Cơ quan chủ trì", "lead"), ("Cơ quan phối hợp", "support"), ("Thời gian hoàn thành", "deadline"),
    ("Sản phẩm", "deliverable"), ("Ghi chú", "note"),
    # data cells of the held-out appendices are not headings
    ("Sở Tài chính", None), ("Quý IV/2025", None), ("Phạm Minh Trí", None), ("2025 - 2027", None),
    ("Tổ chức đối thoại định kỳ giữa lãnh đạo tỉnh với cộng đồng doanh nghiệp", None),
    ("Nghiên cứu, đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2026.", None),
])
def test_header_column(cell: str, column: str | None) -> None:
    from extractors.tables import header_column, is_header_cell

    assert header_column(cell) == column
    assert is_header_cell(cell) == (column is not None)


def test_wrapped_cell_lines_join_like_break_pieces() -> None:
    # seed 004 item 10.1 (line 179) as a task cell, hard-wrapped inside "57-NQ/TW" as a website prints it
    text = corpus_rows("004", 179, 179)[0].cells[0].split(" ", 1)[1]
    head, tail = text.split("57-", 1)
    cut = tail.index(" ", 40)  # a wrap falls between words
    wrapped = head + "57-\n" + tail[:cut] + "\n" + tail[cut + 1:]
    cells = ["10.1", wrapped, "Sở Khoa học và Công nghệ"]
    table, _ = reassemble_rows([RawRow(cells=cells, line_start=1, line_end=3, wrapped=True)])
    assert table.rows[0].cells[1].text == clean_cell(text.replace("57-\n", "57-"))
    assert "57-NQ/TW" in table.rows[0].cells[1].text and table.rows[0].cells[1].orig == wrapped
    plain, _ = reassemble_rows([RawRow(cells=cells, line_start=1, line_end=3)])
    assert "57- NQ/TW" in plain.rows[0].cells[1].text  # without the flag a line break is a space
