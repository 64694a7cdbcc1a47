"""Duplicate detection on the gold tasks of the corpus (real text)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.model import Extraction
from extractors.normalize import compare_form
from pipeline.analysis.duplicates import DuplicateSettings, detect_duplicates
from pipeline.analysis.records import PlanRecord, TaskRecord, records_from_extraction

GOLD = Path("/work/shared/gold")


@pytest.fixture(scope="module")
def gold_records() -> tuple[list[PlanRecord], list[TaskRecord]]:
    files = sorted(GOLD.glob("*.json"))
    if not files:
        pytest.skip(f"no gold files in {GOLD}")
    plans, recs = [], []
    for f in files:
        p, t = records_from_extraction(Extraction.model_validate(json.loads(f.read_text("utf-8"))))
        plans.append(p)
        recs += t
    return plans, recs


def _cluster_with(result, key):
    return next((c for c in result.clusters if key in {m.key for m in c.members}), None)


def test_hai_phong_marine_centre_scheme_found_across_plans_with_deadline_conflict(gold_records):
    plans, recs = gold_records
    res = detect_duplicates(recs, plans)
    c = _cluster_with(res, "000_587713ccb05920a7#1")
    assert c is not None
    keys = {m.key for m in c.members}
    assert "004_4d82e5c661ccd206#3.7" in keys
    assert c.cross_plan
    kinds = {x.kind for x in c.conflicts}
    assert "deadline" in kinds
    dl = next(x for x in c.conflicts if x.kind == "deadline").values
    assert dl["000_587713ccb05920a7#1"] == "Tháng 12/2026"
    assert dl["004_4d82e5c661ccd206#3.7"] == "Trong năm 2026"
    # same lead (Sở Khoa học và Công nghệ) in both: no lead conflict
    assert "lead" not in kinds
    assert all("trung tâm quốc tế" in compare_form(m.text) for m in c.members)


def test_parallel_items_differing_in_one_slot_are_not_duplicates(gold_records):
    plans, recs = gold_records
    res = detect_duplicates(recs, plans)
    c = _cluster_with(res, "004_4d82e5c661ccd206#4.3")
    assert c is None or "004_4d82e5c661ccd206#4.4" not in {m.key for m in c.members}


def test_identical_wording_with_different_leads_reports_lead_conflict(gold_records):
    plans, recs = gold_records
    res = detect_duplicates(recs, plans)
    c = _cluster_with(res, "000_587713ccb05920a7#IV.4")
    assert c is not None
    assert {m.task_id for m in c.members} == {"IV.2/bullet-2", "IV.3/bullet-2", "IV.4"}
    assert [x.kind for x in c.conflicts] == ["lead"]


def test_threshold_is_configurable(gold_records):
    plans, recs = gold_records
    strict = detect_duplicates(recs, plans, {"nested_threshold": 0.95, "threshold": 0.99})
    assert _cluster_with(strict, "000_587713ccb05920a7#1") is None
    loose = detect_duplicates(recs, plans, DuplicateSettings(threshold=0.8))
    assert len(loose.pairs) > len(detect_duplicates(recs, plans).pairs)
