"""Plain constants the CLI needs at import time (no pydantic): the default store and what the loaders read.

`pipeline.config` re-exports them; command modules import them from here so `plangraph --help` stays light.
"""
from __future__ import annotations

DEFAULT_STORE = "./.plangraph"

# what the loaders read; anything else under a folder is ignored, anything else named explicitly is
# reported as a failure (e.g. a `.doc` the user asked for)
DISCOVER_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
