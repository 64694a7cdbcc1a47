"""Document-level checks of the structure stage, as extraction warnings: not a plan, a plan with no tasks, a table
wider than any real table."""
from __future__ import annotations

from extractors.ir import DocumentIR
from extractors.model import DocumentHeader, Task, Warning_
from extractors.structure import build_structure
from extractors.structure.document import document_kind


def plan_kind(ir: DocumentIR, header: DocumentHeader) -> tuple[bool, list[Warning_]]:
    """Is the document read for tasks and targets? Sets header.kind; a non-plan gets a warning saying so."""
    dk = document_kind(ir, header.doc_type, header.title)
    header.kind = dk.kind
    if dk.plan:
        return True, []
    return False, [Warning_(code="document.not_a_plan",
                            message=(f"{ir.source}: not a plan but a {dk.kind} ({dk.reason}); "
                                     "no tasks or targets are read from it"))]


def document_warnings(ir: DocumentIR, header: DocumentHeader, tasks: list[Task]) -> list[Warning_]:
    """Structure warnings (tables too wide) and, for a plan, 'no tasks found'."""
    out = list(build_structure(ir).warnings)
    if header.kind == "plan" and not tasks:
        out.append(Warning_(code="document.no_tasks",
                            message=(f"{ir.source}: read as a plan ({header.doc_type or 'type not found'}) but no "
                                     "task was found in its tables or body")))
    return out
