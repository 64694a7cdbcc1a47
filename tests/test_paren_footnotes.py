"""Footnotes printed with parenthesised numbers: '… đạt 100%(1)' and a later note line '(1) …'."""
from __future__ import annotations

from pathlib import Path

from extractors.footnotes import paren_note_lines, parse_paren_note, split_paren_refs
from extractors.ir import BlockKind, DocumentIR
from extractors.load import load

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\nSố: 41/KH-UBND\nHậu Giang, ngày 12 tháng 02 năm 2025\n\n"
        "KẾ HOẠCH\nChuyển đổi số năm 2025\n\nI. MỤC TIÊU\n")


def _load(tmp_path: Path, text: str) -> DocumentIR:
    p = tmp_path / "plan.txt"
    p.write_text(text, encoding="utf-8")
    return load(p)


def test_glued_and_spaced_markers_link_to_note_lines(tmp_path: Path) -> None:
    ir = _load(tmp_path, HEAD
               + "1. Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình đạt 80%(1), tỷ lệ số hóa "
                 "kết quả giải quyết đạt 100% (2).\n"
               + "2. Hoàn thành các nhiệm vụ: (1) xây dựng kho dữ liệu dùng chung; (2) nâng cấp trung tâm dữ liệu.\n"
               + "\n(1) Chỉ tiêu tại Nghị quyết số 12-NQ/TU ngày 10/01/2025 của Tỉnh ủy.\n"
               + "(2) Chỉ tiêu giao tại Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ.\n")
    notes = {b.footnote_id: b for b in ir.blocks if b.kind == BlockKind.footnote}
    assert set(notes) == {"1", "2"}
    assert notes["1"].text.startswith("Chỉ tiêu tại Nghị quyết") and notes["1"].marker == "(1)"
    item = next(b for b in ir.blocks if b.text.startswith("Tỷ lệ hồ sơ"))
    assert item.footnote_refs == ["1", "2"]
    assert "80%," in item.text and item.text.endswith("100%.")
    enum = next(b for b in ir.blocks if b.text.startswith("Hoàn thành"))
    assert enum.footnote_refs == [] and "(1) xây dựng" in enum.text and "(2) nâng cấp" in enum.text


def test_without_note_lines_parenthesised_numbers_stay_text(tmp_path: Path) -> None:
    ir = _load(tmp_path, HEAD
               + "1. Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử đạt 100%(1).\n"
               + "2. Các nhóm giải pháp:\n(1) Hoàn thiện thể chế.\n(2) Phát triển hạ tầng số.\n")
    assert not any(b.kind == BlockKind.footnote for b in ir.blocks)
    assert any(b.text.endswith("100%(1).") for b in ir.blocks)


def test_list_item_before_the_marker_is_not_a_note() -> None:
    lines = ["(1) Hoàn thiện thể chế về chuyển đổi số.",
             "Tỷ lệ dân số trưởng thành có chữ ký số đạt 50%(1).",
             "(1) Chỉ tiêu tại Kế hoạch số 20/KH-UBND."]
    notes = paren_note_lines(lines)
    assert notes == {2: "1"}
    assert parse_paren_note(lines[0], notes, 0) is None
    assert parse_paren_note(lines[2], notes, 2) == ("1", "Chỉ tiêu tại Kế hoạch số 20/KH-UBND.")
    assert split_paren_refs(lines[1], {"1"}) == ("Tỷ lệ dân số trưởng thành có chữ ký số đạt 50%.", ["1"])


def test_enumerators_in_running_text_are_never_markers() -> None:
    lines = ["Ba đột phá gồm: (1) thể chế; (2) hạ tầng; (3) nhân lực.", "(1) Thể chế là khâu then chốt."]
    assert paren_note_lines(lines) == {}
