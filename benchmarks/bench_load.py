"""Loader benchmark: the corpus (corpus/*.txt, *.docx, *.pdf) loaded per format into the DocumentIR.

    .venv/bin/python benchmarks/bench_load.py [--repeat 3] [--corpus corpus]

Each format runs in its own Python process (so peak RSS is that format's alone): it loads every file of
that format `--repeat` times and reports wall time, documents/s, pages/s and peak RSS (ru_maxrss), plus
pages per CPU-second (process time), which stays comparable when other work shares the machine.
Pages are the PDF's pages; for .txt and .docx, which have no pages, the page count of the same seed's
PDF rendering is used, so pages/s compares like with like. A last run loads the longest PDF 10 times in
one process and reports RSS after the first and the last load: it shows whether pages are released
(pdfplumber keeps ~5 MB per page unless `page.close()` is called).
Figures go to stdout (Markdown) and to `benchmarks/results_load.json`. Figures, not tests.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = ("txt", "docx", "pdf")


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pdf_pages(corpus: Path) -> dict[str, int]:
    import pypdfium2 as pdfium

    from extractors.load.pdfium_lock import PDFIUM

    out = {}
    for p in sorted(corpus.glob("*.pdf")):
        with PDFIUM:  # PDFium is not thread-safe (extractors/load/pdfium_lock.py)
            doc = pdfium.PdfDocument(str(p))
            out[p.stem] = len(doc)
            doc.close()
    return out


def run_one(fmt: str, corpus: Path, repeat: int) -> dict[str, Any]:
    """In this process: load every corpus file of one format `repeat` times."""
    from extractors.load import load

    files = sorted(corpus.glob(f"*.{fmt}"))
    pages_by_stem = _pdf_pages(corpus)
    load(files[0])  # imports and first-use costs out of the timing
    rss_before = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    blocks = rows = 0
    for _ in range(repeat):
        for f in files:
            ir = load(f)
            blocks += len(ir.blocks)
            rows += sum(len(b.table.rows) for b in ir.tables() if b.table is not None)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    docs = len(files) * repeat
    pages = sum(pages_by_stem.get(f.stem, 0) for f in files) * repeat
    return {"format": fmt, "files": len(files), "repeat": repeat, "wall_s": round(wall, 3),
            "docs_per_s": round(docs / wall, 2), "pages": pages, "pages_per_s": round(pages / wall, 1),
            "cpu_s": round(cpu, 3), "pages_per_cpu_s": round(pages / cpu, 1),
            "blocks": blocks // repeat, "table_rows": rows // repeat, "rss_before_mb": round(rss_before),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def run_release(corpus: Path, times: int = 10) -> dict[str, Any]:
    """Load the longest PDF `times` times in this process: RSS after the first and after the last load."""
    from extractors.load import load

    pages = _pdf_pages(corpus)
    stem = max(pages, key=lambda s: pages[s])
    path = corpus / f"{stem}.pdf"
    load(path)
    first = _rss_mb()
    for _ in range(times - 1):
        load(path)
    return {"file": path.name, "pages": pages[stem], "loads": times, "rss_after_first_mb": round(first),
            "rss_after_last_mb": round(_rss_mb()),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _child(args: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--one", choices=FORMATS, help=argparse.SUPPRESS)
    ap.add_argument("--release", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results_load.json")
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.repeat)))
        return 0
    if args.release:
        print(json.dumps(run_release(args.corpus)))
        return 0

    results = [_child(["--one", fmt, "--repeat", str(args.repeat), "--corpus", str(args.corpus)])
               for fmt in FORMATS]
    release = _child(["--release", "--corpus", str(args.corpus)])
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": __import__("os").cpu_count(), "date": time.strftime("%Y-%m-%d")}
    args.out.write_text(json.dumps({"meta": meta, "formats": results, "release": release}, indent=1) + "\n",
                        encoding="utf-8")
    print("| format | files | pages | docs/s | pages/s (wall) | pages per CPU-s | peak RSS (MB) | blocks | table rows |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['format']} | {r['files']} | {r['pages'] // r['repeat']} | {r['docs_per_s']} | "
              f"{r['pages_per_s']} | {r['pages_per_cpu_s']} | {r['peak_rss_mb']} | {r['blocks']} | "
              f"{r['table_rows']} |")
    print(f"\nload average at the end: {__import__('os').getloadavg()[0]:.1f} on {meta['cpus']} CPUs")
    print(f"\n{release['file']} ({release['pages']} pages) loaded {release['loads']} times in one process: "
          f"RSS {release['rss_after_first_mb']} MB after the first load, {release['rss_after_last_mb']} MB "
          f"after the last (peak {release['peak_rss_mb']} MB).")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
