"""Document header against the gold files (000, 001, 004) and on the seeds without gold (002 Markdown, 003 draft)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.header import extract_header
from extractors.ir import Block, BlockKind, Cell, DocumentIR, Row, Table

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold"
FIELDS = ("doc_type", "number", "symbol_template", "issuer", "jurisdiction", "date", "year", "draft", "title",
          "signer")


def _loader_ready() -> bool:
    try:
        import extractors.load.text  # noqa: F401
    except ImportError:
        return False
    return True


needs_loader = pytest.mark.skipif(not _loader_ready(), reason="text loader not available")


def _header(stem: str):
    from extractors.load import load
    return extract_header(load(ROOT / "corpus" / f"{stem}.txt"))


@needs_loader
@pytest.mark.parametrize("stem", [p.stem for p in sorted(GOLD.glob("0*.json"))])
def test_header_matches_gold(stem: str) -> None:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))["document"]
    h, _ = _header(stem)
    got = h.model_dump()
    wrong = {k: (gold[k], got[k]) for k in FIELDS if gold[k] != got[k]}
    assert wrong == {}


@needs_loader
def test_markdown_seed_002() -> None:
    h, warnings = _header("002_f12611c6ca2b86fe")
    assert (h.doc_type, h.symbol_template, h.number, h.year, h.date) == ("Kế hoạch", "KH-UBND", None, 2026, None)
    assert (h.issuer, h.jurisdiction, h.signer) == ("Ủy ban nhân dân tỉnh Hưng Yên", "Hưng Yên", "Lê Quang Hòa")
    assert h.title.startswith("Thực hiện Quyết định số 2711/QĐ-TTg") and "#" not in h.title
    assert warnings == []


@needs_loader
def test_draft_attached_to_decision_seed_003() -> None:
    h, _ = _header("003_b56b735dd1cef0ee")
    assert h.draft is True
    assert h.doc_type == "Kế hoạch"
    assert (h.issuer, h.jurisdiction) == ("Ủy ban nhân dân thành phố Hồ Chí Minh", "Hồ Chí Minh")
    assert h.year == 2024 and h.number is None  # "Kèm theo Quyết định số /QĐ-UBND ngày tháng năm 2024"
    assert h.title.startswith("Thực hiện Chương trình hành động số 49-CTrHĐ/TU")


def _ir(lines: list[str]) -> DocumentIR:
    return DocumentIR(source="x.txt", format="txt", sha256="0",
                      blocks=[Block(kind=BlockKind.paragraph, text=t, line_start=i + 1, line_end=i + 1)
                              for i, t in enumerate(lines)])


def test_filled_number_and_complete_date() -> None:
    h, _ = extract_header(_ir(["Số: 125/KH-UBND", "Hưng Yên, ngày 12 tháng 3 năm 2026", "KẾ HOẠCH",
                               "Triển khai Chiến lược quốc gia về phát triển đội ngũ trí thức",
                               "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"]))
    assert (h.number, h.symbol_template, h.date, h.year, h.place) == ("125/KH-UBND", "KH-UBND", "2026-03-12",
                                                                     2026, "Hưng Yên")
    assert h.issuer == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert h.title == "Triển khai Chiến lược quốc gia về phát triển đội ngũ trí thức"


def test_party_number() -> None:
    h, _ = extract_header(_ir(["Số 12-KH/TU", "Hải Phòng, ngày 26 tháng 8 năm 2025", "KẾ HOẠCH HÀNH ĐỘNG",
                               "thực hiện Nghị quyết số 57-NQ/TW", "TM. BAN THƯỜNG VỤ THÀNH ỦY",
                               "BÍ THƯ", "Lê Tiến Châu"]))
    assert (h.number, h.symbol_template, h.doc_type) == ("12-KH/TU", "KH/TU", "Kế hoạch hành động")
    assert h.signer == "Lê Tiến Châu"


def test_missing_header_warns_instead_of_guessing() -> None:
    h, warnings = extract_header(_ir(["Một đoạn văn không có tiêu đề."]))
    assert h.doc_type is None and h.issuer is None
    assert {w.code for w in warnings} == {"header.no_issuer", "header.no_doc_type"}


def _table(rows: list[list[str]]) -> Block:
    return Block(kind=BlockKind.table, line_start=1, line_end=len(rows),
                 table=Table(rows=[Row(cells=[Cell(text=t, row=i, col=j) for j, t in enumerate(r)], is_header=i == 0)
                                   for i, r in enumerate(rows)]))


def test_header_printed_as_a_two_column_pipe_table() -> None:
    # held-out Thanh Hóa Markdown export: "| **ỦY BAN NHÂN DÂN**<br>**TỈNH THANH HÓA** | **CỘNG HÒA …** |" then
    # "| Số: 215/KH-UBND | *Thanh Hóa, ngày 18 tháng 8 năm 2025* |", as a loader that keeps it a table gives it
    head = _table([["ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"],
                   ["Số: 215/KH-UBND", "Thanh Hóa, ngày 18 tháng 8 năm 2025"]])
    rest = _ir(["KẾ HOẠCH", "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá "
                "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trên địa bàn tỉnh Thanh Hóa",
                "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo ngày 27 tháng 6 năm 2025;",
                "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện trên địa bàn tỉnh như sau:"]).blocks
    h, warnings = extract_header(DocumentIR(source="x.md", format="md", sha256="0", blocks=[head, *rest]))
    assert (h.number, h.date, h.year, h.place) == ("215/KH-UBND", "2025-08-18", 2025, "Thanh Hóa")
    assert (h.issuer, h.jurisdiction, h.doc_type) == ("Ủy ban nhân dân tỉnh Thanh Hóa", "Thanh Hóa", "Kế hoạch")
    assert h.title.startswith("Triển khai thực hiện") and h.title.endswith("trên địa bàn tỉnh Thanh Hóa")
    assert warnings == []


# held-out Quảng Ninh web export: "Số:" and the number on separate lines, the title in capitals over two lines,
# the opening hard-wrapped, the signature block as table cells
_WEB_HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH", "-------", "Số:", "512/KH-UBND",
             "Quảng Ninh, ngày 16 tháng 7 năm 2025", "KẾ HOẠCH",
             "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 68-NQ/TW NGÀY 04/5/2025 CỦA BỘ CHÍNH TRỊ",
             "VỀ PHÁT TRIỂN KINH TẾ TƯ NHÂN TRÊN ĐỊA BÀN TỈNH QUẢNG NINH",
             "Thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về phát",
             "triển kinh tế tư nhân; Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện, cụ thể như sau:"]


def test_web_export_header_number_on_next_line_and_title_over_two_lines() -> None:
    ir = _ir(_WEB_HEAD)
    ir.blocks.append(_table([["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Minh Trí", ""]]))
    h, _ = extract_header(ir)
    assert (h.number, h.symbol_template, h.date) == ("512/KH-UBND", "KH-UBND", "2025-07-16")
    assert h.title == ("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 68-NQ/TW NGÀY 04/5/2025 CỦA BỘ CHÍNH TRỊ VỀ PHÁT TRIỂN "
                       "KINH TẾ TƯ NHÂN TRÊN ĐỊA BÀN TỈNH QUẢNG NINH")
    assert (h.issuer, h.jurisdiction) == ("Ủy ban nhân dân tỉnh Quảng Ninh", "Quảng Ninh")
    assert h.signer == "Phạm Minh Trí"


def test_hard_wrapped_mixed_case_title_goes_on_until_the_opening() -> None:
    h, _ = extract_header(_ir(["Số: 12/KH-UBND", "Quảng Ninh, ngày 16 tháng 7 năm 2025", "KẾ HOẠCH",
                               "Triển khai thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về",
                               "phát triển kinh tế tư nhân trên địa bàn tỉnh Quảng Ninh",
                               "Thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị;"]))
    assert h.title == ("Triển khai thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về phát triển "
                       "kinh tế tư nhân trên địa bàn tỉnh Quảng Ninh")


# held-out Thái Nguyên party programme (tab layout read as lines)
_PARTY = ["TỈNH ỦY THÁI NGUYÊN", "*", "Số 15-CTr/TU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Thái Nguyên, ngày 20 tháng 10 năm 2025",
          "CHƯƠNG TRÌNH HÀNH ĐỘNG",
          "thực hiện Nghị quyết số 71-NQ/TW, ngày 22/8/2025 của Bộ Chính trị về đột phá phát triển giáo dục và đào tạo",
          "-----"]
_PARTY_OPENING = ("Thực hiện Nghị quyết số 71-NQ/TW, ngày 22/8/2025 của Bộ Chính trị về đột phá phát triển giáo dục và "
                  "đào tạo, Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động như sau:")
_PARTY_SIGNATURE = ["Nơi nhận:", "- Lưu Văn phòng Tỉnh ủy.", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC",
                    "Nguyễn Thanh Bình"]


def test_party_header_standing_committee_from_the_opening_and_signer_under_two_titles() -> None:
    h, _ = extract_header(_ir([*_PARTY, _PARTY_OPENING, *_PARTY_SIGNATURE]))
    assert (h.number, h.doc_type, h.date) == ("15-CTr/TU", "Chương trình hành động", "2025-10-20")
    assert (h.issuer, h.jurisdiction) == ("Ban Thường vụ Tỉnh ủy Thái Nguyên", "Thái Nguyên")
    assert h.signer == "Nguyễn Thanh Bình"
    assert h.title.startswith("thực hiện Nghị quyết số 71-NQ/TW") and h.title.endswith("giáo dục và đào tạo")


def test_party_header_standing_committee_from_the_signature() -> None:
    # no "… ban hành" in the opening: "T/M BAN THƯỜNG VỤ" over the "TỈNH ỦY THÁI NGUYÊN" block names the body
    h, _ = extract_header(_ir([*_PARTY, "Thực hiện Nghị quyết số 71-NQ/TW, ngày 22/8/2025 của Bộ Chính trị.",
                               *_PARTY_SIGNATURE]))
    assert h.issuer == "Ban Thường vụ Tỉnh ủy Thái Nguyên"
    # "TM. ỦY BAN NHÂN DÂN" under an "ỦY BAN NHÂN DÂN TỈNH …" block changes nothing
    h2, _ = extract_header(_ir(["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH", "KẾ HOẠCH", "Phát triển kinh tế tư nhân",
                                "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Minh Trí"]))
    assert (h2.issuer, h2.signer) == ("Ủy ban nhân dân tỉnh Quảng Ninh", "Phạm Minh Trí")


@pytest.mark.parametrize("place_line,issuer_lines,jurisdiction,issuer", [
    ("TP. Đà Nẵng, ngày 02 tháng 7 năm 2025", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"], "Đà Nẵng",
     "Ủy ban nhân dân thành phố Đà Nẵng"),
    ("Hà Nội, ngày 10 tháng 3 năm 2026", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"], "Hà Nội",
     "Ủy ban nhân dân thành phố Hà Nội"),
    ("Cần Thơ, ngày 10 tháng 3 năm 2026", ["UBND TP. CẦN THƠ"], "Cần Thơ", "Ủy ban nhân dân thành phố Cần Thơ"),
    ("TP. Hồ Chí Minh, ngày 10 tháng 3 năm 2026", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], "Hồ Chí Minh",
     "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("Thanh Hoá, ngày 18 tháng 8 năm 2025", ["ỦY BAN NHÂN DÂN", "TỈNH THANH HOÁ"], "Thanh Hóa",
     "Ủy ban nhân dân tỉnh Thanh Hóa"),
    # a place-date line naming the provincial capital: the issuer block's province is the jurisdiction
    ("Buôn Ma Thuột, ngày 03 tháng 11 năm 2023", ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"], "Đắk Lắk",
     "Ủy ban nhân dân tỉnh Đắk Lắk"),
])
def test_jurisdiction_from_issuer_block_or_place_line(place_line: str, issuer_lines: list[str], jurisdiction: str,
                                                      issuer: str) -> None:
    h, _ = extract_header(_ir([*issuer_lines, "Số: 12/KH-UBND", place_line, "KẾ HOẠCH", "Phát triển kinh tế số"]))
    assert (h.jurisdiction, h.issuer) == (jurisdiction, issuer)


@pytest.mark.parametrize("issuer_lines,jurisdiction,issuer", [
    # a unit under its parent body: the lower line issues, the upper gives its locality
    (["UBND TỈNH THANH HÓA", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"], "Thanh Hóa", "Sở Khoa học và Công nghệ tỉnh Thanh Hóa"),
    (["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], "Nghệ An",
     "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An"),
    (["UBND THÀNH PHỐ HẢI PHÒNG", "CÔNG AN THÀNH PHỐ"], "Hải Phòng", "Công an thành phố Hải Phòng"),
    (["TỈNH ỦY QUẢNG NINH", "BAN TUYÊN GIÁO VÀ DÂN VẬN"], "Quảng Ninh", "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ninh"),
    (["ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "SỞ CÔNG THƯƠNG"], "Đắk Lắk", "Sở Công Thương tỉnh Đắk Lắk"),
    # one body over two lines is not a parent and a unit
    (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"], "Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng"),
])
def test_two_line_issuer_block_parent_and_issuing_unit(issuer_lines: list[str], jurisdiction: str,
                                                       issuer: str) -> None:
    h, _ = extract_header(_ir([*issuer_lines, "Số: 40/KH-SKHCN", "Vinh, ngày 10 tháng 3 năm 2026", "KẾ HOẠCH",
                               "Phát triển kinh tế số"]))
    assert (h.jurisdiction, h.issuer) == (jurisdiction, issuer)


def test_district_plan_issuer_and_province_as_jurisdiction() -> None:
    # GUIDELINES: jurisdiction = the province/city the plan applies to; a district body names only itself
    h, _ = extract_header(_ir(["ỦY BAN NHÂN DÂN", "HUYỆN SA PA", "Số: 77/KH-UBND", "Sa Pa, ngày 02 tháng 4 năm 2025",
                               "KẾ HOẠCH", "Phát triển nông nghiệp hữu cơ năm 2025",
                               "Thực hiện Kế hoạch số 58/KH-UBND ngày 14/02/2025 của Ủy ban nhân dân tỉnh Lào Cai, "
                               "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:"]))
    assert (h.issuer, h.jurisdiction, h.place) == ("Ủy ban nhân dân huyện Sa Pa", "Lào Cai", "Sa Pa")
    # no province named anywhere: no jurisdiction rather than the district's name
    h2, _ = extract_header(_ir(["ỦY BAN NHÂN DÂN", "XÃ TÂN TIẾN", "Số: 5/KH-UBND", "Tân Tiến, ngày 02 tháng 4 năm 2025",
                                "KẾ HOẠCH", "Chuyển đổi số năm 2025"]))
    assert (h2.issuer, h2.jurisdiction) == ("Ủy ban nhân dân xã Tân Tiến", None)


@pytest.mark.parametrize("lines", [
    ["DỰ THẢO", "UBND TỈNH QUẢNG NGÃI", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số:      /KH-SNNMT",
     "Quảng Ngãi, ngày      tháng     năm 2026"],
    ["UBND TỈNH QUẢNG NGÃI", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số:      /KH-SNNMT",
     "Quảng Ngãi, ngày      tháng     năm 2026", "DỰ THẢO"],
    ["UBND TỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
     "Độc lập - Tự do - Hạnh phúc", "(Dự thảo)", "Số:   /KH-SNNMT", "Quảng Ngãi, ngày   tháng   năm 2026"],
])
def test_draft_plan_of_a_so_under_the_provincial_committee(lines: list[str]) -> None:
    """A Sở's draft: the number and day are blank and a 'DỰ THẢO' mark is printed; the opening names the
    provincial committee's plan it implements. The issuer is the Sở of the province, not the committee."""
    h, _ = extract_header(_ir([*lines, "KẾ HOẠCH", "Phát triển nông nghiệp hữu cơ giai đoạn 2026 - 2030",
                               "Thực hiện Kế hoạch số 18/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Quảng "
                               "Ngãi, Sở Nông nghiệp và Môi trường xây dựng Kế hoạch như sau:"]))
    assert (h.draft, h.number, h.symbol_template, h.date, h.year) == (True, None, "KH-SNNMT", None, 2026)
    assert (h.issuer, h.jurisdiction) == ("Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi", "Quảng Ngãi")


def test_signer_after_a_tab_on_the_last_recipient_line(tmp_path: Path) -> None:
    """A tab-separated signature block ('- Lưu: VT, KGVX.<tab>Trần Thị Mai Hương') is read column by column:
    the last recipients come between the signature titles and the name, and are skipped."""
    from extractors.load import load
    src = tmp_path / "kh.txt"
    src.write_text(
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ ĐÀ NẴNG\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 31/KH-UBND\tĐà Nẵng, ngày 09 tháng 02 năm 2026\n\n"
        "KẾ HOẠCH\nPhát triển du lịch cộng đồng năm 2026\n\n"
        "I. TỔ CHỨC THỰC HIỆN\nSở Du lịch chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n\n"
        "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n"
        "- Bộ Văn hóa, Thể thao và Du lịch;\tKT. CHỦ TỊCH\n"
        "- TT Thành ủy, TT HĐND thành phố;\tPHÓ CHỦ TỊCH\n"
        "- Các sở, ban, ngành;\n"
        "- Lưu: VT, KGVX.\tTrần Thị Mai Hương\n", encoding="utf-8")
    h, _ = extract_header(load(src))
    assert h.signer == "Trần Thị Mai Hương"
    assert h.number == "31/KH-UBND"
