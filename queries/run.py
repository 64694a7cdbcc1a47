"""Run the question files in `queries/` on any store and shape their rows for people and tools.

Each public function here answers one question and returns plain rows (dicts); the Cypher is in the
`.cypher` file of the same name (`load_query`). Shaping that the Cypher subset cannot do on both stores
(chains from path nodes, the shortest chain per plan, `--direct`) happens here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.normalize import compare_form
from graph.resolve import canonical_symbol, instrument_key, split_key
from graph.store import Row, Store, split_statements

QUERIES_DIR = Path(__file__).parent


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.cypher"))


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    path = QUERIES_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no query file {name}.cypher; known: {', '.join(query_names())}")
    stmts = split_statements(path.read_text(encoding="utf-8"))
    if len(stmts) != 1:
        raise ValueError(f"{path} must hold exactly one statement")
    return stmts[0]


def run_query(store: Store, name: str, params: dict[str, Any] | None = None) -> list[Row]:
    return store.execute(load_query(name), params or {})


def _s(v: str | None) -> str:
    return v or ""


def _cf(v: str | None) -> str:
    return compare_form(v) if v else ""


# ---------------------------------------------------------------- implementers

@dataclass
class Implementers:
    symbol: str
    targets: list[Row]  # the instruments asked about (instruments.cypher rows)
    rows: list[Row] = field(default_factory=list)
    note: str | None = None  # e.g. "two instruments carry 45-NQ/TW: results per instrument"


def _node_name(n: dict[str, Any]) -> str:
    if n.get("_label") == "Plan":
        return n.get("number") or n.get("file") or n.get("id", "?")
    return n.get("key") or n.get("id", "?")


def shape_chain(row: Row) -> Row:
    """Row of implementers.cypher -> plan columns + chain (keys) + relations + readable chain text."""
    nodes, rels = row["path_nodes"], row["path_rels"]
    keys = [_node_name(n) for n in nodes[1:]]
    relations = [r.get("_type", "?") for r in rels]
    text = "plan"
    for rel, key in zip(relations, keys):
        text += f" -{rel}-> {key}"
    return {"instrument": row["target"], "plan_id": row["plan_id"], "title": row["title"],
            "file": row["file"], "jurisdiction": row["jurisdiction"], "draft": row["draft"],
            "direct": relations.count("IMPLEMENTS") == 1, "hops": relations.count("IMPLEMENTS"),
            "chain": keys, "relations": relations, "chain_text": text}


def implementers(store: Store, key: str, *, date: str | None = None, direct: bool = False) -> Implementers:
    """Plans implementing the instrument `key` (symbol, or symbol@date), transitively unless `direct`.

    Without a date, every instrument carrying the symbol is a target and rows say which one they reach;
    `note` says so when there are several. One row per (instrument, plan): the shortest chain.
    """
    symbol, key_date = split_key(key)
    date = date or key_date
    found = run_query(store, "instruments", {"symbol": symbol})
    if date:
        wanted = instrument_key(symbol, date)
        targets = [t for t in found if t["key"] == wanted]
    else:
        dated = [t for t in found if t["dated"]]
        targets = dated or [t for t in found if t["key"] == canonical_symbol(symbol)]
    note = None
    if not date and len([t for t in targets if t["dated"]]) > 1:
        note = (f"{len(targets)} instruments carry the symbol {symbol} "
                f"({', '.join(t['key'] for t in targets)}): results are listed per instrument; "
                f"give --date to choose one")
    result = Implementers(symbol=symbol, targets=targets, note=note)
    if not targets:
        result.note = f"no instrument {instrument_key(symbol, date)} in the graph"
        return result
    best: dict[tuple[str, str], Row] = {}
    for raw in run_query(store, "implementers", {"keys": [t["key"] for t in targets]}):
        row = shape_chain(raw)
        if direct and not row["direct"]:
            continue
        k = (row["instrument"], row["plan_id"])
        old = best.get(k)
        if old is None or (row["hops"], len(row["chain"]), row["chain_text"]) < (
                old["hops"], len(old["chain"]), old["chain_text"]):
            best[k] = row
    result.rows = sorted(best.values(), key=lambda r: (r["instrument"], r["hops"], r["file"] or ""))
    return result


# ---------------------------------------------------------------- listings

def tasks(store: Store, *, plan: str | None = None, owner: str | None = None, role: str | None = None,
          due_before: str | None = None, due_after: str | None = None, overdue_at: str | None = None,
          kind: str | None = None) -> list[Row]:
    if role not in (None, "", "lead", "support"):
        raise ValueError("role must be 'lead' or 'support'")
    return run_query(store, "tasks", {
        "plan": _s(plan), "owner": _cf(owner), "role": _s(role), "due_before": _s(due_before),
        "due_after": _s(due_after), "overdue_at": _s(overdue_at), "kind": _s(kind)})


def indicators(store: Store, *, plan: str | None = None, source: str | None = None) -> list[Row]:
    """Targets of a plan; `source` is an instrument symbol/key or part of a body's name."""
    return run_query(store, "indicators", {
        "plan": _s(plan), "source": canonical_symbol(source) if source else "", "source_cf": _cf(source)})


def plan_summary(store: Store, *, plan: str | None = None) -> list[Row]:
    return run_query(store, "plan_summary", {"plan": _s(plan)})


def workload(store: Store, *, owner: str | None = None, plan: str | None = None) -> list[Row]:
    return run_query(store, "org_workload", {"owner": _cf(owner), "plan": _s(plan)})


def ambiguous(store: Store) -> list[Row]:
    rows = run_query(store, "ambiguous")
    for r in rows:
        rel = r.pop("relation")
        r["relation"] = rel.get("_type") if isinstance(rel, dict) else rel
    return rows


def instruments(store: Store, symbol: str) -> list[Row]:
    return run_query(store, "instruments", {"symbol": canonical_symbol(split_key(symbol)[0])})


def ingest_failures(store: Store) -> list[Row]:
    return run_query(store, "ingest_failures")
