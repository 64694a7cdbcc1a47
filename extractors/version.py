"""The extractor version: a hash of the extractor code and data files.

Stored on every Plan written, and part of the ingest cache key: when the extractors change (a new release,
a new alias in a data file), an ingest re-extracts every document instead of trusting what the old code
stored; the writer then rewrites only the plans whose extraction really changed.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_SUFFIXES = (".py", ".json", ".yaml", ".tsv", ".txt")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in _SUFFIXES and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]
