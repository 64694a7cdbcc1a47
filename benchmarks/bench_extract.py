"""Time extraction per document and per stage (load, header, structure, references, table tasks, body tasks,
requests, indicators) on the corpus in every format; print a table and write benchmarks/out/extract.json.

Run: .venv/bin/python benchmarks/bench_extract.py [--repeat N] [CORPUS_DIR]
Figures are wall seconds on this machine; the first document pays the lazy model loads (underthesea),
reported separately as `warm-up`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any, Callable

from extractors.header import extract_header
from extractors.indicators import extract_indicators
from extractors.load import load
from extractors.references import extract_references
from extractors.structure import build_structure
from extractors.structure.checks import plan_kind
from extractors.requests import attach_requests
from extractors.tasks_body import extract_body_tasks
from extractors.tasks_table import extract_table_tasks

ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def run_one(path: Path) -> dict[str, float]:
    ir, t_load = timed(lambda: load(path))
    (header, _), t_header = timed(lambda: extract_header(ir))
    _, t_structure = timed(lambda: (build_structure(ir), plan_kind(ir, header)))
    (refs, _chains, _), t_refs = timed(lambda: extract_references(ir, header))
    (table, _), t_table = timed(lambda: extract_table_tasks(ir, header))
    (body, _), t_body = timed(lambda: extract_body_tasks(ir, header, table))
    tasks, t_req = timed(lambda: attach_requests(table + body))
    (_ind, _), t_ind = timed(lambda: extract_indicators(ir, header, refs, tasks))
    return {"load": t_load, "header": t_header, "structure": t_structure, "references": t_refs, "table_tasks": t_table,
            "body_tasks": t_body, "requests": t_req, "indicators": t_ind,
            "pages": ir.pages or 0, "blocks": len(ir.blocks), "tasks": len(tasks)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = sorted(p for p in Path(a.corpus).iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))
    _, warm = timed(lambda: run_one(files[0]))
    rows = []
    for f in files:
        runs = [run_one(f) for _ in range(a.repeat)]
        stages = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k not in ("pages", "blocks", "tasks")}
        rows.append({"file": f.name, **{k: round(v * 1000, 1) for k, v in stages.items()},
                     "total_ms": round(sum(stages.values()) * 1000, 1), "blocks": runs[0]["blocks"],
                     "tasks": runs[0]["tasks"]})
    by_fmt: dict[str, list[float]] = {}
    for r in rows:
        by_fmt.setdefault(Path(r["file"]).suffix, []).append(r["total_ms"])
    stages = [k for k in rows[0] if k.endswith("_ms") is False and k not in ("file", "blocks", "tasks")]
    print(f"warm-up (first document, lazy model loads): {warm:.2f} s")
    print("| file | " + " | ".join(f"{s} ms" for s in stages) + " | total ms | tasks |")
    print("|---|" + "---:|" * (len(stages) + 2))
    for r in rows:
        print(f"| {r['file']} | " + " | ".join(str(r[s]) for s in stages) + f" | {r['total_ms']} | {r['tasks']} |")
    for fmt, v in by_fmt.items():
        print(f"{fmt}: median {statistics.median(v):.0f} ms per document ({len(v)} documents)")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "extract.json").write_text(json.dumps({"warm_up_s": warm, "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
