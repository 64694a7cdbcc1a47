"""Requested documents: does a task ask for a document to be drafted, issued or submitted? (issue 9)

`detect_request(text, deliverable)` returns the requested document's type and title, or None.
Rules (phrases in data/requested_documents.json):
- a producing action ("Xây dựng và ban hành", "Ban hành", "Trình … ban hành", …) followed, within the same
  clause and after at most a quantifier ("các", "01") or an opening quote, by a document type word;
- the type word must not be followed by "số" + a number (that cites an existing instrument);
- a lower-case type word after "các" is a generic activity ("các chương trình, hoạt động tuyên truyền"), not a
  document, unless the deliverable confirms a draft of that type;
- failing that, a deliverable such as "Tờ trình kèm dự thảo Kế hoạch" gives the type (title unknown).
The title is the quoted title when the type word is quoted, else the words after the type word up to the end
of the clause. Titles exclude the type word, as plan titles in the extraction contract do.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from extractors.model import RequestedDocument, Task
from extractors.normalize import clean_text, compare_form

_QUOTE_OPEN = "“\"«"
_QUOTE_CLOSE = "”\"»"


@dataclass(frozen=True)
class _Grammar:
    actions: list[re.Pattern[str]]
    types: list[tuple[re.Pattern[str], str, str]]  # pattern, canonical type, family
    deliverable_cues: list[re.Pattern[str]]
    raw: dict[str, Any]


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    data = json.loads(resources.files("extractors").joinpath("data/requested_documents.json")
                      .read_text(encoding="utf-8"))
    actions = [re.compile(r"(?<!\w)" + a["pattern"] + r"(?!\w)") for a in data["actions"]]
    seen: set[str] = set()
    types = []
    for t in sorted(data["doc_types"], key=lambda t: -len(t["type"])):
        if t["type"] in seen:
            continue
        seen.add(t["type"])
        types.append((re.compile(r"(?<!\w)" + re.escape(compare_form(t["type"])) + r"(?!\w)"),
                      t["type"], t["family"]))
    cues = [re.compile(c["pattern"]) for c in data["deliverable_cues"]]
    return _Grammar(actions, types, cues, data)


_FILLER = re.compile(r"\s*(?:hiệu quả\s+)?(?:(?:các|một số|một|mới|0?\d{1,2})\s+)?([“\"«]\s*)?")
_NUMBERED = re.compile(r"\s*(?:số\s*)?\d+[/-]")
_CLAUSE_END = re.compile(r"[.;:](?:\s|$)|\s-\s|$")


def _type_at(cf: str, pos: int) -> tuple[int, int, str, str, bool] | None:
    """A type word at `pos` (after optional filler): (start, end, type, family, quoted)."""
    m = _FILLER.match(cf, pos)
    assert m is not None
    start = m.end()
    quoted = m.group(1) is not None
    for pat, typ, fam in grammar().types:
        tm = pat.match(cf, start)
        if tm:
            return tm.start(), tm.end(), typ, fam, quoted
    return None


def _title(orig: str, cf: str, type_start: int, type_end: int, quoted: bool) -> str | None:
    if quoted:
        close = min((i for i in (orig.find(q, type_end) for q in _QUOTE_CLOSE) if i >= 0), default=-1)
        if close > 0:
            return clean_text(orig[type_end:close]).strip(" ,.;") or None
    end = _CLAUSE_END.search(cf, type_end)
    t = clean_text(orig[type_end:end.start() if end else len(orig)]).strip(" ,.;“”\"")
    return t or None


def detect_request(text: str, deliverable: str | None = None) -> RequestedDocument | None:
    orig = clean_text(text or "")
    cf = compare_form(orig)
    assert len(cf) == len(orig), "compare_form must keep offsets for plain NFC text"
    dcf = compare_form(deliverable or "")
    deliverable_type = _deliverable_type(dcf)
    best: tuple[int, RequestedDocument] | None = None
    for act in grammar().actions:
        for am in act.finditer(cf):
            hit = _type_at(cf, am.end())
            if hit is None:
                continue
            ts, te, typ, fam, quoted = hit
            if _NUMBERED.match(cf, te):
                continue  # "Kế hoạch số 16/KH-UBND": an existing instrument
            lower = orig[ts].islower()
            generic = lower and cf[max(0, am.end()):ts].strip(" “\"").startswith("các")
            if generic and not (deliverable_type and deliverable_type[1] == fam):
                continue
            req = RequestedDocument(doc_type=typ, family=fam, title=_title(orig, cf, ts, te, quoted),
                                    evidence=orig[am.start():te + 1].strip())
            if best is None or am.start() < best[0]:
                best = (am.start(), req)
            break
    if best:
        return best[1]
    if deliverable_type:
        typ, fam = deliverable_type
        return RequestedDocument(doc_type=typ, family=fam, title=None,
                                 evidence=clean_text(deliverable or ""), from_deliverable=True)
    return None


def _deliverable_type(dcf: str) -> tuple[str, str] | None:
    if not dcf:
        return None
    for cue in grammar().deliverable_cues:
        for cm in cue.finditer(dcf):
            hit = _type_at(dcf, cm.end())
            if hit and not _NUMBERED.match(dcf, hit[1]):
                return hit[2], hit[3]
    return None


def attach_requests(tasks: list[Task]) -> list[Task]:
    """Copies of `tasks` with `request` set where the task asks for a document."""
    return [t.model_copy(update={"request": detect_request(t.text, t.deliverable)}) for t in tasks]


_SUBMIT = re.compile(r"(?<!\w)(?:trình|ban hành|xây dựng|hoàn thành|phê duyệt|báo cáo xin)(?!\w)")
_ONE_OFF = ("date", "month", "quarter", "year", "range")


def request_due(task: Task) -> str | None:
    """When the requested document is due: the task's deadline end; for a compound deadline ("Trình Quyết định
    trong tháng 4 năm 2026; triển khai trong giai đoạn 2026 - 2030") the end of the phase that submits or
    issues it (the first phase with an end when no phase names such an action). None for recurring,
    continuous, conditional or missing deadlines."""
    d = task.deadline
    if d.kind == "compound":
        timed = [p for p in d.phases if p.end and p.kind in _ONE_OFF]
        for p in timed:
            if p.action and _SUBMIT.search(compare_form(p.action)):
                return p.end
        return timed[0].end if timed else None
    return d.end if d.kind in _ONE_OFF else None
