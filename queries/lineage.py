"""Plan lineage questions (issue 9), answered from the graph and shaped here, `queries/run.py` style.

- `lineage(store, plan, at=…)`: everything upstream of one plan — the instruments it implements, transitively
  (`lineage.cypher`, chains shaped by `queries.run.shape_chain`), the tasks of other plans that asked for it
  (`lineage_requests.cypher`, each with its status), and, through those asking plans, what they implement and
  who asked for them (breadth first, `depth` = how many requests away).
- `requested_documents(store, at=…, status=…)`: every task that asks for a document, with its status at `at`
  (`requested_documents.cypher`; the status rules are `graph.lineage.request_status`).

`resolve_plan` accepts a plan id, a file path, a file name or a file stem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from graph.lineage import PlanRecord, request_status
from graph.lineage_store import plan_record
from graph.store import Row, Store
from queries.run import run_query, shape_chain

MAX_DEPTH = 6
# statuses of graph.lineage.request_status, plus "ambiguous" (tied candidates: neither linked nor guessed)
STATUSES = ("produced_on_time", "produced_late", "produced_date_unknown", "produced_no_deadline", "overdue",
            "not_yet_due", "not_produced_no_deadline", "ambiguous")
STATUS_GROUPS = {"produced": {s for s in STATUSES if s.startswith("produced")},
                 "not_produced": {"overdue", "not_yet_due", "not_produced_no_deadline"}}
_NO_ONE_OFF_DEADLINE = ("recurring", "continuous")


class PlanNotFound(LookupError):
    pass


def plan_label(row: Row) -> str:
    f = row.get("file")
    return Path(f).stem if f else row.get("plan_id", "?")


def resolve_plan(store: Store, plan: str) -> Row:
    """The plan named by id, file path, file name or stem; PlanNotFound (with the candidates) otherwise."""
    rows = run_query(store, "lineage/plans")
    for test in (lambda r: r["plan_id"] == plan, lambda r: r["file"] == plan,
                 lambda r: bool(r["file"]) and Path(r["file"]).name == plan,
                 lambda r: bool(r["file"]) and Path(r["file"]).stem == plan):
        hits = [r for r in rows if test(r)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise PlanNotFound(f"{plan!r} names {len(hits)} plans: "
                               + ", ".join(f"{r['file']} ({r['plan_id']})" for r in hits) + "; give the plan id")
    raise PlanNotFound(f"no plan {plan!r} in the store (give a plan id, file path, file name or stem)")


def _deadline(row: Row) -> str | None:
    """When the requested document is due: the writer's `request_due` (the submitting phase of a compound
    deadline), else the deadline end of a one-off deadline."""
    if row.get("request_due"):
        return row["request_due"]
    return None if row.get("deadline_kind") in _NO_ONE_OFF_DEADLINE else row.get("deadline_end")


def _status(deadline_end: str | None, answer: PlanRecord | None, at: date) -> tuple[str, str]:
    status, detail = request_status(deadline_end, answer, at)
    return str(status), detail


@dataclass
class Lineage:
    plan: Row
    at: str
    instruments: list[Row] = field(default_factory=list)
    requests: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "at": self.at, "instruments": self.instruments, "requests": self.requests}

    def flat_rows(self) -> list[Row]:
        """Both lists as one (CSV): `kind` says which."""
        return ([{"kind": "instrument", **r} for r in self.instruments]
                + [{"kind": "request", **r} for r in self.requests])


def _instruments_of(store: Store, plan_id: str) -> list[Row]:
    best: dict[str, Row] = {}
    for raw in run_query(store, "lineage", {"plan_id": plan_id}):
        row = shape_chain(raw)
        old = best.get(row["instrument"])
        if old is None or (row["hops"], len(row["chain"]), row["chain_text"]) < (
                old["hops"], len(old["chain"]), old["chain_text"]):
            best[row["instrument"]] = row
    return sorted(best.values(), key=lambda r: (r["hops"], r["instrument"]))


def lineage(store: Store, plan: str, *, at: date | None = None) -> Lineage:
    """Everything upstream of one plan (see module docstring)."""
    at = at or date.today()
    root = resolve_plan(store, plan)
    result = Lineage(plan=root, at=at.isoformat())
    plans = {r["plan_id"]: r for r in run_query(store, "lineage/plans")}
    seen = {root["plan_id"]}
    frontier = [root["plan_id"]]
    for depth in range(MAX_DEPTH + 1):
        nxt: list[str] = []
        for pid in frontier:
            via = plan_label(plans.get(pid, {"plan_id": pid}))
            for r in _instruments_of(store, pid):
                result.instruments.append({
                    "depth": depth, "via": via, "instrument": r["instrument"], "direct": r["direct"],
                    "hops": r["hops"], "chain": r["chain"], "chain_text": r["chain_text"], "plan_id": pid})
            answer = plan_record(plans[pid]) if pid in plans else None
            for r in run_query(store, "lineage_requests", {"plan_id": pid}):
                status, detail = _status(_deadline(r), answer, at)
                result.requests.append({
                    "depth": depth + 1, "answers": via, "plan": plan_label(r), "row": r["row"],
                    "lead": r["leads"], "request_type": r["request_type"], "request_title": r["request_title"],
                    "deadline_raw": r["deadline_raw"], "deadline_end": r["deadline_end"], "status": status,
                    "detail": detail, "score": r["score"], "evidence": r["evidence"], "text": r["text"],
                    "plan_id": r["plan_id"], "task_id": r["task_id"], "plan_title": r["plan_title"]})
                if r["plan_id"] not in seen:
                    seen.add(r["plan_id"])
                    nxt.append(r["plan_id"])
        if not nxt:
            break
        frontier = nxt
    return result


def requested_documents(store: Store, *, at: date | None = None, status: Iterable[str] | None = None,
                        plan: str | None = None) -> list[Row]:
    """Every task that asks for a document, with its status at `at` (default today).

    `status` filters by status names (STATUSES) or groups ("produced", "not_produced").
    """
    at = at or date.today()
    wanted: set[str] = set()
    for s in status or ():
        if s in STATUS_GROUPS:
            wanted |= STATUS_GROUPS[s]
        elif s in STATUSES:
            wanted.add(s)
        else:
            raise ValueError(f"unknown status {s!r}; choose from {', '.join((*STATUSES, *STATUS_GROUPS))}")
    rows: list[Row] = []
    for r in run_query(store, "requested_documents", {"plan": plan or ""}):
        answer = None
        if r["produced_by"]:
            answer = plan_record({"plan_id": r["produced_by"], "date": r["produced_date"],
                                  "year": r["produced_year"], "draft": r["produced_draft"],
                                  "number": r["produced_number"]})
        r["candidates"] = sorted(r["candidates"] or [])  # collect() order differs between the stores
        if r["candidates"] and answer is None:
            st, detail = "ambiguous", (f"{len(r['candidates'])} plans fit equally: "
                                       f"{', '.join(r['candidates'])}; not linked")
        else:
            st, detail = _status(_deadline(r), answer, at)
            if answer is None and not r["request_title"]:
                detail += "; the request names no title, so no plan can be matched to it"
        if wanted and st not in wanted:
            continue
        rows.append({"plan": plan_label(r), "row": r["row"], "request_type": r["request_type"],
                     "request_title": r["request_title"], "lead": r["leads"], "deadline_raw": r["deadline_raw"],
                     "deadline_end": r["deadline_end"], "status": st, "detail": detail,
                     "produced_by": plan_label({"file": r["produced_file"], "plan_id": r["produced_by"]})
                     if r["produced_by"] else None,
                     "produced_title": r["produced_title"], "score": r["score"], "evidence": r["evidence"],
                     "candidates": r["candidates"], "text": r["text"], "deliverable": r["deliverable"],
                     "request_evidence": r["request_evidence"], "plan_id": r["plan_id"], "task_id": r["task_id"],
                     "produced_plan_id": r["produced_by"], "at": at.isoformat()})
    return rows
