"""Requested-document detection scored on labelled corpus tasks (issue 9), for `plangraph eval`.

The labels (`tests/data/requested_documents.json`) say, per task text and deliverable, whether the task asks
for a document to be drafted, issued or submitted, and of which type. A detection counts as a true positive
when the task is labelled as asking for one (type right or wrong: `type_accuracy` scores the type over the
true positives).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from extractors.requests import detect_request
from pipeline.evaluate import Score

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "requested_documents.json"


class RequestScore(BaseModel):
    rows: int
    positives: int  # labelled as asking for a document
    tp: int
    fp: int
    fn: int
    type_right: int
    misses: list[dict[str, Any]] = Field(default_factory=list)  # false positives and negatives, for --misses

    @property
    def _score(self) -> Score:
        return Score(tp=self.tp, fp=self.fp, fn=self.fn)

    @property
    def precision(self) -> float:
        return self._score.precision

    @property
    def recall(self) -> float:
        return self._score.recall

    @property
    def f1(self) -> float:
        return self._score.f1

    @property
    def type_accuracy(self) -> float:
        return self.type_right / self.tp if self.tp else 1.0

    def row(self) -> dict[str, Any]:
        """One row in the shape of pipeline.evaluate.Report.rows()."""
        return {"field": "requests.detected", "metric": "P/R/F1", "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "support": f"tp={self.tp} fp={self.fp} fn={self.fn} (labelled tasks: {self.rows}); "
                           f"type accuracy {self.type_accuracy:.3f}"}

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "positives": self.positives, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "type_accuracy": self.type_accuracy}


def evaluate_requests(path: Path = LABELS) -> RequestScore:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["rows"]
    tp = fp = fn = type_right = 0
    misses: list[dict[str, Any]] = []
    for r in rows:
        got = detect_request(r["text"], r.get("deliverable"))
        if got and r["requests_document"]:
            tp += 1
            if got.doc_type == r.get("doc_type"):
                type_right += 1
            else:
                misses.append({"kind": "wrong_type", "seed": r.get("seed"), "task_id": r.get("task_id"),
                               "expected": r.get("doc_type"), "got": got.doc_type})
        elif got:
            fp += 1
            misses.append({"kind": "spurious", "seed": r.get("seed"), "task_id": r.get("task_id"),
                           "got": got.doc_type, "text": r["text"]})
        elif r["requests_document"]:
            fn += 1
            misses.append({"kind": "missed", "seed": r.get("seed"), "task_id": r.get("task_id"),
                           "expected": r.get("doc_type"), "text": r["text"]})
    return RequestScore(rows=len(rows), positives=sum(bool(r["requests_document"]) for r in rows), tp=tp, fp=fp,
                        fn=fn, type_right=type_right, misses=misses)
