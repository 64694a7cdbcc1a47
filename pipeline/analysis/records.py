"""The records the analyses work on: one `TaskRecord` per task, one `PlanRecord` per plan.

They carry what duplicates, orphans and the report need and nothing else, so the same analysis runs on
extractions (files, gold annotations) and on tasks read back from the graph.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

import re

from extractors.ir import BlockKind, DocumentIR
from extractors.model import Extraction, Task
from extractors.normalize import compare_form

_TIMING = re.compile(r"\bthời gian\b|\bthời hạn\b|\btiến độ\b")


class TaskRecord(BaseModel):
    model_config = ConfigDict(frozen=False)

    plan_id: str
    task_id: str  # the id within its plan, as extracted ("3.7", "IV.2/bullet-1")
    node_id: str | None = None  # the graph's Task.id when read from a store
    source: str = "appendix"  # appendix | body
    group: str | None = None
    text: str
    lead: list[str] = Field(default_factory=list)
    lead_generic: list[bool] = Field(default_factory=list)  # parallel to lead where known
    support: list[str] = Field(default_factory=list)
    deadline_raw: str | None = None
    deadline_kind: str = "none"
    deadline_start: str | None = None
    deadline_end: str | None = None
    recurrence: str | None = None
    condition: str | None = None
    note: str | None = None
    file: str | None = None
    page: int | None = None
    line_start: int | None = None
    table_row: int | None = None

    @property
    def key(self) -> str:
        """Unique across plans: the graph's Task.id when read from a store, else `<plan_id>#<task_id>`."""
        return self.node_id or f"{self.plan_id}#{self.task_id}"

    def provenance(self) -> dict[str, str | int | None]:
        return {"file": self.file, "page": self.page, "line_start": self.line_start,
                "table_row": self.table_row}


class PlanRecord(BaseModel):
    plan_id: str
    title: str | None = None
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    year: int | None = None
    file: str | None = None
    implements: list[str] = Field(default_factory=list)  # instrument keys the plan implements
    implements_resolved: list[str] = Field(default_factory=list)  # those that resolve to one instrument
    has_appendix: bool = False  # at least one task comes from an appendix table
    # sentences that send the reader to an appendix ("Chi tiết xem Phụ lục 1 đính kèm"), when read from the IR
    appendix_deferrals: list[str] = Field(default_factory=list)


def task_record(plan_id: str, task: Task, file: str | None = None) -> TaskRecord:
    p = task.provenance
    return TaskRecord(
        plan_id=plan_id, task_id=task.id, source=task.source, group=task.group, text=task.text,
        lead=list(task.lead), lead_generic=list(task.lead_generic), support=list(task.support),
        deadline_raw=task.deadline_raw, deadline_kind=task.deadline.kind,
        deadline_start=task.deadline.start, deadline_end=task.deadline.end,
        recurrence=task.deadline.recurrence, condition=task.deadline.condition, note=task.note,
        file=(p.file if p else None) or file, page=p.page if p else None,
        line_start=p.line_start if p else None, table_row=p.table_row if p else None,
    )


def plan_id_of(extraction: Extraction) -> str:
    """The plan's id as the analyses name it: the seed/file stem (the graph uses its own Plan.id)."""
    return extraction.seed or (extraction.sha256 or "plan")[:16]


def appendix_deferrals(ir: DocumentIR) -> list[str]:
    """Text blocks that leave timing or owners to an appendix ("... Chi tiết xem Phụ lục 1 đính kèm")."""
    from pipeline.analysis.orphans import defers_to_appendix

    return [b.text for b in ir.text_blocks()
            if b.kind in (BlockKind.paragraph, BlockKind.list_item, BlockKind.heading)
            and defers_to_appendix(b.text) and _TIMING.search(compare_form(b.text))]


def records_from_extraction(extraction: Extraction, plan_id: str | None = None, ir: DocumentIR | None = None
                            ) -> tuple[PlanRecord, list[TaskRecord]]:
    pid = plan_id or plan_id_of(extraction)
    doc = extraction.document
    implements = [r.key for r in extraction.references if r.relation == "implements"]
    tasks = [task_record(pid, t, extraction.source) for t in extraction.tasks]
    seen: dict[str, int] = {}
    for r in tasks:  # an id printed twice in one plan (numbering restarts, a slip) still names two tasks
        n = seen.get(r.task_id, 0) + 1
        seen[r.task_id] = n
        if n > 1:
            r.task_id = f"{r.task_id}~{n}"
    plan = PlanRecord(
        plan_id=pid, title=doc.title, doc_type=doc.doc_type, number=doc.number, issuer=doc.issuer,
        jurisdiction=doc.jurisdiction, year=doc.year, file=extraction.source,
        implements=implements,
        # an extraction alone cannot resolve against other documents: a key is taken as resolvable when
        # it names an instrument (a number/symbol); the graph layer replaces this with real resolution
        implements_resolved=[k for k in implements if "/" in k],
        has_appendix=any(t.source == "appendix" for t in extraction.tasks),
        appendix_deferrals=appendix_deferrals(ir) if ir is not None else [],
    )
    return plan, tasks
