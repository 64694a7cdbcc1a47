"""Held-out measurement: the extractors on plan documents they were NOT developed on.

`tests/data/heldout/` holds documents written in the shapes of real plans from other provinces and party
committees (see its README.md), each with a gold file in the GUIDELINES.md format. These tests

- check the fixtures themselves (every document loads; every gold task/indicator `text` is findable in its
  document after whitespace collapsing, as GUIDELINES.md requires; gold files validate against the model),
- run `pipeline.evaluate.evaluate_one` on every document and print the per-document, per-field table and
  the misses (run with `-s` to see them: `.venv/bin/python -m pytest tests/test_heldout.py -s`),
- assert only floors that the extractors meet today, so the suite stays green while the numbers are the
  point. Raise a floor when a fix lands; never lower one to hide a regression.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from extractors.extract import extract
from extractors.load import load
from extractors.model import Extraction
from pipeline.evaluate import Report, evaluate_one

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
GOLDS = sorted(HELDOUT.glob("*.json"))
SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def _doc_path(gold_path: Path) -> Path:
    for suf in SUFFIXES:
        p = gold_path.with_suffix(suf)
        if p.exists():
            return p
    raise FileNotFoundError(f"no document for {gold_path.name} ({', '.join(SUFFIXES)})")


def _gold(gold_path: Path) -> dict[str, Any]:
    return json.loads(gold_path.read_text(encoding="utf-8"))


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


@lru_cache(maxsize=None)
def _extraction(doc: Path) -> Extraction:
    return extract(load(doc))


@lru_cache(maxsize=None)
def _report(gold_path: Path) -> Report:
    return evaluate_one(_gold(gold_path), _extraction(_doc_path(gold_path)))


def test_heldout_set_is_there() -> None:
    assert len(GOLDS) >= 5, f"expected at least 5 held-out gold files in {HELDOUT}"
    for g in GOLDS:
        doc = _doc_path(g)
        n = len(doc.read_text(encoding="utf-8").splitlines())
        assert 60 <= n <= 200, f"{doc.name}: {n} lines (held-out documents are 60–200 lines)"
        assert _gold(g)["seed"] == g.stem


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_document_loads(gold_path: Path) -> None:
    ir = load(_doc_path(gold_path))
    assert ir.blocks, "no blocks"
    assert any(b.kind.value == "table" for b in ir.blocks) or any(t["source"] == "body" for t in _gold(gold_path)["tasks"])


def _findable(text: str, doc: str) -> bool:
    """In the collapsed document as one span, or as two spans split at a word boundary (a table row that a
    page break split into two pieces, which GUIDELINES.md says to re-join)."""
    t = _collapse(text)
    if t in doc:
        return True
    words = t.split(" ")
    return any(" ".join(words[:i]) in doc and " ".join(words[i:]) in doc for i in range(1, len(words)))


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_gold_texts_are_findable(gold_path: Path) -> None:
    """GUIDELINES.md: every `text` must be findable in the document after whitespace collapsing."""
    doc = _collapse(_doc_path(gold_path).read_text(encoding="utf-8"))
    gold = _gold(gold_path)
    missing = [x["text"] for x in gold["tasks"] + gold["indicators"] if not _findable(x["text"], doc)]
    missing += [t["deadline_raw"] for t in gold["tasks"] if t["deadline_raw"] and _collapse(t["deadline_raw"]) not in doc]
    assert not missing, f"not in {gold_path.stem}: {missing}"


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_gold_validates_and_scores_itself_perfectly(gold_path: Path) -> None:
    gold = _gold(gold_path)
    rep = evaluate_one(gold, Extraction.model_validate(gold))
    assert all(s.f1 == pytest.approx(1.0) for s in rep.scores.values())
    assert all(a.value == pytest.approx(1.0) for a in rep.accuracies.values())
    ids = [t["id"] for t in gold["tasks"]]
    assert len(ids) == len(set(ids)), "duplicate task ids"


# ------------------------------------------------------------------ measurement

FIELDS = ["tasks.appendix", "tasks.body", "tasks.lead", "tasks.support", "tasks.lead_exact", "tasks.deadline_kind",
          "tasks.deadline_end", "tasks.deliverable", "references", "references.implements", "references.relation",
          "references.date", "chains", "indicators", "indicators.values", "indicators.footnote",
          "indicators.sources", "indicators.target_year", "indicators.task_id", "document.doc_type",
          "document.number", "document.issuer", "document.jurisdiction", "document.date", "document.title",
          "document.signer"]


def _value(rep: Report, field: str) -> float | None:
    if field in rep.scores:
        return rep.scores[field].f1
    if field in rep.accuracies:
        return rep.accuracies[field].value
    return None


def _support(rep: Report, field: str) -> str:
    if field in rep.scores:
        s = rep.scores[field]
        return f"{s.tp:g}/{s.fp:g}/{s.fn:g}"
    if field in rep.accuracies:
        a = rep.accuracies[field]
        return f"{a.right}/{a.total}"
    return ""


def heldout_table() -> tuple[str, Report]:
    """The per-document × per-field table (F1 or accuracy) and the merged report."""
    total = Report()
    short = {g.stem: g.stem.split("_")[0] for g in GOLDS}
    lines = [f"{'field':24s}" + "".join(f"{short[g.stem]:>7s}" for g in GOLDS) + f"{'ALL':>7s}  support(all)"]
    reports = {g.stem: _report(g) for g in GOLDS}
    for r in reports.values():
        total.merge(r)
    for f in FIELDS:
        cells = []
        for g in GOLDS:
            v = _value(reports[g.stem], f)
            cells.append(f"{v:7.2f}" if v is not None else f"{'–':>7s}")
        v = _value(total, f)
        lines.append(f"{f:24s}" + "".join(cells) + (f"{v:7.2f}" if v is not None else f"{'–':>7s}")
                     + f"  {_support(total, f)}")
    legend = "  ".join(f"{short[g.stem]}={g.stem}" for g in GOLDS)
    return "\n".join(lines) + "\n" + legend, total


def test_heldout_scores_print_and_floors() -> None:
    table, total = heldout_table()
    print("\n\nHELD-OUT SCORES (F1 for P/R fields, accuracy for single-valued; support tp/fp/fn or right/total)")
    print(table)
    print("\nMISSES")
    for m in total.misses:
        print("  ", json.dumps(m, ensure_ascii=False)[:260])
    # Floors: a margin below what the extractors achieve on the held-out set when this file was written
    # (first measurement: appendix 0.88, body 0.74, lead 0.81, references 0.92, implements 1.0, chains 1.0,
    # indicators 0.93; after d364ddb, which was tuned on he_/hd_, body 0.94 and lead 0.98 — those two documents
    # no longer measure body tasks blind). They guard against regressions only; the table is the measurement.
    floors = {
        "tasks.appendix": 0.80,
        "tasks.body": 0.65,
        "tasks.lead": 0.70,
        "references": 0.85,
        "references.implements": 0.90,
        "chains": 0.90,
        "indicators": 0.85,
    }
    for f, floor in floors.items():
        v = _value(total, f)
        assert v is not None and v >= floor, f"{f}: {v} < floor {floor}"
