"""Second blind measurement: the extractors on three more plan documents no extractor engineer has seen.

`tests/data/blind2/` was written after the first blind set (`tests/data/blind/`) had been read by the engineers
fixing what it found, so it is the set that still measures generalisation. Its three documents come from
provinces used nowhere else in the project (Đà Nẵng, Ninh Bình, Quảng Trị) and in shapes the other sets do not
have (see `tests/data/blind2/README.md`). Extractor engineers must not read that directory.

These tests
- check the fixtures (every document loads; every gold task/indicator `text`, `deadline_raw`, `deliverable`,
  `note` and the title are findable in its document after whitespace collapsing, a page-split table row as two
  pieces; every reference key's symbol is printed; deadlines obey the normalisation rules; gold validates as
  `extractors.model.Extraction` and scores 1.0 against itself),
- print the per-document × per-field scores of `pipeline.evaluate.evaluate_one` and the misses
  (`.venv/bin/python -m pytest tests/test_blind2.py -s -k scores`),
- assert only low sanity floors: the table is the measurement, the floors catch a broken pipeline.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from extractors.extract import extract
from extractors.load import load
from extractors.model import Extraction
from pipeline.evaluate import Report, evaluate_one

BLIND = Path(__file__).resolve().parent / "data" / "blind2"
GOLDS = sorted(BLIND.glob("*.json"))
SUFFIXES = (".txt", ".md")


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


def _repair_page_breaks(raw: str) -> str:
    """The page-break re-joining of GUIDELINES.md, as far as these documents need it: a page number printed at
    the top of a page is debris, and a symbol split by the break ("156-" + form feed + "KL/TW") is one word."""
    raw = re.sub(r"\f[ \t]*\d{1,3}[ \t]*\n", "\f", raw)
    return re.sub(r"(?<=\w-)\n\f", "", raw)


def _doc_text(gold_path: Path) -> str:
    return _collapse(_repair_page_breaks(_doc_path(gold_path).read_text(encoding="utf-8")))


@lru_cache(maxsize=None)
def _extraction(doc: Path) -> Extraction:
    return extract(load(doc))


@lru_cache(maxsize=None)
def _report(gold_path: Path) -> Report:
    return evaluate_one(_gold(gold_path), _extraction(_doc_path(gold_path)))


# ------------------------------------------------------------------ the fixtures themselves

def test_blind2_set_is_there() -> None:
    assert len(GOLDS) >= 3, f"expected at least 3 blind gold files in {BLIND}"
    for g in GOLDS:
        n = len(_doc_path(g).read_text(encoding="utf-8").splitlines())
        assert 80 <= n <= 200, f"{g.stem}: {n} lines (blind2 documents are 80–200 lines)"
        assert _gold(g)["seed"] == g.stem


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_document_loads(gold_path: Path) -> None:
    ir = load(_doc_path(gold_path))
    assert ir.blocks, "no blocks"
    if any(t["source"] == "appendix" for t in _gold(gold_path)["tasks"]):
        assert any(b.kind.value == "table" for b in ir.blocks), "an appendix table, but no table block"


def _findable(text: str, doc: str) -> bool:
    """In the collapsed document as one span, or as two spans split at a word boundary (a table row that a
    page break split, which GUIDELINES.md says to re-join)."""
    t = _collapse(text)
    if t in doc:
        return True
    words = t.split(" ")
    return any(" ".join(words[:i]) in doc and " ".join(words[i:]) in doc for i in range(1, len(words)))


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_gold_texts_are_findable(gold_path: Path) -> None:
    doc = _doc_text(gold_path)
    gold = _gold(gold_path)
    missing = [x["text"] for x in gold["tasks"] + gold["indicators"] if not _findable(x["text"], doc)]
    missing += [t["deadline_raw"] for t in gold["tasks"] if t["deadline_raw"] and _collapse(t["deadline_raw"]) not in doc]
    missing += [t[k] for t in gold["tasks"] for k in ("deliverable", "note") if t[k] and not _findable(t[k], doc)]
    missing += [gold["document"]["title"]] if not _findable(gold["document"]["title"], doc) else []
    assert not missing, f"not in {gold_path.stem}: {missing}"


def _symbol_printed(symbol: str, gold_path: Path) -> bool:
    """In the collapsed document, or split by a page break: the head ends a line and the tail starts one of the
    next three lines (a footnote printed at the bottom of the page may sit between), as GUIDELINES.md re-joins."""
    if symbol in _doc_text(gold_path):
        return True
    lines = [ln.strip().lstrip("\f").strip() for ln in
             unicodedata.normalize("NFC", _doc_path(gold_path).read_text(encoding="utf-8")).split("\n")]
    for n, ln in enumerate(lines):
        for i in range(1, len(symbol)):
            if ln.endswith(symbol[:i]) and any(nx.startswith(symbol[i:]) for nx in lines[n + 1:n + 4]):
                return True
    return False


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_reference_keys_are_printed(gold_path: Path) -> None:
    """Every reference symbol (the key without '@date') is printed in the document; '@date' keys come in pairs."""
    gold = _gold(gold_path)
    keys = [r["key"] for r in gold["references"]]
    assert len(keys) == len(set(keys)), "duplicate reference keys"
    assert [k for k in keys if not _symbol_printed(k.split("@")[0], gold_path)] == []
    dated = [k.split("@")[0] for k in keys if "@" in k]
    assert all(dated.count(s) >= 2 for s in dated), "an @date key needs a second instrument with the same symbol"
    for r in gold["references"]:
        if "@" in r["key"]:
            assert r["key"].split("@")[1] == r["date"]
    for c in gold["chains"]:
        assert c["from"] in keys and c["to"] in keys, c
    for i in gold["indicators"]:
        assert bool(i["footnote"]) == bool(i["sources"]), i["text"]


def _iso(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_gold_deadlines_are_consistent(gold_path: Path) -> None:
    """The normalisation rules of GUIDELINES.md hold inside every gold deadline."""
    for t in _gold(gold_path)["tasks"]:
        d = t["deadline"]
        where = f"{t['id']}: {t['deadline_raw']}"
        assert (d["kind"] == "none") == (t["deadline_raw"] is None), where
        if d["kind"] in ("month", "quarter", "year", "range"):
            assert _iso(d["start"]) and _iso(d["end"]) and _iso(d["start"]) <= _iso(d["end"]), where
        if d["kind"] == "date":
            assert d["start"] is None and _iso(d["end"]), where
        if d["kind"] == "recurring":
            assert re.fullmatch(r"P\d+[YM]", d["recurrence"] or ""), where
        if d["kind"] == "conditional":
            assert d["condition"] and _collapse(d["condition"]) in _collapse(t["deadline_raw"]), where
        if d["kind"] == "compound":
            ph = d["phases"]
            assert len(ph) >= 2, where
            starts = [_iso(p["start"]) for p in ph if p["start"]]
            assert _iso(d["start"]) == (min(starts) if starts else None), where
            open_ended = any(p["kind"] in ("recurring", "continuous") for p in ph)
            ends = [_iso(p["end"]) for p in ph if p["end"]]
            assert _iso(d["end"]) == (None if open_ended else max(ends)), where
            assert all(p["action"] and _collapse(p["action"]) in _collapse(t["deadline_raw"]) for p in ph), where
        else:
            assert d["phases"] == [], where


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_gold_validates_and_scores_itself_perfectly(gold_path: Path) -> None:
    gold = _gold(gold_path)
    rep = evaluate_one(gold, Extraction.model_validate(gold))
    assert rep.scores and rep.accuracies
    assert all(s.f1 == pytest.approx(1.0) for s in rep.scores.values())
    assert all(a.value == pytest.approx(1.0) for a in rep.accuracies.values())
    ids = [t["id"] for t in gold["tasks"]]
    assert len(ids) == len(set(ids)), "duplicate task ids"
    task_ids = set(ids)
    assert all(i["task_id"] in task_ids for i in gold["indicators"] if i["task_id"]), "task_id of no task"


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


def blind_table() -> tuple[str, Report]:
    """The per-document × per-field table (F1 or accuracy) and the merged report."""
    total = Report()
    short = {g.stem: g.stem.split("_")[0] for g in GOLDS}
    reports = {g.stem: _report(g) for g in GOLDS}
    for r in reports.values():
        total.merge(r)
    lines = [f"{'field':24s}" + "".join(f"{short[g.stem]:>7s}" for g in GOLDS) + f"{'ALL':>7s}  support(all)"]
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


def test_blind2_scores_print_and_floors() -> None:
    table, total = blind_table()
    print("\n\nBLIND2 SCORES (F1 for P/R fields, accuracy for single-valued; support tp/fp/fn or right/total)")
    print(table)
    print("\nMISSES")
    for m in total.misses:
        print("  ", json.dumps(m, ensure_ascii=False)[:260])
    # Sanity floors only, well below the first measurement of this set (see tests/data/blind2/README.md for the
    # figures): they fail when the pipeline breaks on these documents, not when a shape is missed.
    floors = {
        "tasks.appendix": 0.40,
        "tasks.body": 0.30,
        "tasks.lead": 0.40,
        "references": 0.60,
        "indicators": 0.40,
    }
    for f, floor in floors.items():
        v = _value(total, f)
        assert v is not None and v >= floor, f"{f}: {v} < floor {floor}"
