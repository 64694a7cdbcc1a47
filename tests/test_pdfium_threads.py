"""PDFium is not thread-safe, even across documents: every PDFium call of the PDF loader runs under one
process-wide lock (extractors/load/pdfium_lock.py). Without it, a cold run of tests/pdfium_stress.py
(4 threads, corpus + real PDFs) died with SIGTRAP/SIGSEGV inside libpdfium in 2 of 3 runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from extractors.load.pdf import load_pdf
from extractors.load.pdfium_lock import PDFIUM

ROOT = Path(__file__).resolve().parents[1]
SEED_000 = ROOT / "corpus" / "000_587713ccb05920a7.pdf"


def test_the_loader_waits_for_the_pdfium_lock():
    """While another thread holds the lock, the loader cannot touch PDFium (it blocks, then finishes)."""
    data = SEED_000.read_bytes()
    done: list[int] = []
    with PDFIUM:
        t = threading.Thread(target=lambda: done.append(len(load_pdf(SEED_000, data).blocks)))
        t.start()
        time.sleep(1.0)
        assert t.is_alive() and not done  # stuck at the lock, not reading
    t.join(timeout=120)
    assert done and done[0] > 50


def test_many_pdfs_from_many_threads_cold_do_not_crash():
    """Cold process, 4 threads loading the corpus and real PDFs at once: no crash (a PDFium race kills
    the process with a signal), no error, every load equal to a single-threaded load of the same file."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "pdfium_stress.py"), "--threads", "4",
                           "--rounds", "1"], capture_output=True, text=True, timeout=900, env=env, cwd=ROOT)
    assert proc.returncode == 0, f"stress run died (rc {proc.returncode}): {proc.stderr[-2000:]}"
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["files"] >= 5 and out["loaded"] == 4 * out["files"]
    assert out["errors"] == [] and out["mismatch"] == []
