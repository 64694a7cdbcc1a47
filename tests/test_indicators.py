"""Indicators: every example in data/indicators.json parses as it says; real sentences from the seeds;
footnote sources; and the whole extractor against the gold files of seeds 000, 001, 004."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from extractors.indicators import (
    extract_indicators,
    find_quantities,
    footnote_sources,
    parse_number,
    parse_targets,
)
from extractors.ir import Block, BlockKind, Cell, DocumentIR, Row, Table
from extractors.model import DocumentHeader, Extraction, Reference, Task

ROOT = Path(__file__).resolve().parents[1]
DATA = json.loads((ROOT / "extractors" / "data" / "indicators.json").read_text(encoding="utf-8"))
CORPUS = ROOT / "corpus"
GOLD = Path(__file__).resolve().parent / "data" / "gold"
GOLD_FILES = sorted(GOLD.glob("0*.json")) if GOLD.exists() else []


def _first(text: str) -> tuple[Any, Any]:
    ts = [t for t in parse_targets(text) if t.values]
    if not ts:
        return None, None
    v = ts[0].values[0]
    return v.value, v.comparator


def _units(text: str) -> list[str | None]:
    return [v.unit for t in parse_targets(text) for v in t.values]


def _spans(text: str) -> list[str]:
    return [t.text for t in parse_targets(text)]


# ------------------------------------------------------------------------------ data file examples

COMPARATOR_EXAMPLES = [(c["phrase"], ex) for c in DATA["comparators"] for ex in c["examples"]]


@pytest.mark.parametrize("phrase,example", COMPARATOR_EXAMPLES, ids=[f"{p}:{e[0][:30]}" for p, e in COMPARATOR_EXAMPLES])
def test_comparator_examples(phrase: str, example: list) -> None:
    text, value, cmp = example
    assert _first(text) == (value, cmp)


@pytest.mark.parametrize("section", ["range_comparator", "ranking", "multiplier"])
def test_value_examples(section: str) -> None:
    for text, value, cmp in DATA[section]["examples"]:
        assert _first(text) == (value, cmp), text


def test_ranking_unit() -> None:
    for text, _, _ in DATA["ranking"]["examples"]:
        assert _units(text)[0] == DATA["ranking"]["unit"]


@pytest.mark.parametrize("section", ["population_denominators", "periods", "unit_heads"])
def test_unit_examples(section: str) -> None:
    for text, unit in DATA[section]["examples"]:
        assert unit in _units(text), (text, _units(text))


def test_non_target_units_examples() -> None:
    for text, values in DATA["non_target_units"]["examples"]:
        assert [q.value for q in find_quantities(text)] == values, text


def test_ordinal_prefixes_examples() -> None:
    for text, values in DATA["ordinal_prefixes"]["examples"]:
        assert [q.value for q in find_quantities(text)] == values, text


@pytest.mark.parametrize("section", ["goal_prefix", "measure_nouns", "clause_openers", "list_openers",
                                     "clause_starters"])
def test_span_examples(section: str) -> None:
    for text, span in DATA[section]["examples"]:
        assert span in _spans(text), (text, _spans(text))


def test_goal_cue_examples() -> None:
    for text in DATA["goal_cues"]["examples"]:
        assert parse_targets(text, require_cue=True)
        # the same numbers without the cue are no target outside an objectives section
        stripped = re.sub(r"(?i)^(phấn đấu|phân đầu|phần đầu)\s+", "", text)
        assert not parse_targets(stripped, require_cue=True)


def test_target_year_regex_examples() -> None:
    entry = DATA["target_year"]
    rx = re.compile(entry["regex"], re.IGNORECASE)
    for ex in entry["examples"]:
        assert rx.search(ex), ex
    for ex in entry["counter_examples"]:
        assert not rx.search(ex), ex


def test_footnote_source_examples() -> None:
    for text, sources in DATA["footnote_sources"]["examples"]:
        got, unresolved = footnote_sources(text)
        assert got == sources, text
        assert unresolved == []


def test_every_entry_has_examples() -> None:
    for key, entry in DATA.items():
        if key.startswith("_"):
            continue
        if key == "comparators":
            assert all(c["examples"] for c in entry)
        else:
            assert entry.get("examples"), key


# ------------------------------------------------------------------------------ numbers

@pytest.mark.parametrize("raw,value", [("1.000", 1000), ("10.000", 10000), ("4,5", 4.5), ("5,0", 5.0),
                                       ("0,8", 0.8), ("01", 1), ("2500", 2500)])
def test_parse_number(raw: str, value: float) -> None:
    got = parse_number(raw)
    assert got == value and type(got) is type(value)


def test_years_dates_and_document_numbers_are_not_quantities() -> None:
    text = ("Kế hoạch hành động số 12-KH/TU ngày 26/8/2025 của Ban Thường vụ Thành ủy thực hiện Nghị quyết "
            "số 57-NQ/TW, nhiệm kỳ 2025 – 2030, giai đoạn 2026-2030, Quyết định số 2711/QĐ-TTg, hạ tầng 5G")
    assert find_quantities(text) == []


# ------------------------------------------------------------------------------ real sentences

def test_bullet_with_three_targets_splits_by_thing_measured() -> None:
    text = ("Có từ 12 người thực hiện công tác nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo "
            "trên 01 vạn dân. Tổng số cán bộ nghiên cứu khoa học và công nghệ toàn thành phố đạt ít nhất "
            "600 người, phát triển ít nhất 150 doanh nghiệp khoa học và công nghệ.")
    ts = parse_targets(text)
    assert [t.text for t in ts] == [
        "Có từ 12 người thực hiện công tác nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo "
        "trên 01 vạn dân",
        "Tổng số cán bộ nghiên cứu khoa học và công nghệ toàn thành phố đạt ít nhất 600 người",
        "phát triển ít nhất 150 doanh nghiệp khoa học và công nghệ"]
    assert [(v.value, v.unit, v.comparator) for t in ts for v in t.values] == [
        (12, "người/1 vạn dân", ">="), (600, "người", ">="), (150, "doanh nghiệp", ">=")]


def test_decimal_comma_range_and_per_population_unit() -> None:
    ts = parse_targets("Phần đầu đạt tỷ lệ 19 bác sĩ/1 vạn dân và 4,5 - 5,0 dược sĩ đại học/1 vạn dân, tỷ lệ "
                       "nhân lực y tế có trình độ sau đại học (Tiến sĩ, Thạc sĩ, CKII, CKI) đạt ít nhất 28%.")
    got = [(v.value, v.max, v.unit, v.comparator) for t in ts for v in t.values]
    assert got == [(19, None, "bác sĩ/1 vạn dân", "="), (4.5, 5.0, "dược sĩ đại học/1 vạn dân", "="),
                   (28, None, "%", ">=")]


def test_semicolon_list_of_rates_and_ranking() -> None:
    text = ("Đến năm 2030, Hải Phòng trở thành trung tâm quốc tế về nghiên cứu; tốc độ đổi mới công nghệ đạt "
            "20%/năm; tỷ trọng đóng góp của năng suất các yếu tố tổng hợp (TFP) trong GRDP đạt 56 - 59%; chỉ số "
            "đổi mới sáng tạo thuộc nhóm 5 các tỉnh, thành phố dẫn đầu cả nước.")
    ts = parse_targets(text)
    assert [(v.value, v.max, v.unit, v.comparator) for t in ts for v in t.values] == [
        (20, None, "%/năm", "="), (56, 59, "%", "="), (5, None, "thứ hạng", "<=")]
    assert all(t.target_year == 2030 for t in ts)
    assert ts[-1].text == "chỉ số đổi mới sáng tạo thuộc nhóm 5 các tỉnh, thành phố dẫn đầu cả nước"


def test_parenthesised_breakdown_is_not_a_second_target() -> None:
    text = ("Kiện toàn và phát triển các đoàn nghệ thuật. Xây dựng 02 nhà hát (01 nhà hát nghệ thuật truyền "
            "thống và 01 nhà hát nghệ thuật đương đại), 02 bảo tàng cấp thành phố, hệ thống thư viện, nhà văn "
            "hoá, công trình thể thao,...")
    ts = parse_targets(text)
    assert [t.text for t in ts] == [
        "Xây dựng 02 nhà hát (01 nhà hát nghệ thuật truyền thống và 01 nhà hát nghệ thuật đương đại)",
        "02 bảo tàng cấp thành phố"]


def test_result_cell_list_inherits_comparator_and_period() -> None:
    ts = parse_targets("Duy trì tối thiểu 2500 thông tin công nghệ, 200 nhà cung cấp trên Sàn; trên 4.000 lượt "
                       "truy cập/tháng")
    assert [(v.value, v.unit, v.comparator) for t in ts for v in t.values] == [
        (2500, "thông tin công nghệ", ">="), (200, "nhà cung cấp", ">="), (4000, "lượt truy cập/tháng", ">")]
    ts = parse_targets("Tổ chức thành công tối thiểu 02 phiên/năm, trong đó có tối thiểu 01 phiên với các đối "
                       "tác nước ngoài")
    assert [v.unit for t in ts for v in t.values] == ["phiên/năm", "phiên/năm"]


def test_age_and_level_are_not_targets() -> None:
    ts = parse_targets("100% cán bộ, công chức, viên chức cấp xã được bồi dưỡng, tập huấn phù hợp với yêu cầu "
                       "nhiệm vụ mới; có khả năng vận dụng hiệu quả kiến thức, đáp ứng yêu cầu vận hành mô hình "
                       "chính quyền địa phương 02 cấp.")
    assert [t.text for t in ts] == ["100% cán bộ, công chức, viên chức cấp xã được bồi dưỡng, tập huấn phù hợp "
                                    "với yêu cầu nhiệm vụ mới"]


def test_body_text_needs_a_goal_cue() -> None:
    text = ("Tạo đột phá về chất lượng đào tạo nhân lực trình độ cao: triển khai thực hiện hiệu quả Quyết định "
            "số 2426/QĐ-UBND ngày 05 tháng 7 năm 2021 về phê duyệt Đề án tổng thể đào tạo nhân lực trình độ "
            "quốc tế (08 ngành) giai đoạn 2020 - 2035, bảo đảm chất lượng.")
    assert parse_targets(text, require_cue=True) == []
    cued = ("Phân đầu tăng chi cho nguồn lực đầu tư phát triển về hạ tầng, môi trường làm việc, nghiên cứu, "
            "sáng tạo của trí thức tiệm cận mức 2% tổng chi ngân sách hàng năm của thành phố.")
    ts = parse_targets(cued, require_cue=True)
    assert [(v.value, v.unit) for t in ts for v in t.values] == [(2, "%")]
    assert ts[0].text == cued.rstrip(".")


# ------------------------------------------------------------------------------ footnotes

def _refs() -> list[Reference]:
    return [Reference(key="09-NQ/ĐH", doc_type="Nghị quyết", date="2025-09-27",
                      issuer="Đại hội Đảng bộ thành phố Hải Phòng lần thứ I", relation="implements"),
            Reference(key="53/2025/NQ-HĐND", doc_type="Nghị quyết", date="2025-12-11",
                      issuer="Hội đồng nhân dân thành phố Hải Phòng"),
            Reference(key="57-NQ/TW", doc_type="Nghị quyết", issuer="Bộ Chính trị")]


def test_unnumbered_instrument_resolves_to_the_one_matching_reference() -> None:
    text = "Chỉ tiêu tại Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I, nhiệm kỳ 2025-2030."
    assert footnote_sources(text, _refs(), (), "Hải Phòng") == (["09-NQ/ĐH"], [])


def test_unnumbered_instrument_is_never_guessed() -> None:
    text = "Chỉ tiêu tại Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I, nhiệm kỳ 2025-2030."
    twins = _refs() + [Reference(key="10-NQ/ĐH", doc_type="Nghị quyết",
                                 issuer="Đại hội Đảng bộ thành phố Hải Phòng lần thứ I")]
    sources, unresolved = footnote_sources(text, twins, (), "Hải Phòng")
    assert sources == [] and len(unresolved) == 1


def test_dated_key_when_the_document_disambiguates_a_symbol() -> None:
    refs = [Reference(key="45-NQ/TW@2019-01-24", symbol="45-NQ/TW", date="2019-01-24", doc_type="Nghị quyết"),
            Reference(key="45-NQ/TW@2023-11-24", symbol="45-NQ/TW", date="2023-11-24", doc_type="Nghị quyết")]
    got, _ = footnote_sources("Chỉ tiêu tại Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương.",
                              refs)
    assert got == ["45-NQ/TW@2023-11-24"]


# ------------------------------------------------------------------------------ IR level

def _ir(blocks: list[Block]) -> DocumentIR:
    return DocumentIR(source="t.txt", format="txt", sha256="0", blocks=blocks)


def test_heading_year_footnote_and_appendix_row() -> None:
    table = Table(rows=[
        Row(is_header=True, cells=[Cell(text=t, row=0, col=i) for i, t in enumerate(
            ["STT", "Nội dung công việc", "Kết quả/sản phẩm dự kiến", "Cơ quan chủ trì", "Thời gian thực hiện"])]),
        Row(cells=[Cell(text=t, row=1, col=i) for i, t in enumerate(
            ["4.3", "Số lượng công trình khoa học và công nghệ cấp thành phố được triển khai hàng năm.",
             "Đạt trên 50 nhiệm vụ vào năm 2030", "Sở Khoa học và Công nghệ", "Giai đoạn 2026 - 2030"])]),
    ])
    ir = _ir([
        Block(kind=BlockKind.heading, marker="II.", level=1, text="MỤC TIÊU"),
        Block(kind=BlockKind.heading, marker="2.", level=2, text="Mục tiêu cụ thể đến năm 2030"),
        Block(kind=BlockKind.list_item, marker="-", footnote_refs=["3"],
              text="Tăng tỷ lệ lực lượng lao động trí thức trong các ngành công nghiệp công nghệ cao, công nghệ "
                   "chiến lược lên 25%."),
        Block(kind=BlockKind.footnote, footnote_id="3",
              text="Chỉ tiêu tại Quyết định số 2711/QĐ-TTg ngày 12/12/2025 của Thủ tướng Chính phủ."),
        Block(kind=BlockKind.heading, marker="III.", level=1, text="NHIỆM VỤ VÀ GIẢI PHÁP"),
        Block(kind=BlockKind.list_item, marker="-", text="Đào tạo 200 người mỗi năm."),  # no goal cue: no target
        Block(kind=BlockKind.table, table=table),
    ])
    task = Task(id="4.3", source="appendix", text=table.rows[1].cells[1].text,
                deliverable=table.rows[1].cells[2].text)
    inds, warnings = extract_indicators(ir, DocumentHeader(jurisdiction="Hải Phòng"), [], [task])
    assert warnings == []
    assert [(i.text, i.target_year, i.footnote, i.sources, i.task_id) for i in inds] == [
        ("Tăng tỷ lệ lực lượng lao động trí thức trong các ngành công nghiệp công nghệ cao, công nghệ chiến "
         "lược lên 25%", 2030, "3", ["2711/QĐ-TTg"], None),
        ("Đạt trên 50 nhiệm vụ vào năm 2030", 2030, None, [], "4.3")]
    assert inds[1].provenance is not None and inds[1].provenance.table_row == 1
    assert inds[0].footnote_text and "2711/QĐ-TTg" in inds[0].footnote_text


def test_body_restatement_of_an_appendix_target_gives_one_indicator() -> None:
    sentence = ("Bố trí kinh phí cao hơn dự toán Trung ương giao, phấn đấu đến năm 2030 đạt 3% tổng chi ngân "
                "sách địa phương")
    table = Table(rows=[Row(cells=[Cell(text="3.14", row=0, col=0), Cell(text=sentence, row=0, col=1)])])
    ir = _ir([Block(kind=BlockKind.paragraph, text=sentence + "."), Block(kind=BlockKind.table, table=table)])
    inds, _ = extract_indicators(ir, DocumentHeader(), [], [])
    assert [(i.text, i.task_id) for i in inds] == [
        ("phấn đấu đến năm 2030 đạt 3% tổng chi ngân sách địa phương", "3.14")]


# ------------------------------------------------------------------------------ gold

def _extract(stem: str, gold: dict) -> tuple[Extraction, list]:
    from extractors.load import load
    ir = load(CORPUS / f"{stem}.txt")
    header = DocumentHeader(jurisdiction=gold["document"].get("jurisdiction"))
    refs: list[Reference] = []
    tasks: list[Task] = []
    try:
        from extractors.references import extract_references
        refs = extract_references(ir, header)[0]
    except ImportError:
        pass
    try:
        from extractors.tasks_table import extract_table_tasks
        tasks = extract_table_tasks(ir, header)[0]
    except ImportError:
        pass
    inds, warnings = extract_indicators(ir, header, refs, tasks)
    again, _ = extract_indicators(ir, header, refs, tasks)
    assert [i.model_dump() for i in inds] == [i.model_dump() for i in again]  # deterministic
    return Extraction(indicators=inds), warnings


@pytest.mark.skipif(not GOLD_FILES, reason="gold files not available")
def test_gold_indicators() -> None:
    from pipeline.evaluate import Report, evaluate_one
    total = Report()
    for path in GOLD_FILES:
        gold = json.loads(path.read_text(encoding="utf-8"))
        pred, _ = _extract(path.stem, gold)
        rep = evaluate_one({"seed": path.stem, "indicators": gold["indicators"]}, pred)
        for m in rep.misses:
            print(m)
        total.merge(rep)
    scores = total.scores
    acc = total.accuracies
    print({k: round(s.f1, 3) for k, s in scores.items()}, {k: round(a.value, 3) for k, a in acc.items()})
    assert scores["indicators"].f1 >= 0.90
    assert scores["indicators.sources"].f1 >= 0.95
    assert acc["indicators.values"].value >= 0.90
    assert acc["indicators.footnote"].value >= 0.95
    assert acc["indicators.target_year"].value >= 0.90


# ------------------------------------------------------------------------------ properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["đạt", "ít nhất", "tối thiểu", "trên", "hơn", "từ", "trở lên", "thuộc nhóm", "%", "/năm", "/1 vạn dân",
           "năm 2030", "người", "doanh nghiệp", ",", ";", ".", "(", ")", " và ", "-", "1.000", "4,5", "02", "2026",
           "12-KH/TU", "26/8/2025", "Phấn đấu", "trong đó", "các", "tuổi", "Sở Y tế", "của", "Quyết định số"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=25))
def test_any_text_parses_and_spans_are_substrings(parts: list[str]) -> None:
    text = " ".join(parts)
    for t in parse_targets(text) + parse_targets(text, require_cue=True):
        assert t.text == text[t.start:t.end] and t.text.strip()
        assert t.values
    footnote_sources(text)


# ------------------------------------------------------------------------------ held-out shapes

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"


def test_measured_duration_examples() -> None:
    entry = DATA["measured_durations"]
    for text, value, cmp, unit in entry["examples"]:
        ts = [t for t in parse_targets(text) if t.values]
        assert ts and (ts[0].values[0].value, ts[0].values[0].comparator, ts[0].values[0].unit) == (value, cmp, unit)
    for text in entry["counter_examples"]:
        assert not [q for q in find_quantities(text) if q.unit in entry["units"]], text


def test_life_expectancy_and_healthy_years_are_targets_heldout_lamdong() -> None:
    """'đạt 75,5 tuổi' and 'đạt tối thiểu 68 năm' are the values aimed at, not population qualifiers."""
    text = ("Tuổi thọ trung bình của người dân đạt 75,5 tuổi, trong đó thời gian sống khỏe mạnh đạt tối thiểu "
            "68 năm.")
    assert text[:60] in (HELDOUT / "he_lamdong_inline_owner_lines.txt").read_text(encoding="utf-8")
    ts = parse_targets(text)
    assert [(t.text, [(v.value, v.unit, v.comparator) for v in t.values]) for t in ts] == [
        ("Tuổi thọ trung bình của người dân đạt 75,5 tuổi", [(75.5, "tuổi", "=")]),
        ("trong đó thời gian sống khỏe mạnh đạt tối thiểu 68 năm", [(68, "năm", ">=")])]
    # ages that qualify a population and frequencies stay non-quantities
    assert parse_targets("Tỷ lệ trẻ em từ 3 đến 5 tuổi được đến trường đạt 99,5%")[0].values[0].value == 99.5
    assert len(parse_targets("Tỷ lệ trẻ em từ 3 đến 5 tuổi được đến trường đạt 99,5%")[0].values) == 1
    assert find_quantities("Đánh giá đạt 2 năm/lần") == []


def test_result_line_in_the_body_is_read_like_a_result_cell_heldout_lamdong() -> None:
    from extractors.load import load
    from extractors.tasks_body import extract_body_tasks
    ir = load(HELDOUT / "he_lamdong_inline_owner_lines.txt")
    tasks, _ = extract_body_tasks(ir, None, [])
    header = DocumentHeader(doc_type="Kế hoạch", jurisdiction="Lâm Đồng")
    inds, _ = extract_indicators(ir, header, [], tasks)
    got = {i.text: i for i in inds}
    ehr = got["100% người dân có hồ sơ sức khỏe điện tử"]
    assert [(v.value, v.unit) for v in ehr.values] == [(100, "%")] and ehr.task_id == "III.3.2"
    one_per_commune = [i for i in inds if i.text.endswith("bảo đảm mỗi xã, phường, đặc khu có ít nhất 01 trạm y tế")]
    assert len(one_per_commune) == 1 and one_per_commune[0].task_id == "III.1.2"
    # the result label itself and the owner lines give nothing
    assert not any(i.text.startswith(("Sản phẩm", "Cơ quan")) for i in inds)


def test_result_line_examples() -> None:
    entry = DATA["result_lines"]
    rx = re.compile(entry["pattern"])
    from extractors.normalize import compare_form
    assert all(rx.match(compare_form(x)) for x in entry["examples"])
    assert not any(rx.match(compare_form(x)) for x in entry["counter_examples"])


def test_thousands_separator_in_a_result_cell_and_a_range_joined_across_a_wrapped_line() -> None:
    ts = parse_targets("Tối thiểu 1.000 lượt học viên")
    assert [(v.value, v.comparator) for t in ts for v in t.values] == [(1000, ">=")]
    ts = parse_targets("Tốc độ tăng trưởng bình quân của kinh tế tư nhân đạt khoảng 10 -\n12%/năm.")
    assert [(v.value, v.max, v.unit) for t in ts for v in t.values] == [(10, 12, "%/năm")]


# ------------------------------------------------------------------------------ qualifiers, task quantities, markers

def test_qualifier_unit_examples() -> None:
    """A frequency or a rating beside another value qualifies the thing counted; alone it is the value."""
    for text, expected in DATA["qualifier_units"]["examples"]:
        got = [[v.value, v.unit, v.comparator] for t in parse_targets(text) for v in t.values]
        assert got == expected, text


def _task_table(rows: list[list[str]]) -> Table:
    return Table(rows=[Row(is_header=i == 0, cells=[Cell(text=t, row=i, col=j) for j, t in enumerate(r)])
                       for i, r in enumerate(rows)])


def test_task_quantities_in_the_task_column_are_not_targets() -> None:
    """In a task table the task wording is read for goal sentences only ('(10 hộ)', 'bằng 3 ngôn ngữ' are
    quantities of the work); the result column is read as before; other tables are unchanged."""
    table = _task_table([
        ["STT", "Nội dung", "Đơn vị thực hiện", "Kinh phí dự kiến (triệu đồng)", "Thời gian", "Kết quả"],
        ["1", "Hỗ trợ cải tạo nhà ở truyền thống làm homestay (12 hộ)", "UBND xã", "500", "Quý II/2025", ""],
        ["2", "Lắp đặt bảng thuyết minh điểm du lịch bằng 3 ngôn ngữ", "Phòng Văn hóa và Thông tin", "180",
         "Năm 2025", "100% điểm du lịch có bảng thuyết minh"],
        # held-out hc: a target stated in the task wording with a goal cue
        ["3", "Rà soát, cắt giảm tối thiểu 30% thời gian giải quyết thủ tục hành chính", "Sở Tư pháp", "",
         "Năm 2026", ""],
    ])
    inds, _ = extract_indicators(_ir([Block(kind=BlockKind.table, table=table)]), DocumentHeader(), [], [])
    assert [(i.text, i.task_id) for i in inds] == [
        ("100% điểm du lịch có bảng thuyết minh", "2"),
        ("Rà soát, cắt giảm tối thiểu 30% thời gian giải quyết thủ tục hành chính", "3")]


def test_footnote_marker_after_the_first_clause_belongs_to_its_target_only() -> None:
    """'… đạt chuẩn²; 100% …' — the second target has no footnote; a marker closing the bullet belongs to every
    target of it (seed 000); Word-export '[n]' markers are placed the same way."""
    fn = Block(kind=BlockKind.footnote, footnote_id="2", text="Theo số liệu của Sở Văn hóa, Thể thao và Du lịch.")
    blocks = [
        Block(kind=BlockKind.heading, marker="II.", text="MỤC TIÊU NĂM 2025"),
        Block(kind=BlockKind.list_item, marker="-", footnote_refs=["2"],
              orig="- Công nhận mới 04 điểm du lịch cộng đồng đạt chuẩn²; 100% điểm du lịch có bãi đỗ xe.",
              text="Công nhận mới 04 điểm du lịch cộng đồng đạt chuẩn; 100% điểm du lịch có bãi đỗ xe."),
        Block(kind=BlockKind.list_item, marker="-", footnote_refs=["2"],
              orig="- Đón 500.000 lượt khách; doanh thu đạt 900 tỷ đồng[2].",
              text="Đón 500.000 lượt khách; doanh thu đạt 900 tỷ đồng."),
        fn,
    ]
    inds, _ = extract_indicators(_ir(blocks), DocumentHeader(), [], [])
    got = [(i.text, i.footnote, i.sources) for i in inds]
    src = ["Sở Văn hóa, Thể thao và Du lịch"]
    assert got == [("Công nhận mới 04 điểm du lịch cộng đồng đạt chuẩn", "2", src),
                   ("100% điểm du lịch có bãi đỗ xe", None, []),
                   ("Đón 500.000 lượt khách", "2", src),
                   ("doanh thu đạt 900 tỷ đồng", "2", src)]


# ------------------------------------------------------------------------------ targets tables (one column per year)

def test_targets_table_header_examples() -> None:
    from extractors.indicators import targets_header_role
    for cell, role in DATA["targets_table"]["examples"]:
        assert targets_header_role(cell) == role, cell


@pytest.mark.parametrize("cell,unit,want", [
    ("≥ 600", "ha", (600, None, "ha", ">=")),
    ("2,5 - 3", "%", (2.5, 3, "%", "=")),
    ("1,2", "Nghìn tấn", (1.2, None, "nghìn tấn", "=")),
    ("85%", None, (85, None, "%", "=")),
    ("Trên 40", "sản phẩm", (40, None, "sản phẩm", ">")),
    ("1.000", "hộ", (1000, None, "hộ", "=")),
])
def test_targets_table_cell_values(cell: str, unit: str | None, want: tuple[Any, ...]) -> None:
    from extractors.indicators import cell_value
    v = cell_value(cell, unit)
    assert v is not None and (v.value, v.max, v.unit, v.comparator) == want


@pytest.mark.parametrize("cell", ["-", "", "–", "Hoàn thành"])
def test_targets_table_empty_cells_are_no_value(cell: str) -> None:
    from extractors.indicators import cell_value
    assert cell_value(cell, "ha") is None


def test_targets_table_gives_one_indicator_per_year_cell_and_no_task() -> None:
    """'STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2030 | Ghi chú' (an appendix of a Sở plan, our wording):
    each filled year cell is an indicator with the row's wording, the unit cell and the column's year; a base-year
    column, a '-' cell, group rows, the header repeated after a page break and the remarks are not; the value
    '≥ 400' is never a target of its own; the table gives no task."""
    from extractors.tasks_table import extract_table_tasks
    table = _task_table([
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2025", "Năm 2026", "Năm 2030", "Ghi chú"],
        ["I", "Trồng trọt", "", "", "", "", ""],
        ["1", "Diện tích chè trồng theo tiêu chuẩn VietGAP", "ha", "90", "150", "≥ 400", "Tăng dần"],
        ["2", "Tỷ lệ hộ dùng phân bón hữu cơ", "%", "1", "-", "2,5 - 3", ""],
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2025", "Năm 2026", "Năm 2030", "Ghi chú"],
        ["3", "Số cơ sở chế biến chè đạt chứng nhận", "cơ sở", "4", "100", "100", "Năm 2025 có 5 cơ sở"],
    ])
    table.rows[1].is_group = True
    ir = _ir([Block(kind=BlockKind.table, table=table)])
    inds, _ = extract_indicators(ir, DocumentHeader(), [], [])
    got = [(i.text, i.target_year, [(v.value, v.max, v.unit, v.comparator) for v in i.values]) for i in inds]
    assert got == [
        ("Diện tích chè trồng theo tiêu chuẩn VietGAP", 2026, [(150, None, "ha", "=")]),
        ("Diện tích chè trồng theo tiêu chuẩn VietGAP", 2030, [(400, None, "ha", ">=")]),
        ("Tỷ lệ hộ dùng phân bón hữu cơ", 2030, [(2.5, 3, "%", "=")]),
        ("Số cơ sở chế biến chè đạt chứng nhận", 2026, [(100, None, "cơ sở", "=")]),
        ("Số cơ sở chế biến chè đạt chứng nhận", 2030, [(100, None, "cơ sở", "=")]),
    ]
    tasks, _ = extract_table_tasks(ir)
    assert tasks == []


def test_a_bare_value_in_a_result_cell_is_no_target() -> None:
    table = _task_table([
        ["STT", "Nội dung", "Cơ quan chủ trì", "Kết quả", "Thời gian"],
        ["1", "Xây dựng vùng chè an toàn", "Sở Nông nghiệp và Môi trường", "≥ 600", "Năm 2027"],
        ["2", "Cấp mã số vùng trồng", "Sở Nông nghiệp và Môi trường", "≥ 600 ha được cấp mã số", "Năm 2027"],
    ])
    inds, _ = extract_indicators(_ir([Block(kind=BlockKind.table, table=table)]), DocumentHeader(), [], [])
    assert [i.text for i in inds] == ["≥ 600 ha được cấp mã số"]


# ------------------------------------------------------------------------------ year prefixes ('a) Đến năm 2027:')

def test_year_prefix_examples() -> None:
    from extractors.indicators import year_prefix
    for text, year in DATA["year_prefix"]["examples"]:
        assert year_prefix(text) == year, text
    for text in DATA["year_prefix"]["counter_examples"]:
        assert year_prefix(text) is None, text


@pytest.mark.parametrize("prefix_kind", [BlockKind.heading, BlockKind.list_item])
def test_year_prefix_gives_its_year_to_the_items_under_it(prefix_kind: BlockKind) -> None:
    """'Mục tiêu cụ thể' states no year; 'a) Đến năm 2027:' / 'b) Đến năm 2030:' head the bullets under them
    (our wording of a workforce plan); a sibling 'c)' item is no longer under 'b)'."""
    blocks = [
        Block(kind=BlockKind.heading, marker="I.", text="MỤC ĐÍCH, YÊU CẦU"),
        Block(kind=BlockKind.heading, marker="2.", text="Mục tiêu cụ thể"),
        Block(kind=prefix_kind, marker="a)", text="Đến năm 2027:"),
        Block(kind=BlockKind.list_item, marker="-", text="Đào tạo ít nhất 500 kỹ sư thiết kế vi mạch."),
        Block(kind=prefix_kind, marker="b)", text="Đến năm 2030:"),
        Block(kind=BlockKind.list_item, marker="-", text="Đào tạo ít nhất 2.000 kỹ sư vi mạch."),
        Block(kind=BlockKind.list_item, marker="c)", text="Mỗi trường cao đẳng có 01 phòng thực hành vi mạch."),
    ]
    inds, _ = extract_indicators(_ir(blocks), DocumentHeader(), [], [])
    assert [(i.text, i.target_year) for i in inds] == [
        ("Đào tạo ít nhất 500 kỹ sư thiết kế vi mạch", 2027),
        ("Đào tạo ít nhất 2.000 kỹ sư vi mạch", 2030),
        ("Mỗi trường cao đẳng có 01 phòng thực hành vi mạch", None)]


# ------------------------------------------------------------- targets tables: year cells heading measure columns

def test_grouped_targets_table_reads_every_measure_column_of_every_year() -> None:
    """The export-plan appendix of QĐ 2954/QĐ-UBND Sơn La (real text, first rows): 'TT | Sản phẩm | Kế hoạch
    2026 … 2030' over 'Lượng (Tấn) | Giá trị tham gia xuất khẩu (Nghìn USD)' per year and a row of column numbers.
    Each filled cell is one indicator of its year with the measure column's bracketed unit; an empty 'Lượng' cell
    of a total row is none; the table is a targets table, not a task table."""
    from extractors.load import load
    from extractors.structure.tables import table_kind
    from extractors.tasks_table import extract_table_tasks
    ir = load(Path(__file__).parent / "data" / "targets_grouped_qd2954_snippet.md")
    tables = [b for b in ir.blocks if b.table is not None]
    assert len(tables) == 1 and table_kind(tables[0].table).kind == "target"
    inds, _ = extract_indicators(ir, DocumentHeader(), [], [])
    got = [(i.text, i.target_year, [(v.value, v.unit) for v in i.values]) for i in inds]
    xoai = [g for g in got if g[0] == "Xoài"]
    assert xoai[:4] == [("Xoài", 2026, [(13500, "tấn")]), ("Xoài", 2026, [(7000, "nghìn USD")]),
                        ("Xoài", 2027, [(14800, "tấn")]), ("Xoài", 2027, [(7800, "nghìn USD")])]
    assert len(xoai) == 10
    assert ("Thanh long", 2030, [(2500, "nghìn USD")]) in got
    total = [g for g in got if g[0] == "Tổng I + II"]
    assert total == [("Tổng I + II", y, [(v, "nghìn USD")]) for y, v in
                     zip(range(2026, 2031), (240000, 270000, 305000, 345000, 400000))]
    assert len(got) == 5 + 5 + 5 * 10  # two total rows, five products
    tasks, _ = extract_table_tasks(ir)
    assert tasks == []


def test_bracket_unit_of_a_measure_column() -> None:
    from extractors.targets_grouped import bracket_unit
    assert bracket_unit("Lượng (Tấn)") == "Tấn"
    assert bracket_unit("Giá trị tham gia xuất khẩu (Nghìn USD)") == "Nghìn USD"
    assert bracket_unit("Năm 2026") is None


def test_targets_table_sub_rows_name_their_item_and_stay_apart() -> None:
    """Appendix 01 of QĐ 2954/QĐ-UBND Sơn La (real rows): '- Diện tích' under '1 | Nhãn' and under '2 | Xoài'
    measure two things — each takes its item's name, and equal values of one year are not merged."""
    table = _task_table([
        ["TT", "Chỉ tiêu", "ĐVT", "ƯTH Năm 2025", "Năm 2026", "Năm 2027", "Năm 2028", "Năm 2029", "Năm 2030"],
        ["II", "CÂY RAU, QUẢ", "", "", "", "", "", "", ""],
        ["1", "Nhãn", "", "", "", "", "", "", ""],
        ["-", "Diện tích", "Ha", "19.800", "19.900", "20.000", "20.000", "20.000", "20.000"],
        ["2", "Xoài", "", "", "", "", "", "", ""],
        ["-", "Diện tích", "Ha", "19.600", "19.700", "19.800", "19.900", "20.000", "20.000"],
        ["III", "BÒ SỮA", "", "", "", "", "", "", ""],
        ["-", "Tổng đàn", "Con", "28.010", "28.100", "28.300", "28.350", "28.500", "29.000"],
    ])
    table.rows[1].is_group = True
    table.rows[6].is_group = True
    inds, _ = extract_indicators(_ir([Block(kind=BlockKind.table, table=table)]), DocumentHeader(), [], [])
    got = [(i.text, i.target_year, i.values[0].value) for i in inds]
    assert got[:5] == [("Nhãn - Diện tích", y, v) for y, v in
                       zip(range(2026, 2031), (19900, 20000, 20000, 20000, 20000))]
    assert got[5:10] == [("Xoài - Diện tích", y, v) for y, v in
                         zip(range(2026, 2031), (19700, 19800, 19900, 20000, 20000))]
    assert got[10:] == [("Tổng đàn", y, v) for y, v in zip(range(2026, 2031), (28100, 28300, 28350, 28500, 29000))]
