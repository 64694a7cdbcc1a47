"""Duplicate detection on synthetic task sets: time, CPU time and peak memory at 10k … 100k tasks.

Two generators (`--kind`):
- `varied` (default): tasks are corpus sentences (numbering stripped), half of them spliced from two sentences
  at a clause boundary, with ~35 % of their syllable-words replaced by words of the plan's topic vocabulary
  (each province draws 3,000 words from underthesea's Viet74K word list, each plan 150 of its province's),
  cut to 12–40 words, a boilerplate prefix now and then. n/50 plans in 34 provinces. Same administrative
  phrasing as real plans, but a vocabulary that grows with the collection, as real plans of many provinces
  and sectors do.
- `markov`: the previous generator, a word-bigram Markov chain over the corpus (every text drawn from the same
  few thousand bigrams: the worst case for blocking); n/100 plans.
In both, 5 % of the tasks are planted near-duplicates of an earlier task (a boilerplate prefix added, the last
15 % cut, a word doubled, a middle stretch dropped, a word dropped and a prefix added — `varied` only for the last two), in the same plan or another plan of the same province —
the detector should find them.

Each size runs in its own process so the peak resident memory (ru_maxrss) is that size's alone.

    .venv/bin/python benchmarks/bench_duplicates.py                         # varied, 10k, 30k, 100k
    .venv/bin/python benchmarks/bench_duplicates.py --sizes 10000 --kind markov
Writes benchmarks/out/duplicates[_markov].json and prints a Markdown table for RESULTS.md.
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
    plans = [PlanRecord(plan_id=f"p{i:05d}", jurisdiction=PROVINCES[i % len(PROVINCES)], has_appendix=True,
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


def _corpus_sentences() -> list[list[str]]:
    out = []
    for f in sorted(CORPUS.glob("*.txt")):
        for line in f.read_text("utf-8").splitlines():
            words = re.sub(r"^[\s\-+•]*(?:[0-9IVX]+[.)]|[a-zđ]\))*\s*", "", line).split()
            if len(words) >= 8:
                out.append(words)
    return out


def _vocabulary() -> list[str]:
    import underthesea
    f = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    words = [w.strip() for w in f.read_text("utf-8").splitlines()]
    return sorted({w for w in words if 2 <= len(w.split()) <= 3 and w.islower() and not any(c.isdigit() for c in w)})


def _plant(rng: random.Random, src_text: str) -> str:
    words = src_text.split()
    op = rng.randrange(5)
    if op == 4 and len(words) > 14:  # a word dropped and a boilerplate prefix added: each text has words the
        del words[rng.randrange(1, len(words))]  # other lacks (the "similar" rule, not "nested")
        return rng.choice(PREFIXES[:3]) + words[0].lower() + " " + " ".join(words[1:])
    if op == 0:
        return rng.choice(PREFIXES[:3]) + src_text[0].lower() + src_text[1:]
    if op == 1 and len(words) > 12:
        return " ".join(words[: int(len(words) * 0.85)])
    if op == 3 and len(words) > 16:
        k = rng.randrange(3, len(words) - 6)
        return " ".join(words[:k] + words[k + max(2, len(words) // 10):])
    k = rng.randrange(len(words))
    words[k] = words[k] + " " + words[k]
    return " ".join(words)


def synthetic_varied(n: int, seed: int = 7):
    from pipeline.analysis.records import PlanRecord, TaskRecord

    rng = random.Random(seed)
    sentences = _corpus_sentences()
    vocab = _vocabulary()
    n_plans = max(1, n // 50)
    plans = [PlanRecord(plan_id=f"p{i:05d}", jurisdiction=PROVINCES[i % len(PROVINCES)], has_appendix=True,
                        implements=["x"], implements_resolved=["x"]) for i in range(n_plans)]
    prov_vocab = {p: rng.sample(vocab, 3000) for p in PROVINCES}
    topic = [rng.sample(prov_vocab[p.jurisdiction], 150) for p in plans]
    by_province: dict[str, list[int]] = {}
    for i, p in enumerate(plans):
        by_province.setdefault(p.jurisdiction, []).append(i)

    def write(pi: int) -> str:
        words = list(rng.choice(sentences))
        if rng.random() < 0.5:  # splice with another sentence at a clause boundary
            other = rng.choice(sentences)
            cut = [k for k, w in enumerate(words[:-3]) if w.endswith((",", ";")) or w == "và"]
            cut2 = [k for k, w in enumerate(other[:-3]) if w.endswith((",", ";")) or w == "và"]
            if cut and cut2:
                words = words[: rng.choice(cut) + 1] + other[rng.choice(cut2) + 1:]
        start = rng.randrange(0, max(1, len(words) - 12)) if rng.random() < 0.3 else 0
        words = words[start: start + rng.randrange(12, 40)]
        out = []
        for w in words:
            if rng.random() < 0.35 and w.isalpha():
                out.append(rng.choice(topic[pi]) if rng.random() < 0.8 else rng.choice(vocab))
            else:
                out.append(w)
        text = " ".join(out)
        if rng.random() < 0.15:
            text = rng.choice(PREFIXES[:3]) + text[0].lower() + text[1:]
        return text[0].upper() + text[1:]

    tasks: list[TaskRecord] = []
    planted: list[tuple[str, str]] = []
    for i in range(n):
        if i > 10 and rng.random() < 0.05:
            src = tasks[rng.randrange(len(tasks))]
            j = int(src.plan_id[1:])
            pid = src.plan_id if rng.random() < 0.5 else plans[rng.choice(by_province[plans[j].jurisdiction])].plan_id
            text = _plant(rng, src.text)
            planted.append((src.key, f"{pid}#{i}"))
        else:
            pi = rng.randrange(n_plans)
            pid, text = plans[pi].plan_id, write(pi)
        tasks.append(TaskRecord(plan_id=pid, task_id=str(i), text=text, lead=["Sở Khoa học và Công nghệ"],
                                deadline_kind="none"))
    return plans, tasks, planted


ABLATIONS: dict[str, dict] = {
    "all on (default)": {},
    "no windows (window=0)": {"window": 0},
    "no syllable prefilter": {"prefilter_margin": 1.0},
    "all-common texts not also blocked whole (min_rare_shingles=1)": {"min_rare_shingles": 1},
    "no common-bigram cut, bucket cap 500": {"common_shingle_df": 10**9},
    "no common-bigram cut, no bucket cap": {"common_shingle_df": 10**9, "max_bucket": 10**9},
    "global blocking (--any-jurisdiction)": {"same_jurisdiction": False},
}


def run_one(n: int, kind: str, any_jurisdiction: bool = False, settings: dict | None = None) -> dict:
    from pipeline.analysis import duplicates as d

    plans, tasks, planted = (synthetic_varied if kind == "varied" else synthetic)(n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    res = d.detect_duplicates(tasks, plans, {"same_jurisdiction": not any_jurisdiction, **(settings or {})})
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    linked = {(p.a, p.b) for p in res.pairs} | {(p.b, p.a) for p in res.pairs}
    cluster_of = {m.key: c.id for c in res.clusters for m in c.members}
    found = sum(1 for a, b in planted if (a, b) in linked)
    in_cluster = sum(1 for a, b in planted if a in cluster_of and cluster_of.get(a) == cluster_of.get(b))
    # a plant of a plant, or two plants of one source, are duplicates too: families of planted pairs
    root: dict[str, str] = {}

    def find(x: str) -> str:
        while root.get(x, x) != x:
            x = root[x]
        return x
    for a_, b_ in planted:
        root[find(b_)] = find(a_)
    other = sum(1 for p in res.pairs if p.rule != "identical" and find(p.a) != find(p.b))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"tasks": n, "kind": kind + ("+any-jurisdiction" if any_jurisdiction else ""),
            "rss_before_detection_mb": round(rss_before), "planted_near_duplicates": len(planted), "planted_found": found,
            "planted_same_cluster": in_cluster, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(rss_mb), "candidate_pairs": res.n_candidates,
            "segmented_texts": res.stats.get("segmented", 0), "pairs": len(res.pairs),
            "pairs_outside_planted_families": other, "clusters": len(res.clusters), "stats": res.stats}


def ablation(n: int, kind: str) -> None:
    rows = []
    for name, st in ABLATIONS.items():
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--kind", kind, "--settings", json.dumps(st)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["variant"], r["settings"] = name, st
        rows.append(r)
        print(json.dumps(r), flush=True)
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"duplicates_ablation_{kind}_{n}.json").write_text(json.dumps(rows, indent=1))
    print(f"\n{n:,} {kind} tasks\n")
    print("| variant | CPU (s) | peak RSS (MB) | LSH unit pairs | skipped buckets (pairs) | candidate pairs "
          "| scored | texts segmented | planted found | pairs outside planted families |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        st = r["stats"]
        print(f"| {r['variant']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | {st.get('lsh_pairs', 0):,} | "
              f"{st.get('lsh_skipped_buckets', 0):,} ({st.get('lsh_skipped_pairs', 0):,}) | {r['candidate_pairs']:,} | "
              f"{st.get('scored', 0):,} | {r['segmented_texts']:,} | {r['planted_found']:,} / "
              f"{r['planted_near_duplicates']:,} | {r['pairs_outside_planted_families']:,} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--kind", choices=["varied", "markov"], default="varied")
    ap.add_argument("--any-jurisdiction", action="store_true", help="block globally (pairs across provinces)")
    ap.add_argument("--ablation", type=int, metavar="N", help="one size, each step switched off in turn")
    ap.add_argument("--settings", default="{}", help=argparse.SUPPRESS)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.kind, a.any_jurisdiction, json.loads(a.settings))))
        return
    if a.ablation:
        ablation(a.ablation, a.kind)
        return
    results = []
    for n in [int(x) for x in a.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--kind", a.kind]
                             + (["--any-jurisdiction"] if a.any_jurisdiction else []), capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(json.dumps(r), flush=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": __import__("os").cpu_count()}
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    name = "duplicates" + ("" if a.kind == "varied" else f"_{a.kind}") + ("_any" if a.any_jurisdiction else "")
    name += ".json"
    (out_dir / name).write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    base = results[0]
    print("\n| tasks | wall (s) | CPU (s) | peak RSS (MB) | RSS before (MB) | candidate pairs | scored | texts segmented | pairs found "
          "| planted found | CPU growth |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['tasks']:,} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | "
              f"{r['rss_before_detection_mb']} | {r['candidate_pairs']:,} | "
              f"{r['stats'].get('scored', 0):,} | {r['segmented_texts']:,} | {r['pairs']:,} | "
              f"{r['planted_found']:,} / {r['planted_near_duplicates']:,} | "
              f"{r['cpu_seconds'] / base['cpu_seconds']:.1f}× for {r['tasks'] / base['tasks']:.0f}× tasks |")


if __name__ == "__main__":
    main()
