"""A version marker for the data derived over the whole store (DUPLICATES, PRODUCES, MAY_PRODUCE).

Relink and the analysis run after the plan writes of an ingest, each over the whole store. A run killed
between its last plan commit and the end of those steps left them missing, and the next run, finding every
file stored with its hash, did nothing. So when they finish, a `Meta {key: 'derived'}` node records what they
were computed from: a digest of every plan (id and extraction hash), the derived code's version and which
steps ran. Any run — the no-op one too — compares it with the store's plans now and recomputes when it is
missing or older.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

MARKER_KEY = "derived"
_DERIVED_CODE = ("graph/lineage.py", "graph/lineage_store.py", "graph/derived.py", "pipeline/analysis")


@lru_cache(maxsize=1)
def derived_code_version() -> str:
    """A hash of the code that computes the derived data: new rules recompute it."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for rel in _DERIVED_CODE:
        p = root / rel
        files = sorted(p.rglob("*.py")) + sorted(p.rglob("*.json")) if p.is_dir() else [p]
        for f in files:
            if f.is_file():
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def plans_digest(store: Any) -> str:
    """A digest of every plan in the store (id and extraction hash): it changes with any plan write or prune."""
    rows = store.execute("MATCH (p:Plan) RETURN p.id AS id, p.extraction_sha AS x")
    h = hashlib.sha256()
    for r in sorted(rows, key=lambda r: str(r["id"])):
        h.update(f"{r['id']}\0{r['x']}\n".encode())
    return h.hexdigest()


def expected_marker(store: Any, analysis: bool) -> str:
    return f"{plans_digest(store)}:{derived_code_version()}:{'relink+analysis' if analysis else 'relink'}"


def read_marker(store: Any) -> str | None:
    try:
        rows = store.execute("MATCH (m:Meta {key: $k}) RETURN m.value AS v", {"k": MARKER_KEY})
    except Exception:  # a store from before the Meta table: no marker
        return None
    return str(rows[0]["v"]) if rows else None


def is_current(store: Any, analysis: bool) -> bool:
    """True when the derived data was computed over the plans the store holds now, by this code
    (with analysis: a marker that covers analysis; a relink-only run is satisfied by either)."""
    marker = read_marker(store)
    if marker is None:
        return False
    want = expected_marker(store, analysis)
    if marker == want:
        return True
    return not analysis and marker == want.replace(":relink", ":relink+analysis")


def write_marker(store: Any, analysis: bool) -> str:
    value = expected_marker(store, analysis)
    store.execute("MERGE (m:Meta {key: $k}) SET m.value = $v, m.at = $at",
                  {"k": MARKER_KEY, "v": value,
                   "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    return value
