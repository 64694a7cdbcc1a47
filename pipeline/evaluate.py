"""Evaluation of extractions against gold files (../shared/gold/*.json, GUIDELINES.md).

Tasks are matched to gold tasks by text similarity (one-to-one, best pairs first), indicators likewise;
references by key, chains by (from, to, relation). For every field we report precision / recall / F1
(set-valued fields, micro-averaged over matched items) or accuracy (single-valued fields over matched items).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from extractors.model import Extraction
from extractors.normalize import compare_form

TASK_MATCH_MIN = 0.6
INDICATOR_MATCH_MIN = 0.5

_ABBREV = [(re.compile(r"\bubnd\b"), "ủy ban nhân dân"), (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
           (re.compile(r"\bmttq\b"), "mặt trận tổ quốc"), (re.compile(r"kh&cn|khcn"), "khoa học và công nghệ")]


@dataclass
class Score:
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def acc(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def merge(self, other: "Report") -> None:
        for k, s in other.scores.items():
            self.score(k).add(s)
        for k, a in other.accuracies.items():
            mine = self.acc(k)
            mine.right += a.right
            mine.total += a.total
        self.misses.extend(other.misses)

    def rows(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for k, s in sorted(self.scores.items()):
            out.append({"field": k, "metric": "P/R/F1", "precision": round(s.precision, 3),
                        "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                        "support": f"tp={s.tp:g} fp={s.fp:g} fn={s.fn:g}"})
        for k, a in sorted(self.accuracies.items()):
            out.append({"field": k, "metric": "accuracy", "precision": None, "recall": None,
                        "f1": round(a.value, 3), "support": f"{a.right}/{a.total}"})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {r["field"]: {k: v for k, v in r.items() if k != "field"} for r in self.rows()}


def norm_name(s: str) -> str:
    s = compare_form(s).strip(" .;,")
    for pat, rep in _ABBREV:
        s = pat.sub(rep, s)
    return re.sub(r"\s+", " ", s)


def norm_key(s: str) -> str:
    return re.sub(r"\s+", "", compare_form(s))


def similarity(a: str, b: str) -> float:
    """Similarity of two spans: the better of sequence ratio and token containment."""
    a, b = compare_form(a), compare_form(b)
    if not a or not b:
        return 0.0
    ta, tb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    contain = len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0
    jacc = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    if contain < 0.3:  # too few shared words for any match: skip the quadratic ratio
        return contain
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    # containment alone over-rewards a short span inside a long one: temper it with Jaccard
    return max(ratio, (contain + jacc) / 2)


def match(gold: Sequence[Any], pred: Sequence[Any], text: Callable[[Any], str],
          minimum: float) -> list[tuple[int, int, float]]:
    """One-to-one matching, best-scoring pairs first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = similarity(text(g), text(p))
            if s >= minimum:
                pairs.append((s, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for s, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, s))
    return out


def _set_score(gold: Iterable[str], pred: Iterable[str], norm: Callable[[str], str]) -> Score:
    g = {norm(x) for x in gold if x}
    p = {norm(x) for x in pred if x}
    return Score(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def evaluate_one(gold: dict[str, Any], pred: Extraction) -> Report:
    rep = Report()
    seed = gold.get("seed")
    _eval_tasks(gold.get("tasks", []), pred, rep, seed)
    _eval_references(gold, pred, rep, seed)
    _eval_indicators(gold.get("indicators", []), pred, rep, seed)
    _eval_document(gold.get("document", {}), pred, rep)
    return rep


def _eval_tasks(gold_tasks: list[dict], pred: Extraction, rep: Report, seed: str | None) -> None:
    ptasks = [t.model_dump() for t in pred.tasks]
    for source in ("appendix", "body"):
        g = [t for t in gold_tasks if t["source"] == source]
        p = [t for t in ptasks if t["source"] == source]
        m = match(g, p, lambda t: t["text"], TASK_MATCH_MIN)
        rep.score(f"tasks.{source}").add(Score(tp=len(m), fp=len(p) - len(m), fn=len(g) - len(m)))
        matched_g = {gi for gi, _, _ in m}
        matched_p = {pi for _, pi, _ in m}
        for gi, t in enumerate(g):
            if gi not in matched_g:
                rep.misses.append({"seed": seed, "kind": f"task.{source}.missed", "id": t["id"], "text": t["text"][:100]})
        for pi, t in enumerate(p):
            if pi not in matched_p:
                rep.misses.append({"seed": seed, "kind": f"task.{source}.spurious", "id": t["id"], "text": t["text"][:100]})
        for gi, pi, _ in m:
            gt, pt = g[gi], p[pi]
            rep.score("tasks.lead").add(_set_score(gt["lead"], pt["lead"], norm_name))
            rep.score("tasks.support").add(_set_score(gt["support"], pt["support"], norm_name))
            lead_ok = {norm_name(x) for x in gt["lead"]} == {norm_name(x) for x in pt["lead"]}
            rep.acc("tasks.lead_exact").add(lead_ok)
            gd, pd = gt["deadline"], pt["deadline"]
            rep.acc("tasks.deadline_kind").add(gd["kind"] == pd["kind"])
            rep.acc("tasks.deadline_end").add(gd.get("end") == pd.get("end"))
            gdl, pdl = gt.get("deliverable"), pt.get("deliverable")
            rep.acc("tasks.deliverable").add((not gdl and not pdl) or (bool(gdl) and bool(pdl)
                                               and similarity(gdl, pdl) >= 0.8))
            if not lead_ok or gd["kind"] != pd["kind"]:
                rep.misses.append({"seed": seed, "kind": "task.field", "id": gt["id"],
                                   "lead_gold": gt["lead"], "lead_pred": pt["lead"],
                                   "deadline_gold": gd["kind"], "deadline_pred": pd["kind"],
                                   "raw": gt.get("deadline_raw")})


def _ref_symbol(key: str) -> str:
    return norm_key(key.split("@")[0])


def _eval_references(gold: dict[str, Any], pred: Extraction, rep: Report, seed: str | None) -> None:
    grefs = gold.get("references", [])
    prefs = [r.model_dump() for r in pred.references]
    gk = {norm_key(r["key"]): r for r in grefs}
    pk = {norm_key(r["key"]): r for r in prefs}
    rep.score("references").add(Score(tp=len(gk.keys() & pk.keys()), fp=len(pk.keys() - gk.keys()),
                                      fn=len(gk.keys() - pk.keys())))
    for k in gk.keys() - pk.keys():
        rep.misses.append({"seed": seed, "kind": "reference.missed", "key": gk[k]["key"]})
    for k in pk.keys() - gk.keys():
        rep.misses.append({"seed": seed, "kind": "reference.spurious", "key": pk[k]["key"]})
    for k in gk.keys() & pk.keys():
        ok = gk[k]["relation"] == pk[k]["relation"]
        rep.acc("references.relation").add(ok)
        rep.acc("references.date").add(gk[k].get("date") == pk[k].get("date"))
        if not ok:
            rep.misses.append({"seed": seed, "kind": "reference.relation", "key": gk[k]["key"],
                               "gold": gk[k]["relation"], "pred": pk[k]["relation"]})
    gi = {k for k, r in gk.items() if r["relation"] == "implements"}
    pi = {k for k, r in pk.items() if r["relation"] == "implements"}
    rep.score("references.implements").add(Score(tp=len(gi & pi), fp=len(pi - gi), fn=len(gi - pi)))

    def chain_key(c: dict[str, Any]) -> tuple[str, str, str]:
        return (_ref_symbol(c["from"]), _ref_symbol(c["to"]), c["relation"])

    gc = {chain_key(c) for c in gold.get("chains", [])}
    pc = {chain_key(c.model_dump(by_alias=True)) for c in pred.chains}
    rep.score("chains").add(Score(tp=len(gc & pc), fp=len(pc - gc), fn=len(gc - pc)))
    for c in gc - pc:
        rep.misses.append({"seed": seed, "kind": "chain.missed", "chain": c})
    for c in pc - gc:
        rep.misses.append({"seed": seed, "kind": "chain.spurious", "chain": c})


def _eval_indicators(gold_ind: list[dict], pred: Extraction, rep: Report, seed: str | None) -> None:
    p = [i.model_dump() for i in pred.indicators]
    m = match(gold_ind, p, lambda i: i["text"], INDICATOR_MATCH_MIN)
    rep.score("indicators").add(Score(tp=len(m), fp=len(p) - len(m), fn=len(gold_ind) - len(m)))
    mg = {gi for gi, _, _ in m}
    mp = {pi for _, pi, _ in m}
    for gi, i in enumerate(gold_ind):
        if gi not in mg:
            rep.misses.append({"seed": seed, "kind": "indicator.missed", "text": i["text"][:100]})
    for pi, i in enumerate(p):
        if pi not in mp:
            rep.misses.append({"seed": seed, "kind": "indicator.spurious", "text": i["text"][:100]})
    for gi, pi, _ in m:
        g, q = gold_ind[gi], p[pi]
        rep.acc("indicators.footnote").add(g.get("footnote") == q.get("footnote"))
        if g.get("footnote"):
            rep.score("indicators.sources").add(_set_score(g.get("sources", []), q.get("sources", []), norm_name))
        gv = [(v["value"], v.get("max"), v.get("comparator")) for v in g.get("values", [])]
        qv = [(v["value"], v.get("max"), v.get("comparator")) for v in q.get("values", [])]
        rep.acc("indicators.values").add(_num_list(gv) == _num_list(qv))
        rep.acc("indicators.target_year").add(g.get("target_year") == q.get("target_year"))
        rep.acc("indicators.task_id").add(g.get("task_id") == q.get("task_id"))


def _num_list(vals: list[tuple[Any, Any, Any]]) -> list[tuple[Any, Any, Any]]:
    def f(x: Any) -> Any:
        return float(x) if isinstance(x, (int, float)) else x
    return [(f(a), f(b), c) for a, b, c in vals]


def _eval_document(gdoc: dict[str, Any], pred: Extraction, rep: Report) -> None:
    pdoc = pred.document.model_dump()
    for k in ("doc_type", "number", "symbol_template", "jurisdiction", "date", "year", "draft", "signer"):
        if k in gdoc:
            a, b = gdoc[k], pdoc.get(k)
            same = (norm_name(a) == norm_name(b)) if isinstance(a, str) and isinstance(b, str) else a == b
            rep.acc(f"document.{k}").add(same)
    if gdoc.get("title"):
        rep.acc("document.title").add(bool(pdoc.get("title")) and similarity(gdoc["title"], pdoc["title"]) >= 0.9)
    if gdoc.get("issuer"):
        rep.acc("document.issuer").add(bool(pdoc.get("issuer")) and norm_name(gdoc["issuer"]) == norm_name(pdoc["issuer"]))


def find_source(corpus_dir: Path, stem: str, fmt: str) -> Path | None:
    """The seed's file in `fmt`; with fmt "auto", the first of .txt, .md, .docx, .pdf that exists."""
    for f in (("txt", "md", "docx", "pdf") if fmt == "auto" else (fmt,)):
        p = corpus_dir / f"{stem}.{f}"
        if p.exists():
            return p
    return None


def evaluate_dir(gold_dir: Path, corpus_dir: Path, fmt: str = "txt",
                 extract: Callable[[Path], Extraction] | None = None) -> tuple[Report, dict[str, Report]]:
    """Evaluate every gold file whose seed exists in corpus_dir in the given format."""
    if extract is None:
        from extractors.extract import extract_file as extract
    total = Report()
    per_doc: dict[str, Report] = {}
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        stem = gold.get("seed") or gpath.stem
        src = find_source(corpus_dir, stem, fmt)
        if src is None:
            continue
        r = evaluate_one(gold, extract(src))
        per_doc[stem] = r
        total.merge(r)
    return total, per_doc


# The acceptance thresholds of issue 3 (field -> minimum F1 or accuracy)
THRESHOLDS: dict[str, float] = {
    "tasks.appendix": 0.97,
    "tasks.body": 0.85,
    "tasks.lead": 0.92,
    "tasks.deadline_kind": 0.97,
    "references": 0.97,
    "references.implements": 1.0,
    "indicators": 0.90,
    "indicators.sources": 0.95,
}


def headline(report: Report) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in THRESHOLDS:
        if k in report.scores:
            out[k] = report.scores[k].f1
        elif k in report.accuracies:
            out[k] = report.accuracies[k].value
    return out
