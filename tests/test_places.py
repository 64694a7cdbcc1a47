"""Province/city vocabulary (data/issuers.json "places"): printed forms -> jurisdiction, and its use in issuers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.places import canonical_place, find_places, match_place, place_info, vocabulary
from extractors.references import find_citations, match_issuer

PLACES = json.loads((Path(__file__).resolve().parents[1] / "extractors" / "data" / "issuers.json")
                    .read_text(encoding="utf-8"))["places"]
EXAMPLES = [(k, v) for k, v in PLACES["examples"].items() if not k.startswith("_")]


def test_vocabulary_has_34_units_after_2025_and_63_before() -> None:
    after = [p["name"] for p in PLACES["after_2025"]]
    before = [p["name"] for p in PLACES["before_2025"]]
    assert len(after) == len(set(after)) == 34
    assert len(before) == len(set(before)) == 63
    assert sum(p["level"] == "thành phố" for p in PLACES["after_2025"]) == 6
    # every pre-merger unit is a unit after 2025 or was merged into exactly one
    merged = [m for p in PLACES["after_2025"] for m in p["merged_from"]]
    assert len(merged) == len(set(merged))
    assert set(before) <= set(after) | set(merged)
    assert place_info("Hải Dương").merged_into == "Hải Phòng"
    assert place_info("Hải Phòng").current and place_info("Hải Phòng").level == "thành phố"


@pytest.mark.parametrize("printed,name", EXAMPLES, ids=[k for k, _ in EXAMPLES])
def test_printed_form_gives_jurisdiction(printed: str, name: str | None) -> None:
    assert canonical_place(printed) == name


def test_every_name_and_spelling_resolves_to_itself() -> None:
    for name in vocabulary().places:
        assert canonical_place(name) == name
        assert canonical_place(f"tỉnh {name}".upper()) == name
    for name, spellings in PLACES["spellings"].items():
        if not name.startswith("_"):
            assert all(canonical_place(s) == name for s in spellings)


def test_match_place_needs_a_capital_and_a_whole_word() -> None:
    assert match_place(" ban hành Kế hoạch") is None
    assert match_place(" Hà Nội") is not None and match_place(" Hà Nộiabc") is None
    m = match_place("Ủy ban nhân dân TP.HCM về", len("Ủy ban nhân dân"))
    assert m is not None and (m.name, m.printed) == ("Hồ Chí Minh", "TP.HCM")


def test_find_places_in_text() -> None:
    # seed 002 / held-out sentences
    t = ("trên địa bàn tỉnh Hưng Yên; phối hợp với Thủ đô Hà Nội, TP. Đà Nẵng và tỉnh Bà Rịa – Vũng Tàu (trước "
         "hợp nhất); thành phố Vinh")
    assert [p.name for p in find_places(t)] == ["Hưng Yên", "Hà Nội", "Đà Nẵng", "Bà Rịa - Vũng Tàu"]


@pytest.mark.parametrize("printed,name", [
    ("Ủy ban nhân dân TP. Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("UBND TP. Cần Thơ", "Ủy ban nhân dân thành phố Cần Thơ"),
    ("Thành uỷ TP.HCM", "Thành ủy Hồ Chí Minh"),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("TỈNH ỦY THÁI NGUYÊN", "Tỉnh ủy Thái Nguyên"),
    ("Hội đồng nhân dân tỉnh Thanh Hoá", "Hội đồng nhân dân tỉnh Thanh Hóa"),
    ("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
    # old tone placement in the body's name ("uỷ", "hoá") is the same body
    ("Bộ Văn hoá, Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"),
    # a place outside the vocabulary is kept as printed
    ("Ủy ban nhân dân thành phố Vinh", "Ủy ban nhân dân thành phố Vinh"),
])
def test_issuers_with_places(printed: str, name: str) -> None:
    im = match_issuer(printed, 0)
    assert im is not None and im.name == name and im.end == len(printed)


def test_citation_issuer_with_place_abbreviation() -> None:
    c = find_citations("Căn cứ Quyết định số 1234/QĐ-UBND ngày 05/6/2025 của UBND TP. Đà Nẵng về việc ban hành")
    assert [(x.symbol, x.issuer) for x in c if x.symbol] == [("1234/QĐ-UBND", "Ủy ban nhân dân thành phố Đà Nẵng")]
