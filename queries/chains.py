"""Implementers chains from hops (issue 15, item 5): the store returns keys and evidence, not whole paths.

`implementers.cypher` gives the relationships leaving the instruments upstream of the targets (at most 7 hops), `implementers_plans.cypher` those from plans into them (with the evidence); `raw_paths` joins the hops into the rows `implementers.cypher` used to
return (plan columns, `path_nodes`, `path_rels`, `hops`), so `queries.run.shape_chain` shapes both the same.
Every chain is a trail (no relationship twice) of 1–8 relationships that starts at a Plan.
"""
from __future__ import annotations

from typing import Any, Iterator

from graph.store import Store

Row = dict[str, Any]
MAX_HOPS = 8
PLAN_COLS = ("plan_id", "title", "file", "jurisdiction", "issuer", "draft", "number", "date", "doc_type")


def _rel(kind: str, h: Row) -> Row:
    if kind != "IMPLEMENTS":
        return {"_type": kind}
    return {"_type": kind, "evidence": h.get("evidence"), "asserted_by": h.get("asserted_by"),
            "provenance": h.get("provenance")}


def raw_paths(store: Store, keys: list[str]) -> list[Row]:
    """The chains from plans to `keys`, one row per chain, ordered by target, file, length."""
    from queries.run import run_query

    links = run_query(store, "implementers", {"keys": keys})
    reach = sorted(set(keys) | {h["from_key"] for h in links})
    into: dict[str, list[tuple[str | None, Row | None, Row]]] = {}  # key -> (from key | None, plan | None, rel)
    for h in run_query(store, "implementers_plans", {"keys": reach}):
        into.setdefault(h["to_key"], []).append((None, {c: h.get(c) for c in PLAN_COLS}, _rel("IMPLEMENTS", h)))
    for h in links:
        into.setdefault(h["to_key"], []).append((h["from_key"], None, _rel(h["relation"], h)))
    rows: list[Row] = []
    for target in keys:
        for plan, keys_back, rels_back in _walk(into, target):
            nodes = [{"_label": "Plan", "id": plan["plan_id"], "number": plan.get("number"),
                      "file": plan.get("file")}] + [{"_label": "Instrument", "key": k} for k in reversed(keys_back)]
            rows.append({"target": target, **plan, "path_nodes": nodes, "path_rels": list(reversed(rels_back)),
                         "hops": len(rels_back)})
    rows.sort(key=lambda r: (r["target"], r["file"] is None, r["file"] or "", r["hops"]))
    return rows


def _walk(into: dict[str, list[tuple[str | None, Row | None, Row]]], target: str
          ) -> Iterator[tuple[Row, list[str], list[Row]]]:
    """Backwards from `target`: (plan, instrument keys from the target back, relationships from the target back)."""
    stack: list[tuple[str, list[str], list[Row], frozenset[int]]] = [(target, [target], [], frozenset())]
    while stack:
        key, keys_back, rels_back, used = stack.pop()
        for frm, plan, rel in into.get(key, ()):
            if id(rel) in used:
                continue
            if plan is not None:
                yield plan, keys_back, rels_back + [rel]
            elif frm is not None and len(rels_back) + 1 < MAX_HOPS:
                stack.append((frm, keys_back + [frm], rels_back + [rel], used | {id(rel)}))
