"""Loaders: one per format, each turning a file into a DocumentIR.

`load(path)` picks the loader by file extension and raises a typed `LoadError` (naming the file and
the reason) for an empty, corrupt, text-less or unsupported file.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from extractors.errors import EmptyDocumentError, UnsupportedFormatError
from extractors.ir import DocumentIR

SUPPORTED = (".txt", ".md", ".docx", ".pdf")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _loader_for(suffix: str) -> Callable[[Path, bytes], DocumentIR]:
    if suffix in (".txt", ".md"):
        from extractors.load.text import load_text
        return load_text
    if suffix == ".docx":
        from extractors.load.docx import load_docx
        return load_docx
    if suffix == ".pdf":
        from extractors.load.pdf import load_pdf
        return load_pdf
    raise KeyError(suffix)


def load(path: str | Path, data: bytes | None = None) -> DocumentIR:
    """Read one document into the IR. Raises LoadError subclasses on bad input.

    `data`: the file's bytes when the caller has already read them (the ingest hashes exactly the bytes
    it loads, pipeline/flows.py); None reads the file."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormatError(p, f"unsupported format {suffix or '(no extension)'!r}; "
                                        f"plangraph reads {', '.join(SUPPORTED)}"
                                        + (" (save .doc as .docx first)" if suffix == ".doc" else ""))
    if data is None:
        data = p.read_bytes()
    if not data.strip():
        raise EmptyDocumentError(p, "the file is empty")
    return _loader_for(suffix)(p, data)
