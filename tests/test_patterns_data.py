"""Every pattern in extractors/data/*.json matches each of its examples and none of its counter-examples,
and every entry carries at least one example (reporters-db style)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from extractors.normalize import tone_normalize

DATA = Path(__file__).resolve().parents[1] / "extractors" / "data"
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _form(s: str) -> str:
    return _DASHES.sub("-", tone_normalize(s))


def _entries(obj: Any, where: str) -> Iterator[tuple[str, dict]]:
    """Every dict with a 'regex' key anywhere in the file."""
    if isinstance(obj, dict):
        if "regex" in obj:
            yield where, obj
        for k, v in obj.items():
            if k != "regex":
                yield from _entries(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            name = v.get("name", i) if isinstance(v, dict) else i
            yield from _entries(v, f"{where}[{name}]")


def _all_entries() -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for f in sorted(DATA.glob("*.json")):
        if f.name in ("deadlines.json", "references.json", "issuers.json", "header.json", "structure.json"):
            out.extend(_entries(json.loads(f.read_text(encoding="utf-8")), f.name))
    return out


ENTRIES = _all_entries()


def test_data_files_have_patterns() -> None:
    names = {w.split(".")[0] for w, _ in ENTRIES}
    assert "deadlines" in names


@pytest.mark.parametrize("where,entry", ENTRIES, ids=[w for w, _ in ENTRIES])
def test_pattern_matches_its_examples(where: str, entry: dict) -> None:
    rx = re.compile(entry["regex"], re.IGNORECASE)
    examples = entry.get("examples", [])
    assert examples, f"{where}: no examples"
    for ex in examples:
        assert rx.search(_form(ex)), f"{where}: {entry['regex']!r} does not match example {ex!r}"
    for ex in entry.get("counter_examples", []):
        assert not rx.search(_form(ex)), f"{where}: {entry['regex']!r} matches counter-example {ex!r}"
