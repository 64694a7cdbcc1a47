"""Run the question files in `queries/` on any store and shape their rows for people and tools.

Each public function here answers one question and returns plain rows (dicts); the Cypher is in the
`.cypher` file of the same name (`load_query`). Shaping that the Cypher subset cannot do on both stores
(chains from path nodes, the shortest chain per plan, `--direct`) happens here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.normalize import compare_form
from graph.resolve import canonical_symbol, instrument_key, split_key
from graph.store import Row, Store, split_statements
from queries.locate import where_of

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


RESOLVED_EVIDENCE = "trích dẫn không ghi ngày, khớp với văn bản duy nhất mang số hiệu này (không có câu nguồn)"


def _step(rel: dict[str, Any], frm: str, to: str, plan_file: str | None,
          asserting: dict[str, Row]) -> Row:
    """One hop of a chain with the sentence that states it and where that sentence is."""
    kind = rel.get("_type", "?")
    if kind != "IMPLEMENTS":
        return {"from": frm, "relation": kind, "to": to, "evidence": RESOLVED_EVIDENCE, "file": None,
                "stated_by": None, "page": None, "line_start": None, "line_end": None, "table_row": None,
                "where": ""}
    by = rel.get("asserted_by")
    src = asserting.get(by) if by else None
    file = src["file"] if src else plan_file
    try:
        loc = json.loads(rel.get("provenance") or "{}") or {}
    except ValueError:
        loc = {}
    step = {"from": frm, "relation": kind, "to": to, "evidence": rel.get("evidence"), "file": file,
            "stated_by": (src.get("number") or Path(src.get("file") or "").name) if src else None,
            "page": loc.get("page"), "line_start": loc.get("line_start"), "line_end": loc.get("line_end"),
            "table_row": loc.get("table_row")}
    step["where"] = where_of(step, text_key="evidence")
    return step


def shape_chain(row: Row, asserting: dict[str, Row] | None = None) -> Row:
    """Row of implementers.cypher -> plan columns + chain (keys) + relations + readable chain text + `steps`
    (one per hop: the sentence that states it, its file and page/line/table row, `where` for a reader)."""
    nodes, rels = row["path_nodes"], row["path_rels"]
    keys = [_node_name(n) for n in nodes[1:]]
    relations = [r.get("_type", "?") for r in rels]
    text = "plan"
    for rel, key in zip(relations, keys):
        text += f" -{rel}-> {key}"
    plan_name = row.get("number") or Path(row["file"] or "").name or row["plan_id"]
    names = [plan_name] + keys
    steps = [_step(r, names[i], names[i + 1], row["file"], asserting or {}) for i, r in enumerate(rels)]
    return {"instrument": row["target"], "plan_id": row["plan_id"], "title": row["title"],
            "file": row["file"], "jurisdiction": row["jurisdiction"], "draft": bool(row["draft"]),
            "number": row.get("number"), "date": row.get("date"), "doc_type": row.get("doc_type"),
            "direct": relations.count("IMPLEMENTS") == 1, "hops": relations.count("IMPLEMENTS"),
            "chain": keys, "relations": relations, "chain_text": text, "steps": steps}


def _rank(row: Row) -> tuple:
    """Shortest chain first; among equal chains (one hop stated by several plans) the hops the plan states
    itself, then by file and sentence: the same choice on every store, whatever order it returns hops in."""
    steps = row["steps"]
    return (row["hops"], len(row["chain"]), row["chain_text"],
            tuple(s["relation"] == "IMPLEMENTS" and s["file"] != row["file"] for s in steps),
            tuple((s["file"] or "", s["evidence"] or "", s["where"] or "") for s in steps))


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
    from queries.chains import raw_paths

    raws = raw_paths(store, [t["key"] for t in targets])
    ids = sorted({r.get("asserted_by") for raw in raws for r in raw["path_rels"] if r.get("asserted_by")})
    asserting = {p["plan_id"]: p for p in run_query(store, "plans_by_id", {"ids": ids})} if ids else {}
    for raw in raws:
        row = shape_chain(raw, asserting)
        if direct and not row["direct"]:
            continue
        k = (row["instrument"], row["plan_id"])
        old = best.get(k)
        if old is None or _rank(row) < _rank(old):
            best[k] = row
    result.rows = sorted(best.values(), key=lambda r: (r["instrument"], r["hops"], r["file"] or ""))
    return result


# ---------------------------------------------------------------- listings

def tasks(store: Store, *, plan: str | None = None, owner: str | None = None, role: str | None = None,
          due_before: str | None = None, due_after: str | None = None, overdue_at: str | None = None,
          kind: str | None = None) -> list[Row]:
    """Task rows with their provenance: `file`, `page`, `line_start`/`line_end`, `table_row`, `where` (a
    reader's locator, queries/locate.py), the plan's own `plan_number`/`plan_date`/`draft`, and with `owner`
    the `role` it holds in the task (lead or support)."""
    if role not in (None, "", "lead", "support"):
        raise ValueError("role must be 'lead' or 'support'")
    rows = run_query(store, "tasks", {
        "plan": _s(plan), "owner": _cf(owner), "role": _s(role), "due_before": _s(due_before),
        "due_after": _s(due_after), "overdue_at": _s(overdue_at), "kind": _s(kind)})
    want = _cf(owner)
    for r in rows:
        r["draft"] = bool(r.get("draft"))
        r["where"] = where_of(r, heading_key="group_name")
        if want:
            in_lead = any(want in _cf(n) for n in r.get("leads") or [])
            r["role"] = role or ("lead" if in_lead else "support")
        else:
            r["role"] = None
    return rows


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
