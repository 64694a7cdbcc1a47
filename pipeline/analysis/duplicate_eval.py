"""Precision and recall of the duplicate detector on labelled pairs (`tests/data/duplicate_pairs.json`).

Each labelled pair names two task texts from the corpus (plan = seed stem, id, text) and says whether they
are the same work. The detector runs over all labelled texts together (plus optional background tasks, e.g.
the gold tasks, so blocking and IDF see a realistic collection); a pair counts as predicted when the
detector links the two tasks directly (a verified pair, not only a shared cluster).

`evaluate_duplicates()` is what `plangraph eval` calls.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from pydantic import BaseModel, Field

from extractors.model import Extraction
from pipeline.analysis.duplicates import DuplicateSettings, detect_duplicates
from pipeline.analysis.records import PlanRecord, TaskRecord, records_from_extraction
from pipeline.analysis.textsim import TextIndex

DEFAULT_PAIRS = Path(__file__).resolve().parents[2] / "tests" / "data" / "duplicate_pairs.json"


class PairTask(BaseModel):
    plan: str
    id: str
    text: str
    line: int | None = None

    @property
    def key(self) -> str:
        return f"{self.plan}#{self.id}"


class LabelledPair(BaseModel):
    a: PairTask
    b: PairTask
    duplicate: bool
    why: str


class PairSet(BaseModel):
    description: str = ""
    plans: dict[str, str] = Field(default_factory=dict)  # plan -> jurisdiction
    pairs: list[LabelledPair]


class PairOutcome(BaseModel):
    a: str
    b: str
    label: bool
    predicted: bool
    cosine: float
    nested: float
    why: str


class DuplicateEval(BaseModel):
    n_pairs: int
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float
    outcomes: list[PairOutcome]

    def errors(self) -> list[PairOutcome]:
        return [o for o in self.outcomes if o.label != o.predicted]


def load_pairs(path: str | Path = DEFAULT_PAIRS) -> PairSet:
    return PairSet.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))


def label_records(ps: PairSet) -> list[TaskRecord]:
    seen: dict[str, TaskRecord] = {}
    for p in ps.pairs:
        for t in (p.a, p.b):
            r = seen.get(t.key)
            if r is None:
                seen[t.key] = TaskRecord(plan_id=t.plan, task_id=t.id, text=t.text, line_start=t.line)
            elif r.text != t.text:
                raise ValueError(f"labelled task {t.key} appears with two different texts")
    return list(seen.values())


def gold_background(gold_dir: str | Path) -> list[TaskRecord]:
    out: list[TaskRecord] = []
    for f in sorted(Path(gold_dir).glob("*.json")):
        _, tasks = records_from_extraction(Extraction.model_validate(json.loads(f.read_text("utf-8"))))
        out += tasks
    return out


def evaluate_pairs(ps: PairSet, background: Sequence[TaskRecord] = (),
                   settings: DuplicateSettings | dict | None = None) -> DuplicateEval:
    recs = label_records(ps)
    have = {r.key for r in recs}
    recs += [r for r in background if r.key not in have]
    plans = [PlanRecord(plan_id=pid, jurisdiction=j) for pid, j in ps.plans.items()]
    res = detect_duplicates(recs, plans, settings)
    linked = {(p.a, p.b) for p in res.pairs} | {(p.b, p.a) for p in res.pairs}
    index = TextIndex([r.text for r in recs])
    pos = {r.key: i for i, r in enumerate(recs)}
    outcomes: list[PairOutcome] = []
    for p in ps.pairs:
        c = index.compare(pos[p.a.key], pos[p.b.key])
        outcomes.append(PairOutcome(a=p.a.key, b=p.b.key, label=p.duplicate,
                                    predicted=(p.a.key, p.b.key) in linked,
                                    cosine=round(c.cosine, 4), nested=round(c.nested_syllables, 4), why=p.why))
    tp = sum(o.label and o.predicted for o in outcomes)
    fp = sum((not o.label) and o.predicted for o in outcomes)
    fn = sum(o.label and not o.predicted for o in outcomes)
    tn = sum((not o.label) and not o.predicted for o in outcomes)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DuplicateEval(n_pairs=len(outcomes), tp=tp, fp=fp, fn=fn, tn=tn, precision=round(precision, 4),
                         recall=round(recall, 4), f1=round(f1, 4), outcomes=outcomes)


def evaluate_duplicates(pairs_path: str | Path = DEFAULT_PAIRS, gold_dir: str | Path | None = None,
                        settings: DuplicateSettings | dict | None = None) -> DuplicateEval:
    """Precision/recall of the duplicate detector on the labelled pairs (gold tasks as background)."""
    background = gold_background(gold_dir) if gold_dir else []
    return evaluate_pairs(load_pairs(pairs_path), background, settings)
