"""Orphaned tasks: work that nobody owns, that has no time, or that hangs loose from its plan.

One row per (task, reason). Reasons:
- `no_lead`: no lead organisation.
- `no_deadline`: no deadline, or a deadline that points to an appendix the document does not contain
  ("Chi tiết xem Phụ lục 1 đính kèm" in a plan without an appendix table).
- `generic_lead_only`: every lead is a generic group ("Các sở, ban, ngành liên quan").
- `plan_implements_nothing`: the task's plan implements no instrument that resolves.
- `body_not_in_appendix`: the plan has an appendix table, and this body task matches none of its rows.
- `lead_outside_jurisdiction`: a lead is a central body or names another province/city than the plan's.

Vocabulary (appendix deferral, central bodies, place names) lives in `data/orphan_rules.json`.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pydantic import BaseModel, Field

from extractors.normalize import compare_form
from pipeline.analysis.records import PlanRecord, TaskRecord
from pipeline.analysis.textsim import TextIndex

RULES_FILE = Path(__file__).resolve().parent / "data" / "orphan_rules.json"

REASONS: dict[str, str] = {
    "no_lead": "no lead organisation",
    "no_deadline": "no deadline",
    "generic_lead_only": "only a generic owner",
    "plan_implements_nothing": "the plan implements nothing that resolves",
    "body_not_in_appendix": "body task that no appendix row carries",
    "lead_outside_jurisdiction": "lead is not an organisation of the plan's jurisdiction",
}


class OrphanSettings(BaseModel):
    reasons: list[str] = Field(default_factory=lambda: list(REASONS))
    carried_cosine: float = Field(0.5, ge=0, le=1,
                                  description="cosine at which an appendix row carries a body task")
    carried_nested: float = Field(0.9, ge=0, le=1,
                                  description="or: share of the shorter text found in the other ...")
    carried_nested_cosine: float = Field(0.3, ge=0, le=1, description="... together with this cosine")


class Orphan(BaseModel):
    plan_id: str
    task_id: str
    key: str
    reason: str
    detail: str
    text: str
    lead: list[str]
    deadline_raw: str | None
    provenance: dict[str, str | int | None]


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _deferral() -> list[re.Pattern[str]]:
    return [re.compile(p["pattern"]) for p in _rules()["appendix_deferral"]["patterns"]]


@lru_cache(maxsize=1)
def _national() -> list[re.Pattern[str]]:
    return [re.compile(p["pattern"]) for p in _rules()["national_bodies"]["patterns"]]


@lru_cache(maxsize=1)
def _places() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for it in _rules()["places"]["items"]:
        names = [compare_form(it["name"])] + [compare_form(a) for a in it.get("aliases", [])]
        names.sort(key=len, reverse=True)
        alt = "|".join(re.escape(n) for n in names)
        out.append((it["name"], re.compile(r"(?<![\w.])(?:" + alt + r")(?![\w])")))
    return out


def defers_to_appendix(text: str | None) -> bool:
    return bool(text) and any(p.search(compare_form(text)) for p in _deferral())


def is_national(name: str) -> bool:
    cf = compare_form(name)
    return any(p.search(cf) for p in _national())


def places_in(name: str) -> list[str]:
    """Province/city names (canonical) that `name` mentions."""
    cf = compare_form(name)
    return [n for n, p in _places() if p.search(cf)]


def place_of_jurisdiction(jurisdiction: str | None) -> str | None:
    if not jurisdiction:
        return None
    found = places_in(jurisdiction)
    return found[0] if found else jurisdiction


def outside_jurisdiction(lead: str, jurisdiction: str | None) -> str | None:
    """Why `lead` is not an organisation of `jurisdiction` (None when it may be)."""
    if is_national(lead):
        return f"{lead!s} is a central body"
    home = place_of_jurisdiction(jurisdiction)
    if home is None:
        return None
    other = [p for p in places_in(lead) if compare_form(p) != compare_form(home)]
    if other and not any(compare_form(p) == compare_form(home) for p in places_in(lead)):
        return f"{lead} belongs to {other[0]}, the plan is {home}'s"
    return None


def _is_generic(name: str, flag: bool | None) -> bool:
    if flag:
        return True
    try:
        from extractors.owners import is_generic
    except ImportError:  # pragma: no cover - owners module not present
        return compare_form(name).startswith("các ")
    return is_generic(name)


def _orphan(r: TaskRecord, reason: str, detail: str) -> Orphan:
    return Orphan(plan_id=r.plan_id, task_id=r.task_id, key=r.key, reason=reason, detail=detail,
                  text=r.text, lead=r.lead, deadline_raw=r.deadline_raw, provenance=r.provenance())


def _carried(body: Sequence[TaskRecord], rows: Sequence[TaskRecord], s: OrphanSettings) -> set[str]:
    """Keys of body tasks that some appendix row of the same plan carries."""
    if not body or not rows:
        return set()
    recs = list(body) + list(rows)
    index = TextIndex([r.text for r in recs])
    nb = len(body)
    out = set()
    for i in range(nb):
        for j in range(nb, len(recs)):
            c = index.compare(i, j)
            if c.cosine >= s.carried_cosine or (c.nested >= s.carried_nested
                                                and c.cosine >= s.carried_nested_cosine):
                out.add(body[i].key)
                break
    return out


def find_orphans(records: Sequence[TaskRecord], plans: Sequence[PlanRecord] | dict[str, PlanRecord] = (),
                 settings: OrphanSettings | dict | None = None) -> list[Orphan]:
    s = settings if isinstance(settings, OrphanSettings) else OrphanSettings.model_validate(settings or {})
    want = set(s.reasons)
    pmap = plans if isinstance(plans, dict) else {p.plan_id: p for p in plans}
    by_plan: dict[str, list[TaskRecord]] = defaultdict(list)
    for r in records:
        by_plan[r.plan_id].append(r)
    out: list[Orphan] = []
    for pid, tasks in by_plan.items():
        plan = pmap.get(pid)
        has_appendix = plan.has_appendix if plan else any(t.source == "appendix" for t in tasks)
        carried: set[str] = set()
        if "body_not_in_appendix" in want and has_appendix:
            carried = _carried([t for t in tasks if t.source == "body"],
                               [t for t in tasks if t.source == "appendix"], s)
        for r in tasks:
            if "no_lead" in want and not r.lead:
                out.append(_orphan(r, "no_lead", "no lead organisation"))
            if "no_deadline" in want:
                deferred = next((x for x in (r.deadline_raw, r.condition, r.note) if defers_to_appendix(x)), None)
                plan_deferral = plan.appendix_deferrals[0] if plan and plan.appendix_deferrals else None
                if deferred and not has_appendix:
                    out.append(_orphan(r, "no_deadline",
                                       f"timing left to an appendix the document does not contain: {deferred}"))
                elif r.deadline_kind == "none" and not r.deadline_raw and plan_deferral and not has_appendix:
                    out.append(_orphan(r, "no_deadline", "no deadline; the plan leaves timing to an appendix "
                                       f"the document does not contain (\"{plan_deferral}\")"))
                elif r.deadline_kind == "none" and not r.deadline_raw:
                    out.append(_orphan(r, "no_deadline", "no deadline given"))
            if "generic_lead_only" in want and r.lead:
                flags = r.lead_generic if len(r.lead_generic) == len(r.lead) else [None] * len(r.lead)
                if all(_is_generic(n, f) for n, f in zip(r.lead, flags)):
                    out.append(_orphan(r, "generic_lead_only", "only generic owners: " + "; ".join(r.lead)))
            if "plan_implements_nothing" in want and plan is not None and not plan.implements_resolved:
                what = ("implements " + ", ".join(plan.implements) + ", none of which resolves"
                        if plan.implements else "the plan implements no instrument")
                out.append(_orphan(r, "plan_implements_nothing", what))
            if ("body_not_in_appendix" in want and has_appendix and r.source == "body"
                    and r.key not in carried):
                out.append(_orphan(r, "body_not_in_appendix", "no appendix row carries this body task"))
            if "lead_outside_jurisdiction" in want and plan is not None:
                for name in r.lead:
                    why = outside_jurisdiction(name, plan.jurisdiction)
                    if why:
                        out.append(_orphan(r, "lead_outside_jurisdiction", why))
                        break
    order = {k: i for i, k in enumerate(REASONS)}
    out.sort(key=lambda o: (order.get(o.reason, 99), o.plan_id, o.key))
    return out


def orphan_rows(orphans: Sequence[Orphan], plan: str | None = None) -> list[dict[str, object]]:
    return [{"reason": o.reason, "plan": o.plan_id, "task": o.task_id, "detail": o.detail, "text": o.text,
             "lead": o.lead, "deadline": o.deadline_raw, "file": o.provenance.get("file"),
             "line": o.provenance.get("line_start")}
            for o in orphans if not plan or o.plan_id == plan]
