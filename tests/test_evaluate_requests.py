"""`plangraph eval` part for requested documents: precision/recall of detection on labelled corpus tasks."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate_requests import LABELS, evaluate_requests


def test_scores_on_the_labelled_corpus_tasks() -> None:
    s = evaluate_requests()
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["rows"]
    assert s.rows == len(rows) >= 40
    assert s.positives == sum(r["requests_document"] for r in rows)
    assert 0 < s.positives < s.rows  # both kinds
    assert s.tp + s.fn == s.positives
    assert s.precision >= 0.9 and s.recall >= 0.9 and s.type_accuracy >= 0.9
    assert s.row()["field"] == "requests.detected"


def test_wrong_labels_count_as_misses(tmp_path: Path) -> None:
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["rows"]
    pos = next(r for r in rows if r["requests_document"])
    neg = next(r for r in rows if not r["requests_document"])
    flipped = [{**pos, "requests_document": False, "doc_type": None},  # a detection now spurious
               {**neg, "requests_document": True, "doc_type": "Kế hoạch"},  # now missed
               {**pos, "doc_type": "Nghị quyết"}]  # detected, wrong type
    f = tmp_path / "labels.json"
    f.write_text(json.dumps({"rows": flipped}, ensure_ascii=False), encoding="utf-8")
    s = evaluate_requests(f)
    assert (s.tp, s.fp, s.fn, s.type_right) == (1, 1, 1, 0)
    assert sorted(m["kind"] for m in s.misses) == ["missed", "spurious", "wrong_type"]
    assert (s.precision, s.recall) == (0.5, 0.5)
