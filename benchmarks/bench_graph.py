"""Graph benchmark: write throughput and implementers-query latency on a synthetic graph.

    .venv/bin/python benchmarks/bench_graph.py [--plans 10000] [--store DIR] [--keep]

Writes `--plans` synthetic plans (benchmarks/gen_graph.py) one `write_extraction` each (one transaction per
plan, as the ingest does) into a fresh embedded store, then times `queries.run.implementers` (transitive)
on the most-implemented national instruments. Prints a JSON line of figures.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.gen_graph import generate  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.writer import write_extraction  # noqa: E402
from queries.run import implementers  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=10_000)
    ap.add_argument("--store", default=None)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    path = Path(a.store or tempfile.mkdtemp(prefix="plangraph-bench-")) / "store"
    shutil.rmtree(path, ignore_errors=True)
    store = open_store(path)
    t0 = time.perf_counter()
    written = 0
    generated = list(generate(a.plans))
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, (file, sha, ex) in enumerate(generated):
        r = write_extraction(store, ex, file=file, sha256=sha)
        written += r.counts["nodes"] + r.counts["relationships"]
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} plans, {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    t_write = time.perf_counter() - t0
    counts = store.counts()
    t0 = time.perf_counter()
    for file, sha, ex in generated[:500]:
        write_extraction(store, ex, file=file, sha256=sha)
    t_unchanged = (time.perf_counter() - t0) / min(500, len(generated))
    top = store.execute("MATCH (p:Plan)-[:IMPLEMENTS]->(i:Instrument)-[:IMPLEMENTS]->(t:Instrument) "
                        "RETURN t.key AS key, count(DISTINCT p) AS n ORDER BY n DESC LIMIT 3")
    lat: list[float] = []
    rows = 0
    for _ in range(a.repeat):
        for t in top:
            s = time.perf_counter()
            res = implementers(store, t["key"])
            lat.append(time.perf_counter() - s)
            rows = max(rows, len(res.rows))
    store.close()
    out = {"plans": a.plans, "nodes": counts["nodes"], "relationships": counts["relationships"],
           "generate_s": round(t_gen, 1), "write_s": round(t_write, 1),
           "write_elements_per_s": round(written / t_write), "write_ms_per_plan": round(1000 * t_write / a.plans, 2),
           "unchanged_ms_per_plan": round(1000 * t_unchanged, 2),
           "implementers_p50_ms": round(1000 * statistics.median(lat), 1),
           "implementers_p90_ms": round(1000 * statistics.quantiles(lat, n=10)[-1], 1),
           "implementers_rows": rows, "targets": [t["key"] for t in top]}
    print(json.dumps(out))
    if not a.keep:
        shutil.rmtree(path.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
