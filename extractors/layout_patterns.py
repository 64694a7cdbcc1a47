"""Compiled layout patterns from `extractors/data/text_layout.json` (recipients, signature lines,
appendix headings, artifacts, unit exponents). See the data file for each pattern's examples."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "text_layout.json"


@dataclass(frozen=True)
class LayoutPattern:
    name: str
    regex: re.Pattern[str]
    search: bool
    upper_case: bool

    def matches(self, s: str) -> bool:
        s = s.strip()
        if self.upper_case and s != s.upper():
            return False
        m = self.regex.search(s) if self.search else self.regex.match(s)
        return m is not None


@lru_cache(maxsize=1)
def _all() -> dict[str, LayoutPattern]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    out: dict[str, LayoutPattern] = {}
    for e in data["patterns"]:
        out[e["name"]] = LayoutPattern(
            name=e["name"],
            regex=re.compile(e["regex"], re.IGNORECASE),
            search=bool(e.get("search", False)),
            upper_case=bool(e.get("upper_case", False)),
        )
    return out


def layout_pattern(name: str) -> re.Pattern[str]:
    """The compiled regex of one named pattern."""
    return _all()[name].regex


def layout_matches(name: str, s: str) -> bool:
    """True when line `s` is an instance of pattern `name` (anchoring and case rules as in the data file)."""
    return _all()[name].matches(s)


def layout_entries() -> list[dict[str, object]]:
    """The raw entries (for tests that check every example)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return list(data["patterns"])
