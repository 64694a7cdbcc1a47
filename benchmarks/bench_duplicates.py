"""Duplicate detection on synthetic task sets: time and peak memory at 10k … 100k tasks.

Synthetic tasks are made from the corpus: a word-bigram Markov chain trained on the corpus sentences writes
task texts of 12-40 words that read like plan tasks (same vocabulary, same administrative phrasing) without
being copies; each names one of n/100 plans in 34 provinces. 5% of the tasks are
planted near-duplicates of another task (a boilerplate prefix added or removed, a clause dropped, a word
swapped), within or across plans of one province — the detector should find them.

Each size runs in its own process so the peak resident memory (ru_maxrss) is that size's alone.

    .venv/bin/python benchmarks/bench_duplicates.py                  # 10k, 20k, 50k, 100k
    .venv/bin/python benchmarks/bench_duplicates.py --sizes 10000    # one size
Writes benchmarks/out/duplicates.json and prints a Markdown table for RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "data" / "gold"
CORPUS = ROOT / "corpus"
PROVINCES = ["Hải Phòng", "Hưng Yên", "Hồ Chí Minh", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Nghệ An",
             "Thanh Hóa", "Quảng Ninh", "Ninh Bình", "Lào Cai", "Phú Thọ", "Bắc Ninh", "Thái Nguyên", "Gia Lai",
             "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
             "An Giang", "Quảng Trị", "Quảng Ngãi", "Hà Tĩnh", "Sơn La", "Lai Châu", "Điện Biên", "Lạng Sơn",
             "Cao Bằng", "Tuyên Quang"]
PREFIXES = ["Tiếp tục ", "Triển khai thực hiện có hiệu quả ", "Chủ động ", ""]


def synthetic(n: int, seed: int = 7):
    from pipeline.analysis.records import PlanRecord, TaskRecord

    rng = random.Random(seed)
    chain: dict[str, list[str]] = {}
    starts: list[str] = []
    for f in sorted(CORPUS.glob("*.txt")):
        for line in f.read_text("utf-8").splitlines():
            words = re.sub(r"^[\s\-+•]*(?:[0-9IVX]+[.)]|[a-zđ]\))*\s*", "", line).split()
            if len(words) < 8:
                continue
            starts.append(words[0])
            for a, b in zip(words, words[1:]):
                chain.setdefault(a, []).append(b)

    def walk() -> str:
        w = rng.choice(starts)
        out = [w]
        for _ in range(rng.randrange(12, 40)):
            nxt = chain.get(w)
            if not nxt:
                break
            w = rng.choice(nxt)
            out.append(w)
        return " ".join(out)
    plans = [PlanRecord(plan_id=f"p{i:04d}", jurisdiction=PROVINCES[i % len(PROVINCES)], has_appendix=True,
                        implements=["x"], implements_resolved=["x"]) for i in range(max(1, n // 100))]
    tasks: list[TaskRecord] = []
    planted: list[tuple[str, str]] = []
    for i in range(n):
        if i > 10 and rng.random() < 0.05:  # a near-duplicate of an earlier task, same province
            src = tasks[rng.randrange(len(tasks))]
            words = src.text.split()
            op = rng.randrange(3)
            if op == 0:
                text = rng.choice(PREFIXES[:3]) + src.text[0].lower() + src.text[1:]
            elif op == 1 and len(words) > 12:
                text = " ".join(words[: int(len(words) * 0.85)])
            else:
                k = rng.randrange(len(words))
                words[k] = words[k] + " " + words[k]
                text = " ".join(words)
            j = int(src.plan_id[1:])
            same_province = j + len(PROVINCES) if j + len(PROVINCES) < len(plans) else j % len(PROVINCES)
            pid = src.plan_id if rng.random() < 0.5 else plans[same_province].plan_id
            planted.append((src.key, f"{pid}#{i}"))
        else:
            text = walk()
            pid = plans[rng.randrange(len(plans))].plan_id
        tasks.append(TaskRecord(plan_id=pid, task_id=str(i), text=text, lead=["Sở Khoa học và Công nghệ"],
                                deadline_kind="none"))
    return plans, tasks, planted


def run_one(n: int) -> dict:
    from pipeline.analysis import duplicates as d
    from pipeline.analysis import textsim

    plans, tasks, planted = synthetic(n)
    # count the expensive step: word segmentation of texts that reach scoring
    calls = {"segment": 0}
    orig = textsim.segment

    def counting(text, bp=None):
        calls["segment"] += 1
        return orig(text, bp)

    textsim.segment = counting
    t0 = time.perf_counter()
    res = d.detect_duplicates(tasks, plans)
    wall = time.perf_counter() - t0
    cluster_of = {m.key: c.id for c in res.clusters for m in c.members}
    found = sum(1 for a, b in planted if a in cluster_of and cluster_of.get(a) == cluster_of.get(b))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"tasks": n, "planted_near_duplicates": len(planted), "planted_found": found, "seconds": round(wall, 2), "peak_rss_mb": round(rss_mb),
            "candidate_pairs": res.n_candidates, "segmented_texts": calls["segment"], "pairs": len(res.pairs),
            "clusters": len(res.clusters)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,20000,50000,100000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one)))
        return
    results = []
    for n in [int(x) for x in a.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(json.dumps(r), flush=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": __import__("os").cpu_count()}
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "duplicates.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    base = results[0]
    print("\n| tasks | time (s) | peak RSS (MB) | candidate pairs | texts segmented | pairs found | planted found | time ÷ first |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['tasks']:,} | {r['seconds']} | {r['peak_rss_mb']} | {r['candidate_pairs']:,} | "
              f"{r['segmented_texts']:,} | {r['pairs']:,} | {r['planted_found']:,} / {r['planted_near_duplicates']:,} | "
              f"{r['seconds'] / base['seconds']:.1f}× for {r['tasks'] / base['tasks']:.0f}× tasks |")


if __name__ == "__main__":
    main()
