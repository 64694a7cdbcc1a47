"""Orphaned tasks on the corpus: gold tasks (000, 001, 004), extracted tasks where the extractor runs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.model import Extraction
from extractors.normalize import compare_form
from pipeline.analysis.orphans import (RULES_FILE, find_orphans, outside_jurisdiction, place_of_jurisdiction,
                                       places_in)
from pipeline.analysis.records import PlanRecord, TaskRecord, records_from_extraction

HERE = Path(__file__).parent
GOLD = HERE / "data" / "gold"
CORPUS = HERE.parent / "corpus"
HCMC = "003_b56b735dd1cef0ee"


@pytest.fixture(scope="module")
def gold() -> tuple[list[PlanRecord], list[TaskRecord]]:
    plans, recs = [], []
    for f in sorted(GOLD.glob("*.json")):
        p, t = records_from_extraction(Extraction.model_validate(json.loads(f.read_text("utf-8"))))
        plans.append(p)
        recs += t
    return plans, recs


def _by(orphans, reason):
    return {o.key: o for o in orphans if o.reason == reason}


def test_hai_phong_row_1_1_led_only_by_a_generic_group(gold):
    plans, recs = gold
    gen = _by(find_orphans(recs, plans), "generic_lead_only")
    o = gen["004_4d82e5c661ccd206#1.1"]
    assert o.lead == ["Các Sở, ban, ngành, địa phương, đơn vị"]
    assert "Các Sở, ban, ngành, địa phương, đơn vị" in o.detail
    # a row led by a named department is not generic
    assert "004_4d82e5c661ccd206#1.2" not in gen
    assert "004_4d82e5c661ccd206#3.7" not in gen


def test_no_deadline_and_body_tasks_no_appendix_row_carries(gold):
    plans, recs = gold
    orph = find_orphans(recs, plans)
    nod = _by(orph, "no_deadline")
    assert "000_587713ccb05920a7#IV.2/bullet-1" in nod  # the body bullet has no time; row 2.3 of 004 does
    assert "004_4d82e5c661ccd206#3.7" not in nod
    body = _by(orph, "body_not_in_appendix")
    assert "004_4d82e5c661ccd206#V.3" in body  # monitoring duty of the body: no appendix row
    assert not any(k.startswith("001_") for k in body)  # 001 has no appendix: the reason does not apply
    assert all(o.key.split("#")[0] != "004_4d82e5c661ccd206" or "#V." in o.key for o in body.values())


def _hcmc_text(line: int) -> str:
    s = (CORPUS / f"{HCMC}.txt").read_text("utf-8").split("\n")[line - 1]
    s = re.sub(r"^\[bookmark: [^\]]*\]", "", s)
    return re.sub(r"^[a-zđ]\)\s+", "", s).strip()


def test_timing_left_to_a_missing_appendix_is_no_deadline():
    # seed 003 (HCMC): "3.2. Thời gian thực hiện và đơn vị thực hiện: Chi tiết xem Phụ lục 1 đính kèm." and
    # the document has no Phụ lục
    deferral = "Chi tiết xem Phụ lục 1 đính kèm"
    t = TaskRecord(plan_id=HCMC, task_id="3.1/b", source="body", text=_hcmc_text(62), deadline_raw=deferral,
                   deadline_kind="none")
    assert t.text.startswith("Xây dựng cơ sở dữ liệu về đội ngũ trí thức Thành phố")
    plan = PlanRecord(plan_id=HCMC, jurisdiction="Hồ Chí Minh", implements=["49-CTrHĐ/TU"],
                      implements_resolved=["49-CTrHĐ/TU"], has_appendix=False)
    nod = _by(find_orphans([t], [plan]), "no_deadline")
    assert "appendix the document does not contain" in nod[t.key].detail
    # the same wording in a plan that has its appendix is not an orphan for that reason
    with_app = plan.model_copy(update={"has_appendix": True})
    assert t.key not in _by(find_orphans([t], [with_app]), "no_deadline")


def test_hcmc_plan_extracted_items_deferred_to_the_missing_appendix_appear():
    try:
        from extractors.extract import extract
        from extractors.load import load
        ir = load(CORPUS / f"{HCMC}.txt")
        ex = extract(ir)
    except ImportError as e:
        pytest.skip(f"extractor not complete yet: {e}")
    plan, recs = records_from_extraction(ex, ir=ir)
    assert not plan.has_appendix
    assert any("Phụ lục 1" in d for d in plan.appendix_deferrals)
    nod = _by(find_orphans(recs, [plan]), "no_deadline")
    assert all("appendix the document does not contain" in o.detail for o in nod.values())
    texts = [compare_form(o.text) for o in nod.values()]
    # items a)-e) of section 3.1 and 4.1 send their timing to Phụ lục 1, which the document lacks
    assert any(t.startswith("xây dựng cơ sở dữ liệu về đội ngũ trí thức thành phố") for t in texts)
    assert any("trung tâm cách mạng công nghiệp lần thứ tư" in t for t in texts)


def test_plan_that_implements_nothing_resolvable(gold):
    plans, recs = gold
    assert not _by(find_orphans(recs, plans), "plan_implements_nothing")  # all three implement something
    p000 = next(p for p in plans if p.plan_id.startswith("000"))
    bare = p000.model_copy(update={"implements": ["45-NQ/TW"], "implements_resolved": []})
    rows = [r for r in recs if r.plan_id == p000.plan_id]
    got = _by(find_orphans(rows, [bare]), "plan_implements_nothing")
    assert set(got) == {r.key for r in rows}
    assert "45-NQ/TW" in next(iter(got.values())).detail


def test_leads_outside_the_plans_jurisdiction():
    # lead names as printed in the corpus
    assert outside_jurisdiction("Báo và Phát thanh, Truyền hình Hải Phòng", "Hưng Yên")
    assert outside_jurisdiction("Báo và Phát thanh, Truyền hình Hải Phòng", "Hải Phòng") is None
    assert outside_jurisdiction("Bộ Khoa học và Công nghệ", "Hải Phòng")
    assert outside_jurisdiction("Sở Khoa học và Công nghệ", "Hải Phòng") is None
    assert outside_jurisdiction("Đại học Quốc gia TP.HCM", "Thành phố Hồ Chí Minh") is None
    assert outside_jurisdiction("Đại học Quốc gia TP.HCM", "Hải Phòng")
    t = TaskRecord(plan_id="hy", task_id="4", text="Xây dựng các chương trình, hoạt động tuyên truyền về vai trò,"
                   " đóng góp của đội ngũ trí thức tiêu biểu", lead=["Báo và Phát thanh, Truyền hình Hải Phòng"],
                   deadline_raw="Thường xuyên", deadline_kind="continuous")
    got = _by(find_orphans([t], [PlanRecord(plan_id="hy", jurisdiction="Hưng Yên", implements_resolved=["x"])]),
              "lead_outside_jurisdiction")
    assert "Hải Phòng" in got[t.key].detail


def test_orphan_rule_patterns_match_examples_and_not_counter_examples():
    raw = json.loads(RULES_FILE.read_text("utf-8"))
    for section in ("appendix_deferral", "national_bodies"):
        for p in raw[section]["patterns"]:
            rx = re.compile(p["pattern"])
            for ex in p["examples"]:
                assert rx.search(compare_form(ex)), (p["pattern"], ex)
            for ex in p.get("counter_examples", []):
                assert not rx.search(compare_form(ex)), (p["pattern"], ex)
    for ex in raw["places"]["examples"]:
        assert places_in(ex["lead"]) == ([ex["place"]] if ex["place"] else [])
    assert place_of_jurisdiction("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
