"""The thin graph layer of the analyses: read task/plan records from a store, write DUPLICATES back.

Query text lives in `queries/analysis/*.cypher` (one question per file); nothing here builds Cypher.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from graph.store import Row, Store, split_statements
from pipeline.analysis.duplicates import DuplicatePair
from pipeline.analysis.records import PlanRecord, TaskRecord

QUERY_DIR = Path(__file__).resolve().parents[2] / "queries" / "analysis"


@lru_cache(maxsize=None)
def load_analysis_query(name: str) -> str:
    path = QUERY_DIR / f"{name}.cypher"
    stmts = split_statements(path.read_text(encoding="utf-8"))
    if len(stmts) != 1:
        raise ValueError(f"{path} must hold exactly one statement")
    return stmts[0]


def run(store: Store, name: str, params: dict[str, Any] | None = None) -> list[Row]:
    return store.execute(load_analysis_query(name), params or {})


def read_plans(store: Store) -> list[PlanRecord]:
    out = []
    for r in run(store, "plans"):
        out.append(PlanRecord(
            plan_id=r["plan_id"], file=r["file"], title=r["title"], doc_type=r["doc_type"], number=r["number"],
            issuer=r["issuer"], jurisdiction=r["jurisdiction"], year=r["year"],
            implements=sorted({k for k in r["implements"] or [] if k}),
            implements_resolved=sorted({k for k in r["resolved"] or [] if k}),
            has_appendix=int(r["appendix_tasks"] or 0) > 0))
    return out


def read_tasks(store: Store, plan: str | None = None) -> list[TaskRecord]:
    out = []
    for r in run(store, "tasks", {"plan": plan or ""}):
        leads = [x for x in r["leads"] or [] if x]
        flags = [bool(x) for x in r["lead_generic"] or []]
        if len(flags) == len(leads):  # the graph keeps no order among a task's bodies (collect() order
            pairs = sorted(zip(leads, flags))  # differs between Ladybug and Neo4j): read back in name order
            leads, flags = [a for a, _ in pairs], [b for _, b in pairs]
        else:
            leads = sorted(leads)
        out.append(TaskRecord(
            plan_id=r["plan_id"], task_id=r["ordinal"] or str(r["position"]), node_id=r["node_id"],
            source=r["source"] or "body", group=r["group_name"], text=r["text"] or "", lead=leads,
            lead_generic=flags if len(flags) == len(leads) else [],
            support=sorted(x for x in r["supports"] or [] if x), deadline_raw=r["deadline_raw"],
            deadline_kind=r["deadline_kind"] or "none", deadline_start=r["deadline_start"],
            deadline_end=r["deadline_end"], recurrence=r["recurrence"], condition=r["condition"],
            note=r["note"], file=r["file"], page=r["page"], line_start=r["line_start"]))
    return out


def read_records(store: Store, plan: str | None = None) -> tuple[list[PlanRecord], list[TaskRecord]]:
    return read_plans(store), read_tasks(store, plan)


def read_implements_edges(store: Store) -> list[Row]:
    return run(store, "implements_edges")


def read_indicators(store: Store) -> list[Row]:
    rows = run(store, "indicators")
    for r in rows:
        try:
            r["values"] = json.loads(r.pop("values_json") or "[]")
        except ValueError:
            r["values"] = []
    return rows


def read_duplicate_edges(store: Store) -> list[Row]:
    return run(store, "duplicates")


def write_duplicates(store: Store, pairs: Sequence[DuplicatePair], *, batch: int = 5000) -> int:
    """Replace every DUPLICATES relationship with `pairs` (their a/b must be graph Task ids)."""
    rows = [{"a": p.a, "b": p.b, "score": float(p.score), "method": f"{p.method}/{p.rule}"} for p in pairs]
    with store.transaction() as tx:
        tx.execute(load_analysis_query("clear_duplicates"))
        for i in range(0, len(rows), batch):
            tx.execute(load_analysis_query("write_duplicates"), {"rows": rows[i:i + batch]})
    return len(rows)
