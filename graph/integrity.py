"""What `plangraph store check` verifies in a store that opens: every node where the writer puts it.

Each check is one query returning offending rows; an empty answer is a pass. Store-agnostic (Ladybug and
Neo4j speak the same Cypher here).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

CHECKS: dict[str, tuple[str, str]] = {
    "orphan instruments": (
        "instruments no plan, indicator or chain points at (left by an edit or a prune)",
        "MATCH (i:Instrument) WHERE NOT EXISTS { MATCH (:Plan)-[]->(i) } AND NOT EXISTS { MATCH (:Indicator)-[]->(i) }"
        " AND NOT EXISTS { MATCH (i)-[:IMPLEMENTS|STOPS|REPLACES]-(:Instrument) } RETURN i.key AS item"),
    "orphan organizations": (
        "organizations with no relationship",
        "MATCH (o:Organization) WHERE NOT EXISTS { MATCH (o)-[]-() } RETURN o.id AS item"),
    "tasks without plan": (
        "tasks no plan has",
        "MATCH (t:Task) WHERE NOT EXISTS { MATCH (:Plan)-[:HAS_TASK]->(t) } RETURN t.id AS item"),
    "indicators without plan": (
        "indicators no plan has",
        "MATCH (x:Indicator) WHERE NOT EXISTS { MATCH (:Plan)-[:HAS_INDICATOR]->(x) } RETURN x.id AS item"),
    "plans without file or hash": (
        "plans missing their source file name or hash",
        "MATCH (p:Plan) WHERE p.file IS NULL OR p.sha256 IS NULL RETURN p.id AS item"),
    "tasks of another plan": (
        "tasks whose plan_id is not the plan that has them",
        "MATCH (p:Plan)-[:HAS_TASK]->(t:Task) WHERE t.plan_id <> p.id RETURN t.id AS item"),
}


class CheckResult(BaseModel):
    name: str
    what: str
    count: int
    examples: list[str] = []


def check_graph(store: Any) -> list[CheckResult]:
    """Every check of CHECKS, plus plans stored twice for one file and plans whose file is gone."""
    out: list[CheckResult] = []
    for name, (what, query) in CHECKS.items():
        rows = store.execute(query)
        out.append(CheckResult(name=name, what=what, count=len(rows),
                               examples=[str(r["item"]) for r in rows[:5]]))
    plans = store.execute("MATCH (p:Plan) RETURN p.id AS id, p.file AS file")
    seen: dict[str, int] = {}
    for r in plans:
        seen[r["file"]] = seen.get(r["file"], 0) + 1
    twice = sorted(f for f, n in seen.items() if n > 1)
    out.append(CheckResult(name="plans stored twice", what="files with more than one Plan", count=len(twice),
                           examples=twice[:5]))
    gone = sorted(str(r["file"]) for r in plans if r["file"] and not Path(r["file"]).exists())
    out.append(CheckResult(name="plans whose file is gone", what="re-ingest with --prune to drop them "
                           "(informational)", count=len(gone), examples=gone[:5]))
    return out


def graph_snapshot(store: Any) -> dict[str, Any]:
    """The store's content without history: nodes by label with their properties (ingest time and
    plan-id-derived ids dropped), relationships by type and end keys. Two stores of the same files give
    equal snapshots whatever order or history wrote them (tests: incremental = clean rebuild)."""
    def key(n: dict[str, Any]) -> str:
        for k in ("file", "key", "id"):
            if n.get(k) is not None:
                return str(n[k])
        return repr(sorted(n.items()))

    nodes: dict[str, list[str]] = {}
    for r in store.execute("MATCH (n) RETURN n"):
        n = dict(r["n"])
        label = n.pop("_label", "?")
        if label in ("Meta", "IngestLog"):
            continue
        n.pop("ingested_at", None)
        nodes.setdefault(label, []).append(repr(sorted((k, str(v)) for k, v in n.items())))
    rels: list[str] = []
    for r in store.execute("MATCH (a)-[r]->(b) RETURN a, r, b"):
        rr = dict(r["r"])
        t = rr.pop("_type", "?")
        rels.append(f"{key(r['a'])} -{t} {sorted((k, str(v)) for k, v in rr.items())}-> {key(r['b'])}")
    return {"nodes": {k: sorted(v) for k, v in nodes.items()}, "relationships": sorted(rels)}
