"""Plan lineage: link tasks that ask for a document to the ingested plans that answer them (issue 9).

Pure functions over small records, so the same rules serve both stores; `graph/lineage_store.py` reads the
records from a store and writes `Task -[:PRODUCES {score, evidence}]-> Plan`.

A plan answers a request when
- its document family matches ("Kế hoạch hành động" answers a request for a "Kế hoạch hành động" or "Kế hoạch"),
- it belongs to the requesting plan's jurisdiction,
- it is not older than the requesting plan (by date when both are dated, else by year),
- the requested title is contained in the plan's title (compared word by word after normalisation;
  titles are paraphrased, so containment of the request's words, not equality, is the test).
When two candidate plans fit equally well the request is reported as ambiguous, never linked by guess.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from extractors.normalize import compare_form

if TYPE_CHECKING:
    from extractors.model import Extraction

TITLE_MIN = 0.8  # share of the request's title words found in the plan's title
TIE = 0.02  # candidates closer than this are a tie
_FAMILY_WORDS = [("kế hoạch", "Kế hoạch"), ("chương trình", "Chương trình"), ("đề án", "Đề án"),
                 ("quyết định", "Quyết định"), ("nghị quyết", "Nghị quyết"), ("chỉ thị", "Chỉ thị"),
                 ("chiến lược", "Chiến lược"), ("quy chế", "Quy chế"), ("quy định", "Quy định")]
# words that say nothing about which document is meant
_STOP = {"và", "của", "về", "các", "trong", "đến", "năm", "thời", "kỳ", "giai", "đoạn", "tầm", "nhìn", "thành",
         "phố", "tỉnh", "thực", "hiện", "triển", "khai", "ban", "hành", "xây", "dựng"}


class PlanRecord(BaseModel):
    plan_id: str
    doc_type: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    date: str | None = None
    year: int | None = None
    draft: bool = False


class RequestRecord(BaseModel):
    task_id: str
    plan_id: str  # the plan whose task asks
    row: str | None = None  # task id as printed
    doc_type: str
    family: str
    title: str | None = None
    jurisdiction: str | None = None
    plan_date: str | None = None
    plan_year: int | None = None
    deadline_end: str | None = None


class Link(BaseModel):
    task_id: str
    plan_id: str
    score: float
    evidence: str


class Ambiguity(BaseModel):
    task_id: str
    candidates: list[str]
    score: float


Status = Literal["produced_on_time", "produced_late", "produced_date_unknown", "produced_no_deadline",
                 "overdue", "not_yet_due", "not_produced_no_deadline"]


@lru_cache(maxsize=4096)
def family_of(doc_type: str | None) -> str | None:
    """The family of a plan's document type: the first type word in it."""
    cf = compare_form(doc_type or "")
    for word, fam in _FAMILY_WORDS:
        if word in cf:
            pos = cf.find(word)
            # "Quyết định ban hành kèm Kế hoạch": the plan is the Kế hoạch
            later = [(cf.find(w), f) for w, f in _FAMILY_WORDS if cf.find(w) > pos]
            if fam == "Quyết định" and later:
                return min(later)[1]
            return fam
    return None


@lru_cache(maxsize=65536)  # matching compares every request with every plan of its bucket: titles repeat
def _words(s: str | None) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"\w+", compare_form(s or "")) if w not in _STOP)


@lru_cache(maxsize=4096)
def _place(jurisdiction: str | None) -> str:
    return compare_form(jurisdiction or "")


@lru_cache(maxsize=65536)
def _word_set(s: str | None) -> frozenset[str]:
    return frozenset(_words(s))


def title_containment(request_title: str | None, plan_title: str | None) -> float:
    req, plan = _words(request_title), _word_set(plan_title)
    if not req or not plan:
        return 0.0
    return sum(w in plan for w in req) / len(req)


def _not_older(req: RequestRecord, plan: PlanRecord) -> bool:
    if req.plan_date and plan.date:
        return plan.date >= req.plan_date
    if req.plan_year and plan.year:
        return plan.year >= req.plan_year
    return True  # unknown: the other tests decide


def match_requests(requests: list[RequestRecord], plans: list[PlanRecord]) -> tuple[list[Link], list[Ambiguity]]:
    links: list[Link] = []
    ambiguous: list[Ambiguity] = []
    for req in requests:
        if not req.title:
            continue  # a type without a title cannot identify a plan
        scored: list[tuple[float, PlanRecord]] = []
        for plan in plans:
            if plan.plan_id == req.plan_id:
                continue
            if family_of(plan.doc_type) != req.family:
                continue
            if _place(plan.jurisdiction) != _place(req.jurisdiction) or not req.jurisdiction:
                continue
            if not _not_older(req, plan):
                continue
            s = title_containment(req.title, plan.title)
            if s >= TITLE_MIN:
                scored.append((s, plan))
        if not scored:
            continue
        scored.sort(key=lambda x: -x[0])
        best = scored[0][0]
        tied = [p for s, p in scored if best - s <= TIE]
        if len(tied) > 1:
            ambiguous.append(Ambiguity(task_id=req.task_id, candidates=[p.plan_id for p in tied], score=best))
            continue
        plan = tied[0]
        links.append(Link(task_id=req.task_id, plan_id=plan.plan_id, score=round(best, 3),
                          evidence=(f"type {req.doc_type} ~ {plan.doc_type}; jurisdiction {plan.jurisdiction}; "
                                    f"{best:.0%} of the requested title's words in the plan title")))
    return links, ambiguous


def request_status(deadline_end: str | None, produced: PlanRecord | None, at: date) -> tuple[Status, str]:
    """Status of one request, with a human-readable detail."""
    if produced is not None:
        if not produced.date:
            what = "a draft" if produced.draft else "a plan"
            return "produced_date_unknown", f"answered by {what} with no date" + (
                f" (year {produced.year})" if produced.year else "")
        if not deadline_end:
            return "produced_no_deadline", f"answered on {produced.date}; the request has no deadline"
        late = (date.fromisoformat(produced.date) - date.fromisoformat(deadline_end)).days
        if late <= 0:
            return "produced_on_time", f"answered on {produced.date}, due {deadline_end}"
        return "produced_late", f"answered on {produced.date}, {late} days after {deadline_end}"
    if not deadline_end:
        return "not_produced_no_deadline", "no answering plan ingested; no deadline"
    end = date.fromisoformat(deadline_end)
    if end < at:
        return "overdue", f"due {deadline_end}, {(at - end).days} days overdue at {at.isoformat()}"
    return "not_yet_due", f"due {deadline_end}"


def records_from_extraction(extraction: "Extraction", plan_id: str) -> tuple[PlanRecord, list[RequestRecord]]:
    """The plan and its requests as matching records, straight from an extraction (no store).

    Task ids follow graph/writer.py (`{plan_id}/t/{position}`); `row` is the task's id as printed.
    """
    doc = extraction.document
    draft = bool(doc.draft) or (not doc.number and not doc.date)  # blank number and day: a draft (lineage_store)
    plan = PlanRecord(plan_id=plan_id, doc_type=doc.doc_type, title=doc.title, jurisdiction=doc.jurisdiction,
                      date=doc.date, year=doc.year, draft=draft)
    requests = [RequestRecord(task_id=f"{plan_id}/t/{n}", plan_id=plan_id, row=t.id, doc_type=t.request.doc_type,
                              family=t.request.family, title=t.request.title, jurisdiction=doc.jurisdiction,
                              plan_date=doc.date, plan_year=doc.year, deadline_end=t.deadline.end)
                for n, t in enumerate(extraction.tasks) if t.request is not None]
    return plan, requests
