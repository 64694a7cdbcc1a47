"""Site furniture: text a legal-document website's page export carries that is not the document.

Patterns live in `extractors/data/web_export.json` ("furniture", each with examples and counter-examples):
kind "site" (copyright lines, a privacy notice citing the personal-data decree, login prompts, the site's
publisher lines, its name or address alone on a line) is dropped wherever it stands; kind "navigation"
(the site's tabs: "Văn bản gốc", "Lưu trữ", "Ghi chú" …, words a document also uses) only in the run of
site text before the document starts or after it ends, or within NEAR_SITE non-blank lines of a "site"
line. A line is matched alone and, for a paragraph of at most PARAGRAPH_MAX_LINES lines (a notice the
site wrapped), as the whole paragraph. Lines inside tables (`protected`) are never furniture.
`find_furniture` returns the dropped lines with the pattern that matched; the loader blanks them and
counts them by pattern in `DocumentIR.dropped`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.normalize import clean_text, compare_form
from extractors.tables import strip_emphasis, strip_html

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "web_export.json"
NEAR_SITE = 3
PARAGRAPH_MAX_LINES = 6


@dataclass(frozen=True)
class FurniturePattern:
    name: str
    kind: str  # "site" | "navigation"
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def furniture_patterns() -> tuple[FurniturePattern, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(FurniturePattern(e["name"], e["kind"], re.compile(e["regex"])) for e in data["furniture"])


def line_form(s: str) -> str:
    """The form furniture regexes are written for: emphasis and HTML removed, compare_form."""
    return compare_form(clean_text(strip_emphasis(strip_html(s))))


def match_furniture(s: str) -> FurniturePattern | None:
    form = line_form(s)
    if not form:
        return None
    return next((p for p in furniture_patterns() if p.regex.search(form)), None)


def _paragraphs(raws: list[str], protected: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    cur: list[int] = []
    for k, s in enumerate(raws):
        if not s.strip() or k in protected or s.strip() == "|":
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append(k)
    if cur:
        out.append(cur)
    return out


def find_furniture(raws: list[str], protected: set[int] | None = None) -> dict[int, str]:
    """Line index -> name of the furniture pattern it matched (see the module docstring)."""
    protected = protected or set()
    hits: dict[int, FurniturePattern] = {}
    for para in _paragraphs(raws, protected):
        for k in para:
            p = match_furniture(raws[k])
            if p is not None:
                hits[k] = p
        if 1 < len(para) <= PARAGRAPH_MAX_LINES and not all(k in hits for k in para):
            p = match_furniture(" ".join(raws[k].strip() for k in para))
            if p is not None:
                for k in para:
                    hits.setdefault(k, p)
    filled = [k for k, s in enumerate(raws) if s.strip()]
    outside: set[int] = set()
    for order in (filled, filled[::-1]):  # site text before the document starts / after it ends
        for k in order:
            if k not in hits:
                break
            outside.add(k)
    site_pos = [i for i, k in enumerate(filled) if k in hits and hits[k].kind == "site"]
    near: set[int] = set()
    for i in site_pos:
        near.update(filled[max(0, i - NEAR_SITE):i + NEAR_SITE + 1])
    return {k: p.name for k, p in hits.items() if p.kind == "site" or k in outside or k in near}
