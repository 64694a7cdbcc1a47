"""Plan lineage in a store: rewrite `Task -[:PRODUCES {score, evidence}]-> Plan` from what is stored (issue 9).

`relink(store)` reads every task that asks for a document (Task.request_* set by graph/writer.py from
extractors/requests.py) and every plan, runs the pure rules of `graph.lineage.match_requests`, and replaces
the PRODUCES and MAY_PRODUCE relationships that changed, in one transaction:
- a link found -> `PRODUCES {score, evidence}`;
- tied candidates -> one `MAY_PRODUCE {score, evidence}` per candidate (listed by
  `plangraph query requested-documents` as ambiguous; never a PRODUCES);
- a plan that arrives later is linked by the next relink; a deleted or pruned plan takes its relationships
  with it (DETACH DELETE) and the next relink recomputes the rest.
Idempotent: when the links found equal the links stored, nothing is written. It runs after every ingest
(pipeline/commands/ingest.py, pipeline/flows.py) over the whole store, so the order of ingests does not matter.

Query text lives in `queries/lineage/*.cypher`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, Field

from extractors.normalize import compare_form
from graph.lineage import Ambiguity, Link, PlanRecord, RequestRecord, family_of, match_requests
from graph.store import Row, Store

_BATCH = 5000


def _run(store: Store, name: str, params: dict[str, Any] | None = None) -> list[Row]:
    from queries.run import run_query  # queries/ depends on graph/, not the reverse, at import time

    return run_query(store, f"lineage/{name}", params)


class RelinkResult(BaseModel):
    requests: int  # tasks that ask for a document
    plans: int
    links: list[Link] = Field(default_factory=list)
    ambiguous: list[Ambiguity] = Field(default_factory=list)
    written: bool = False  # False when the stored links were already right

    def summary(self) -> dict[str, Any]:
        return {"requests": self.requests, "plans": self.plans, "links": len(self.links),
                "ambiguous": len(self.ambiguous), "written": self.written}


def plan_record(row: Row) -> PlanRecord:
    """A stored plan as the matching rules see it.

    A plan printed with a blank number and a blank day ("Số: /KH-UBND", "ngày tháng năm 2026") is the
    form of a draft awaiting signature: it counts as a draft here even when the header did not say "Dự thảo".
    """
    draft = bool(row.get("draft")) or (not row.get("number") and not row.get("date"))
    return PlanRecord(plan_id=row["plan_id"], doc_type=row.get("doc_type"), title=row.get("title"),
                      jurisdiction=row.get("jurisdiction"), date=row.get("date"), year=row.get("year"),
                      draft=draft)


def read_requests(store: Store) -> list[RequestRecord]:
    return [RequestRecord(**{k: v for k, v in r.items() if v is not None}) for r in _run(store, "requests")]


def read_plans(store: Store) -> list[PlanRecord]:
    return [plan_record(r) for r in _run(store, "plans")]


def find_links(requests: list[RequestRecord], plans: list[PlanRecord]) -> tuple[list[Link], list[Ambiguity]]:
    """`match_requests`, bucketed by (family, jurisdiction) so a large store is not R x P.

    Same result as one call over everything: match_requests rejects other families and jurisdictions.
    """
    by_bucket: dict[tuple[str, str], list[PlanRecord]] = defaultdict(list)
    for p in plans:
        fam = family_of(p.doc_type)
        if fam and p.jurisdiction:
            by_bucket[(fam, compare_form(p.jurisdiction))].append(p)
    req_buckets: dict[tuple[str, str], list[RequestRecord]] = defaultdict(list)
    for r in requests:
        if r.title and r.jurisdiction:
            req_buckets[(r.family, compare_form(r.jurisdiction))].append(r)
    links: list[Link] = []
    ambiguous: list[Ambiguity] = []
    for key in sorted(req_buckets):
        found, amb = match_requests(req_buckets[key], by_bucket.get(key, []))
        links += found
        ambiguous += amb
    links.sort(key=lambda x: (x.task_id, x.plan_id))
    ambiguous.sort(key=lambda x: x.task_id)
    return links, ambiguous


def _rows(links: list[Link], ambiguous: list[Ambiguity]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    produces = [{"task_id": x.task_id, "plan_id": x.plan_id, "score": float(x.score), "evidence": x.evidence}
                for x in links]
    may = [{"task_id": a.task_id, "plan_id": pid, "score": float(round(a.score, 3)),
            "evidence": f"ambiguous: {len(a.candidates)} plans fit equally ({a.score:.0%} of the title's words)"}
           for a in ambiguous for pid in a.candidates]
    return produces, may


def _key_list(rows: list[dict[str, Any]]) -> list[tuple[str, str, float, str]]:
    return [(r["task_id"], r["plan_id"], round(float(r["score"] or 0), 3), r["evidence"] or "") for r in rows]


def _key(rows: list[dict[str, Any]]) -> set[tuple[str, str, float, str]]:
    return set(_key_list(rows))


def relink(store: Store) -> RelinkResult:
    """Recompute every PRODUCES / MAY_PRODUCE relationship of the store (see module docstring).

    The matching runs over the whole store (cheap: bucketed by family and jurisdiction); only the
    relationships of (task, plan) pairs whose links changed are deleted and written again.
    """
    requests, plans = read_requests(store), read_plans(store)
    links, ambiguous = find_links(requests, plans)
    produces, may = _rows(links, ambiguous)
    stored = _run(store, "links")
    result = RelinkResult(requests=len(requests), plans=len(plans), links=links, ambiguous=ambiguous)
    changes = []
    for rel, rows, write, delete in (("PRODUCES", produces, "write_produces", "delete_produces_of"),
                                     ("MAY_PRODUCE", may, "write_may_produce", "delete_may_produce_of")):
        old = [r for r in stored if r["rel"] == rel]
        twice = {k for k, n in Counter(_key_list(old)).items() if n > 1}  # an edge stored twice: rewrite it
        diff = (_key(old) ^ _key(rows)) | twice
        touched = {(k[0], k[1]) for k in diff}
        if touched:
            changes.append((sorted(touched), [r for r in rows if (r["task_id"], r["plan_id"]) in touched],
                            write, delete))
    if not changes:
        return result
    with store.transaction():
        for touched, rows, write, delete in changes:
            pairs = [{"task_id": t, "plan_id": p} for t, p in touched]
            for i in range(0, len(pairs), _BATCH):
                _run(store, delete, {"rows": pairs[i:i + _BATCH]})
            for i in range(0, len(rows), _BATCH):
                _run(store, write, {"rows": rows[i:i + _BATCH]})
    result.written = True
    return result


# ---------------------------------------------------------------- for the report (pipeline/report.py)

def produces_edges(store: Store) -> list[dict[str, Any]]:
    """Asking plan -> answering plan, one per PRODUCES: {from_plan, to_plan, row, label}."""
    rows = _run(store, "report_edges")
    return [{"from_plan": r["from_plan"], "to_plan": r["to_plan"], "row": r["row"],
             "label": f"row {r['row']} asks for this {r['request_type'] or 'document'} "
                      f"(PRODUCES, score {r['score']}): {r['evidence']}"} for r in rows]


def produces_edges_from_extractions(items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """The same edges computed from (plan_id, Extraction) pairs, with no store (same rules as relink)."""
    from graph.lineage import records_from_extraction

    plans: list[PlanRecord] = []
    requests: list[RequestRecord] = []
    rows: dict[str, RequestRecord] = {}
    for pid, ex in items:
        plan, reqs = records_from_extraction(ex, pid)
        plans.append(plan)
        requests += reqs
        rows.update({r.task_id: r for r in reqs})
    links, _ = find_links(requests, plans)
    return [{"from_plan": rows[x.task_id].plan_id, "to_plan": x.plan_id, "row": rows[x.task_id].row,
             "label": f"row {rows[x.task_id].row} asks for this {rows[x.task_id].doc_type} "
                      f"(PRODUCES, score {x.score}): {x.evidence}"} for x in links]
