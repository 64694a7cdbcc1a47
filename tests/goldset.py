"""Shared harness for the evaluation sets kept beside the tests (held-out, blind, blind2).

Each set is a folder of plan documents with a gold JSON per document (GUIDELINES.md format). `GoldSet` finds
the pairs, checks the fixtures the same way for every set, runs the extractors once per document, and prints
the per-document × per-field score table (F1 for P/R fields, accuracy for single-valued ones).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from extractors.extract import extract
from extractors.load import load
from extractors.model import Extraction
from pipeline.evaluate import Report, evaluate_one

FIELDS = ["tasks.appendix", "tasks.body", "tasks.lead", "tasks.support", "tasks.lead_exact", "tasks.deadline_kind",
          "tasks.deadline_end", "tasks.deliverable", "references", "references.implements", "references.relation",
          "references.date", "chains", "indicators", "indicators.values", "indicators.footnote",
          "indicators.sources", "indicators.target_year", "indicators.task_id", "document.doc_type",
          "document.number", "document.issuer", "document.jurisdiction", "document.date", "document.title",
          "document.signer"]


def collapse(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def findable(text: str, doc: str) -> bool:
    """In the collapsed document as one span, or as two spans split at a word boundary (a table row that a page
    break split, which GUIDELINES.md says to re-join)."""
    t = collapse(text)
    if t in doc:
        return True
    words = t.split(" ")
    return any(" ".join(words[:i]) in doc and " ".join(words[i:]) in doc for i in range(1, len(words)))


def value(rep: Report, name: str) -> float | None:
    if name in rep.scores:
        return rep.scores[name].f1
    if name in rep.accuracies:
        return rep.accuracies[name].value
    return None


def support(rep: Report, name: str) -> str:
    if name in rep.scores:
        s = rep.scores[name]
        return f"{s.tp:g}/{s.fp:g}/{s.fn:g}"
    if name in rep.accuracies:
        a = rep.accuracies[name]
        return f"{a.right}/{a.total}"
    return ""


def _iso(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


@dataclass
class GoldSet:
    folder: Path
    suffixes: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
    repair: Callable[[str], str] = field(default=lambda raw: raw)  # GUIDELINES page-break re-joining, if needed
    label: Callable[[str], str] = field(default=lambda stem: stem.split("_")[0])  # column name in the score table

    @cached_property
    def golds(self) -> list[Path]:
        return sorted(self.folder.glob("*.json"))

    def doc_path(self, gold_path: Path) -> Path:
        for suf in self.suffixes:
            p = gold_path.with_suffix(suf)
            if p.exists():
                return p
        raise FileNotFoundError(f"no document for {gold_path.name} ({', '.join(self.suffixes)})")

    @staticmethod
    def gold(gold_path: Path) -> dict[str, Any]:
        return json.loads(gold_path.read_text(encoding="utf-8"))

    def doc_text(self, gold_path: Path) -> str:
        return collapse(self.repair(self.doc_path(gold_path).read_text(encoding="utf-8")))

    @cached_property
    def _reports(self) -> dict[Path, Report]:
        return {g: evaluate_one(self.gold(g), extract(load(self.doc_path(g)))) for g in self.golds}

    def report(self, gold_path: Path) -> Report:
        return self._reports[gold_path]

    # -------------------------------------------------------------- fixture checks (lists of problems)

    def presence_problems(self, min_docs: int, lines: tuple[int, int]) -> list[str]:
        """At least `min_docs` gold files, each with its document of a length in `lines`, and `seed` = stem."""
        out = [] if len(self.golds) >= min_docs else [f"{len(self.golds)} gold files in {self.folder}, "
                                                      f"expected at least {min_docs}"]
        for g in self.golds:
            n = len(self.doc_path(g).read_text(encoding="utf-8").splitlines())
            if not lines[0] <= n <= lines[1]:
                out.append(f"{g.stem}: {n} lines, expected {lines[0]}–{lines[1]}")
            if self.gold(g)["seed"] != g.stem:
                out.append(f"{g.name}: seed is {self.gold(g)['seed']!r}")
        return out

    def missing_texts(self, gold_path: Path, *, extra_fields: bool = True) -> list[str]:
        doc = self.doc_text(gold_path)
        gold = self.gold(gold_path)
        missing = [x["text"] for x in gold["tasks"] + gold["indicators"] if not findable(x["text"], doc)]
        missing += [t["deadline_raw"] for t in gold["tasks"]
                    if t["deadline_raw"] and collapse(t["deadline_raw"]) not in doc]
        if extra_fields:
            missing += [t[k] for t in gold["tasks"] for k in ("deliverable", "note") if t[k] and not findable(t[k], doc)]
            title = gold["document"]["title"]
            missing += [title] if title and not findable(title, doc) else []
        return missing

    def reference_problems(self, gold_path: Path, printed: Callable[[str], bool] | None = None) -> list[str]:
        """Every key's symbol is printed; '@date' keys come in pairs and carry their date; chains join references;
        a footnoted indicator has sources."""
        doc = self.doc_text(gold_path)
        is_printed = printed or (lambda sym: sym in doc)
        gold = self.gold(gold_path)
        keys = [r["key"] for r in gold["references"]]
        out = [f"duplicate key {k}" for k in set(keys) if keys.count(k) > 1]
        out += [f"not printed: {k}" for k in keys if not is_printed(k.split("@")[0])]
        dated = [k.split("@")[0] for k in keys if "@" in k]
        out += [f"lone @date key {s}" for s in dated if dated.count(s) < 2]
        out += [f"@date differs from date: {r['key']}" for r in gold["references"]
                if "@" in r["key"] and r["key"].split("@")[1] != r["date"]]
        out += [f"chain end is no reference: {c}" for c in gold["chains"] if c["from"] not in keys or c["to"] not in keys]
        out += [f"footnote without sources: {i['text']}" for i in gold["indicators"] if bool(i["footnote"]) != bool(i["sources"])]
        return out

    def deadline_problems(self, gold_path: Path) -> list[str]:
        """The normalisation rules of GUIDELINES.md hold inside every gold deadline."""
        out = []
        for t in self.gold(gold_path)["tasks"]:
            d, raw = t["deadline"], t["deadline_raw"]
            ok = (d["kind"] == "none") == (raw is None)
            if d["kind"] in ("month", "quarter", "year", "range"):
                ok = ok and bool(_iso(d["start"]) and _iso(d["end"]) and _iso(d["start"]) <= _iso(d["end"]))
            if d["kind"] == "date":
                ok = ok and d["start"] is None and bool(_iso(d["end"]))
            if d["kind"] == "recurring":
                ok = ok and bool(re.fullmatch(r"P\d+[YM]", d["recurrence"] or ""))
            if d["kind"] == "conditional":
                ok = ok and bool(d["condition"]) and collapse(d["condition"]) in collapse(raw)
            if d["kind"] == "compound":
                ph = d["phases"]
                starts = [_iso(p["start"]) for p in ph if p["start"]]
                open_ended = any(p["kind"] in ("recurring", "continuous") for p in ph)
                ends = [_iso(p["end"]) for p in ph if p["end"]]
                ok = ok and len(ph) >= 2 and _iso(d["start"]) == (min(starts) if starts else None)
                ok = ok and _iso(d["end"]) == (None if open_ended else max(ends))
                ok = ok and all(p["action"] and collapse(p["action"]) in collapse(raw) for p in ph)
            elif d["phases"]:
                ok = False
            if not ok:
                out.append(f"{t['id']}: {raw}")
        return out

    def self_score_problems(self, gold_path: Path) -> list[str]:
        """Gold validates as an Extraction, scores 1.0 against itself, and its ids are consistent."""
        gold = self.gold(gold_path)
        rep = evaluate_one(gold, Extraction.model_validate(gold))
        out = [f"{k}: {v}" for k in FIELDS if (v := value(rep, k)) is not None and abs(v - 1.0) > 1e-9]
        ids = [t["id"] for t in gold["tasks"]]
        out += [f"duplicate task id {i}" for i in set(ids) if ids.count(i) > 1]
        out += [f"task_id of no task: {i['task_id']}" for i in gold["indicators"] if i["task_id"] and i["task_id"] not in ids]
        return out

    def fixture_tests(self, *, extra_fields: bool = True,
                      printed: Callable[[Path], Callable[[str], bool]] | None = None) -> tuple[Callable[..., None], ...]:
        """The fixture checks as pytest test functions, parametrised over this set's gold files. A test module
        binds them to `test_*` names so that pytest collects them there."""
        import pytest

        param = pytest.mark.parametrize("gold_path", self.golds, ids=lambda p: p.stem)

        @param
        def document_loads(gold_path: Path) -> None:
            ir = load(self.doc_path(gold_path))
            assert ir.blocks, "no blocks"
            if any(t["source"] == "appendix" for t in self.gold(gold_path)["tasks"]):
                assert any(b.kind.value == "table" for b in ir.blocks), "an appendix table, but no table block"

        @param
        def gold_texts_are_findable(gold_path: Path) -> None:
            assert self.missing_texts(gold_path, extra_fields=extra_fields) == []

        @param
        def gold_references_are_consistent(gold_path: Path) -> None:
            assert self.reference_problems(gold_path, printed(gold_path) if printed else None) == []

        @param
        def gold_deadlines_are_consistent(gold_path: Path) -> None:
            assert self.deadline_problems(gold_path) == []

        @param
        def gold_validates_and_scores_itself_perfectly(gold_path: Path) -> None:
            assert self.self_score_problems(gold_path) == []

        return (document_loads, gold_texts_are_findable, gold_references_are_consistent,
                gold_deadlines_are_consistent, gold_validates_and_scores_itself_perfectly)

    # -------------------------------------------------------------- measurement

    def table(self) -> tuple[str, Report]:
        """The per-document × per-field table (F1 or accuracy) and the merged report."""
        total = Report()
        short = {g: self.label(g.stem) for g in self.golds}
        for g in self.golds:
            total.merge(self.report(g))
        lines = [f"{'field':24s}" + "".join(f"{short[g]:>7s}" for g in self.golds) + f"{'ALL':>7s}  support(all)"]
        for f in FIELDS:
            cells = [f"{v:7.2f}" if (v := value(self.report(g), f)) is not None else f"{'–':>7s}" for g in self.golds]
            v = value(total, f)
            lines.append(f"{f:24s}" + "".join(cells) + (f"{v:7.2f}" if v is not None else f"{'–':>7s}")
                         + f"  {support(total, f)}")
        legend = "  ".join(f"{short[g]}={g.stem}" for g in self.golds)
        return "\n".join(lines) + "\n" + legend, total

    def print_and_check_floors(self, title: str, floors: dict[str, float]) -> None:
        table, total = self.table()
        print(f"\n\n{title} (F1 for P/R fields, accuracy for single-valued; support tp/fp/fn or right/total)")
        print(table)
        print("\nMISSES")
        for m in total.misses:
            print("  ", json.dumps(m, ensure_ascii=False)[:260])
        low = {f: value(total, f) for f, floor in floors.items() if (value(total, f) or 0.0) < floor}
        assert not low, f"below the floors {floors}: {low}"
