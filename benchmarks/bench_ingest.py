"""Ingestion benchmark: documents/s and pages/s, incremental re-run, threads vs Dask, peak memory.

    .venv/bin/python benchmarks/bench_ingest.py [--n 1002] [--workers 2] [--work DIR] [--skip-dask]

1. builds (once) a synthetic corpus of N documents in .txt/.docx/.pdf (`gen_corpus.py`);
2. cold ingest, threads runner: fresh store, fresh PREFECT_HOME (no cached results);
3. second ingest of the unchanged corpus into the same store (goal: <= 5% of the cold time);
4. ingest into a fresh store with the Prefect result cache warm (extraction skipped by content hash);
5. cold ingest, Dask runner (LocalCluster, N worker processes): fresh store, fresh PREFECT_HOME.
Each run is `plangraph ingest --format json` in a subprocess; peak memory is the largest summed RSS of
the process tree (CLI, Prefect's ephemeral server, Dask workers), sampled every 0.2 s.
Figures go to stdout (a Markdown table) and to `benchmarks/results_ingest.json`. Figures, not tests.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import PREFECT_QUIET_ENV  # noqa: E402

PLANGRAPH = Path(sys.executable).parent / "plangraph"


def run_measured(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(PLANGRAPH), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"plangraph {' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    summary = json.loads(out)
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(peak / 2**20), "summary": summary,
            "stderr_lines": len([ln for ln in err.splitlines() if ln.strip()])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1002)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/plangraph-bench"))
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results_ingest.json")
    a = ap.parse_args(argv)

    corpus = a.work / f"corpus-{a.n}"
    if not corpus.exists() or len(list(corpus.iterdir())) < a.n:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(corpus), "--n", str(a.n)],
                       check=True)
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    by_fmt = {f: sum(1 for p in files if p.suffix == f".{f}") for f in ("txt", "docx", "pdf")}

    def env_for(home: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PREFECT_API_URL", None)
        env.update(PREFECT_QUIET_ENV)
        env["PREFECT_HOME"] = str(home)
        return env

    def fresh(name: str) -> Path:
        p = a.work / name
        shutil.rmtree(p, ignore_errors=True)
        return p

    results: dict[str, Any] = {"n_docs": len(files), "formats": by_fmt, "workers": a.workers,
                               "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}
    common = ["ingest", str(corpus), "--format", "json", "--workers", str(a.workers)]

    home = fresh("prefect-threads")
    store = fresh("store-threads")
    print("cold ingest (threads)…", flush=True)
    results["cold_threads"] = run_measured([*common, "--store", str(store)], env_for(home))
    print("second ingest, unchanged corpus…", flush=True)
    results["rerun_unchanged"] = run_measured([*common, "--store", str(store)], env_for(home))
    print("fresh store, warm result cache…", flush=True)
    results["warm_cache_fresh_store"] = run_measured([*common, "--store", str(fresh("store-warm"))],
                                                     env_for(home))
    if not a.skip_dask:
        print("cold ingest (dask)…", flush=True)
        results["cold_dask"] = run_measured([*common, "--store", str(fresh("store-dask")), "--runner", "dask"],
                                            env_for(fresh("prefect-dask")))

    cold = results["cold_threads"]
    s = cold["summary"]
    docs_ok = s["new"] + s["changed"]
    results["figures"] = {
        "docs_per_s": round(docs_ok / cold["wall_s"], 2),
        "pages_per_s": round(s["pages"] / cold["wall_s"], 2),
        # per format: documents and pages per second of task time (load + extract + validate, one core)
        "task_rate_by_format": {k: {"docs_per_task_s": round(v["docs"] / v["seconds"], 2) if v["seconds"] else None,
                                    "pages_per_task_s": (round(v["pages"] / v["seconds"], 2)
                                                         if v["seconds"] and v["pages"] else None)}
                                for k, v in s.get("by_format", {}).items()},
        "pdf_pages": s["pages"],
        "rerun_fraction": round(results["rerun_unchanged"]["wall_s"] / cold["wall_s"], 4),
        "warm_cache_fraction": round(results["warm_cache_fresh_store"]["wall_s"] / cold["wall_s"], 4),
    }
    if "cold_dask" in results:
        d = results["cold_dask"]
        results["figures"]["dask_docs_per_s"] = round((d["summary"]["new"] + d["summary"]["changed"]) / d["wall_s"], 2)
        results["figures"]["same_graph_threads_dask"] = d["summary"]["graph"] == s["graph"]

    a.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    print(markdown(results))
    return 0


def markdown(r: dict[str, Any]) -> str:
    f = r["figures"]
    rows = [("run", "wall s", "docs new/unchanged/failed", "peak RSS MB")]
    for key, label in (("cold_threads", "cold, threads"), ("rerun_unchanged", "re-run, unchanged corpus"),
                       ("warm_cache_fresh_store", "fresh store, warm cache"), ("cold_dask", "cold, Dask")):
        if key in r:
            x = r[key]
            s = x["summary"]
            rows.append((label, f"{x['wall_s']:.1f}", f"{s['new']}/{s['unchanged']}/{s['failed']}",
                         str(x["peak_rss_mb"])))
    lines = [f"{r['n_docs']} documents ({', '.join(f'{v} {k}' for k, v in r['formats'].items())}), "
             f"{f['pdf_pages']} PDF pages, {r['workers']} workers, {r['machine']['cpus']} CPUs", ""]
    lines += ["| " + " | ".join(row) + " |" for row in rows[:1]]
    lines.append("|" + " --- |" * len(rows[0]))
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    lines += ["", f"- documents/s (cold, threads, wall): {f['docs_per_s']}; PDF pages per wall second: "
                  f"{f['pages_per_s']}",
              "- per format, per second of task time: " + "; ".join(
                  f"{k} {v['docs_per_task_s']} docs/s" + (f", {v['pages_per_task_s']} pages/s" if v["pages_per_task_s"]
                                                         else "")
                  for k, v in f["task_rate_by_format"].items()),
              f"- second ingest of the unchanged corpus: {f['rerun_fraction']:.1%} of the cold run",
              f"- fresh store with a warm result cache: {f['warm_cache_fraction']:.1%} of the cold run"]
    if "dask_docs_per_s" in f:
        lines.append(f"- Dask: {f['dask_docs_per_s']} documents/s; same graph as threads: "
                     f"{f['same_graph_threads_dask']}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
