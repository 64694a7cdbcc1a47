"""Owner splitting on owner cells/clauses taken verbatim from the seed corpus."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.normalize import compare_form
from extractors.owners import expand_abbreviations, is_generic, split_owners

DATA = json.loads((Path(__file__).resolve().parents[1] / "extractors" / "data" / "agencies.json")
                  .read_text(encoding="utf-8"))
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _in_corpus(s: str) -> bool:
    text = " ".join((CORPUS / f).read_text(encoding="utf-8") for f in sorted(p.name for p in CORPUS.glob("*.txt")))
    return re.sub(r"\s+", " ", s) in re.sub(r"\s+", " ", text)


CASES = [
    ("Các sở, ban, ngành, trường đại học, viện nghiên cứu, tổ chức, đơn vị trên địa bàn thành phố",
     ["Các sở, ban, ngành", "Các trường đại học", "Các viện nghiên cứu", "Các tổ chức, đơn vị trên địa bàn thành phố"]),
    ("Các Sở, ngành; các Trường Đại học, Viện nghiên cứu",
     ["Các Sở, ngành", "Các Trường Đại học", "Các Viện nghiên cứu"]),
    ("Ủy ban MTTQ Việt nam thành phố, các tổ chức chính trị-xã hội; các sở ban, ngành, UBND các xã, phường, đặc khu, "
     "các đoàn thể, các đơn vị, các cơ quan",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "Các tổ chức chính trị-xã hội", "Các sở ban, ngành",
      "Ủy ban nhân dân các xã, phường, đặc khu", "Các đoàn thể", "Các đơn vị", "Các cơ quan"]),
    ("Sở Khoa học Công nghệ; Các Sở, ban, ngành, đơn vị, địa phương liên quan",
     ["Sở Khoa học và Công nghệ", "Các Sở, ban, ngành, đơn vị, địa phương liên quan"]),
    ("Sở Nội vụ, Sở Khoa học và Công nghệ và các Sở, ngành liên quan",
     ["Sở Nội vụ", "Sở Khoa học và Công nghệ", "Các Sở, ngành liên quan"]),
    ("Các Sở, ban, ngành, đơn vị, các trường Đại học, các địa phương liên quan",
     ["Các Sở, ban, ngành, đơn vị", "Các trường Đại học", "Các địa phương liên quan"]),
    ("Các Sở, ngành: Giáo dục và Đào tạo; Y tế; Văn hóa, Thể thao và Du lịch; Ngoại vụ; Công Thương; Công an thành phố",
     ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ", "Sở Công Thương",
      "Công an thành phố"]),
    ("Các Trường Đại học, Cao đẳng, Viện nghiên cứu trên địa bàn thành phố",
     ["Các Trường Đại học", "Các trường Cao đẳng", "Các Viện nghiên cứu trên địa bàn thành phố"]),
    ("Ban cán sự đảng, đảng đoàn, quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy",
     ["Ban cán sự đảng, đảng đoàn, quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy"]),
    ("Đảng đoàn Mặt trận Tổ quốc Việt Nam; các tổ chức chính trị - xã hội thành phố",
     ["Đảng đoàn Mặt trận Tổ quốc Việt Nam", "Các tổ chức chính trị - xã hội thành phố"]),
    ("Sở Khoa học và Công nghệ, Sở Văn hóa và Thể thao và các Sở, Ban, Ngành, Ủy ban nhân dân thành phố Thủ Đức "
     "và các quận - huyện liên quan",
     ["Sở Khoa học và Công nghệ", "Sở Văn hóa và Thể thao", "Các Sở, Ban, Ngành",
      "Ủy ban nhân dân thành phố Thủ Đức và các quận - huyện liên quan"]),
    ("Báo và phát thanh, truyền hình Hải Phòng", ["Báo và Phát thanh, Truyền hình Hải Phòng"]),
    ("Các Sở, ban ngành, thành phố; UBND các xã, phường, đặc khu",
     ["Các Sở, ban ngành, thành phố", "Ủy ban nhân dân các xã, phường, đặc khu"]),
]


@pytest.mark.parametrize("cell,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_split_owners_on_corpus_cells(cell: str, expected: list[str]) -> None:
    assert _in_corpus(cell[:60]), "test cells are taken from the corpus"
    assert [compare_form(x) for x in split_owners(cell)] == [compare_form(x) for x in expected]


def test_symbols_are_not_expanded() -> None:
    s = "Các Sở, ban, ngành, đơn vị, địa phương liên quan theo phân công nhiệm vụ tại Kế hoạch số 16/KH-UBND"
    assert split_owners(s) == [s]
    assert expand_abbreviations("Chủ tịch UBND thành phố") == "Chủ tịch Ủy ban nhân dân thành phố"


def test_page_break_repeat_is_removed() -> None:
    assert split_owners("Sở Khoa học và Công nghệ Công nghệ") == ["Sở Khoa học và Công nghệ"]


def test_names_with_commas_stay_whole() -> None:
    assert split_owners("Bộ Lao động - Thương binh và Xã hội, Sở Văn hóa, Thể thao và Du lịch") == [
        "Bộ Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch"]
    assert split_owners("Sở Lao động Thương binh và Xã hội") == ["Sở Lao động - Thương binh và Xã hội"]


def test_empty() -> None:
    assert split_owners("") == [] and split_owners(None) == [] and split_owners(" ; ") == []


@pytest.mark.parametrize("name,generic", [
    ("Các sở, ban, ngành liên quan", True), ("Ủy ban nhân dân các xã, phường, đặc khu", True),
    ("Các cơ quan, đơn vị", True), ("Sở Khoa học và Công nghệ", False), ("Công an thành phố", False),
    ("Ban Tuyên giáo Thành ủy", False),
])
def test_is_generic(name: str, generic: bool) -> None:
    assert is_generic(name) is generic


def _regex_entries() -> list[tuple[str, str, list[str], list[str], int]]:
    out = []
    for e in DATA["abbreviations"]:
        out.append(("abbr:" + e["pattern"], e["pattern"], e["examples"], e.get("counter_examples", []), 0))
    for e in DATA["repairs"]:
        out.append(("repair:" + e["pattern"], e["pattern"], e["examples"], e.get("counter_examples", []), re.I))
    for e in DATA["protected_names"]["patterns"]:
        pat = e["pattern"] if e.get("is_regex") else re.escape(e["pattern"])
        out.append(("protected:" + e["pattern"], pat, e["examples"], [], re.I))
    for e in DATA["prefix_strip"]["patterns"]:
        out.append(("prefix:" + e["pattern"], e["pattern"], e["examples"], [], re.I))
    out.append(("colon", DATA["colon_lists"]["pattern"], DATA["colon_lists"]["examples"], [], 0))
    return out


@pytest.mark.parametrize("name,pattern,examples,counter,flags", _regex_entries(),
                         ids=[e[0][:50] for e in _regex_entries()])
def test_every_pattern_matches_its_examples(name: str, pattern: str, examples: list[str],
                                            counter: list[str], flags: int) -> None:
    rx = re.compile(pattern, flags)
    assert examples, f"{name}: no examples"
    for ex in examples:
        assert rx.search(ex), f"{name} does not match {ex!r}"
    for ex in counter:
        assert not rx.search(ex) or name.startswith("abbr:") and expand_abbreviations(ex) == ex, \
            f"{name} matches counter-example {ex!r}"


def test_generic_patterns_match_examples() -> None:
    pats = [re.compile(e["pattern"]) for e in DATA["generic"]["patterns"]]
    for e, rx in zip(DATA["generic"]["patterns"], pats):
        for ex in e["examples"]:
            assert rx.search(compare_form(ex)), (e["pattern"], ex)
    for ex in DATA["generic"]["counter_examples"]:
        assert not is_generic(ex)


# ---- held-out shapes (tests/data/heldout): owner cells and subjects of other provinces
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"


def _in_heldout(s: str) -> bool:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(HELDOUT.glob("*.txt")) + sorted(HELDOUT.glob("*.md")))
    return re.sub(r"\s+", " ", s) in re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("cell,expected", [
    # the head noun "trường" is shared by the kinds it lists; the trailing qualifier stays on the last one
    ("Tỉnh đoàn; các trường đại học, cao đẳng trên địa bàn tỉnh",
     ["Tỉnh đoàn", "Các trường đại học", "Các trường cao đẳng trên địa bàn tỉnh"]),
    # a generic enumeration of kinds of party bodies is one generic group ("tổ chức đảng" is not "tổ chức")
    ("Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy", ["Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy"]),
])
def test_split_owners_on_heldout_cells(cell: str, expected: list[str]) -> None:
    assert _in_heldout(cell)
    assert split_owners(cell) == expected


def test_party_kinds_stay_whole_also_with_a_repeated_cac() -> None:
    cell = "Các cấp ủy, ban cán sự đảng, đảng đoàn, các tổ chức đảng"
    assert _in_corpus(cell)
    assert split_owners(cell) == [cell]
    # a capitalised party body after the kinds is a named organisation of its own
    assert split_owners("Các cấp ủy, Đảng đoàn Hội đồng nhân dân tỉnh") == [
        "Các cấp ủy", "Đảng đoàn Hội đồng nhân dân tỉnh"]


def test_party_kind_examples() -> None:
    for cell, expected in DATA["party_kinds"]["examples"]:
        assert split_owners(cell) == expected


def test_repeated_tail_of_a_page_broken_cell_is_removed() -> None:
    # seed 004 row 7.4: the owner cell's tail is printed again after the page break
    assert split_owners("Các Sở, ban, ngành, đơn vị, địa phương liên quan địa phương liên quan") == [
        "Các Sở, ban, ngành, đơn vị, địa phương liên quan"]


@pytest.mark.parametrize("cell,expected", [
    ("Báo và phát thanh, truyền hình Hải Phòng", ["Báo và Phát thanh, Truyền hình Hải Phòng"]),
    ("Báo và Phát thanh Truyền hình Nghệ An, Sở Văn hóa, Thể thao và Du lịch",
     ["Báo và Phát thanh, Truyền hình Nghệ An", "Sở Văn hóa, Thể thao và Du lịch"]),
    ("Sở Văn hóa, Thể thao và Du lịch; Báo và PTTH Hưng Yên",
     ["Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình Hưng Yên"]),
])
def test_provincial_press_and_broadcasting_family(cell: str, expected: list[str]) -> None:
    """'Báo và Phát thanh, Truyền hình <province>' by a family rule, not a per-province alias."""
    assert split_owners(cell) == expected
    assert not any("phát thanh" in k for k in DATA["aliases"]["map"])


# ---- one cell naming both roles; parentheses (shapes of Khánh Hòa / Gia Lai / Bắc Ninh plans, README of
# tests/data/blind; the cells below are held-out lines or written for the test)
@pytest.mark.parametrize("cell,lead,support", [
    # held-out hd: an "Đơn vị thực hiện:" line
    ("Đảng ủy Ủy ban nhân dân tỉnh chủ trì; Ban Tổ chức Tỉnh ủy phối hợp.",
     ["Đảng ủy Ủy ban nhân dân tỉnh"], ["Ban Tổ chức Tỉnh ủy"]),
    # held-out he: labels before the names
    ("Chủ trì: Sở Y tế; phối hợp: Trường Cao đẳng Y tế Lâm Đồng.", ["Sở Y tế"], ["Trường Cao đẳng Y tế Lâm Đồng"]),
    ("Sở Tài chính chủ trì; Sở Y tế, UBND các xã, phường, đặc khu phối hợp",
     ["Sở Tài chính"], ["Sở Y tế", "Ủy ban nhân dân các xã, phường, đặc khu"]),
    ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Sở Tư pháp và các cơ quan liên quan",
     ["Sở Nội vụ"], ["Sở Tài chính", "Sở Tư pháp", "Các cơ quan liên quan"]),
    ("Sở Y tế (chủ trì), Sở Tài chính, Sở Văn hóa, Thể thao và Du lịch",
     ["Sở Y tế"], ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch"]),
    ("Sở Y tế chủ trì", ["Sở Y tế"], []),
    ("Cơ quan chủ trì: Phòng Văn hóa và Thông tin; cơ quan phối hợp: Phòng Tài chính - Kế hoạch",
     ["Phòng Văn hóa và Thông tin"], ["Phòng Tài chính - Kế hoạch"]),
    ("Sở Y tế là cơ quan chủ trì; Sở Tài chính phối hợp", ["Sở Y tế"], ["Sở Tài chính"]),
    ("Chủ trì: Sở Y tế\nPhối hợp: Sở Tài chính", ["Sở Y tế"], ["Sở Tài chính"]),
    ("Sở Y tế (chủ trì); Sở Tài chính, Sở Nội vụ (phối hợp)", ["Sở Y tế"], ["Sở Tài chính", "Sở Nội vụ"]),
])
def test_split_roles_removes_role_words(cell: str, lead: list[str], support: list[str]) -> None:
    from extractors.owners import split_roles
    assert split_roles(cell) == (lead, support)


@pytest.mark.parametrize("cell", DATA["roles"]["counter_examples"])
def test_split_roles_none_without_role_words(cell: str) -> None:
    """A cell listing bodies with no role word is not split by roles (all its bodies lead); a capitalised
    'Phối hợp' inside a name is not a role word."""
    from extractors.owners import role_spans, split_roles
    assert split_roles(cell) is None and role_spans(cell) == []


def test_role_pattern_matches_its_examples() -> None:
    from extractors.owners import role_spans
    for ex in DATA["roles"]["examples"]:
        assert role_spans(ex), ex
    label = re.compile(DATA["roles"]["label_before"]["pattern"], re.IGNORECASE)
    assert all(label.search(ex) for ex in DATA["roles"]["label_before"]["examples"])
    assert not any(label.search(ex) for ex in DATA["roles"]["label_before"]["counter_examples"])


@pytest.mark.parametrize("cell,expected", [
    ("Đảng ủy UBND tỉnh (Sở Khoa học và Công nghệ)", ["Đảng ủy Ủy ban nhân dân tỉnh", "Sở Khoa học và Công nghệ"]),
    ("Ủy ban nhân dân các xã, phường (đối với các trường mầm non)", ["Ủy ban nhân dân các xã, phường"]),
    ("Sở Y tế (chủ trì)", ["Sở Y tế"]),
    ("Ủy ban nhân dân huyện (qua Phòng Văn hóa và Thông tin)", ["Ủy ban nhân dân huyện"]),
])
def test_parenthesis_is_a_second_owner_or_dropped(cell: str, expected: list[str]) -> None:
    """A parenthesis starting an organisation names a second owner (the body that drafts for a party
    committee); a scope, channel or role parenthesis is not part of any name."""
    assert split_owners(cell) == expected


# ------------------------------------------------------------------------------ predicate words (shared with tasks_body)

@pytest.mark.parametrize("text,owner", DATA["predicate_words"]["examples"])
def test_predicate_words_examples(text: str, owner: str) -> None:
    from extractors.owners import cut_predicate
    assert cut_predicate(text) == owner


def test_predicate_not_after_examples_are_kept_whole() -> None:
    from extractors.owners import split_owners
    for name in DATA["predicate_words"]["not_after"]["examples"]:
        assert split_owners(name) == [name]


@pytest.mark.parametrize("cell,owners", [
    # an owner that runs on into its verb phrase (party plan, our wording)
    ("Ủy ban Kiểm tra Tỉnh ủy đưa nội dung", ["Ủy ban Kiểm tra Tỉnh ủy"]),
    ("Các cơ quan, đơn vị tổ chức thực hiện", ["Các cơ quan, đơn vị"]),
    # 'và các' + a kind of zone continues the name; 'và các' + a kind of body starts a new owner
    ("Ban Quản lý Khu kinh tế và các khu công nghiệp tỉnh, Sở Nội vụ",
     ["Ban Quản lý Khu kinh tế và các khu công nghiệp tỉnh", "Sở Nội vụ"]),
    ("Sở Công Thương và các doanh nghiệp", ["Sở Công Thương", "Các doanh nghiệp"]),
])
def test_owner_names_end_before_the_predicate_and_zones_stay_in_names(cell: str, owners: list[str]) -> None:
    from extractors.owners import split_owners
    assert split_owners(cell) == owners


def test_role_in_apposition_is_no_part_of_the_name() -> None:
    # quyet-dinh-1627-qd-ubnd-2025 (Quảng Ngãi asset inventory plan)
    from extractors.owners import split_owners as _so
    assert _so("Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo") == ["Sở Tài chính"]
    assert _so("Bộ Lao động - Thương binh và Xã hội") == ["Bộ Lao động - Thương binh và Xã hội"]
