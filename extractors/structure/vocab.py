"""The structure stage's vocabulary (extractors/data/structure.json), loaded and compiled once."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parents[1] / "data" / "structure.json"


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def rx(*path: str) -> re.Pattern[str]:
    """The compiled regex at a path of keys in the data file ('tables', 'schedule'), case-insensitive."""
    d: Any = data()
    for p in path:
        d = d[p]
    return re.compile(d["regex"], re.IGNORECASE)


@lru_cache(maxsize=None)
def named(*path: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A list of named entries at a path, compiled case-insensitively: ((name, regex), …)."""
    d: Any = data()
    for p in path:
        d = d[p]
    return tuple((e["name"], re.compile(e["regex"], re.IGNORECASE)) for e in d)
