"""Graph benchmark on both stores in one run: write throughput and implementers-query latency.

    .venv/bin/python benchmarks/bench_graph.py [--plans 10000] [--at 0,1000,5000] [--window 200]
        [--stores ladybug,neo4j] [--neo4j bolt://127.0.0.1:7687] [--repeat 30]

Synthetic plans (benchmarks/gen_graph.py) are written one `write_extraction` each (one transaction per plan,
as the ingest does; every statement is an `UNWIND $rows` batch, graph/schema/writes.cypher) into a fresh
embedded store and into Neo4j (the database at --neo4j / NEO4J_URI is WIPED: use `make neo4j-up`). Write
throughput (plans/s) is measured over `--window` plans starting when the store holds each `--at` size; then
`queries.run.implementers` (transitive) is timed on the three most-implemented national instruments of the
full graph. Prints one JSON line per store and the ratio Neo4j / Ladybug.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.gen_graph import generate  # noqa: E402
from graph.store import Store, open_store  # noqa: E402
from graph.writer import write_extraction  # noqa: E402
from queries.run import implementers  # noqa: E402


def bench_store(store: Store, generated: list, at: list[int], window: int, repeat: int) -> dict[str, Any]:
    rates: dict[str, float] = {}
    t_all = time.perf_counter()
    i = 0
    marks = sorted(a for a in at if a < len(generated))
    for n, (file, sha, ex) in enumerate(generated):
        if i < len(marks) and n == marks[i]:
            t0, start = time.perf_counter(), n
        write_extraction(store, ex, file=file, sha256=sha)
        if i < len(marks) and n + 1 == min(marks[i] + window, len(generated)):
            rates[str(marks[i])] = round((n + 1 - start) / (time.perf_counter() - t0), 1)
            i += 1
        if (n + 1) % 1000 == 0:
            print(f"  {store.kind}: {n + 1} plans, {time.perf_counter() - t_all:.1f} s", file=sys.stderr, flush=True)
    t_write = time.perf_counter() - t_all
    counts = store.counts()
    top = store.execute("MATCH (p:Plan)-[:IMPLEMENTS]->(i:Instrument)-[:IMPLEMENTS]->(t:Instrument) "
                        "RETURN t.key AS key, count(DISTINCT p) AS n ORDER BY n DESC, key LIMIT 3")
    lat: list[float] = []
    rows = 0
    for t in top:  # warm-up (query plans compiled, caches filled)
        implementers(store, t["key"])
    for _ in range(repeat):
        for t in top:
            s = time.perf_counter()
            res = implementers(store, t["key"])
            lat.append(time.perf_counter() - s)
            rows = max(rows, len(res.rows))
    return {"store": store.kind, "plans": len(generated), "nodes": counts["nodes"],
            "relationships": counts["relationships"], "write_s": round(t_write, 1),
            "plans_per_s_at": rates, "plans_per_s_overall": round(len(generated) / t_write, 1),
            "implementers_p50_ms": round(1000 * statistics.median(lat), 1),
            "implementers_p90_ms": round(1000 * statistics.quantiles(lat, n=10)[-1], 1),
            "implementers_rows": rows, "targets": [t["key"] for t in top]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=10_000)
    ap.add_argument("--at", default="0,1000,5000", help="store sizes at which write throughput is measured")
    ap.add_argument("--window", type=int, default=200, help="plans per throughput measurement")
    ap.add_argument("--stores", default="ladybug,neo4j")
    ap.add_argument("--neo4j", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    ap.add_argument("--repeat", type=int, default=30)
    a = ap.parse_args()
    generated = list(generate(a.plans))
    at = [int(x) for x in a.at.split(",") if x]
    results = {}
    for kind in a.stores.split(","):
        if kind == "ladybug":
            tmp = Path(tempfile.mkdtemp(prefix="plangraph-bench-"))
            store = open_store(tmp / "store")
        else:
            store = open_store(a.neo4j)
            store.execute("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        try:
            results[kind] = bench_store(store, generated, at, a.window, a.repeat)
        finally:
            store.close()
            if kind == "ladybug":
                shutil.rmtree(tmp, ignore_errors=True)
        print(json.dumps(results[kind], ensure_ascii=False), flush=True)
    if {"ladybug", "neo4j"} <= set(results):
        lb, nj = results["ladybug"], results["neo4j"]
        ratio = {f"plans_per_s_at_{k}": round(nj["plans_per_s_at"][k] / v, 2)
                 for k, v in lb["plans_per_s_at"].items() if k in nj["plans_per_s_at"]}
        ratio["implementers_p50"] = round(nj["implementers_p50_ms"] / lb["implementers_p50_ms"], 2)
        ratio["implementers_p90"] = round(nj["implementers_p90_ms"] / lb["implementers_p90_ms"], 2)
        print(json.dumps({"ratio_neo4j_over_ladybug": ratio}))


if __name__ == "__main__":
    main()
