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
from extractors.places import canonical_place, find_places
from extractors.references import PROVINCIAL_LEVELS, IssuerMatch, match_issuer

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
    recipient_line: re.Pattern[str]
    number_label: re.Pattern[str]
    place_mention: re.Pattern[str]
    doc_type_line: re.Pattern[str]
    issuing_unit: re.Pattern[str]


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
        recipient_line=re.compile(d["recipient_line"]["regex"], _I),
        number_label=re.compile(d["number_label"]["regex"], _I),
        place_mention=re.compile(d["place_mention"]["regex"]),
        issuing_unit=re.compile(d["issuing_unit"]["regex"], _I),
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
    """The province/city the text names most often after "tỉnh"/"thành phố"/"TP.": known places first, then
    any capitalised name."""
    g = header_grammar()
    known: Counter[str] = Counter(pm.name for b in blocks for pm in find_places(b.text))
    if known:
        return known.most_common(1)[0][0]
    counts: Counter[str] = Counter()
    for b in blocks:
        for m in g.place_mention.finditer(b.text):
            place = m.group("place")
            if all(w[:1].isupper() for w in place.split()):
                counts[place] += 1
    return counts.most_common(1)[0][0] if counts else None


@dataclass
class _Line:
    text: str
    block: Block


def _is_header_table(b: Block) -> bool:
    """A table holding the two-column header (issuer | motto; number | place and date), as a Markdown or web
    export prints it."""
    g = header_grammar()
    if b.table is None:
        return False
    for r in b.table.rows:
        for c in r.cells:
            t = clean_text(c.text)
            if g.number_line.match(t) or g.party_number_line.match(t) or g.place_date_line.match(t) \
                    or g.national_motto.search(t):
                return True
    return False


def _table_lines(b: Block, by_column: bool) -> list[_Line]:
    assert b.table is not None
    rows = [r.texts() for r in b.table.rows]
    width = max((len(r) for r in rows), default=0)
    if by_column:
        cells = [r[c] if c < len(r) else "" for c in range(width) for r in rows]
    else:
        cells = [t for r in rows for t in r]
    return [_Line(clean_text(t), b) for t in cells if any(ch.isalpha() or ch.isdigit() for ch in t)]


def _head_lines(ir: DocumentIR) -> list[_Line]:
    """The header's lines in reading order, up to the first section heading. A header printed as a table is
    read column by column when it has two columns (left: issuer, number; right: motto, place and date),
    otherwise row by row. A "Số:" line alone is joined to the number on the next line."""
    g = header_grammar()
    lines: list[_Line] = []
    for b in ir.blocks[:_HEAD_BLOCKS]:
        if b.kind == BlockKind.table:
            if _is_header_table(b):
                width = max((len(r.cells) for r in b.table.rows), default=0) if b.table else 0
                lines.extend(_table_lines(b, by_column=width == 2))
            continue
        if b.kind == BlockKind.footnote:
            continue
        if _section_heading(b):
            break
        lines.append(_Line(clean_text(b.text), b))
    out: list[_Line] = []
    for ln in lines:
        if out and g.number_label.match(out[-1].text) and ln.text:
            out[-1] = _Line(out[-1].text + " " + ln.text, out[-1].block)
            continue
        out.append(ln)
    return out


def _title_continues(title: str, t: str) -> bool:
    """A title printed over several lines: all-capital lines under an all-capital title, or a line that
    goes on mid-sentence (starts lower-case) under a title that has not ended."""
    g = header_grammar()
    if not any(ch.isalpha() for ch in t) or _is_upper_line(t) != _is_upper_line(title):
        return False
    if g.draft.match(t) or g.attached_to.match(t) or g.national_motto.search(t) or g.place_date_line.match(t):
        return False
    if _is_upper_line(t):
        return True
    return t[:1].islower() and not title.rstrip().endswith((".", ";", ":"))


def _authority_line(head: list[_Line], i: int) -> bool:
    """Line i is the enacting authority printed between a decision's title and its legal bases ("THỦ TƯỚNG
    CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH SƠN LA" right before "Căn cứ …"), not the title going on."""
    nxt = next((ln.text for ln in head[i + 1:] if ln.text), "")
    return compare_form(nxt).startswith("căn cứ")


def extract_header(ir: DocumentIR) -> tuple[DocumentHeader, list[Warning_]]:
    g = header_grammar()
    blocks = [b for b in ir.blocks if b.kind != BlockKind.table]
    head = _head_lines(ir)
    h = DocumentHeader()
    warnings: list[Warning_] = []
    issuer_lines: list[str] = []
    type_idx: int | None = None
    type_rest: str | None = None
    title_open = False

    for i, ln in enumerate(head):
        t, b = ln.text, ln.block
        if not t:
            continue
        if title_open and h.title is not None:
            if _title_continues(h.title, t) and not _authority_line(head, i):
                h.title = f"{h.title} {t}"
                continue
            title_open = False
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
            if m and m.group("rest") and _is_upper_line(t[:m.end("type")]) and i < 12 and h.doc_type is None:
                # the type word in capitals with the title run on in normal case ('BÁO CÁO Tổng kết …'), as a
                # PDF line or a web export joins them
                h.doc_type = ref_grammar().type_names.get(compare_form(m.group("type")),
                                                          m.group("type").capitalize())
                type_idx = i
                h.title = clean_text(m.group("rest"))
                title_open = True
                continue
            if _is_upper_line(t) and i < 10:
                issuer_lines.append(t)
            continue
        m = g.attached_to.match(t)
        if m:
            if h.year is None and m.group("y"):
                h.year = int(m.group("y"))
            continue
        if h.title is None and any(ch.isalpha() for ch in t):
            h.title = t
            title_open = True

    # issuer: the issuer block, "<TYPE> CỦA <issuer>", "<issuer> ban hành <type>", then "TM. <issuer>";
    # a more specific body named in the opening or the signature ("Ban Thường vụ" of the "Tỉnh ủy") wins.
    # A two-line block "UBND TỈNH BẮC NINH" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO" names the issuing unit under its parent.
    unit = _unit_under_parent(issuer_lines)
    source = _issuer_source(ir, issuer_lines, type_rest) if unit is None else None
    im = unit[1] if unit is not None else (match_issuer(source, 0) if source else None)
    h.jurisdiction = _jurisdiction(h.place, im, blocks)
    if unit is not None:
        h.issuer = unit[0]
    elif source and im is not None:
        full = match_issuer(source, 0, h.jurisdiction, im.level)
        h.issuer = full.name if full else im.name
    else:
        warnings.append(Warning_(code="header.no_issuer", message="no issuing body found in the header"))
    if h.doc_type is None:
        warnings.append(Warning_(code="header.no_doc_type", message="no document type line found in the header"))
    h.signer = _signer(ir)
    return h, warnings


def _jurisdiction(place_line: str | None, im: IssuerMatch | None, blocks: list[Block]) -> str | None:
    """The province/city the plan applies to: a known place in the issuer block, else in the place-date line,
    else whatever place either prints, else the place the text names most often. A district or commune body
    ("ỦY BAN NHÂN DÂN / HUYỆN BẮC HÀ") prints its own name, not the province: then the known province the
    text names (the place-date line only when it is one), else None."""
    if im is not None and im.level is not None and im.level not in PROVINCIAL_LEVELS:
        known: Counter[str] = Counter(pm.name for b in blocks for pm in find_places(b.text))
        if known:
            return known.most_common(1)[0][0]
        return canonical_place(place_line)
    issuer_place = im.place if im is not None else None
    line_place = canonical_place(place_line)
    for cand in (canonical_place(issuer_place), line_place):
        if cand:
            return cand
    if issuer_place:
        return _title_case_place(issuer_place) if issuer_place.isupper() else issuer_place
    if place_line:
        return place_line
    return _place_from_text(blocks)


_STATE_PARENTS = ("ủy ban nhân dân", "hội đồng nhân dân")  # a unit under these belongs to the locality
_ABBREVIATIONS = {"ubnd": "Ủy ban nhân dân", "hđnd": "Hội đồng nhân dân"}
_LOWER_WORDS = {"và", "các", "tỉnh", "thành", "phố", "huyện", "quận", "xã", "phường", "thị", "đặc", "khu"}


def _unit_under_parent(issuer_lines: list[str]) -> tuple[str, IssuerMatch] | None:
    """A two-line issuer block, parent body over issuing unit ("UBND TỈNH BẮC NINH" / "SỞ GIÁO DỤC VÀ ĐÀO
    TẠO"): (the unit's name with its locality, the parent's match). The upper line(s) must name a known body
    completely, the lower start with a unit's kind (header.json "issuing_unit") and not be a known body itself.
    The unit under a people's committee or council belongs to the locality ("Sở Giáo dục và Đào tạo tỉnh Bắc
    Ninh"); under another body it keeps that body's name ("Ban Tuyên giáo Tỉnh ủy Gia Lai")."""
    g = header_grammar()
    for k in range(1, len(issuer_lines)):
        top, bottom = " ".join(issuer_lines[:k]), " ".join(issuer_lines[k:])
        pm = match_issuer(top, 0)
        if pm is None or pm.end < len(top.rstrip(" .*")):
            continue
        um = g.issuing_unit.match(bottom)
        if um is None or match_issuer(bottom, 0) is not None:
            continue
        name = _unit_display(um.group("head"), um.group("name"))
        place = canonical_place(pm.place) or pm.place
        if compare_form(pm.body).startswith(_STATE_PARENTS) and pm.level and place:
            if compare_form(place) in compare_form(name):
                return name, pm
            last = compare_form(name).split()[-1]
            suffix = place if last == compare_form(pm.level).split()[-1] else f"{pm.level} {place}"
            return f"{name} {suffix}", pm
        return f"{name} {pm.name}", pm
    return None


def _unit_display(head: str, name: str) -> str:
    """'SỞ' + 'GIÁO DỤC VÀ ĐÀO TẠO' -> 'Sở Giáo dục và Đào tạo': a name printed in capitals takes the casing of
    a known body with the same words (issuers.json: 'Bộ Giáo dục và Đào tạo'), else Vietnamese name casing
    (capital at the start and after 'và', ',' or '-'; locality words lower-case)."""
    printed = clean_text(f"{head} {name}")
    if not _is_upper_line(printed):
        return printed
    head_d = clean_text(head).capitalize()
    rest = clean_text(name)
    for iss in ref_grammar().issuers:
        words = iss.canonical.split(maxsplit=1)
        if len(words) == 2 and compare_form(words[1]) == compare_form(rest):
            return f"{head_d} {words[1]}"
    out: list[str] = []
    cap = True
    for w in rest.split():
        lw = w.lower()
        if lw in _ABBREVIATIONS:
            out.append(_ABBREVIATIONS[lw])
            cap = False
            continue
        if cap and lw not in _LOWER_WORDS:
            out.append(lw[:1].upper() + lw[1:])
        else:
            out.append(lw)
        cap = lw == "và" or lw.endswith(",") or lw in ("-", "–")
    return f"{head_d} {' '.join(out)}"


def _opening_issuer(ir: DocumentIR) -> str | None:
    """'<issuer> ban hành Kế hoạch …' in the opening paragraph (also when it follows a "CĂN CỨ" section)."""
    g = header_grammar()
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
    return None


def _signature_body(ir: DocumentIR) -> str | None:
    """The body after "TM." / "T/M" in the signature block ("T/M BAN THƯỜNG VỤ")."""
    for t in _all_lines(ir):
        m = re.match(r"^\s*(?:tm\.|t/m)\s*(?P<body>.+)$", t, _I)
        if m:
            return m.group("body")
    return None


def _issuer_source(ir: DocumentIR, issuer_lines: list[str], type_rest: str | None) -> str | None:
    """The text that starts with the issuing body's name, from the best place the document prints it."""
    block = next((c for c in (" ".join(issuer_lines), type_rest or "") if c and match_issuer(c, 0) is not None),
                 None)
    opening = _opening_issuer(ir)
    sig = _signature_body(ir)
    if block is None:
        if opening:
            return opening
        return sig if sig and match_issuer(sig, 0) is not None else None
    # a more specific body of the same organisation: "Ban Thường vụ Tỉnh ủy" (opening, or "T/M BAN THƯỜNG VỤ"
    # over a "TỈNH ỦY …" block) for the "Tỉnh ủy" the block names
    base = match_issuer(block, 0)
    assert base is not None
    cands: list[tuple[str, bool]] = []
    if opening:
        cands.append((opening, True))
    if sig and match_issuer(sig, 0) is None:
        cands.append((f"{sig} {block}", False))
    for cand, from_opening in cands:
        cm = match_issuer(cand, 0)
        if cm is None or cm.body == base.body:
            continue
        if compare_form(cm.body).endswith(" " + compare_form(base.body)):
            if from_opening and base.place and not cm.place:
                return f"{cand} {base.place}"
            return cand
    return block


def _all_lines(ir: DocumentIR) -> list[str]:
    """Every text line of the document in reading order, table cells row by row (a signature block may be
    printed as table cells)."""
    out: list[str] = []
    for b in ir.blocks:
        if b.kind == BlockKind.footnote:
            continue
        if b.kind == BlockKind.table and b.table is not None:
            out.extend(clean_text(t) for r in b.table.rows for t in r.texts() if t.strip())
            continue
        out.append(clean_text(b.text))
    return out


def _signer(ir: DocumentIR) -> str | None:
    """The name under the signature block: the loader's signer line, else the first name-like line after a
    signature title ("TM. …", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ THƯỜNG TRỰC"), skipping
    further title lines in capitals and the recipients column ("- Lưu: VT.<tab>Võ Thanh Tùng": the block is
    read column by column, so the last recipients come between the titles and the name)."""
    g = header_grammar()
    for b in ir.blocks:
        if b.style == "signer" and _looks_like_name(b.text):
            return clean_text(b.text)
    lines = _all_lines(ir)
    for i, t in enumerate(lines):
        if not g.signature_title.match(t):
            continue
        for nt in lines[i + 1:i + 8]:
            if not nt or g.signature_title.match(nt) or not any(ch.isalpha() for ch in nt) or _is_upper_line(nt):
                continue
            if g.recipient_line.search(nt):
                continue  # the recipients column, read before the signer's name on the same printed lines
            if _looks_like_name(nt):
                return nt
            break
    return None


def _looks_like_name(s: str) -> bool:
    words = clean_text(s).strip("*_ ").split()
    if not 2 <= len(words) <= 5:
        return False
    return all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
