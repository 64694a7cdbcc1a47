"""Two columns aligned with spaces (`pdftotext -layout`): header and signature read column by column; page
numbers printed at the top of a page dropped between the halves of a sentence or symbol.

Snippets written for these tests in the shape of a `pdftotext -layout` conversion (centred title, body wrapped
at ~90 characters with an indented first line, columns aligned by runs of spaces)."""
from __future__ import annotations

from pathlib import Path

from extractors.header import extract_header
from extractors.ir import BlockKind
from extractors.layout_columns import has_gap, header_run, river, signature_run, split_line
from extractors.load import load
from extractors.pagebreak import page_number_lines

HEADER = [
    "        TỈNH ỦY PHÚ THỌ                                 ĐẢNG CỘNG SẢN VIỆT NAM",
    "                 *                                                  ",
    "         Số 12-KH/TU                          Phú Thọ, ngày 05 tháng 11 năm 2025",
    "",
    "                                          KẾ HOẠCH",
    "                   thực hiện Kết luận số 77-KL/TW ngày 10/6/2025 của Bộ Chính trị",
    "                                về phát triển du lịch bền vững",
    "                                              -----",
    "",
]
BODY = [
    "    Thực hiện Kết luận số 77-KL/TW ngày 10/6/2025 của Bộ Chính trị về phát triển du lịch bền",
    "vững, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "    1. Quán triệt sâu sắc nội dung Kết luận tới cán bộ, đảng viên và nhân dân trên địa bàn",
    "tỉnh, tạo sự thống nhất cao trong nhận thức và hành động của các cấp ủy, tổ chức đảng.",
    "    2. Các cấp ủy, tổ chức đảng cụ thể hóa nhiệm vụ phù hợp với tình hình của địa phương, đơn",
    "vị; hoàn thành trong quý I/2026.",
    "    3. Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì tổng kết việc thực hiện Kết luận số 77-",
    "\f2",
    "KL/TW, báo cáo Ban Thường vụ Tỉnh ủy.",
    "    4. Văn phòng Tỉnh ủy theo dõi, đôn đốc các cấp ủy, tổ chức đảng thực hiện Kế hoạch này",
    "\f3",
    "và định kỳ báo cáo Ban Thường vụ Tỉnh ủy.",
]
SIGNATURE = [
    "Nơi nhận:                                                      T/M BAN THƯỜNG VỤ",
    "- Ban Bí thư Trung ương Đảng (để b/c),                         PHÓ BÍ THƯ THƯỜNG TRỰC",
    "- Các đồng chí Tỉnh ủy viên,",
    "",
    "",
    "- Lưu Văn phòng Tỉnh ủy.",
    "                                                                  Trần Văn Hùng",
]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "layout.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_gap_is_inside_a_line_not_indentation() -> None:
    assert has_gap(HEADER[0])
    assert not has_gap(HEADER[4])  # centred: leading spaces only
    assert not has_gap("Số:\t/KH-UBND       x")  # tab lines are the loader's own


def test_blank_fields_are_not_the_column_gap() -> None:
    lines = ["    UBND TỈNH BÌNH ĐỊNH                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "  SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG                 Độc lập - Tự do - Hạnh phúc",
             "     Số:      /KH-SNNMT               Bình Định, ngày      tháng     năm 2026"]
    cut = river(lines)
    assert cut is not None
    assert split_line(lines[2], cut) == ("Số:      /KH-SNNMT", "Bình Định, ngày      tháng     năm 2026")
    # one line with blank fields alone is not a two-column layout
    assert river(["Số:      /KH-UBND", "Hà Nội, ngày    tháng    năm 2026"]) is None


def test_header_run_stops_before_the_title() -> None:
    raws = HEADER + BODY
    run = header_run(raws, [None] * len(raws))
    assert run is not None and (run.start, run.end) == (0, 3)


def test_single_column_header_has_no_run() -> None:
    raws = ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số:     /KH-UBND", "Hà Tĩnh, ngày     tháng    năm 2026",
            "KẾ HOẠCH"]
    assert header_run(raws, [None] * len(raws)) is None


def test_signature_run_takes_the_signer_alone_on_the_right() -> None:
    raws = BODY[:7] + SIGNATURE
    start = len(BODY[:7])
    run = signature_run(raws, [None] * len(raws), start, lambda s: s.startswith(("Nơi nhận", "T/M")),
                        lambda s: False)
    assert run is not None and (run.start, run.end) == (start, len(raws))
    assert signature_run(raws, [None] * len(raws), 0, lambda s: True, lambda s: False) is None  # no gap


def test_page_number_lines() -> None:
    lines = ["… Kết luận số 77-", "2", "KL/TW, báo cáo.", "Đoạn văn cuối trang", "3", "", "Trang mới", "17"]
    pages = [1, 2, 2, 2, 2, 3, 3, 3]
    # "2" tops page 2: dropped; "3" ends page 2 but is not its number: kept; "17" is at no page break: kept
    assert page_number_lines(lines, pages) == {1}
    assert page_number_lines(["Đoạn", "2", "Trang"], [1, 1, 2]) == set()  # number 2 at the foot of page 1
    assert page_number_lines(["Đoạn", "1", "Trang"], [1, 1, 2]) == {1}  # page 1's number at its foot
    assert page_number_lines(["Đoạn", "2"], [None, None]) == set()  # no form feeds, no pages


def test_pdftotext_layout_document(tmp_path: Path) -> None:
    ir = load(_write(tmp_path, HEADER + BODY + SIGNATURE))
    texts = [b.text for b in ir.blocks]
    assert texts[:5] == ["TỈNH ỦY PHÚ THỌ", "*", "Số 12-KH/TU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                         "Phú Thọ, ngày 05 tháng 11 năm 2025"]
    # page numbers at the top of pages 2 and 3 are gone; the symbol and the sentence are whole again
    assert any("Kết luận số 77-KL/TW, báo cáo Ban Thường vụ Tỉnh ủy." in t for t in texts)
    assert any(t.endswith("thực hiện Kế hoạch này và định kỳ báo cáo Ban Thường vụ Tỉnh ủy.") for t in texts)
    assert not any(t.strip() in ("2", "3") for t in texts)
    sig = [(b.style, b.text) for b in ir.blocks if b.kind == BlockKind.signature]
    assert sig[0] == ("recipients_heading", "Nơi nhận:")
    assert ("recipient", "Lưu Văn phòng Tỉnh ủy.") in sig
    assert sig[-3:] == [("signature_title", "T/M BAN THƯỜNG VỤ"), ("signature_title", "PHÓ BÍ THƯ THƯỜNG TRỰC"),
                        ("signer", "Trần Văn Hùng")]
    h, _ = extract_header(ir)
    assert (h.number, h.symbol_template, h.date) == ("12-KH/TU", "KH/TU", "2025-11-05")
    assert (h.issuer, h.jurisdiction, h.signer) == ("Ban Thường vụ Tỉnh ủy Phú Thọ", "Phú Thọ", "Trần Văn Hùng")
    assert h.title == "thực hiện Kết luận số 77-KL/TW ngày 10/6/2025 của Bộ Chính trị về phát triển du lịch bền vững"


def test_draft_so_header_laid_out_with_spaces(tmp_path: Path) -> None:
    lines = ["                                                                        DỰ THẢO",
             "    UBND TỈNH BÌNH ĐỊNH                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "  SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG                 Độc lập - Tự do - Hạnh phúc",
             "",
             "     Số:      /KH-SNNMT               Bình Định, ngày      tháng     năm 2026",
             "",
             "                                    KẾ HOẠCH",
             "               Phát triển nông nghiệp hữu cơ giai đoạn 2026 - 2030",
             "",
             "I. MỤC ĐÍCH, YÊU CẦU",
             "    1. Phát triển sản xuất nông nghiệp hữu cơ gắn với chuỗi giá trị."]
    h, _ = extract_header(load(_write(tmp_path, lines)))
    assert h.draft is True
    assert (h.number, h.symbol_template, h.year, h.date) == (None, "KH-SNNMT", 2026, None)
    assert h.issuer == "Sở Nông nghiệp và Môi trường tỉnh Bình Định"
    assert h.jurisdiction == "Bình Định"


def test_committee_signature_with_signed_note(tmp_path: Path) -> None:
    lines = ["    1. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch theo quy định.",
             "",
             "Nơi nhận:                                                 KT. CHỦ TỊCH",
             "- Bộ Nông nghiệp và Môi trường;                           PHÓ CHỦ TỊCH",
             "- TT Tỉnh ủy, TT HĐND tỉnh;",
             "- Các sở, ban, ngành, đoàn thể cấp tỉnh;                    (Đã ký)",
             "- UBND các xã, phường;",
             "- Lưu: VT, KT.                                            Nguyễn Thị Lan"]
    ir = load(_write(tmp_path, lines))
    sig = [(b.style, b.text) for b in ir.blocks if b.kind == BlockKind.signature]
    assert [t for s, t in sig if s == "recipient"] == ["Bộ Nông nghiệp và Môi trường;", "TT Tỉnh ủy, TT HĐND tỉnh;",
                                                       "Các sở, ban, ngành, đoàn thể cấp tỉnh;",
                                                       "UBND các xã, phường;", "Lưu: VT, KT."]
    assert sig[-1] == ("signer", "Nguyễn Thị Lan")
    assert extract_header(ir)[0].signer == "Nguyễn Thị Lan"


def test_page_number_inside_a_tab_table_is_a_page_break(tmp_path: Path) -> None:
    lines = ["STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian",
             "1\tRà soát quy hoạch vùng nguyên liệu\tSở Nông nghiệp và Môi trường\tQuý II/2026",
             "\f2",
             "2\tXây dựng cơ sở dữ liệu\tSở Khoa học và Công nghệ\tQuý IV/2026"]
    ir = load(_write(tmp_path, lines))
    tables = [b for b in ir.blocks if b.kind == BlockKind.table]
    assert len(tables) == 1 and not any(b.text == "2" for b in ir.blocks)


def test_row_number_cell_at_a_page_top_is_kept(tmp_path: Path) -> None:
    # a flattened table (one cell per line, rows closed by '|'): "2" opening page 2 is a row number
    lines = ["|", "STT", "Nhiệm vụ", "Thời gian", "|", "1", "Rà soát quy hoạch", "Quý II/2026", "|",
             "\f2", "Xây dựng cơ sở dữ liệu", "Quý IV/2026", "|"]
    ir = load(_write(tmp_path, lines))
    table = next(b.table for b in ir.blocks if b.kind == BlockKind.table)
    assert table is not None
    assert [r.texts()[0] for r in table.rows if r.texts()[0] != "STT"] == ["1", "2"]
