"""Time the header / references / deadline / spaCy stages on the corpus seeds (each stage alone).

Run: .venv/bin/python benchmarks/bench_extract_refs.py [CORPUS_DIR]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from extractors.deadlines import parse_deadline
from extractors.header import extract_header
from extractors.load import load
from extractors.nlp import get_nlp
from extractors.references import extract_references


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "corpus"
    files = sorted(p for p in corpus.glob("*") if p.suffix in (".txt", ".md", ".docx", ".pdf"))
    irs = [load(p) for p in files]
    t = time.perf_counter()
    headers = [extract_header(ir)[0] for ir in irs]
    t_header = time.perf_counter() - t
    t = time.perf_counter()
    n_refs = sum(len(extract_references(ir, h)[0]) for ir, h in zip(irs, headers))
    t_refs = time.perf_counter() - t
    cells = [c.text for ir in irs for b in ir.tables() if b.table for r in b.table.rows for c in r.cells[-2:]]
    t = time.perf_counter()
    for c in cells:
        parse_deadline(c)
    t_dl = time.perf_counter() - t
    t = time.perf_counter()
    nlp = get_nlp()
    t_build = time.perf_counter() - t
    texts = [b.text for ir in irs for b in ir.text_blocks() if b.text]
    t = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    t_nlp = time.perf_counter() - t
    print(f"{len(files)} documents")
    print(f"header      {t_header * 1000:8.1f} ms")
    print(f"references  {t_refs * 1000:8.1f} ms  ({n_refs} references)")
    print(f"deadlines   {t_dl * 1000:8.1f} ms  ({len(cells)} cells, {len(cells) / max(t_dl, 1e-9):.0f}/s)")
    print(f"spaCy build {t_build * 1000:8.1f} ms; run {t_nlp * 1000:8.1f} ms ({len(texts)} blocks)")


if __name__ == "__main__":
    main()
