"""Text a loader got from a library, made safe to encode.

A PDF font's ToUnicode map can send a glyph to a lone UTF-16 surrogate (U+D800…U+DFFF); Python keeps it in a
str, and the first `encode("utf-8")` (printing, JSON, the store) fails. `safe_text` joins a valid surrogate
pair into its character and replaces a lone surrogate with U+FFFD, so the document still loads.
"""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(s: str) -> str:
    """`s` with surrogate pairs joined and lone surrogates replaced by U+FFFD (unchanged when it has none)."""
    if not _SURROGATE.search(s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
