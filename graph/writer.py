"""Idempotent writes of one plan's subgraph.

`write_extraction(store, extraction, file=…, sha256=…)`:
- the Plan id is derived from the source path and the source bytes' sha256 (never random);
- a plan already stored for `file` with the same source hash and the same extraction -> `unchanged`, and
  nothing is written;
- otherwise the old subgraph of that file (its Plan, Tasks, Indicators, their relationships and the
  instrument chains it asserted) is deleted and the new one created, in ONE transaction: an interrupted
  write leaves the plan wholly old or wholly new;
- Instrument and Organization nodes are shared: MERGEd by key, never duplicated, never deleted here.

`build_subgraph` is the pure part (Extraction -> rows for each statement), so it can be inspected and tested
without a store.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel

from extractors.model import Extraction
from extractors.requests import request_due
from extractors.version import extractor_version
from graph.resolve import canonical_symbol, instrument_key, resolve_citations, resolve_org, split_key, symbol_number
from graph.store import Store

Status = Literal["new", "changed", "unchanged"]

PLAN_RELATIONS = ("implements", "based_on", "replaces", "stops", "mentions")
CHAIN_RELATIONS = ("implements", "stops", "replaces")
_INSTRUMENT_LIKE = re.compile(r"^\d+[^\s]*/[^\s]+$")


class WriteResult(BaseModel):
    status: Status
    plan_id: str
    file: str
    counts: dict[str, int] = {}


def plan_id_for(file: str, sha256: str) -> str:
    return hashlib.sha256(f"{file}\n{sha256}".encode()).hexdigest()[:24]


def extraction_digest(extraction: Extraction) -> str:
    data = json.dumps(extraction.to_json_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Subgraph:
    """Rows for each named statement of schema/writes.cypher, in write order."""

    plan_id: str
    plan: dict[str, Any]
    instruments: list[dict[str, Any]] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def symbols(self) -> set[str]:
        return {i["symbol"] for i in self.instruments}

    def counts(self) -> dict[str, int]:
        nodes = 1 + len(self.tasks) + len(self.indicators)
        rels = sum(len(v) for v in self.links.values())
        return {"nodes": nodes, "relationships": rels, "tasks": len(self.tasks),
                "indicators": len(self.indicators), "instruments": len(self.instruments),
                "organizations": len(self.organizations)}


class _Instruments:
    """The document's instruments: reference keys as printed -> canonical keys, and rows to MERGE."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.by_printed: dict[str, str] = {}
        self.by_symbol: dict[str, set[str]] = {}

    def add(self, printed: str, *, symbol: str | None = None, date: str | None = None,
            doc_type: str | None = None, issuer: str | None = None) -> str:
        sym_k, date_k = split_key(printed)
        sym = canonical_symbol(symbol) if symbol else sym_k
        d = date or date_k
        key = instrument_key(sym, d)
        row = self.rows.get(key)
        if row is None:
            self.rows[key] = {"key": key, "symbol": sym, "number": symbol_number(sym),
                              "doc_type": doc_type, "date": d if key != sym else None,
                              "issuer": issuer, "dated": key != sym}
        else:
            row["doc_type"] = row["doc_type"] or doc_type
            row["issuer"] = row["issuer"] or issuer
        self.by_printed.setdefault(canonical_symbol(printed), key)
        self.by_symbol.setdefault(sym, set()).add(key)
        return key

    def lookup(self, printed: str) -> str:
        """Canonical key of a key printed in a chain or an indicator source."""
        p = canonical_symbol(printed)
        if p in self.by_printed:
            return self.by_printed[p]
        sym, date = split_key(p)
        if date is None and len(self.by_symbol.get(sym, ())) == 1:
            return next(iter(self.by_symbol[sym]))
        return self.add(p)


def _request_props(t: Any) -> dict[str, Any]:
    """Task properties of the document a task asks for (extractors/requests.py); all None when it asks none."""
    r = t.request
    return {"request_type": r.doc_type if r else None, "request_family": r.family if r else None,
            "request_title": r.title if r else None, "request_evidence": r.evidence if r else None,
            "request_due": request_due(t) if r else None}


def _prov(p: Any) -> tuple[int | None, int | None]:
    return (p.page, p.line_start) if p is not None else (None, None)


def build_subgraph(extraction: Extraction, *, file: str, sha256: str,
                   ingested_at: str | None = None) -> Subgraph:
    """Extraction -> the rows of one plan's subgraph (pure)."""
    doc = extraction.document
    pid = plan_id_for(file, sha256)
    inst = _Instruments()
    links: dict[str, list[dict[str, Any]]] = {}

    def link(name: str, a: str, b: str, **props: Any) -> None:
        links.setdefault(name, []).append({"from": a, "to": b, **props})

    plan_key = None
    if doc.number and re.search(r"\d", doc.number):
        plan_key = inst.add(doc.number, date=doc.date, doc_type=doc.doc_type, issuer=doc.issuer)

    seen_rel: set[tuple[str, str]] = set()
    implemented: list[tuple[str, str | None]] = []
    for ref in extraction.references:
        key = inst.add(ref.key, symbol=ref.symbol, date=ref.date, doc_type=ref.doc_type, issuer=ref.issuer)
        if (ref.relation, key) in seen_rel or key == plan_key:
            continue
        seen_rel.add((ref.relation, key))
        link(f"plan_{ref.relation}", pid, key, evidence=ref.evidence)
        if ref.relation == "implements":
            implemented.append((key, ref.evidence))

    seen_chain: set[tuple[str, str, str]] = set()

    def chain(rel: str, a: str, b: str, evidence: str | None) -> None:
        if a == b or (rel, a, b) in seen_chain:
            return
        seen_chain.add((rel, a, b))
        link(f"chain_{rel}", a, b, plan=pid, evidence=evidence)

    for c in extraction.chains:
        chain(c.relation, inst.lookup(c.from_), inst.lookup(c.to), c.evidence)
    if plan_key is not None:
        link("link_is", pid, plan_key)
        for key, ev in implemented:  # the numbered plan's own instrument implements what the plan implements
            chain("implements", plan_key, key, ev)

    juris = doc.jurisdiction
    orgs: dict[str, dict[str, Any]] = {}

    def org(name: str, generic: bool | None = None) -> str:
        o = resolve_org(name, juris, generic)
        if o.id not in orgs:
            orgs[o.id] = {"id": o.id, "name": o.name, "name_cf": o.name_cf,
                          "jurisdiction": o.jurisdiction, "generic": o.generic}
        return o.id

    tasks: list[dict[str, Any]] = []
    task_by_ordinal: dict[str, str] = {}
    for n, t in enumerate(extraction.tasks):
        tid = f"{pid}/t/{n}"
        task_by_ordinal.setdefault(t.id, tid)
        page, line = _prov(t.provenance)
        dl = t.deadline
        tasks.append({"id": tid, "plan_id": pid, "ordinal": t.id, "position": n, "source": t.source,
                      "group_name": t.group, "text": t.text, "deliverable": t.deliverable,
                      "deadline_raw": t.deadline_raw, "deadline_kind": dl.kind, "deadline_start": dl.start,
                      "deadline_end": dl.end, "recurrence": dl.recurrence, "condition": dl.condition,
                      "note": t.note, "confidence": float(t.confidence), "page": page, "line_start": line,
                      **_request_props(t)})
        link("link_has_task", pid, tid)
        generic_flags = t.lead_generic if len(t.lead_generic) == len(t.lead) else [None] * len(t.lead)
        led: set[str] = set()
        for name, gen in zip(t.lead, generic_flags):
            oid = org(name, gen)
            if oid not in led:
                led.add(oid)
                link("link_led_by", tid, oid)
        sup: set[str] = set()
        for name in t.support:
            oid = org(name)
            if oid not in sup and oid not in led:
                sup.add(oid)
                link("link_supported_by", tid, oid)

    indicators: list[dict[str, Any]] = []
    for n, ind in enumerate(extraction.indicators):
        iid = f"{pid}/i/{n}"
        first = ind.values[0] if ind.values else None
        page, line = _prov(ind.provenance)
        indicators.append({
            "id": iid, "plan_id": pid, "position": n, "text": ind.text,
            "value": float(first.value) if first and first.value is not None else None,
            "max": float(first.max) if first and first.max is not None else None,
            "unit": first.unit if first else None, "comparator": first.comparator if first else None,
            "target_year": ind.target_year, "footnote": ind.footnote,
            "values_json": json.dumps([v.model_dump(mode="json") for v in ind.values], ensure_ascii=False),
            "page": page, "line_start": line})
        link("link_has_indicator", pid, iid)
        seen_src: set[str] = set()
        for src in ind.sources:
            printed = canonical_symbol(src)
            if printed in inst.by_printed or _INSTRUMENT_LIKE.match(printed):
                target, name = inst.lookup(printed), "link_sourced_from_instrument"
            else:
                target, name = org(src), "link_sourced_from_organization"
            if target not in seen_src:
                seen_src.add(target)
                link(name, iid, target)
        if ind.task_id and ind.task_id in task_by_ordinal:
            link("link_for_task", iid, task_by_ordinal[ind.task_id])

    plan = {"id": pid, "file": file, "sha256": sha256, "extraction_sha": extraction_digest(extraction),
            "extractor_version": extractor_version(),
            "doc_type": doc.doc_type, "number": doc.number, "symbol": doc.symbol_template,
            "issuer": doc.issuer, "jurisdiction": doc.jurisdiction, "date": doc.date, "year": doc.year,
            "draft": doc.draft, "title": doc.title, "signer": doc.signer, "instrument_key": plan_key,
            "ingested_at": ingested_at or datetime.now(timezone.utc).isoformat(timespec="seconds")}
    return Subgraph(plan_id=pid, plan=plan, instruments=list(inst.rows.values()),
                    organizations=list(orgs.values()), tasks=tasks, indicators=indicators, links=links)


# write order: nodes first, then edges (every edge statement MATCHes both ends)
_LINK_ORDER = ("link_has_task", "link_led_by", "link_supported_by", "link_has_indicator",
               "link_sourced_from_instrument", "link_sourced_from_organization", "link_for_task", "link_is",
               *(f"plan_{r}" for r in PLAN_RELATIONS), *(f"chain_{r}" for r in CHAIN_RELATIONS))


def delete_plan_subgraph(store: Store, plan_id: str) -> None:
    for name in ("delete_plan_tasks", "delete_plan_indicators", "delete_asserted_implements",
                 "delete_asserted_stops", "delete_asserted_replaces", "delete_plan"):
        store.run(name, {"plan_id": plan_id})


def write_subgraph(store: Store, sub: Subgraph, *, batch: int = 5000) -> None:
    """CREATE the plan's nodes and edges, MERGE the shared ones (caller holds the transaction)."""
    def run_batched(name: str, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), batch):
            store.run(name, {"rows": rows[i:i + batch]})

    run_batched("create_plans", [sub.plan])
    run_batched("merge_instruments", sub.instruments)
    run_batched("merge_organizations", sub.organizations)
    run_batched("create_tasks", sub.tasks)
    run_batched("create_indicators", sub.indicators)
    unknown = set(sub.links) - set(_LINK_ORDER)
    if unknown:
        raise ValueError(f"no statement for links {sorted(unknown)}")
    for name in _LINK_ORDER:
        if sub.links.get(name):
            run_batched(name, sub.links[name])


def write_extraction(store: Store, extraction: Extraction, *, file: str, sha256: str) -> WriteResult:
    """Write one plan's subgraph idempotently (see module docstring)."""
    existing = store.run("plan_by_file", {"file": file})
    sub = build_subgraph(extraction, file=file, sha256=sha256)
    if (len(existing) == 1 and existing[0]["sha256"] == sha256
            and existing[0]["extraction_sha"] == sub.plan["extraction_sha"]):
        if existing[0].get("extractor_version") != sub.plan["extractor_version"]:
            # same extraction from a newer extractor: record the version, nothing else changes
            store.run("set_plan_extractor_version", {"plan_id": existing[0]["id"],
                                                     "version": sub.plan["extractor_version"]})
        return WriteResult(status="unchanged", plan_id=existing[0]["id"], file=file,
                           counts={"nodes": 0, "relationships": 0})
    with store.transaction():
        for old in existing:
            delete_plan_subgraph(store, old["id"])
        write_subgraph(store, sub)
        resolve_citations(store, sub.symbols())
        if existing:  # an edit: what only the old version cited goes (an incremental store = a clean rebuild)
            drop_unlinked(store)
        if store.run("failures_for_file", {"file": file}):
            store.run("delete_failures_for_file", {"file": file})
    return WriteResult(status="changed" if existing else "new", plan_id=sub.plan_id, file=file,
                       counts=sub.counts())


def prune(store: Store, existing_files: Iterable[str] | None = None,
          within: Iterable[str | os.PathLike[str]] | None = None) -> list[str]:
    """Delete the plans whose file is gone: not in `existing_files`, or (None) not on disk any more.
    With `within` (the folders and files of this run), only plans whose file lies under one of them are
    candidates: a folder not named in the run (or not mounted just now) keeps its plans.

    Shared nodes left with no plan pointing at them (instruments, organizations) go too.
    Returns the pruned files.
    """
    keep = None if existing_files is None else {str(f) for f in existing_files}
    roots = None if within is None else [Path(r).absolute() for r in within]

    def in_scope(file: str) -> bool:
        if roots is None:
            return True
        f = Path(file)
        return any(f == r or f.is_relative_to(r) for r in roots)

    gone = [r for r in store.run("all_plans")
            if in_scope(r["file"])
            and (r["file"] not in keep if keep is not None else not Path(r["file"]).exists())]
    if not gone:
        return []
    with store.transaction():
        for r in gone:
            delete_plan_subgraph(store, r["id"])
        drop_unlinked(store)
    return sorted(r["file"] for r in gone)


def drop_unlinked(store: Store) -> None:
    """Delete the shared nodes no plan points at any more (instruments, organizations); caller holds the
    transaction."""
    unlinked = store.run("unlinked_instruments")
    if unlinked:
        store.run("delete_instruments", {"keys": [r["key"] for r in unlinked]})
        resolve_citations(store, {r["symbol"] for r in unlinked})
    store.run("delete_unlinked_organizations")


def record_failure(store: Store, file: str, stage: str, error_type: str, message: str) -> str:
    """Quarantine record in the store's ingest log: one per (file, stage), the latest error wins."""
    lid = hashlib.sha256(f"{file}\n{stage}".encode()).hexdigest()[:24]
    store.run("merge_failure", {"id": lid, "file": file, "stage": stage, "error_type": error_type,
                                "message": message,
                                "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    return lid


def stored_hashes(store: Store, extractor_version: str | None = None) -> dict[str, str]:
    """file -> source sha256 of every plan in the store (lets an ingest skip unchanged files unread); with
    `extractor_version`, only the plans written by that version (older ones must be re-extracted)."""
    return {r["file"]: r["sha256"] for r in store.run("all_plans")
            if r["file"] and (extractor_version is None or r.get("extractor_version") == extractor_version)}
