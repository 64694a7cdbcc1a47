"""The scorer itself: gold against gold is perfect; known perturbations cost exactly what they should."""
import copy
import json
from pathlib import Path

import pytest

from extractors.model import Extraction
from pipeline.evaluate import evaluate_one, similarity

GOLD = Path(__file__).resolve().parent / "data" / "gold"  # copy of ../shared/gold
SEEDS = sorted(GOLD.glob("*.json")) if GOLD.exists() else []

pytestmark = pytest.mark.skipif(not SEEDS, reason=f"gold files not found at {GOLD}")


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_gold_against_itself_is_perfect(path):
    gold = _gold(path)
    rep = evaluate_one(gold, Extraction.model_validate(gold))
    for name, s in rep.scores.items():
        assert s.f1 == pytest.approx(1.0), name
    for name, a in rep.accuracies.items():
        assert a.value == pytest.approx(1.0), name


def test_dropped_task_and_wrong_lead_are_counted():
    gold = _gold(GOLD / "004_4d82e5c661ccd206.json")
    pred = copy.deepcopy(gold)
    appendix = [t for t in pred["tasks"] if t["source"] == "appendix"]
    pred["tasks"].remove(appendix[0])
    appendix[1]["lead"] = ["Sở Tư pháp"]
    rep = evaluate_one(gold, Extraction.model_validate(pred))
    s = rep.scores["tasks.appendix"]
    assert (s.tp, s.fp, s.fn) == (len(appendix) - 1, 0, 1)
    assert rep.accuracies["tasks.lead_exact"].right == rep.accuracies["tasks.lead_exact"].total - 1


def test_reference_relation_and_chain_errors():
    gold = _gold(GOLD / "001_9c3240af0bc80034.json")
    pred = copy.deepcopy(gold)
    pred["references"][0]["relation"] = "mentions"
    pred["chains"] = []
    rep = evaluate_one(gold, Extraction.model_validate(pred))
    assert rep.scores["references"].f1 == 1.0
    assert rep.accuracies["references.relation"].value < 1.0
    assert rep.scores["references.implements"].recall == 0.0
    assert rep.scores["chains"].recall == 0.0


def test_similarity_prefers_same_task():
    a = "Xây dựng và ban hành Kế hoạch hành động phát triển đội ngũ trí thức"
    assert similarity(a, a.upper()) == pytest.approx(1.0)
    assert similarity(a, "Tổ chức Hội thi sáng tạo khoa học kỹ thuật tỉnh") < 0.6
