"""Build a synthetic corpus of N plan documents in .txt, .docx and .pdf from the seed texts.

    .venv/bin/python benchmarks/gen_corpus.py OUT_DIR [--n 1002] [--seeds corpus]

Document i is seed i mod 5 with its own document number ("Số: <i>/KH-UBND") and issue date, so every
file has its own content hash (the ingest treats each as a distinct plan), written in format i mod 3:
text as is; DOCX and PDF rendered from the text loader's DocumentIR by `corpus/render.py` (real Word
tables, footnotes; PDF through reportlab with DejaVu fonts). Deterministic: the same N gives the same
files. Prints a count per format and the total PDF pages.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = ("txt", "docx", "pdf")
_NUMBER_LINE = re.compile(r"^(Số:\s*)(\d*)(\s*/)", re.M)
# the place-and-date line under the header ("Hải Phòng, ngày … tháng … năm 2026"), never a cited date
_DATE_LINE = re.compile(r"^([^\n,]{2,40},\s*)ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*(\d{4})", re.M)


def _render_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plangraph_corpus_render", ROOT / "corpus" / "render.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("corpus/render.py not found")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def variant_text(seed: str, i: int) -> str:
    """The seed with its own number (and, where the date line is blank, a date): a distinct document."""
    text, n = _NUMBER_LINE.subn(lambda m: f"{m.group(1)}{i + 1}{m.group(3)}", seed, count=1)
    if n == 0:
        text = text.rstrip("\n") + f"\n\n(Bản số {i + 1})\n"
    day, month = 1 + i % 28, 1 + (i // 28) % 12
    text = _DATE_LINE.sub(lambda m: f"{m.group(1)}ngày {day:02d} tháng {month:02d} năm {m.group(2)}", text,
                          count=1)
    return text


def generate(out: Path, n: int, seeds_dir: Path) -> dict[str, int]:
    from extractors.load import load

    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise SystemExit(f"no seed .txt files in {seeds_dir}")
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    render = _render_module()
    out.mkdir(parents=True, exist_ok=True)
    counts = {f: 0 for f in FORMATS}
    pages = 0
    with tempfile.TemporaryDirectory(prefix="plangraph-gen-") as tmp:
        for i in range(n):
            seed_i = i % len(seeds)
            fmt = FORMATS[i % len(FORMATS)]
            stem = f"{i:05d}_{seeds[seed_i].stem}"
            target = out / f"{stem}.{fmt}"
            if target.exists():
                counts[fmt] += 1
                continue
            text = variant_text(texts[seed_i], i)
            if fmt == "txt":
                target.write_text(text, encoding="utf-8")
            else:
                src = Path(tmp) / f"{stem}.txt"
                src.write_text(text, encoding="utf-8")
                ir = load(src)
                if fmt == "docx":
                    render.build_docx(ir, target)
                else:
                    render.ir_to_pdf_reportlab(ir, target)
            counts[fmt] += 1
    for p in out.glob("*.pdf"):
        pages += _pdf_pages(p)
    counts["pdf_pages"] = pages
    return counts


def _pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1002)
    ap.add_argument("--seeds", type=Path, default=ROOT / "corpus")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = generate(args.out, args.n, args.seeds)
    print(f"{sum(counts[f] for f in FORMATS)} documents in {args.out} "
          f"({', '.join(f'{counts[f]} {f}' for f in FORMATS)}; {counts['pdf_pages']} PDF pages) "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
