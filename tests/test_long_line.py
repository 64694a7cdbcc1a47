"""One very long line of text loads and extracts in linear time (issue 17, finding 5: a 1 MB line took 296 s).

The line is the real plan 003 with its line breaks removed, repeated to 1 MB: its footnote markers, citations
and targets make the footnote, reference and indicator scans run over the whole line."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BUDGET_S = 60  # measured ~11 s on a loaded 2-core machine; quadratic paths took minutes


def test_a_1mb_single_line_loads_and_extracts_within_budget(tmp_path: Path) -> None:
    one = " ".join((CORPUS / "003_b56b735dd1cef0ee.txt").read_text(encoding="utf-8").split())
    text = (one * (1_000_000 // len(one) + 1))[:1_000_000]
    assert "\n" not in text
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    code = ("import sys\nfrom extractors.load import load\nfrom extractors.extract import extract\n"
            "ex = extract(load(sys.argv[1]))\nprint(len(ex.references), len(ex.tasks) + len(ex.indicators))\n")
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, timeout=BUDGET_S * 3,
                       env={**os.environ})
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stderr[-2000:]
    refs, _rest = (int(x) for x in r.stdout.split())
    assert refs > 0  # the scans did run over the line
    assert took < BUDGET_S, f"{took:.1f} s"
