"""Document header against the gold files (000, 001, 004) and on the seeds without gold (002 Markdown, 003 draft)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.header import extract_header
from extractors.ir import Block, BlockKind, DocumentIR

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
