"""The analysis step of an ingest, incremental: what changed since the last analysis is redone, the rest kept.

State beside the store (`<store dir>/analysis_state.json`, embedded stores only; a Neo4j store is analysed in
full every run) records what the last analysis saw — "analysed up to":
- per plan: a fingerprint (the plan's `extraction_sha` and its `PlanRecord`, which carries what other plans
  decide: which implemented instruments resolve) and that plan's orphan findings;
- the DUPLICATES pairs it wrote (task ids by index, score, method).

A run reads the plans (one cheap query), and
- orphans: recomputes `find_orphans` only for plans whose fingerprint is new or changed (orphans are a
  per-plan function of the plan's tasks and its record, so this equals a full recompute); deleted plans drop;
- duplicates: the pairs are recomputed over the whole store (their TF-IDF weights are corpus-wide, so a
  pair of unchanged tasks can change score when any plan changes); only the difference with the pairs
  written last time is written: the pairs that changed are deleted and written again, nothing else.
  Pairs are built without pydantic validation and clusters counted by union-find (no networkx).
The state is saved (atomically: temp file + rename) twice: before the store transaction, with the pairs
about to change marked `pending`, and after it commits. A run killed anywhere in between leaves them
pending, and the next run rewrites them whatever it computes, so the store is repaired (the edge count is
checked too: a mismatch means someone else wrote DUPLICATES, and the whole set is rewritten; a full
`write_duplicates` drops the state). A state written by another analysis version or settings is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from pydantic import BaseModel, Field

from pipeline.analysis.duplicates import DuplicatePair, DuplicateSettings
from pipeline.analysis.orphans import RULES_FILE, Orphan, OrphanSettings
from pipeline.analysis.records import PlanRecord, TaskRecord

STATE_FILE = "analysis_state.json"
ANALYSIS_VERSION = "1"  # bump when duplicates/orphans change what they compute


class PlanState(BaseModel):
    fingerprint: str
    orphans: list[dict[str, Any]] = Field(default_factory=list)


class AnalysisState(BaseModel):
    version: str
    plans: dict[str, PlanState] = Field(default_factory=dict)
    keys: list[str] = Field(default_factory=list)  # task ids the pairs refer to by index
    pairs: list[tuple[int, int, float, str]] = Field(default_factory=list)  # a, b, score, method
    # pairs (a, b task ids) a run was about to rewrite when it saved this state: a run killed before the
    # commit or before the final save leaves them here, and the next run rewrites them whatever it computes
    pending: list[tuple[str, str]] = Field(default_factory=list)


def analysis_version() -> str:
    """Changes when the rules, vocabularies or default settings of the analyses change."""
    from pipeline.analysis.textsim import DATA_FILE

    h = hashlib.sha256(ANALYSIS_VERSION.encode())
    for f in (RULES_FILE, DATA_FILE):
        h.update(f.read_bytes())
    h.update(DuplicateSettings().model_dump_json().encode())
    h.update(OrphanSettings().model_dump_json().encode())
    return h.hexdigest()[:16]


def state_path(store: Any) -> Path | None:
    """Where the state of an embedded store lives (None: a server store, analysed in full)."""
    p = getattr(store, "path", None)
    return Path(p) / STATE_FILE if p is not None and Path(p).is_dir() else None


def load_state(path: Path | None, version: str) -> AnalysisState | None:
    if path is None or not path.exists():
        return None
    try:
        st = AnalysisState.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # unreadable or half-written: start over
    return st if st.version == version else None


def save_state(path: Path | None, state: AnalysisState) -> None:
    if path is None:
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(state.model_dump_json(), encoding="utf-8")
    os.replace(tmp, path)


def forget_state(store: Any) -> None:
    """Drop the state (DUPLICATES were rewritten by someone else): the next analysis starts over."""
    path = state_path(store)
    if path is not None:
        path.unlink(missing_ok=True)


def plan_fingerprint(plan: PlanRecord, extraction_sha: str | None) -> str:
    return hashlib.sha256(f"{extraction_sha}\x00{plan.model_dump_json()}".encode()).hexdigest()[:24]


def orphans_by_plan(tasks: Sequence[TaskRecord], plans: dict[str, PlanRecord]) -> dict[str, list[Orphan]]:
    from pipeline.analysis.orphans import find_orphans

    out: dict[str, list[Orphan]] = {pid: [] for pid in plans}
    for o in find_orphans(tasks, plans):
        out.setdefault(o.plan_id, []).append(o)
    return out


def sorted_orphans(per_plan: Iterable[Iterable[Orphan]]) -> list[Orphan]:
    """All findings in `find_orphans`' order."""
    from pipeline.analysis.orphans import REASONS

    order = {k: i for i, k in enumerate(REASONS)}
    out = [o for group in per_plan for o in group]
    out.sort(key=lambda o: (order.get(o.reason, 99), o.plan_id, o.key))
    return out


def count_clusters(pairs: Sequence[DuplicatePair]) -> int:
    """Connected components of the pair graph (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[ra] = rb
    return len({find(x) for x in list(parent) + [p.a for p in pairs]})


def _pair_rows(pairs: Sequence[DuplicatePair]) -> dict[tuple[str, str], tuple[float, str]]:
    return {(p.a, p.b): (float(p.score), f"{p.method}/{p.rule}") for p in pairs}


def write_pair_changes(store: Any, old: dict[tuple[str, str], tuple[float, str]] | None,
                       new: dict[tuple[str, str], tuple[float, str]], pending: Iterable[tuple[str, str]] = (),
                       before: Callable[[set[tuple[str, str]]], None] | None = None, batch: int = 5000) -> int:
    """Make the store's DUPLICATES equal `new`, knowing it held `old` (None: unknown -> rewrite all) except
    perhaps on the `pending` pairs. `before(changed)` runs just before the store transaction.

    Only the pairs that changed are deleted and written again. Returns their number (-1: full rewrite)."""
    from pipeline.analysis.graph_io import load_analysis_query

    def rows(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"a": a, "b": b, "score": new[(a, b)][0], "method": new[(a, b)][1]} for a, b in pairs]

    if old is None:
        if before is not None:
            before(set(new))
        with store.transaction() as tx:
            tx.execute(load_analysis_query("clear_duplicates"))
            data = rows(sorted(new))
            for i in range(0, len(data), batch):
                tx.execute(load_analysis_query("write_duplicates"), {"rows": data[i:i + batch]})
        return -1
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)} | set(pending)
    if not changed:
        return 0
    if before is not None:
        before(changed)
    gone = [{"a": a, "b": b} for a, b in sorted(changed)]
    data = rows(sorted(k for k in changed if k in new))
    with store.transaction() as tx:
        for i in range(0, len(gone), batch):
            tx.execute(load_analysis_query("delete_duplicate_pairs"), {"rows": gone[i:i + batch]})
        for i in range(0, len(data), batch):
            tx.execute(load_analysis_query("write_duplicates"), {"rows": data[i:i + batch]})
    return len(changed)


def analyse(store: Any, *, incremental: bool = True) -> dict[str, Any]:
    """Duplicates (written back as DUPLICATES) and orphan counts; incremental when a state is found."""
    from pipeline.analysis import graph_io
    from pipeline.analysis.duplicates import find_duplicate_pairs_stats

    version = analysis_version()
    path = state_path(store)
    state = load_state(path, version) if incremental else None
    plans = graph_io.read_plans(store)
    pmap = {p.plan_id: p for p in plans}
    shas = {r["plan_id"]: r["extraction_sha"] for r in graph_io.run(store, "plan_fingerprints")}
    fps = {p.plan_id: plan_fingerprint(p, shas.get(p.plan_id)) for p in plans}
    # orphans: only plans new or changed since the state
    known = state.plans if state else {}
    stale = sorted(pid for pid, fp in fps.items() if pid not in known or known[pid].fingerprint != fp)
    tasks = graph_io.read_tasks(store)
    fresh: dict[str, list[Orphan]] = {}
    if stale:
        sset = set(stale)
        fresh = orphans_by_plan([t for t in tasks if t.plan_id in sset], {pid: pmap[pid] for pid in stale})
    per_plan: dict[str, list[Orphan]] = {}
    for pid in fps:
        per_plan[pid] = fresh[pid] if pid in fresh else [Orphan.model_validate(o) for o in known[pid].orphans]
    orphans = sorted_orphans(per_plan.values())
    # duplicates: recomputed whole (corpus-wide weights), written as a difference
    pairs, _stats = find_duplicate_pairs_stats(tasks, pmap, DuplicateSettings())
    new = _pair_rows(pairs)
    old: dict[tuple[str, str], tuple[float, str]] | None = None
    if state is not None:
        stored = graph_io.run(store, "count_duplicates")
        alive = {t.key for t in tasks}
        old = {(state.keys[a], state.keys[b]): (s, m) for a, b, s, m in state.pairs
               if state.keys[a] in alive and state.keys[b] in alive}  # deleted tasks took their edges along
        if int(stored[0]["n"] if stored else 0) != len(old):
            old = None  # someone else wrote DUPLICATES: rewrite all

    def mark_pending(changed: set[tuple[str, str]]) -> None:
        if state is not None:
            state.pending = sorted(changed | set(map(tuple, state.pending)))  # type: ignore[arg-type]
            save_state(path, state)
        else:  # no trusted record of the store: a kill now means a full rewrite next time
            forget_state(store)

    rewritten = write_pair_changes(store, old, new, state.pending if state is not None else (), mark_pending)
    keys = sorted({x for k in new for x in k})
    at = {k: i for i, k in enumerate(keys)}
    save_state(path, AnalysisState(
        version=version, keys=keys,
        pairs=[(at[a], at[b], s, m) for (a, b), (s, m) in sorted(new.items())],
        plans={pid: PlanState(fingerprint=fps[pid], orphans=[o.model_dump(mode="json") for o in per_plan[pid]])
               for pid in fps}))
    by_reason = Counter(o.reason for o in orphans)
    return {"duplicate_clusters": count_clusters(pairs), "duplicate_pairs": len(pairs),
            "orphan_findings": len(orphans), "orphans_by_reason": dict(sorted(by_reason.items())),
            "incremental": {"state": state is not None, "plans_reanalysed": len(stale),
                            "pairs_rewritten": rewritten}}
