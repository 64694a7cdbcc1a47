"""`make bench`: every benchmark next to its anchor in the same run, interleaved (A B A B …), medians and spread.

    .venv/bin/python benchmarks/run_all.py [--full] [--anchor-src DIR] [--no-write]

Quick mode (default, a few minutes on 2 busy cores): the seed corpus and a 15-document synthetic corpus.
`--full`: more rounds, a 200-document corpus for the re-ingest, and the graph query benchmark.
`--anchor-src DIR`: also run the start-up and re-ingest benchmarks on another source tree (an export of an
older commit, `git archive <commit> | tar -x -C DIR`), interleaved with this one.

| benchmark | measured | anchor |
| --- | --- | --- |
| start-up | `plangraph --help` | `python -c "import typer"` |
| PDF load | `extractors.load` on the corpus PDFs, pages per CPU-s | pypdfium2 raw page text of the same PDFs |
| text extraction | `extract` on the corpus .txt, pages per CPU-s (3,000 chars a page) | loading the same files |
| re-ingest | `plangraph ingest` after editing one file | the cold ingest of the same corpus |
| implementers query (`--full`) | `benchmarks/bench_graph.py` p50 / p90 | one-hop query, same store |

CPU time (user + system of the process and the children it waited for) is the comparable figure on a shared
machine; wall time is reported too. Results go to stdout (JSON) and replace the "make bench" section of
`benchmarks/RESULTS.md` (between its markers), leaving the other sections alone.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import fmt, pairs, run, summarise  # noqa: E402

PY = sys.executable
PLANGRAPH = str(Path(PY).parent / "plangraph")
BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"

_PDF_LOAD = """
import json, sys, time
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("*.pdf"))
mode = sys.argv[2]
if mode == "raw":
    import pypdfium2 as pdfium
else:
    from extractors.load import load
t0 = time.process_time(); pages = 0
for f in files:
    if mode == "raw":
        doc = pdfium.PdfDocument(str(f))
        for i in range(len(doc)):
            page = doc[i]; tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close(); pages += 1
        doc.close()
    else:
        pages += load(str(f)).pages or 0
print(json.dumps({"pages": pages, "cpu_s": time.process_time() - t0}))
"""

_TXT_EXTRACT = """
import json, sys, time
from pathlib import Path
from extractors.load import load
files = sorted(Path(sys.argv[1]).glob("*.txt"))
mode = sys.argv[2]
if mode == "extract":
    from extractors.extract import extract
    extract(load(str(files[0])))  # lazy models (underthesea) loaded before timing
t0 = time.process_time(); chars = 0
for f in files:
    ir = load(str(f))
    chars += len(f.read_text("utf-8"))
    if mode == "extract":
        extract(ir)
print(json.dumps({"pages": chars / 3000, "cpu_s": time.process_time() - t0}))
"""


def env_for(src: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(src))


def inner_rate(script: str, args: list[str], src: Path) -> Callable[[], dict[str, Any]]:
    """A run that reports its own (pages, CPU s) for the measured loop (interpreter start-up excluded)."""
    def go() -> dict[str, Any]:
        r = run([PY, "-c", script, *args], env_for(src))
        inner = json.loads(r["stdout"].strip().splitlines()[-1])
        r["inner"] = inner
        r["rate"] = inner["pages"] / inner["cpu_s"] if inner["cpu_s"] else float("inf")
        return r
    return go


def rates(res: dict[str, Any]) -> dict[str, float]:
    return summarise([r["rate"] for r in res["runs"]])


def bench_startup(repeat: int, anchor_src: Path | None) -> dict[str, Any]:
    v: dict[str, Callable[[], dict[str, Any]]] = {
        "plangraph --help": lambda: run([PLANGRAPH, "--help"], env_for(ROOT)),
        "anchor: import typer": lambda: run([PY, "-c", "import typer"], env_for(ROOT))}
    if anchor_src is not None:
        v["plangraph --help (anchor tree)"] = lambda: run([PLANGRAPH, "--help"], env_for(anchor_src))
    return pairs(v, repeat)


def bench_pdf(repeat: int) -> dict[str, Any]:
    corpus = str(ROOT / "corpus")
    return pairs({"extractors.load (PDF)": inner_rate(_PDF_LOAD, [corpus, "load"], ROOT),
                  "anchor: pypdfium2 raw text": inner_rate(_PDF_LOAD, [corpus, "raw"], ROOT)}, repeat)


def bench_txt(repeat: int) -> dict[str, Any]:
    corpus = str(ROOT / "corpus")
    return pairs({"extract (.txt)": inner_rate(_TXT_EXTRACT, [corpus, "extract"], ROOT),
                  "anchor: load only (.txt)": inner_rate(_TXT_EXTRACT, [corpus, "load"], ROOT)}, repeat)


def bench_reingest(n: int, repeat: int, anchor_src: Path | None, work: Path) -> dict[str, Any]:
    args = [PY, str(ROOT / "benchmarks" / "bench_reingest.py"), "--n", str(n), "--repeat", str(repeat),
            "--work", str(work)]
    if anchor_src is not None:
        args += ["--anchor-src", str(anchor_src)]
    r = run(args, env_for(ROOT))
    return json.loads(r["stdout"])


def bench_graph(repeat: int) -> dict[str, Any]:
    r = run([PY, str(ROOT / "benchmarks" / "bench_graph.py"), "--plans", "10000", "--repeat", str(repeat)],
            env_for(ROOT))
    return {"stdout": r["stdout"][-4000:], "cpu_s": r["cpu_s"], "wall_s": r["wall_s"]}


def _table(res: dict[str, Any], value: str = "cpu") -> list[str]:
    lines = ["| variant | CPU s, median (min–max) | wall s, median (min–max) | peak RSS MB "
             "| rate, median (min–max) |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, r in res.items():
        rate = fmt(rates(r), 1) if "rate" in r["runs"][0] else "—"
        lines.append(f"| {name} | {fmt(r['cpu_s'])} | {fmt(r['wall_s'])} | {r['peak_rss_mb']:.0f} | {rate} |")
    return lines


def markdown(out: dict[str, Any]) -> str:
    m = out["meta"]
    L = [BEGIN, "## make bench", "",
         f"`benchmarks/run_all.py{' --full' if m['full'] else ''}` ({m['date']}, {m['machine']}; load average "
         f"{m['load_before']} before, {m['load_after']} after). Every benchmark ran next to its anchor, "
         f"interleaved (A B A B …), {m['repeat']} rounds; medians with the spread (min–max). CPU s = user + "
         "system of the process and its waited-for children; rate = pages per CPU-s of the measured loop "
         "(interpreter start-up excluded).", ""]
    s = out["startup"]
    L += ["### Start-up (goal: `plangraph --help` < 0.25 s)", ""] + _table(s) + [""]
    L += ["### PDF load (goal: >= 100 pages per CPU-s overall, <= 8x the raw limit)", ""] + _table(out["pdf"])
    L += [""]
    L += ["### Text extraction (goal: >= 200 pages per CPU-s, 3,000 characters a page)", ""] + _table(out["txt"])
    L += [""]
    ri = out["reingest"]
    L += [f"### Re-ingest after editing one file ({ri['n']} documents; goal: <= 2 % of the cold run + fixed "
          "start-up)", "", "| variant | cold CPU s | cold wall s | edit: CPU s, median (min–max) | "
          "edit: wall s, median (min–max) | edit / cold (CPU) | analysis of the edit run |",
          "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, r in ri["edit_one_file"].items():
        cold = ri["cold"].get(name)
        ccpu = f"{cold['cpu_s']:.1f}" if cold else "(reused)"
        cwall = f"{cold['wall_s']:.1f}" if cold else "(reused)"
        share = f"{100 * r['cpu_s']['median'] / cold['cpu_s']:.1f} %" if cold else "—"
        an = (r["runs"][-1].get("summary") or {}).get("analysis") or {}
        inc = an.get("incremental", {})
        label = {"A": "A: anchor tree", "B": "B: this tree"}.get(name, name)
        L.append(f"| {label} | {ccpu} | {cwall} | {fmt(r['cpu_s'])} | "
                 f"{fmt(r['wall_s'])} | {share} | {an.get('duplicate_pairs', '?')} pairs, "
                 f"{an.get('orphan_findings', '?')} orphans; re-analysed plans "
                 f"{inc.get('plans_reanalysed', 'all')}, pairs rewritten {inc.get('pairs_rewritten', 'all')} |")
    if "graph" in out:
        L += ["", "### Implementers query (`bench_graph.py --plans 10000`)", "", "```",
              out["graph"]["stdout"].strip(), "```"]
    L += ["", END]
    return "\n".join(L)


def write_results(md: str, path: Path) -> None:
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n"
    if BEGIN in text and END in text:
        a, rest = text.split(BEGIN, 1)
        _, b = rest.split(END, 1)
        text = a + md + b
    else:
        text = text.rstrip("\n") + "\n\n" + md + "\n"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="more rounds, 200-document re-ingest, graph queries")
    ap.add_argument("--anchor-src", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=Path("/tmp/plangraph-bench-all"))
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    a = ap.parse_args(argv)
    repeat = 5 if a.full else 3
    out: dict[str, Any] = {"meta": {"full": a.full, "repeat": repeat, "date": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                                            time.gmtime()),
                                    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                                    "load_before": round(os.getloadavg()[0], 1)}}
    out["startup"] = bench_startup(repeat * 2, a.anchor_src)
    out["pdf"] = bench_pdf(repeat)
    out["txt"] = bench_txt(repeat)
    out["reingest"] = bench_reingest(200 if a.full else 15, 3 if a.full else 2, a.anchor_src, a.work)
    if a.full:
        out["graph"] = bench_graph(30)
    out["meta"]["load_after"] = round(os.getloadavg()[0], 1)
    for sec in ("startup", "pdf", "txt"):
        for r in out[sec].values():
            for run_ in r["runs"]:
                run_.pop("stdout", None)
                run_.pop("stderr", None)
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    if not a.no_write:
        write_results(markdown(out), ROOT / "benchmarks" / "RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
