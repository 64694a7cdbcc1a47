"""Document header: type, number/symbol, issuer, jurisdiction, place and date, draft mark, title, signer.

`extract_header(ir) -> (DocumentHeader, warnings)`. Reads only the first blocks (up to the first section
heading) and the signature block. What it guarantees:
- number is the printed "Số" symbol only when a number is filled in; a blank "Số: /KH-UBND" gives
  number None and symbol_template "KH-UBND".
- date is an ISO date only when day, month and year are printed; a blank "ngày tháng năm 2026" gives year only.
- issuer is a canonical body name with the jurisdiction added where the text leaves it implicit
  ("Ủy ban nhân dân thành phố ban hành …" in a Hải Phòng plan -> "Ủy ban nhân dân thành phố Hải Phòng").
- Nothing is guessed: a field the header does not show stays None, with a warning for type and issuer.

The header grammar is in data/header.json; type words in data/references.json; bodies in data/issuers.json.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.ir import Block, BlockKind, DocumentIR
from extractors.model import DocumentHeader, Warning_
from extractors.normalize import clean_text, compare_form
from extractors.references import grammar as ref_grammar
from extractors.references import match_issuer

DATA = Path(__file__).parent / "data"
_I = re.IGNORECASE
_HEAD_BLOCKS = 40


@dataclass(frozen=True)
class _HeaderGrammar:
    number_line: re.Pattern[str]
    party_number_line: re.Pattern[str]
    place_date_line: re.Pattern[str]
    attached_to: re.Pattern[str]
    draft: re.Pattern[str]
    national_motto: re.Pattern[str]
    issuer_issues: re.Pattern[str]
    signature_title: re.Pattern[str]
    place_mention: re.Pattern[str]
    doc_type_line: re.Pattern[str]


@lru_cache(maxsize=1)
def header_grammar() -> _HeaderGrammar:
    d: dict[str, Any] = json.loads((DATA / "header.json").read_text(encoding="utf-8"))
    refs: dict[str, Any] = json.loads((DATA / "references.json").read_text(encoding="utf-8"))
    types = sorted((t for t in refs["doc_types"]), key=lambda t: len(t["type"]), reverse=True)
    alt = "|".join(f"(?:{t['regex']})" for t in types)
    return _HeaderGrammar(
        number_line=re.compile(d["number_line"]["regex"], _I),
        party_number_line=re.compile(d["party_number_line"]["regex"], _I),
        place_date_line=re.compile(d["place_date_line"]["regex"], _I),
        attached_to=re.compile(d["attached_to"]["regex"], _I),
        draft=re.compile(d["draft"]["regex"], _I),
        national_motto=re.compile(d["national_motto"]["regex"], _I),
        issuer_issues=re.compile(d["issuer_issues"]["regex"], _I),
        signature_title=re.compile(d["signature_title"]["regex"], _I),
        place_mention=re.compile(d["place_mention"]["regex"]),
        # an upper-case line that is a type word, optionally "CỦA <issuer>" after it
        doc_type_line=re.compile(r"^\s*(?P<type>" + alt + r")(?:\s+(?:của\s+)?(?P<rest>.*))?$", _I),
    )


def _is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _section_heading(b: Block) -> bool:
    if b.kind == BlockKind.heading and b.marker and re.fullmatch(r"[IVX]{1,5}[.)]?", b.marker.strip()):
        return True
    return bool(ref_grammar().section_heading.match(b.text)) and _is_upper_line(b.text)


def _title_case_place(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in clean_text(s).split())


def _place_from_text(blocks: list[Block]) -> str | None:
    g = header_grammar()
    counts: Counter[str] = Counter()
    for b in blocks:
        for m in g.place_mention.finditer(b.text):
            place = m.group("place")
            if all(w[:1].isupper() for w in place.split()):
                counts[place] += 1
    return counts.most_common(1)[0][0] if counts else None


def extract_header(ir: DocumentIR) -> tuple[DocumentHeader, list[Warning_]]:
    g = header_grammar()
    blocks = [b for b in ir.blocks if b.kind != BlockKind.table]
    head: list[Block] = []
    for b in blocks[:_HEAD_BLOCKS]:
        if _section_heading(b):
            break
        head.append(b)
    h = DocumentHeader()
    warnings: list[Warning_] = []
    issuer_lines: list[str] = []
    type_idx: int | None = None
    type_rest: str | None = None

    for i, b in enumerate(head):
        t = clean_text(b.text)
        if not t:
            continue
        if g.draft.match(t) and i < 8:
            h.draft = True
            continue
        m = g.party_number_line.match(t) or g.number_line.match(t)
        if m and h.symbol_template is None and type_idx is None:
            tmpl = re.sub(r"\s+", "", m.group("template"))
            h.symbol_template = tmpl
            if m.group("number"):
                sep = "-" if m.re is g.party_number_line else "/"
                year = m.groupdict().get("year")
                h.number = m.group("number") + (f"/{year}" if year else "") + sep + tmpl
            continue
        m = g.place_date_line.match(t)
        if m and h.place is None and type_idx is None:
            h.place = clean_text(m.group("place"))
            if m.group("y"):
                h.year = int(m.group("y"))
                if m.group("d") and m.group("m"):
                    try:
                        h.date = date(h.year, int(m.group("m")), int(m.group("d"))).isoformat()
                    except ValueError:
                        warnings.append(Warning_(code="header.bad_date", message=f"impossible date in {t!r}",
                                                 provenance=b.provenance(ir.source)))
            continue
        if g.national_motto.search(t):
            continue
        if type_idx is None:
            m = g.doc_type_line.match(t)
            if m and _is_upper_line(t) and (not m.group("rest") or _is_upper_line(m.group("rest"))):
                h.doc_type = ref_grammar().type_names.get(compare_form(m.group("type")), t.capitalize())
                type_idx = i
                type_rest = m.group("rest")
                continue
            if _is_upper_line(t) and i < 10:
                issuer_lines.append(t)
            continue
        m = g.attached_to.match(t)
        if m:
            if h.year is None and m.group("y"):
                h.year = int(m.group("y"))
            continue
        if h.title is None:
            h.title = t

    # issuer: the issuer block, "<TYPE> CỦA <issuer>", "<issuer> ban hành <type>", then "TM. <issuer>"
    source = _issuer_source(ir, head, issuer_lines, type_rest)
    im = match_issuer(source, 0) if source else None
    jurisdiction = h.place
    if jurisdiction is None and im is not None and im.place:
        jurisdiction = _title_case_place(im.place) if im.place.isupper() else im.place
    if jurisdiction is None:
        jurisdiction = _place_from_text(blocks)
    h.jurisdiction = jurisdiction
    if source and im is not None:
        full = match_issuer(source, 0, jurisdiction, im.level)
        name = full.name if full else im.name
        if im.place and im.place.isupper():
            name = name.replace(im.place, _title_case_place(im.place))
        h.issuer = name
    else:
        warnings.append(Warning_(code="header.no_issuer", message="no issuing body found in the header"))
    if h.doc_type is None:
        warnings.append(Warning_(code="header.no_doc_type", message="no document type line found in the header"))
    h.signer = _signer(ir)
    return h, warnings


def _issuer_source(ir: DocumentIR, head: list[Block], issuer_lines: list[str],
                   type_rest: str | None) -> str | None:
    """The text that starts with the issuing body's name, from the best place the document prints it."""
    g = header_grammar()
    for cand in (" ".join(issuer_lines), type_rest or ""):
        if cand and match_issuer(cand, 0) is not None:
            return cand
    # the opening paragraph, also when it follows a "CĂN CỨ" section
    opening = ". ".join(b.text for b in ir.blocks[:_HEAD_BLOCKS]
                        if b.kind in (BlockKind.paragraph, BlockKind.list_item))
    for m in g.issuer_issues.finditer(opening):
        words = m.group("issuer").strip().split()
        # the body is the longest run of last words before "ban hành" that names one; a body after
        # "của"/"do" is a cited instrument's issuer, not this document's
        for k in range(len(words)):
            sub = " ".join(words[k:])
            mm = match_issuer(sub, 0)
            if mm is not None and mm.end >= len(sub):
                if k > 0 and words[k - 1].casefold() in ("của", "do"):
                    break
                return sub
    for b in ir.blocks:
        m = re.match(r"^\s*(?:tm\.|t/m)\s*(?P<body>.+)$", clean_text(b.text), _I)
        if m and match_issuer(m.group("body"), 0) is not None:
            return m.group("body")
    return None


def _signer(ir: DocumentIR) -> str | None:
    g = header_grammar()
    blocks = ir.blocks
    for i, b in enumerate(blocks):
        if b.style == "signer" and _looks_like_name(b.text):
            return clean_text(b.text)
        if b.kind in (BlockKind.table, BlockKind.footnote):
            continue
        if g.signature_title.match(clean_text(b.text)):
            for nb in blocks[i + 1:i + 4]:
                t = clean_text(nb.text)
                if g.signature_title.match(t) or not t:
                    continue
                return t if _looks_like_name(t) else None
    return None


def _looks_like_name(s: str) -> bool:
    words = clean_text(s).strip("*_ ").split()
    if not 2 <= len(words) <= 5:
        return False
    return all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
