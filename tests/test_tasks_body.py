"""Body tasks on whole seed documents, read by the real text loader."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.load import load
from extractors.normalize import compare_form
from extractors.tasks_body import extract_body_tasks
from extractors.tasks_table import extract_table_tasks

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = json.loads((ROOT / "extractors" / "data" / "body_tasks.json").read_text(encoding="utf-8"))


def body(stem: str):
    ir = load(CORPUS / f"{stem}.txt")
    table, _ = extract_table_tasks(ir, None)
    tasks, warnings = extract_body_tasks(ir, None, table)
    return tasks, warnings


def find(tasks, start: str):
    hits = [t for t in tasks if t.text.startswith(start)]
    assert len(hits) == 1, (start, [t.text[:40] for t in tasks])
    return hits[0]


def test_owner_headers_and_closing_deadline_lines_seed_001() -> None:
    tasks, _ = body("001_9c3240af0bc80034")
    assert len(tasks) == 38
    t = find(tasks, "Xây dựng quy chế, cơ chế thông tin")
    assert t.lead == ["Ban cán sự đảng Ủy ban nhân dân thành phố"] and t.support == ["Ban Tuyên giáo Thành ủy"]
    assert t.deadline_raw == "Hoàn thành trong quý III/2024" and t.deadline.kind == "quarter"
    # "Thực hiện thường xuyên" covers the four bullets before it; the fifth has its own line
    run = [find(tasks, s) for s in ("Xây dựng quy định, kế hoạch đào tạo", "Nêu cao trách nhiệm người đứng đầu",
                                    "Xây dựng đề án thu hút")]
    assert [x.deadline_raw for x in run] == ["Thực hiện thường xuyên", "Thực hiện thường xuyên", "Hoàn thành năm 2024"]
    assert run[0].support == ["Ban Tổ chức Thành ủy", "Các cơ quan liên quan"]
    # a bullet with no deadline line of its own takes the next one ("4/2" and "4/3")
    assert find(tasks, "Xây dựng và ban hành chiến lược").deadline_raw == "Hoàn thành trong năm 2024"
    # an owner header without a number, under "3. Về đổi mới sáng tạo …"
    t3 = find(tasks, "Tập trung đầu tư các đơn vị")
    assert t3.group.startswith("3. Về đổi mới sáng tạo") and t3.lead == ["Ban cán sự đảng Ủy ban nhân dân thành phố"]
    # Tổ chức thực hiện: subject-led item with a trailing "(hoàn thành trong quý II/2024)"
    iv1 = find(tasks, "Các cấp ủy, ban cán sự đảng, đảng đoàn")
    assert iv1.deadline.kind == "quarter" and "hoàn thành" not in iv1.text
    assert find(tasks, "Đảng đoàn Hội đồng nhân dân thành phố căn cứ").lead == ["Đảng đoàn Hội đồng nhân dân thành phố"]
    assert all(t.provenance is not None and t.provenance.line_start for t in tasks)


def test_implementation_section_and_inline_owner_seed_000() -> None:
    tasks, _ = body("000_587713ccb05920a7")
    assert len(tasks) == 13  # the general "nhiệm vụ và giải pháp" bullets are not tasks
    inline = find(tasks, "Các viện nghiên cứu, trường đại học chủ trì")
    assert inline.lead == ["Các viện nghiên cứu", "Các trường đại học"] and inline.support == ["Các doanh nghiệp"]
    s2 = find(tasks, "Định kỳ hằng năm (trước ngày 10/12)")
    assert s2.lead == ["Sở Khoa học và Công nghệ"] and s2.deadline.kind == "recurring"
    assert find(tasks, "Là cơ quan thường trực").deadline_raw is None
    iv4 = [t for t in tasks if t.group and t.group.startswith("4. Các Sở, ngành")]
    assert len(iv4) == 1 and "Sở Văn hóa, Thể thao và Du lịch" in iv4[0].lead and "Công an thành phố" in iv4[0].lead
    assert len([t for t in tasks if t.group and t.group.startswith("6. Ủy ban Mặt trận")]) == 4


def test_restatements_of_the_appendix_are_not_body_tasks_seed_004() -> None:
    tasks, _ = body("004_4d82e5c661ccd206")
    assert [compare_form(t.text)[:25] for t in tasks] == [
        compare_form(s)[:25] for s in ("Các Sở, ngành, đơn vị được giao", "Các Sở, ban, ngành, các đơn vị có liên quan",
                                       "Định kỳ hằng năm trước ngày 15/12", "Giao Sở Khoa học và Công nghệ chủ trì")]
    assert tasks[2].lead == ["Các cơ quan, đơn vị"] and tasks[2].deadline_raw == "Định kỳ hằng năm trước ngày 15/12"
    assert tasks[3].lead == ["Sở Khoa học và Công nghệ"] and tasks[3].support == ["Các ngành liên quan"]


def test_lettered_items_time_and_unit_lines_and_cross_references_seed_003() -> None:
    tasks, warnings = body("003_b56b735dd1cef0ee")
    by_id = {t.id: t for t in tasks}
    # "1.2. Thời gian thực hiện và đơn vị thực hiện" applies to items a) … đ) of 1.1
    for letter in "abcdđ":
        t = by_id[f"II.1.1/{letter}"]
        assert t.deadline_raw == "Thường xuyên"
        assert t.lead[0] == "Các Sở, Ban, Ngành Thành phố"
    # "Sở Khoa học và Công nghệ chủ trì … thực hiện nội dung tại điểm b, d Mục 2.1; …"
    assert by_id["II.2.1/b"].lead == ["Sở Khoa học và Công nghệ"]
    assert "Sở Nội vụ" in by_id["II.2.1/b"].support and "Đại học Quốc gia TP.HCM" in by_id["II.2.1/b"].support
    assert by_id["II.2.1/a"].lead == ["Sở Lao động - Thương binh và Xã hội"]
    assert by_id["II.3.1/a"].lead == ["Sở Khoa học và Công nghệ", "Viện Nghiên cứu Phát triển Thành phố"]
    assert by_id["II.4.1/g"].lead == ["Ban Quản lý Khu Công nghệ cao"]
    # sub-bullets of d) belong to d)
    assert "Đề án xây dựng cơ chế thúc đẩy" in by_id["II.2.1/d"].text
    # a pure cross-reference is not itself a task; one that also names work is
    assert "IV.2" not in by_id and "IV.9" in by_id
    # "Đơn vị thực hiện:" followed by its own paragraph
    assert by_id["II.5.1/a"].lead == ["Sở Nội vụ"] and by_id["II.5.1/a"].deadline.kind == "continuous"
    assert not warnings


def test_plan_without_owner_assignments_in_nhiem_vu_gives_only_implementation_tasks_seed_002() -> None:
    tasks, _ = body("002_f12611c6ca2b86fe")
    assert tasks and all(t.id.startswith("V.") for t in tasks)
    assert not any("Trên đây là Kế hoạch" in t.text for t in tasks)


def _entries():
    out = []
    def walk(obj, where):
        if isinstance(obj, dict):
            if "pattern" in obj and "examples" in obj:
                out.append((where, obj))
            for k, v in obj.items():
                walk(v, f"{where}.{k}")
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, f"{where}[{i}]")
    walk(DATA, "body_tasks")
    return out


@pytest.mark.parametrize("where,entry", _entries(), ids=[w for w, _ in _entries()])
def test_every_cue_pattern_matches_its_examples(where: str, entry: dict) -> None:
    rx = re.compile(entry["pattern"])
    for ex in entry["examples"]:
        assert rx.search(compare_form(ex)), f"{where}: does not match {ex!r}"
    for ex in entry.get("counter_examples", []):
        assert not rx.search(compare_form(ex)), f"{where}: matches counter-example {ex!r}"


def test_per_item_assignment_lines_heldout_lamdong() -> None:
    ir = load(ROOT / "tests" / "data" / "heldout" / "he_lamdong_inline_owner_lines.txt")
    tasks, _ = extract_body_tasks(ir, None, [])
    t = find(tasks, "Xây dựng Đề án phát triển mạng lưới y tế cơ sở")
    assert t.lead == ["Sở Y tế"] and t.support[-1] == "Ủy ban nhân dân các xã, phường, đặc khu"
    assert t.deadline.kind == "quarter" and t.deliverable.startswith("Quyết định phê duyệt Đề án")
    one_line = find(tasks, "Bố trí kinh phí đầu tư, nâng cấp cơ sở vật chất")
    assert one_line.lead == ["Sở Tài chính"] and one_line.deadline.kind == "range"
    # each item keeps its own lines: the next item is not given the previous one's owner
    assert find(tasks, "Ban hành chính sách thu hút, đãi ngộ bác sĩ").support == ["Sở Nội vụ", "Sở Tư pháp"]
    assert not any(x.text.startswith(("Cơ quan chủ trì", "Thời gian thực hiện")) for x in tasks)


def test_subject_of_party_kinds_and_support_led_by_any_org_head() -> None:
    from extractors.tasks_body import _subject, _support_of
    # "tổ chức đảng" is a kind of body, not the verb "tổ chức": the subject runs to "căn cứ"
    subj, rest = _subject("Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy căn cứ Chương trình hành động này "
                          "xây dựng kế hoạch thực hiện")
    assert subj == "Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy" and rest.startswith("căn cứ")
    # "phối hợp với" + any organisation head word of agencies.json
    assert _support_of("chủ trì, phối hợp với Văn phòng Tỉnh ủy theo dõi, đôn đốc, kiểm tra việc thực hiện "
                       "Chương trình; định kỳ hằng năm báo cáo Ban Thường vụ Tỉnh ủy.") == ["Văn phòng Tỉnh ủy"]
    assert _support_of("Phối hợp tuyên truyền, vận động đoàn viên, hội viên") == []
    # a first "phối hợp" that is not followed by an organisation does not hide a later one
    assert _support_of("Phối hợp tuyên truyền; phối hợp với Sở Nội vụ tổ chức hội nghị") == ["Sở Nội vụ"]


def test_implementation_items_heldout_thainguyen() -> None:
    ir = load(ROOT / "tests" / "data" / "heldout" / "hd_thainguyen_tinhuy_ctr.txt")
    tasks, _ = extract_body_tasks(ir, None, [])
    t = find(tasks, "Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy căn cứ")
    assert t.lead == ["Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy"] and t.deadline.kind == "date"
    t = find(tasks, "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy")
    assert t.lead == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"] and t.support == ["Văn phòng Tỉnh ủy"]


def test_support_list_start_examples() -> None:
    e = DATA["support_list"]["list_start"]
    rx = re.compile(e["pattern"])
    assert all(rx.match(compare_form(x)) for x in e["examples"])
    assert not any(rx.match(compare_form(x)) for x in e["counter_examples"])


def _gold_body_ids(path: Path) -> dict[str, str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    return {compare_form(t["text"])[:50]: t["id"] for t in gold["tasks"] if t["source"] == "body"}


@pytest.mark.parametrize("doc,gold", [
    (CORPUS / "000_587713ccb05920a7.txt", ROOT / "tests" / "data" / "gold" / "000_587713ccb05920a7.json"),
    (ROOT / "tests" / "data" / "heldout" / "he_lamdong_inline_owner_lines.txt",
     ROOT / "tests" / "data" / "heldout" / "he_lamdong_inline_owner_lines.json"),
    (ROOT / "tests" / "data" / "heldout" / "hd_thainguyen_tinhuy_ctr.txt",
     ROOT / "tests" / "data" / "heldout" / "hd_thainguyen_tinhuy_ctr.json"),
], ids=["000", "he", "hd"])
def test_ids_are_section_paths_from_the_roman_numeral(doc: Path, gold: Path) -> None:
    """'III.1.2' (a numbered item), 'III.3/a' (lettered), 'III.2.d/bullet-2' (bullet under a lettered heading),
    'IV.1/bullet-2', 'IV.2' (the one paragraph under an organisation heading), 'IV.1/sentence-1'."""
    ir = load(doc)
    table, _ = extract_table_tasks(ir, None)
    tasks, _ = extract_body_tasks(ir, None, table)
    want = _gold_body_ids(gold)
    got = {compare_form(t.text)[:50]: t.id for t in tasks}
    common = want.keys() & got.keys()
    assert len(common) >= len(want) - 1
    assert {k: got[k] for k in common} == {k: want[k] for k in common}


@pytest.mark.parametrize("text,support", [
    ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Sở Tư pháp và các cơ quan liên quan tham mưu Ủy ban nhân dân tỉnh",
     ["Sở Tài chính", "Sở Tư pháp", "Các cơ quan liên quan"]),
    ("chủ trì, phối hợp Văn phòng Ủy ban nhân dân tỉnh, Thanh tra tỉnh xây dựng quy chế",
     ["Văn phòng Ủy ban nhân dân tỉnh", "Thanh tra tỉnh"]),
    ("chủ trì, phối hợp cùng Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tuyên truyền",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội"]),
    ("chủ trì, phối hợp với các sở, ngành, địa phương có liên quan tổ chức thực hiện",
     ["Các sở, ngành, địa phương có liên quan"]),
])
def test_support_list_after_chu_tri_phoi_hop_voi(text: str, support: list[str]) -> None:
    """'chủ trì, phối hợp (với|cùng) A, B … <verb>': the list ends at the first verb of subject_verbs."""
    from extractors.tasks_body import _support_of
    assert _support_of(text) == support


def test_unnumbered_items_of_tổ_chức_thực_hiện_get_bullet_ids(tmp_path: Path) -> None:
    """Seed 004's Tổ chức thực hiện items printed as bullets instead of numbers: each is its own task with the
    id 'V/bullet-k' (no clash, no '#2'); a bullet whose sentences name their own owners is split as a numbered
    item is ('V/bullet-1/sentence-2')."""
    lines = (CORPUS / "004_4d82e5c661ccd206.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, x in enumerate(lines) if x.startswith("V. TỔ CHỨC THỰC HIỆN"))
    items = [re.sub(r"^\d\.\s+", "- ", x) for x in lines[start + 1:start + 7] if x.strip()]
    doc = tmp_path / "plan.txt"
    doc.write_text("\n\n".join(["III. NHIỆM VỤ", "1. Nội dung.", lines[start], *items]) + "\n", encoding="utf-8")
    tasks, _ = extract_body_tasks(load(doc), None, [])
    assert [t.id for t in tasks] == ["V/bullet-1/sentence-1", "V/bullet-1/sentence-2", "V/bullet-2", "V/bullet-3"]
    assert tasks[3].lead == ["Sở Khoa học và Công nghệ"]


# ---- shapes of district and party plans (tests/data/blind/README.md lists them; the texts below are written
# for these tests in the same shapes)
def _body_of(tmp_path: Path, lines: list[str]):
    doc = tmp_path / "plan.txt"
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tasks, _ = extract_body_tasks(load(doc), None, [])
    return tasks


def test_owners_in_heading_parenthesis_and_deadlines_at_the_end_of_bullets(tmp_path: Path) -> None:
    """'1. <topic> (X chủ trì, phối hợp với Y, Z)': X leads and Y, Z support every bullet under the heading;
    '(hoàn thành …)', '(thời gian: …)', '(thường xuyên)' closing a bullet is its deadline (the text keeps it);
    a bullet that only points to the appendix is not a task."""
    tasks = _body_of(tmp_path, [
        "III. NHIỆM VỤ VÀ GIẢI PHÁP", "",
        "1. Công tác truyền thông (Phòng Văn hóa và Thông tin huyện chủ trì, phối hợp với Trung tâm Truyền thông "
        "huyện, UBND các xã)", "",
        "- Sản xuất phim tài liệu giới thiệu các điểm đến của huyện (hoàn thành trong quý III/2025).", "",
        "- Cập nhật thông tin du lịch trên Cổng thông tin điện tử huyện (thường xuyên).", "",
        "2. Hạ tầng du lịch (Phòng Kinh tế và Hạ tầng huyện chủ trì; Phòng Tài chính - Kế hoạch phối hợp)", "",
        "- Nâng cấp đường vào các điểm du lịch cộng đồng của huyện (thời gian: tháng 6/2025).", "",
        "- Chi tiết danh mục đầu tư tại Phụ lục kèm theo.", "",
    ])
    assert [t.id for t in tasks] == ["III.1/bullet-1", "III.1/bullet-2", "III.2/bullet-1"]
    assert tasks[0].lead == ["Phòng Văn hóa và Thông tin huyện"]
    assert tasks[0].support == ["Trung tâm Truyền thông huyện", "Ủy ban nhân dân các xã"]
    assert [t.deadline_raw for t in tasks] == ["hoàn thành trong quý III/2025", "thường xuyên", "tháng 6/2025"]
    assert [t.deadline.kind for t in tasks] == ["quarter", "continuous", "month"]
    assert tasks[0].text.endswith("(hoàn thành trong quý III/2025).")
    assert (tasks[2].lead, tasks[2].support) == (["Phòng Kinh tế và Hạ tầng huyện"], ["Phòng Tài chính - Kế hoạch"])


def test_leadership_header_with_time_lines_and_closing_sentences(tmp_path: Path) -> None:
    """'X lãnh đạo, chỉ đạo:' + a)–c): the owner is cut before its verbs; a 'Thời gian: …' line is the deadline
    of the items since the previous one and never a task; 'Thực hiện hằng năm.' closing an item is its deadline;
    a 'Thời gian:' line after an inline item belongs to that item only; a closing appeal is not a task."""
    tasks = _body_of(tmp_path, [
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Sở Tài chính: Tham mưu bố trí kinh phí thực hiện Chương trình.",
        "2. Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo:",
        "a) Ban hành kế hoạch thực hiện Chương trình hành động của tỉnh.",
        "Thời gian: Quý II/2026.",
        "b) Nghiên cứu cơ chế hỗ trợ hợp tác xã nông nghiệp.",
        "c) Bố trí nguồn lực thực hiện các chương trình mục tiêu quốc gia.",
        "Thời gian: Giai đoạn 2026 - 2030.",
        "3. Đảng ủy Hội đồng nhân dân tỉnh lãnh đạo Hội đồng nhân dân tỉnh ban hành nghị quyết về chính sách "
        "đặc thù. Thực hiện hằng năm.",
        "4. Công an huyện: Bảo đảm an ninh, trật tự tại các điểm du lịch.",
        "Thời gian: Thường xuyên.",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện.",
    ])
    by = {t.id: t for t in tasks}
    assert sorted(by) == ["IV.1", "IV.2/a", "IV.2/b", "IV.2/c", "IV.3", "IV.4"]
    assert by["IV.2/a"].lead == ["Đảng ủy Ủy ban nhân dân tỉnh"]
    assert [by[k].deadline_raw for k in ("IV.2/a", "IV.2/b", "IV.2/c")] == [
        "Quý II/2026", "Giai đoạn 2026 - 2030", "Giai đoạn 2026 - 2030"]
    assert by["IV.3"].lead == ["Đảng ủy Hội đồng nhân dân tỉnh"]
    assert by["IV.3"].deadline_raw == "Thực hiện hằng năm" and by["IV.3"].text.endswith("Thực hiện hằng năm.")
    assert by["IV.4"].deadline_raw == "Thường xuyên" and by["IV.1"].deadline_raw is None


@pytest.mark.parametrize("text,raw", [
    ("Văn phòng Sở: tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 10 của tháng cuối quý.",
     "trước ngày 10 của tháng cuối quý"),
    ("Ủy ban Kiểm tra Tỉnh ủy theo dõi việc thực hiện; tham mưu sơ kết vào năm 2028 và tổng kết vào năm 2030.",
     "sơ kết vào năm 2028 và tổng kết vào năm 2030"),
    ("Phòng Văn hóa và Thông tin tổng hợp, báo cáo Ủy ban nhân dân huyện định kỳ 6 tháng/lần.", "định kỳ 6 tháng/lần"),
    ("Các trường cập nhật dữ liệu; rà soát, làm sạch dữ liệu hằng tháng.", "hằng tháng"),
    ("Sở Tài chính lồng ghép vào kế hoạch về khoa học và công nghệ hằng năm tổ chức thực hiện.", None),
])
def test_inline_deadline_phrases(text: str, raw: str | None) -> None:
    from extractors.tasks_body import _inline_time
    assert _inline_time(text) == raw


def test_heading_parenthesis_naming_bodies_with_a_verb_only(tmp_path: Path) -> None:
    """'(Phòng … thực hiện)' in a heading: the named bodies lead the items under it; a heading parenthesis that
    names no organisation ('(giai đoạn 2025 - 2027)') gives no owner."""
    tasks = _body_of(tmp_path, [
        "III. NHIỆM VỤ, GIẢI PHÁP",
        "1. Bảo tồn văn hóa truyền thống (Phòng Văn hóa và Thông tin, UBND các xã thực hiện)",
        "- Sưu tầm, phục dựng các lễ hội truyền thống của đồng bào dân tộc (năm 2025).",
        "2. Phát triển sản phẩm du lịch (giai đoạn 2025 - 2027)",
        "- Xây dựng các tour trải nghiệm nông nghiệp gắn với làng nghề truyền thống.",
    ])
    assert [(t.id, t.lead, t.deadline_raw) for t in tasks] == [
        ("III.1/bullet-1", ["Phòng Văn hóa và Thông tin", "Ủy ban nhân dân các xã"], "năm 2025")]


def test_implementation_items_deadlines_in_running_text_and_two_timed_sentences(tmp_path: Path) -> None:
    """Party plan shapes (our wording): 'X lãnh đạo, chỉ đạo Y:' + lettered items whose deadline closes a clause
    ('…, hoàn thành năm 2027' next to a period '2021 - 2030'), follows a label ('; thời gian: quý I/2026 - quý
    III/2027') or is a dash date; an owner that runs on into 'đưa nội dung …'; an item of two sentences each with
    its own deadline is two tasks, the second led by the same body without the first one's support."""
    doc = tmp_path / "plan.txt"
    doc.write_text("\n".join([
        "III. NHIỆM VỤ", "1. Nội dung.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo Ủy ban nhân dân tỉnh:",
        "a) Rà soát quy hoạch không gian biển phù hợp Quy hoạch tỉnh thời kỳ 2021 - 2030, hoàn thành năm 2027.",
        "b) Xây dựng cơ sở dữ liệu số về biển, đảo; thời gian: quý I/2026 - quý III/2027.",
        "c) Báo cáo kết quả rà soát cảng cá trước ngày 30-6-2026.",
        "2. Ủy ban Kiểm tra Tỉnh ủy đưa nội dung thực hiện Kế hoạch vào chương trình kiểm tra, giám sát hằng năm.",
        "3. Văn phòng Tỉnh ủy theo dõi, phối hợp với Ban Tổ chức Tỉnh ủy đôn đốc thực hiện, báo cáo Ban Thường vụ "
        "Tỉnh ủy trước ngày 15/12 hằng năm. Tham mưu sơ kết việc thực hiện vào quý IV/2028 và tổng kết vào năm 2030.",
    ]) + "\n", encoding="utf-8")
    tasks, _ = extract_body_tasks(load(doc), None, [])
    got = {t.id: (t.lead, t.support, t.deadline_raw, t.deadline.kind) for t in tasks}
    lead = ["Đảng ủy Ủy ban nhân dân tỉnh"]
    assert got["IV.1/a"] == (lead, [], "hoàn thành năm 2027", "year")
    assert got["IV.1/b"] == (lead, [], "quý I/2026 - quý III/2027", "range")
    assert got["IV.1/c"] == (lead, [], "trước ngày 30-6-2026", "date")
    assert got["IV.2"][0] == ["Ủy ban Kiểm tra Tỉnh ủy"]
    assert got["IV.3/sentence-1"] == (["Văn phòng Tỉnh ủy"], ["Ban Tổ chức Tỉnh ủy"], "trước ngày 15/12 hằng năm",
                                      "recurring")
    assert got["IV.3/sentence-2"] == (["Văn phòng Tỉnh ủy"], [],
                                      "sơ kết việc thực hiện vào quý IV/2028 và tổng kết vào năm 2030", "compound")


def test_capitals_owner_headers_with_bullets_support_and_deadline_lines(tmp_path: Path) -> None:
    """A numbered heading in capitals names the lead of the bullets under it (in normal case, without
    '(chủ trì)'); 'Cơ quan phối hợp: …' gives their support; 'Tiến độ: …' / 'Thời hạn: …' lines are the deadline
    of the bullets since the header or the previous such line, except a bullet with its own inline deadline; a
    bare list of bodies as heading makes all of them leads; a bullet of two sentences each with a deadline is
    two tasks."""
    tasks = _body_of(tmp_path, [
        "III. NHIỆM VỤ CỤ THỂ", "",
        "1. ĐẢNG ĐOÀN HĐND TỈNH", "",
        "• Lãnh đạo Hội đồng nhân dân tỉnh ban hành nghị quyết về chính sách hỗ trợ khởi nghiệp; hoàn thành "
        "trong tháng 6/2026.",
        "• Lãnh đạo tăng cường giám sát việc thực hiện chính sách an sinh xã hội trên địa bàn tỉnh.",
        "Tiến độ: Hằng năm.", "",
        "2. BAN TỔ CHỨC TỈNH ỦY (chủ trì)", "",
        "Cơ quan phối hợp: Ban Tuyên giáo Tỉnh ủy, Sở Nội vụ.", "",
        "● Tham mưu rà soát, sắp xếp đội ngũ cán bộ làm công tác đối ngoại của tỉnh.",
        "● Hướng dẫn đánh giá cán bộ gắn với kết quả thực hiện nhiệm vụ được giao.",
        "Thời hạn: Quý III/2026 - Quý II/2027.", "",
        "3. Ủy ban Kiểm tra Tỉnh ủy, Văn phòng Tỉnh ủy", "",
        "• Theo dõi việc thực hiện Chương trình, báo cáo Ban Thường vụ Tỉnh ủy trước ngày 15/12 hằng năm. "
        "Tham mưu sơ kết vào năm 2028 và tổng kết vào năm 2030.",
    ])
    by = {t.id: t for t in tasks}
    assert sorted(by) == ["III.1/bullet-1", "III.1/bullet-2", "III.2/bullet-1", "III.2/bullet-2",
                          "III.3/bullet-1a", "III.3/bullet-1b"]
    assert by["III.1/bullet-1"].lead == ["Đảng đoàn Hội đồng nhân dân tỉnh"]
    assert [by[k].deadline_raw for k in ("III.1/bullet-1", "III.1/bullet-2")] == [
        "hoàn thành trong tháng 6/2026", "Hằng năm"]
    assert by["III.2/bullet-2"].lead == ["Ban Tổ chức Tỉnh ủy"]
    assert by["III.2/bullet-2"].support == ["Ban Tuyên giáo Tỉnh ủy", "Sở Nội vụ"]
    assert by["III.2/bullet-1"].deadline.kind == "range"
    assert by["III.3/bullet-1a"].lead == ["Ủy ban Kiểm tra Tỉnh ủy", "Văn phòng Tỉnh ủy"]
    assert by["III.3/bullet-1a"].deadline.kind == "recurring"
    assert by["III.3/bullet-1b"].deadline_raw == "sơ kết vào năm 2028 và tổng kết vào năm 2030"
    assert by["III.3/bullet-1b"].lead == ["Ủy ban Kiểm tra Tỉnh ủy", "Văn phòng Tỉnh ủy"]


def test_recorded_decisions_are_not_tasks_and_a_closing_time_is_the_deadline(tmp_path: Path) -> None:
    """'Ban Thường vụ … thống nhất dừng thực hiện …' records a decision, not a task; 'vào quý IV/2028' closing a
    lettered item is its deadline."""
    tasks = _body_of(tmp_path, [
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Ban Thường vụ Tỉnh ủy thống nhất dừng thực hiện Kế hoạch số 45-KH/TU ngày 10/6/2022 của Ban Thường vụ "
        "Tỉnh ủy.",
        "2. Sở Công Thương có trách nhiệm:",
        "a) Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 10/12 hằng năm.",
        "b) Tham mưu sơ kết việc thực hiện Kế hoạch vào quý IV/2028.",
    ])
    assert [t.id for t in tasks] == ["IV.2/a", "IV.2/b"]
    assert tasks[1].deadline_raw == "quý IV/2028" and tasks[1].deadline.kind == "quarter"
    assert tasks[1].text.endswith("vào quý IV/2028.")


def test_capital_owner_names_are_written_in_normal_case() -> None:
    from extractors.tasks_body import _data, recase_caps_name
    for caps, name in _data()["caps_owner_header"]["recase_examples"].items():
        assert recase_caps_name(caps) == name


def test_topic_headings_over_bullets_are_not_owner_headers(tmp_path: Path) -> None:
    """Only headings naming bodies lead the bullets under them: 'Các giải pháp chủ yếu', 'SỞ HỮU TRÍ TUỆ' are
    topics, so their bullets stay without an owner (no task)."""
    from extractors.tasks_body import _caps_owner_header, _plain_owner_header
    assert _plain_owner_header("Các giải pháp chủ yếu") is None
    assert _caps_owner_header("SỞ HỮU TRÍ TUỆ") is None and _caps_owner_header("HỘI NHẬP QUỐC TẾ") is None
    assert _plain_owner_header("Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy") == [
        "Các cấp ủy, tổ chức đảng trực thuộc Tỉnh ủy"]
    tasks = _body_of(tmp_path, [
        "III. NHIỆM VỤ VÀ GIẢI PHÁP", "",
        "1. SỞ HỮU TRÍ TUỆ", "",
        "• Hỗ trợ doanh nghiệp đăng ký bảo hộ nhãn hiệu sản phẩm chủ lực của tỉnh.",
        "2. Các giải pháp chủ yếu", "",
        "• Đẩy mạnh cải cách thủ tục hành chính trong lĩnh vực đầu tư.",
    ])
    assert tasks == []
