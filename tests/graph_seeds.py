"""Extractions of the five seed documents for the graph tests, built from the corpus text.

Seeds 000, 001 and 004 come from the gold files (`tests/data/gold/`, a copy of the shared gold; or `GOLD_DIR`). Seeds 002 and 003 have
no gold: `seed_002()` and `seed_003()` are FIXTURES written by hand from `corpus/002…` and `corpus/003…`
(the header, the references with their relations, the chains stated in the text, and a few tasks and targets
quoted verbatim) — enough to test the graph, not a gold annotation. `tests/test_graph_writer.py` checks every
quoted text is in the corpus file.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from extractors.model import Extraction

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = Path(os.environ.get("GOLD_DIR", Path(__file__).resolve().parent / "data" / "gold"))

SEED_000 = "000_587713ccb05920a7"
SEED_001 = "001_9c3240af0bc80034"
SEED_002 = "002_f12611c6ca2b86fe"
SEED_003 = "003_b56b735dd1cef0ee"
SEED_004 = "004_4d82e5c661ccd206"
SEEDS = (SEED_000, SEED_001, SEED_002, SEED_003, SEED_004)


def corpus_file(seed: str) -> Path:
    return CORPUS / f"{seed}.txt"


def corpus_sha(seed: str) -> str:
    return hashlib.sha256(corpus_file(seed).read_bytes()).hexdigest()


def gold(seed: str) -> Extraction:
    return Extraction.model_validate(json.loads((GOLD / f"{seed}.json").read_text(encoding="utf-8")))


def _task(tid: str, text: str, lead: list[str], support: list[str], raw: str | None, kind: str,
          start: str | None = None, end: str | None = None, recurrence: str | None = None,
          group: str | None = None) -> dict:
    return {"id": tid, "source": "body", "group": group, "text": text, "lead": lead, "support": support,
            "deadline_raw": raw, "deadline": {"kind": kind, "start": start, "end": end,
                                              "recurrence": recurrence}}


def seed_002() -> Extraction:
    """Hưng Yên plan implementing 2711/QĐ-TTg (hand-built fixture; see module docstring)."""
    return Extraction.model_validate({
        "seed": SEED_002,
        "document": {"doc_type": "Kế hoạch", "number": None, "symbol_template": "KH-UBND",
                     "issuer": "Ủy ban nhân dân tỉnh Hưng Yên", "jurisdiction": "Hưng Yên", "year": 2026,
                     "title": "Thực hiện Quyết định số 2711/QĐ-TTg ngày 12/12/2025 của Thủ tướng chính phủ về "
                              "Chiến lược quốc gia về phát triển đội ngũ trí thức trong thời kỳ đẩy mạnh công "
                              "nghiệp hoá, hiện đại hoá đất nước đến năm 2030, tầm nhìn đến năm 2045"},
        "references": [
            {"key": "2711/QĐ-TTg", "doc_type": "Quyết định", "date": "2025-12-12",
             "issuer": "Thủ tướng Chính phủ", "relation": "implements"},
            {"key": "161/KH-UBND", "doc_type": "Kế hoạch", "date": "2025-12-31",
             "issuer": "Ủy ban nhân dân tỉnh Hưng Yên", "relation": "mentions"},
            {"key": "281/NQ-CP", "doc_type": "Nghị quyết", "date": "2025-09-15", "issuer": "Chính phủ",
             "relation": "mentions"},
            {"key": "71-NQ/TW", "doc_type": "Nghị quyết", "date": "2025-08-22", "issuer": "Bộ Chính trị",
             "relation": "mentions"},
        ],
        "chains": [{"from": "161/KH-UBND", "to": "281/NQ-CP", "relation": "implements"},
                   {"from": "281/NQ-CP", "to": "71-NQ/TW", "relation": "implements"}],
        "tasks": [
            _task("V.1/bullet-4", "Xây dựng cơ sở dữ liệu về đội ngũ trí thức tỉnh Hưng Yên.",
                  ["Sở Khoa học và Công nghệ"], [], None, "none", group="1. Sở Khoa học và Công nghệ"),
            _task("V.7/bullet-2", "Nâng cao hơn nữa về chất lượng hoạt động tư vấn phản biện và giám định xã "
                  "hội nhằm phát huy vai trò của trí thức trong quá trình quy hoạch chính sách của tỉnh.",
                  ["Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"], [], None, "none",
                  group="7. Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"),
        ],
        "indicators": [
            {"text": "Bảo đảm tối thiểu 40% phụ nữ và người thuộc các nhóm thiểu số tham gia trong các vị trí "
                     "việc làm, nghiên cứu, giảng dạy, lãnh đạo trong lĩnh vực khoa học, công nghệ và đổi mới "
                     "sáng tạo.", "target_year": 2030,
             "values": [{"value": 40, "unit": "%", "comparator": ">="}]},
            {"text": "Ít nhất 50% trí thức dưới 45 tuổi trong khu vực công được đào tạo và bồi dưỡng theo các "
                     "chương trình nâng cao trình độ chuyên môn, quản lý, lãnh đạo.", "target_year": 2030,
             "values": [{"value": 50, "unit": "%", "comparator": ">="}]},
        ],
    })


def seed_003() -> Extraction:
    """Hồ Chí Minh City draft plan implementing 49-CTrHĐ/TU, which implements 45-NQ/TW of 24/11/2023
    (the chain is stated in its title). Hand-built fixture; see module docstring."""
    return Extraction.model_validate({
        "seed": SEED_003,
        "document": {"doc_type": "Kế hoạch", "number": None, "symbol_template": None,
                     "issuer": "Ủy ban nhân dân Thành phố Hồ Chí Minh", "jurisdiction": "Thành phố Hồ Chí Minh",
                     "year": 2024, "draft": True,
                     "title": "Thực hiện Chương trình hành động số 49-CTrHĐ/TU ngày 26 tháng 02 năm 2024 của "
                              "Thành ủy về thực hiện Nghị quyết số 45-NQ/TW ngày 24 tháng 11 năm 2023 Hội nghị lần "
                              "thứ tám Ban Chấp hành Trung ương Đảng khóa XIII"},
        "references": [
            {"key": "49-CTrHĐ/TU", "doc_type": "Chương trình hành động", "date": "2024-02-26",
             "issuer": "Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh", "relation": "implements"},
            {"key": "45-NQ/TW", "doc_type": "Nghị quyết", "date": "2023-11-24",
             "issuer": "Ban Chấp hành Trung ương Đảng khóa XIII", "relation": "mentions"},
            {"key": "27/2023/NQ-HĐND", "doc_type": "Nghị quyết", "date": "2023-12-08",
             "issuer": "Hội đồng nhân dân Thành phố Hồ Chí Minh", "relation": "mentions"},
            {"key": "107/NQ-Cp", "doc_type": "Nghị quyết", "date": "2024-07-09", "issuer": "Chính phủ",
             "relation": "mentions"},
        ],
        "chains": [{"from": "49-CTrHĐ/TU", "to": "45-NQ/TW", "relation": "implements"},
                   {"from": "107/NQ-Cp", "to": "45-NQ/TW", "relation": "implements"}],
        "tasks": [
            _task("II.5.1/a", "Đổi mới mạnh mẽ nội dung, phương thức hoạt động của các hội trí thức, nhất là "
                  "Liên hiệp các Hội Khoa học và Kỹ thuật Thành phố, Liên hiệp các Hội Văn học nghệ thuật Thành "
                  "phố theo hướng sát thực tiễn", ["Sở Nội vụ"],
                  ["Liên hiệp các Hội Khoa học và Kỹ thuật Thành phố", "Liên hiệp các Hội Văn học nghệ thuật thành phố"],
                  "Thường xuyên", "continuous"),
            _task("IV.1/bullet-3", "Chịu trách nhiệm theo dõi, tổng hợp và tham mưu báo cáo định kỳ vào tháng 12 "
                  "hàng năm tình hình triển khai Kế hoạch", ["Sở Khoa học và Công nghệ"], [],
                  "vào tháng 12 hàng năm", "recurring", recurrence="P1Y"),
        ],
        "indicators": [
            {"text": "phấn đấu tổng số trí thức Thành phố có trình độ từ tiến sĩ trở lên tăng thêm ít nhất 10%",
             "target_year": 2030, "values": [{"value": 10, "unit": "%", "comparator": ">="}]},
        ],
    })


def seed_extraction(seed: str) -> Extraction:
    return {SEED_002: seed_002, SEED_003: seed_003}.get(seed, lambda: gold(seed))()
