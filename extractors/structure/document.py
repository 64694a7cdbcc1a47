"""Is the document a plan? What the structure stage says a document is, for the extractors to decide whether
to look for tasks and targets at all (data/structure.json 'documents').

- a plan type (Kế hoạch, Chương trình, Đề án …) is a plan;
- a Quyết định is a plan when its title (or, without a title, its opening) issues or approves a plan, programme
  or scheme ("ban hành Kế hoạch …", "phê duyệt Đề án …", "ban hành kèm theo Quyết định này Kế hoạch …"); it is
  not when it publishes administrative procedures or issues a regulation, list or procedure; otherwise it is
  read as a plan (assignments in its articles are tasks);
- decrees and circulars, notices, reports, guidance and regulations are not plans.
Anything else (no type found) is read as a plan: nothing is dropped on a guess.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.ir import BlockKind, DocumentIR
from extractors.normalize import clean_text, compare_form
from extractors.structure.vocab import named, rx

_OPENING_BLOCKS = 40


@dataclass(frozen=True)
class DocumentKind:
    plan: bool
    kind: str  # "plan" or the kind of non-plan: decree | notice | report | guidance | regulation | procedures
    reason: str


def _opening(ir: DocumentIR) -> str:
    texts = [b.text for b in ir.blocks[:_OPENING_BLOCKS] if b.kind != BlockKind.table and b.text]
    return compare_form(clean_text(" ".join(texts)))


def document_kind(ir: DocumentIR, doc_type: str | None, title: str | None) -> DocumentKind:
    dt = compare_form(clean_text(doc_type or "")).strip()
    if not dt:
        return DocumentKind(True, "plan", "no document type found: read as a plan")
    if rx("documents", "plan_types").search(dt):
        return DocumentKind(True, "plan", f"a {doc_type}")
    for name, pat in named("documents", "non_plan_types"):
        if pat.search(dt):
            return DocumentKind(False, name, f"a {doc_type}")
    if dt.startswith("quyết định"):
        t = compare_form(clean_text(title or ""))
        for where, text in (("title", t), ("opening", "" if t else _opening(ir))):
            if not text:
                continue
            if rx("documents", "decision_approves_plan").search(text):
                return DocumentKind(True, "plan", f"a Quyết định issuing a plan ({where})")
            for name, pat in named("documents", "decision_not_plan"):
                m = pat.search(text)
                if m:
                    return DocumentKind(False, name, f"a Quyết định: '{m.group(0)}' ({where})")
        return DocumentKind(True, "plan", "a Quyết định with assignments: read as a plan")
    return DocumentKind(True, "plan", f"a {doc_type}: read as a plan")
