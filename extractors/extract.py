"""The one public entry point of extraction: DocumentIR -> Extraction (pure; no I/O but reading input).

Stages, each a module with one public function:
  ir_warnings.ir_warnings(ir) -> the loader's warnings (and too-wide tables) as extraction warnings
  header.extract_header(ir) -> (DocumentHeader, warnings)
  references.extract_references(ir, header) -> (references, chains, warnings)
  tasks_table.extract_table_tasks(ir, header) -> (tasks, warnings)
  tasks_body.extract_body_tasks(ir, header, table_tasks) -> (tasks, warnings)
  requests.attach_requests(tasks) -> tasks with the documents they ask for
  indicators.extract_indicators(ir, header, references, tasks) -> (indicators, warnings)
A document the structure stage says is not a plan (structure.checks.plan_kind) gets no tasks and no targets.
"""
from __future__ import annotations

from pathlib import Path

from extractors.ir import DocumentIR
from extractors.model import Extraction


def extract(ir: DocumentIR) -> Extraction:
    from extractors.header import extract_header
    from extractors.indicators import extract_indicators
    from extractors.ir_warnings import ir_warnings
    from extractors.references import extract_references
    from extractors.requests import attach_requests
    from extractors.tasks_body import extract_body_tasks
    from extractors.structure.checks import document_warnings, plan_kind
    from extractors.tasks_table import extract_table_tasks

    header, w_header = extract_header(ir)
    is_plan, w_doc = plan_kind(ir, header)
    references, chains, w_refs = extract_references(ir, header)
    table_tasks, w_table = extract_table_tasks(ir, header) if is_plan else ([], [])
    body_tasks, w_body = extract_body_tasks(ir, header, table_tasks) if is_plan else ([], [])
    tasks = attach_requests(table_tasks + body_tasks)
    indicators, w_ind = extract_indicators(ir, header, references, tasks) if is_plan else ([], [])
    w_doc += document_warnings(ir, header, tasks)
    return Extraction(
        seed=Path(ir.source).stem,
        document=header,
        references=references,
        chains=chains,
        tasks=tasks,
        indicators=indicators,
        warnings=[*ir_warnings(ir), *w_header, *w_doc, *w_refs, *w_table, *w_body, *w_ind],
        source=ir.source,
        sha256=ir.sha256,
        format=ir.format,
    )


def extract_file(path: str | Path) -> Extraction:
    from extractors.load import load
    return extract(load(path))
