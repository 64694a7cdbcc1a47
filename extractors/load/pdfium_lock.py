"""One process-wide lock around every PDFium call.

PDFium (through pypdfium2) is not thread-safe, not even across different documents: it keeps global
state (font caches, the page-object allocator), and pypdfium2's ctypes calls release the GIL, so two
threads loading two different PDFs at once can corrupt it. The Prefect threads runner does exactly that,
and one cold `plangraph ingest` in four died with SIGSEGV inside libpdfium.

Rule: every call that reaches PDFium — opening or closing a document, reading a page, its text page or its
objects — runs with `PDFIUM` held. Hold it for one page at a time, not a whole document, so a second
thread's pdfplumber work (pure Python, pdfminer; it never calls PDFium unless a page is rendered to an
image, which this project does not do) runs while this one waits. Re-entrant, so a helper that takes it
may be called from code that already holds it.
"""
from __future__ import annotations

import threading

PDFIUM = threading.RLock()

__all__ = ["PDFIUM"]
