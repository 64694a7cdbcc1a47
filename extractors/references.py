"""Legal references: every numbered instrument a plan cites, its relation to the plan, and chains.

Public entry points:
- `find_citations(text, jurisdiction=None, level=None) -> list[Citation]`: a pure string function that finds
  `<type word> [số] <number/symbol> [, ngày <date>] [của <issuer>]` citations in one piece of text, with
  character offsets. Never raises.
- `extract_references(ir, header) -> (references, chains, warnings)`: the document stage.

What it guarantees:
- Only instruments with a type word AND a number/symbol are references ("Nghị quyết số 45-NQ/TW",
  "Quyết định 709/QĐ-TTg"); a bare symbol or an unnumbered name is never one.
- The document's own number is not a reference: a citation of the header's number/symbol, or of a document of
  the plan's own type and symbol shape in an appendix caption "(Kèm theo Kế hoạch số … )", is dropped.
- Deduplicated within the document by symbol. Two instruments sharing one symbol with different dates are
  different: their keys get "@<ISO date>" ("45-NQ/TW@2019-01-24"), only then. An undated mention of such a
  symbol is attached to the nearest dated one before it (else after it) and a warning says so.
- relation (highest wins): implements (title / opening paragraph under "Thực hiện …") > replaces ("… này thay
  thế …") > stops (a recorded decision to stop it) > based_on ("Căn cứ …", or a "CĂN CỨ" section) > mentions.
- provenance of a reference/chain is the block (or table row) it was found in, narrowed to the source lines
  the citation is printed on when the block's `orig` holds the same characters as its text.
- chains: inside one clause, "A … về (việc) (tiếp tục) thực hiện B" gives A -implements-> B, "A … về việc dừng
  thực hiện B" gives A -stops-> B; "B và C" after such a cue are both targets. The cue must sit inside A's own
  citation phrase: a gap that closes a parenthesis A was printed in ("(sau đây gọi tắt là A), gắn với thực hiện
  B") or an A that is only the short name of an earlier citation starts no chain.

The grammar (type words, symbol shapes, date shapes, cue phrases) is in data/references.json and the issuing
bodies in data/issuers.json.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.ir import Block, BlockKind, DocumentIR, Provenance
from extractors.model import Chain, DocumentHeader, Reference, Warning_
from extractors.normalize import clean_text, compare_form, tone_normalize
from extractors.places import match_place

DATA = Path(__file__).parent / "data"
_I = re.IGNORECASE
PROVINCIAL_LEVELS = ("tỉnh", "thành phố")  # issuer levels whose place is a jurisdiction (data/issuers.json)
_RELATION_RANK = {"mentions": 0, "based_on": 1, "stops": 2, "replaces": 3, "implements": 4}


# ------------------------------------------------------------------------------------------------- grammar


@dataclass(frozen=True)
class _Issuer:
    canonical: str
    regex: re.Pattern[str]
    local: bool
    level: str | None
    place_slot: bool


@dataclass(frozen=True)
class _Grammar:
    type_before: re.Pattern[str]  # "<type> [số]" at the end of the text before a symbol
    named_type_before: re.Pattern[str]  # "Luật <Tên> số" at the end of the text before a symbol
    type_names: dict[str, str]  # compare_form(type) -> display type
    type_named: re.Pattern[str]  # "<type> " at a position (for unnumbered citations)
    symbols: tuple[re.Pattern[str], ...]
    dates: tuple[re.Pattern[str], ...]
    issuer_lead: re.Pattern[str]
    issuer_before: re.Pattern[str]
    not_citation_before: re.Pattern[str]
    shared_type_list: re.Pattern[str]
    coordination: re.Pattern[str]
    list_lead: re.Pattern[str]
    shared_type_lead: re.Pattern[str]
    shared_type_item: re.Pattern[str]
    self_caption: re.Pattern[str]
    chain_implements: re.Pattern[str]
    chain_stops: re.Pattern[str]
    alias_before: re.Pattern[str]
    clause_break: re.Pattern[str]
    governing: tuple[tuple[str, re.Pattern[str]], ...]
    replaces_cue: re.Pattern[str]
    linked_cue: re.Pattern[str]
    stops_cue: re.Pattern[str]
    section_heading: re.Pattern[str]
    basis_heading: re.Pattern[str]
    issuers: tuple[_Issuer, ...]
    issuer_suffix: re.Pattern[str]


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    r = _load("references.json")
    iss = _load("issuers.json")
    types = sorted(r["doc_types"], key=lambda t: len(t["type"]), reverse=True)
    type_alt = "|".join(f"(?:{t['regex']})" for t in types)
    return _Grammar(
        type_before=re.compile(r"(?<![\w])(?P<type>" + type_alt + r")\s*(?:số\s*[:.]?\s*)?$", _I),
        named_type_before=re.compile(r["named_type_before"]["regex"], _I),
        type_names={compare_form(t["type"]): t["type"] for t in types},
        type_named=re.compile(r"(?<![\w])(?P<type>" + type_alt + r")\s+", _I),
        symbols=tuple(re.compile(s["regex"]) for s in r["symbols"]),
        dates=tuple(re.compile(d["regex"], _I) for d in r["dates"]),
        issuer_lead=re.compile(r["issuer_lead"]["regex"], _I),
        issuer_before=re.compile(r["issuer_before"]["regex"], _I),
        not_citation_before=re.compile(r["not_a_citation_before"]["regex"], _I),
        shared_type_list=re.compile(r["shared_type_list"]["regex"], _I),
        coordination=re.compile(r["coordination"]["regex"], _I),
        list_lead=re.compile(r["list_lead"]["regex"], _I),
        shared_type_lead=re.compile(r["shared_type_lead"]["regex"], _I),
        shared_type_item=re.compile(r["shared_type_item"]["regex"], _I),
        self_caption=re.compile(r["self_caption"]["regex"], _I),
        chain_implements=re.compile(r["chain_implements"]["regex"], _I),
        chain_stops=re.compile(r["chain_stops"]["regex"], _I),
        alias_before=re.compile(r["alias_before"]["regex"], _I),
        clause_break=re.compile(r["clause_break"]["regex"], _I),
        governing=tuple((g["relation"], re.compile(g["regex"], _I)) for g in r["governing_cues"]),
        replaces_cue=re.compile(r["replaces_cue"]["regex"], _I),
        linked_cue=re.compile(r["linked_cue"]["regex"], _I),
        stops_cue=re.compile(r["stops_cue"]["regex"], _I),
        section_heading=re.compile(r["section_heading"]["regex"]),
        basis_heading=re.compile(r["basis_heading"]["regex"], _I),
        issuers=tuple(_Issuer(i["canonical"], re.compile(i["regex"], _I), bool(i.get("local")), i.get("level"),
                              bool(i.get("place_slot"))) for i in iss["issuers"]),
        issuer_suffix=re.compile(iss["suffix_regex"]["regex"], _I),
    )


# ------------------------------------------------------------------------------------------------- issuers

_PLACE_STOP = {"Về", "Của", "Tại", "Theo", "Ban", "Và", "Quy", "Phê", "Thực", "Triển"}
_PLACE_TOKEN = re.compile(r"\s+([^\s,;.()“”\"']+)")


@dataclass(frozen=True)
class IssuerMatch:
    name: str  # canonical display name, jurisdiction added where the text leaves it implicit
    end: int
    level: str | None
    place: str | None  # a known province/city as its jurisdiction name ("Hồ Chí Minh"), else as printed
    body: str = ""  # the body's canonical name without place or suffix ("Ban Thường vụ Tỉnh ủy")


@lru_cache(maxsize=512)
def _tone_form(text: str) -> str:
    """`text` in one tone-mark convention ("Thành uỷ" -> "Thành ủy"), same length, for matching the body
    names of issuers.json (written in the new convention) at offsets of the printed text."""
    t = tone_normalize(text)
    return t if len(t) == len(text) else text


def match_issuer(text: str, pos: int = 0, jurisdiction: str | None = None,
                 level: str | None = None) -> IssuerMatch | None:
    """The issuing body printed at text[pos:], canonicalised; None when no known body starts there."""
    g = grammar()
    form = _tone_form(text)
    best: tuple[_Issuer, re.Match[str]] | None = None
    for iss in g.issuers:
        m = iss.regex.match(form, pos)
        if m and (best is None or m.end() > best[1].end()):
            best = (iss, m)
    if best is None:
        return None
    iss, m = best
    end = m.end()
    head = text[m.start():m.end()]
    # keep a printed "Hội nghị lần thứ tám" before the central committee out of the canonical name
    prefix = ""
    suffix = ""
    place: str | None = None
    if iss.place_slot:
        pm = match_place(text, end)
        if pm is not None:
            place = pm.name
            end = pm.end
        else:
            words: list[str] = []
            p = end
            while len(words) < 4:
                tm = _PLACE_TOKEN.match(text, p)
                if not tm:
                    break
                w = tm.group(1)
                if not w[:1].isupper() or w in _PLACE_STOP or not w.replace("-", "").isalpha():
                    break
                words.append(w)
                p = tm.end()
            if words:
                place = " ".join(words)
                if place.isupper():  # a header block in capitals: "HUYỆN BẮC HÀ" -> "Bắc Hà"
                    place = " ".join(w[:1] + w[1:].lower() for w in words)
                end = p
    sm = g.issuer_suffix.match(form[end:])
    if sm:
        suffix = " " + clean_text(text[end:end + sm.end()])
        end += sm.end()
    del head, prefix
    name = iss.canonical
    if place is None and iss.local and jurisdiction and (iss.level is None or level is None or iss.level == level):
        place = jurisdiction
    if place:
        name = f"{name} {place}"
    return IssuerMatch(name=name + suffix, end=end, level=iss.level, place=place, body=iss.canonical)


def issuer_level(name: str | None) -> str | None:
    """'thành phố' / 'tỉnh' for a local body's name (used to decide where the jurisdiction applies)."""
    if not name:
        return None
    m = match_issuer(name, 0)
    return m.level if m else None


# ----------------------------------------------------------------------------------------------- citations


@dataclass
class Citation:
    doc_type: str
    symbol: str | None  # None for an unnumbered citation ("Nghị quyết Đại hội Đảng bộ thành phố lần thứ I")
    date: str | None
    issuer: str | None
    start: int  # type word start
    end: int  # end of the citation (symbol, date or issuer, whichever is last)
    sym_start: int
    sym_end: int
    printed: str = ""


@lru_cache(maxsize=1)
def _case_codes() -> dict[str, str]:
    """Mixed-case symbol codes (data/references.json symbol_case), by their upper-case form."""
    d = _load("references.json")["symbol_case"]
    return {c.upper(): c for c in d["codes"]}


def _norm_symbol(s: str) -> str:
    """The symbol without spaces, its mixed-case codes in their canonical case ('32/CT-TTG' -> '32/CT-TTg')."""
    s = re.sub(r"\s+", "", s)
    codes = _case_codes()
    return re.sub(r"[^\-/]+", lambda m: codes.get(m.group(0).upper(), m.group(0)), s)


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _type_display(printed: str) -> str:
    g = grammar()
    return g.type_names.get(compare_form(printed), clean_text(printed))


def _symbol_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for rx in grammar().symbols:
        for m in rx.finditer(text):
            a, b = m.span()
            if any(a < y and x < b for x, y in spans):
                continue
            spans.append((a, b))
    return sorted(spans)


def _tail(text: str, c: Citation, jurisdiction: str | None, level: str | None) -> None:
    """Date and issuer after the symbol (or after the type word for unnumbered citations)."""
    g = grammar()
    pos = c.sym_end
    rest = text[pos:pos + 80]
    for rx in g.dates:
        m = rx.match(rest)
        if m:
            iso = _iso(m.group("d"), m.group("m"), m.group("y"))
            if iso:
                c.date = iso
                pos += m.end()
                c.end = pos
                break
    lead = g.issuer_lead.match(text[pos:pos + 40])
    at = pos + lead.end() if lead else pos
    im = match_issuer(text, at, jurisdiction, level)
    if im is not None and (lead is None or at - pos < 12):
        c.issuer = im.name
        c.end = im.end


def find_citations(text: str, jurisdiction: str | None = None, level: str | None = None,
                   unnumbered: bool = True) -> list[Citation]:
    """Citations in `text` in reading order, with offsets. Pure; never raises on any string."""
    try:
        return _find(text, jurisdiction, level, unnumbered)
    except (re.error, ValueError, IndexError, RecursionError):
        return []


def _find(text: str, jurisdiction: str | None, level: str | None, unnumbered: bool) -> list[Citation]:
    g = grammar()
    out: list[Citation] = []
    for a, b in _symbol_spans(text):
        before = text[max(0, a - 60):a]
        tm = g.type_before.search(before)
        doc_type: str | None = None
        start = a
        if not tm:
            # "Luật Khám bệnh, chữa bệnh số 15/2023/QH15": a law's name between the type word and "số"
            wide = text[max(0, a - 120):a]
            nm = g.named_type_before.search(wide)
            if nm and nm.group("name")[:1].isupper():
                tm, before = nm, wide
        if tm:
            tstart = a - len(before) + tm.start("type")
            if g.not_citation_before.search(text[max(0, tstart - 12):tstart]):
                continue
            doc_type = _type_display(tm.group("type"))
            start = tstart
        elif out and out[-1].symbol and g.shared_type_list.match(text[out[-1].end:a]):
            doc_type = out[-1].doc_type
        else:
            doc_type = _lead_type(text, a)
        if doc_type is None:
            continue
        c = Citation(doc_type=doc_type, symbol=_norm_symbol(text[a:b]), date=None, issuer=None,
                     start=start, end=b, sym_start=a, sym_end=b, printed="")
        _tail(text, c, jurisdiction, level)
        if c.issuer is None:
            bm = g.issuer_before.search(text[max(0, start - 120):start])
            if bm:
                im = match_issuer(bm.group("issuer"), 0, jurisdiction, level)
                if im is not None and im.end >= len(bm.group("issuer").rstrip()):
                    c.issuer = im.name
        c.printed = text[c.start:c.end]
        out.append(c)
    if unnumbered:
        out.extend(_unnumbered(text, out, jurisdiction, level))
        out.sort(key=lambda c: c.start)
    _share_issuers(text, out)
    _list_lead_issuers(text, out, jurisdiction, level)
    return out


def _lead_type(text: str, a: int) -> str | None:
    """The type word of a list lead ("các Nghị định của Chính phủ: số A …; số B …") that the number at `a`
    is an item of: 'số' right before it, at the list start or after ';' ',' 'và', and the last lead before
    it in the same sentence. None otherwise."""
    g = grammar()
    if not g.shared_type_item.search(text[max(0, a - 40):a]):
        return None
    sentence_start = max((m.end() for m in re.finditer(r"\.\s+(?=[A-ZĐÀ-Ỹ])", text[:a])), default=0)
    lead = None
    for m in g.shared_type_lead.finditer(text, sentence_start, a):
        lead = m
    if lead is None:
        return None
    t = compare_form(lead.group("type").strip())
    return g.type_names.get(t)


def _list_lead_issuers(text: str, cits: list[Citation], jurisdiction: str | None, level: str | None) -> None:
    g = grammar()
    for m in g.list_lead.finditer(text):
        im = match_issuer(m.group("issuer"), 0, jurisdiction, level)
        if im is None or im.end < len(m.group("issuer").rstrip()):
            continue
        t = compare_form(_type_display(m.group("type")))
        for c in cits:
            if c.start >= m.end() and c.issuer is None and compare_form(c.doc_type) == t:
                c.issuer = im.name


def _unnumbered(text: str, numbered: list[Citation], jurisdiction: str | None,
                level: str | None) -> list[Citation]:
    """'Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I': a type word directly followed by an issuer.
    Not references; used only to resolve a chain end to a numbered instrument of the same type and issuer."""
    g = grammar()
    out: list[Citation] = []
    for m in g.type_named.finditer(text):
        a = m.start("type")
        if any(c.start <= a < c.end for c in numbered):
            continue
        if g.not_citation_before.search(text[max(0, a - 12):a]):
            continue
        im = match_issuer(text, m.end(), jurisdiction, level)
        if im is None:
            continue
        c = Citation(doc_type=_type_display(m.group("type")), symbol=None, date=None, issuer=im.name,
                     start=a, end=im.end, sym_start=m.end(), sym_end=m.end(), printed=text[a:im.end])
        out.append(c)
    return out


def _share_issuers(text: str, cits: list[Citation]) -> None:
    """'A ngày … và B ngày … của X': A takes B's issuer when A prints none."""
    g = grammar()
    for i in range(len(cits) - 2, -1, -1):
        a, b = cits[i], cits[i + 1]
        if a.issuer is None and b.issuer is not None and g.coordination.match(text[a.end:b.start]):
            a.issuer = b.issuer


# --------------------------------------------------------------------------------------------- document


@dataclass
class _Unit:
    text: str
    prov: Provenance
    zone: str  # opening | basis | body
    order: int
    block: Block | None = None  # the one block the text is (None for table cells and joined blocks)


@dataclass
class _Occ:
    cit: Citation
    unit: _Unit
    idx: int  # global order
    relation: str = "mentions"
    parent: int | None = None  # index of the occurrence this one is the chain target of
    chain_rel: str | None = None
    evidence: str = ""
    key: str | None = None


def _is_section_heading(b: Block) -> bool:
    g = grammar()
    if b.kind != BlockKind.heading:
        return bool(g.section_heading.match(b.text)) and b.text[:1] != "-" and b.text.isupper()
    if b.marker and re.fullmatch(r"[IVX]{1,5}[.)]?", b.marker.strip()):
        return True
    return bool(g.section_heading.match(b.text))


# a block that stops mid-citation ("số 45-") or on a conjunction ("… ngày 19/6/2015 và") goes on in the next one
_UNFINISHED = re.compile(r"(?:\d+\s*-|\d+/|\bsố|\bvà|\bhoặc|,)\s*$", _I)


def _split_citation(prev: str, nxt: str) -> bool:
    """A citation broken between two blocks inside its type word or number ("… và Nghị" + "định số
    52/2013/NĐ-CP …"): the last words of `prev` and the first words of `nxt` printed together hold a numbered
    citation that neither side holds alone."""
    tail = " ".join(prev.split()[-3:])
    head = " ".join(nxt.split()[:6])
    if not tail or not head or tail.endswith((".", ";", ":")):
        return False
    joined = tail + " " + head
    return any(c.symbol is not None and c.start < len(tail) < c.sym_start for c in find_citations(joined))


def _units(ir: DocumentIR) -> list[_Unit]:
    g = grammar()
    units: list[_Unit] = []
    zone = "opening"
    for b in ir.blocks:
        if b.kind == BlockKind.table and b.table is not None:
            for ri, row in enumerate(b.table.rows):
                if row.is_header:
                    continue
                for cell in row.cells:
                    if cell.text.strip():
                        units.append(_Unit(cell.text, Provenance(file=ir.source, page=row.page or b.page,
                                                                 line_start=row.line_start or b.line_start,
                                                                 line_end=row.line_end or b.line_end,
                                                                 table_row=ri), "body", len(units)))
            continue
        if _is_section_heading(b):
            zone = "basis" if g.basis_heading.search(b.text) else "body"
        if not b.text.strip():
            continue
        prov = b.provenance(ir.source)
        if units and units[-1].zone == zone and units[-1].prov.table_row is None \
                and (_UNFINISHED.search(units[-1].text) or _split_citation(units[-1].text, b.text)):
            # robustness: a citation split across blocks ("… số 45-" + "NQ/TW …")
            prev = units[-1]
            joiner = "" if prev.text.rstrip().endswith(("-", "/")) else " "
            prev.text = prev.text.rstrip() + joiner + b.text.lstrip()
            prev.prov = Provenance(file=ir.source, page=prev.prov.page, line_start=prev.prov.line_start,
                                   line_end=b.line_end or prev.prov.line_end)
            prev.block = None
            continue
        units.append(_Unit(b.text, prov, zone, len(units), b))
    return units


def _source_lines(b: Block) -> list[int] | None:
    """For each non-white-space character of b.text, its 0-based line in b.orig; None when the two do not
    hold the same characters (cleaning changed more than white space) or the lines do not fit the block's span."""
    if not b.orig or b.line_start is None or b.line_end is None:
        return None
    orig = unicodedata.normalize("NFC", b.orig)
    if orig.count("\n") != b.line_end - b.line_start:
        return None
    lines: list[int] = []
    chars: list[str] = []
    line = 0
    for ch in orig:
        if ch == "\n":
            line += 1
        elif not ch.isspace():
            lines.append(line)
            chars.append(ch)
    if "".join(chars) != "".join(ch for ch in b.text if not ch.isspace()):
        return None
    return lines


def _citation_provenance(unit: _Unit, c: Citation) -> Provenance:
    """The unit's provenance narrowed to the source lines the citation is printed on (a paragraph wrapped over
    several lines: the citation's own offsets in the block text, mapped back through the block's `orig`)."""
    b = unit.block
    if b is None or b.line_start is None or b.line_start == b.line_end:
        return unit.prov
    lines = _source_lines(b)
    if lines is None:
        return unit.prov
    def nonspace_index(pos: int) -> int:
        return sum(1 for ch in b.text[:pos] if not ch.isspace())
    a, z = nonspace_index(c.start), nonspace_index(c.end) - 1
    if not 0 <= a <= z < len(lines):
        return unit.prov
    return unit.prov.model_copy(update={"line_start": b.line_start + lines[a], "line_end": b.line_start + lines[z]})


# how far back from a citation its cues are looked for: a clause longer than this is no real clause, and
# scanning the whole text before every citation made one very long line quadratic (issue 17)
LOOKBACK = 20_000
_SEMI = re.compile(r";")
_LEAD = re.compile(r"\s*(?:[-+*•]\s*)?")


def _governing_relation(text: str, upto: int) -> str | None:
    """The last clause-initial cue ("Thực hiện …", "Căn cứ …") before position `upto`."""
    best: tuple[int, str] | None = None
    # clause starts within LOOKBACK characters (and the unit's start): linear on one very long line
    starts = [0] + [m.end() for m in _SEMI.finditer(text, max(0, upto - LOOKBACK), upto)]
    for s in starts:
        lead = _LEAD.match(text, s, upto)
        off = lead.end() if lead else s
        for rel, rx in grammar().governing:
            m = rx.match(text, off, upto)
            if m and (best is None or s >= best[0]):
                best = (s, rel)
    return best[1] if best else None


def _own_clause(before: str) -> str:
    """The clause a citation is printed in, up to the citation: from the last sentence end or ";" before it.
    A ";" followed only by a list marker ("; b) ", "; - ") continues the list of the clause before it, so
    that clause's cue still applies ("… thay thế: a) Kế hoạch số …; b) Kế hoạch số …")."""
    sentence = re.split(r"\.\s+(?=[A-ZĐÀ-Ỹ0-9])", before)[-1]
    parts = sentence.split(";")
    while len(parts) > 1 and re.fullmatch(r"\s*(?:[-+•]|[a-zđ]\)|\d{1,2}[.)])?\s*", parts[-1]):
        parts = parts[:-2] + [parts[-2] + ";" + parts[-1]]
    return parts[-1]


def _top_relation(unit: _Unit, c: Citation, since: int = 0) -> str:
    """Relation of a citation that is no chain target; `since` = end of the previous citation in the unit."""
    g = grammar()
    before = unit.text[max(0, c.start - LOOKBACK):c.start]
    if g.stops_cue.search(before[-300:]):  # the cue is anchored at the end: the last words are enough
        return "stops"  # the cue printed right before the citation is the nearest one
    if g.replaces_cue.search(_own_clause(before)):
        return "replaces"
    gov = _governing_relation(unit.text, c.start)
    if gov == "implements" and g.linked_cue.search(unit.text[max(since, c.start - LOOKBACK):c.start]):
        gov = None  # "…, gắn với thực hiện B": the plan links its work to B, it does not say it implements B
    if unit.zone == "opening":
        return gov or "mentions"
    if unit.zone == "basis":
        return gov or "based_on"
    return "mentions"


def _leaves_parenthesis(gap: str) -> bool:
    """The gap closes a bracket it did not open: the first citation was inside a parenthesis."""
    depth = 0
    for ch in gap:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return True
    return False


def _link_unit(unit: _Unit, cits: list[Citation], base: int, occs: list[_Occ]) -> None:
    """Chains and relations of the citations found in one unit; appends to `occs`."""
    g = grammar()
    local: list[_Occ] = []
    for i, c in enumerate(cits):
        o = _Occ(cit=c, unit=unit, idx=base + i, evidence=unit.text)
        if i > 0:
            p = local[i - 1]
            gap = unit.text[p.cit.end:c.start]
            if g.clause_break.search(gap) or len(gap) > 200 or _leaves_parenthesis(gap) \
                    or g.alias_before.search(unit.text[max(0, p.cit.start - 40):p.cit.start]):
                # a chain is stated inside one citation phrase: not across a clause, not out of a
                # parenthesis A sits in, not from a short-name alias of an instrument cited before
                pass
            elif g.coordination.match(gap):
                if p.parent is not None:
                    head = occs[p.parent] if p.parent < base else local[p.parent - base]
                    same_as_prev = compare_form(p.cit.doc_type) == compare_form(c.doc_type)
                    same_as_head = compare_form(head.cit.doc_type) == compare_form(c.doc_type)
                    with_va = "và" in gap.casefold()
                    if (with_va and not same_as_head) or (not with_va and same_as_prev and not same_as_head):
                        o.parent, o.chain_rel = p.parent, p.chain_rel
            elif g.chain_stops.search(gap):
                o.parent, o.chain_rel = p.idx, "stops"
            elif g.chain_implements.search(gap) and (p.cit.symbol != c.symbol or c.symbol is None):
                o.parent, o.chain_rel = p.idx, "implements"
        if o.parent is None:
            o.relation = _top_relation(unit, c, local[i - 1].cit.end if i > 0 else 0)
        elif o.chain_rel == "stops":
            o.relation = "stops"
        local.append(o)
    occs.extend(local)


def extract_references(ir: DocumentIR, header: DocumentHeader) -> tuple[list[Reference], list[Chain],
                                                                        list[Warning_]]:
    jurisdiction = header.jurisdiction
    level = issuer_level(header.issuer)
    if level not in (None, *PROVINCIAL_LEVELS):
        # a district/commune plan: its jurisdiction is the province, which a provincial body left without
        # a place ("Ủy ban nhân dân tỉnh") belongs to
        level = None
    occs: list[_Occ] = []
    for unit in _units(ir):
        cits = [c for c in find_citations(unit.text, jurisdiction, level) if not _is_self(unit.text, c, header)]
        if cits:
            _link_unit(unit, cits, len(occs), occs)
    warnings: list[Warning_] = []
    _assign_keys(occs, warnings)
    refs = _merge(occs)
    chains = _chains(occs)
    return refs, chains, warnings


def _is_self(text: str, c: Citation, header: DocumentHeader) -> bool:
    """The document citing itself: its own printed number anywhere, or an appendix caption
    '(Kèm theo Kế hoạch số 215/KH-UBND …)' naming a document of its own type and symbol shape (also when the
    header's number is blank or was not read). Such a citation is the plan, not an instrument it cites."""
    if c.symbol is None:
        return False
    if header.number and compare_form(_norm_symbol(header.number)) == compare_form(c.symbol):
        return True
    if not grammar().self_caption.search(text[:c.start]):
        return False
    if header.number:  # a caption naming another number of the same type is another instrument
        return False
    same_type = header.doc_type is not None and compare_form(header.doc_type) == compare_form(c.doc_type)
    tmpl = header.symbol_template
    same_shape = tmpl is None or compare_form(c.symbol).endswith(compare_form(_norm_symbol(tmpl)))
    return same_type and same_shape


def _assign_keys(occs: list[_Occ], warnings: list[Warning_]) -> None:
    by_symbol: dict[str, list[_Occ]] = {}
    for o in occs:
        if o.cit.symbol:
            by_symbol.setdefault(o.cit.symbol, []).append(o)
    for sym, group in by_symbol.items():
        dates = sorted({o.cit.date for o in group if o.cit.date})
        if len(dates) < 2:
            for o in group:
                o.key = sym
            continue
        for o in group:
            if o.cit.date:
                o.key = f"{sym}@{o.cit.date}"
        undated = [o for o in group if not o.key]
        for o in undated:
            before = [x for x in group if x.cit.date and x.idx < o.idx]
            after = [x for x in group if x.cit.date and x.idx > o.idx]
            target = before[-1] if before else after[0]
            o.key = target.key
        if undated:
            warnings.append(Warning_(code="reference.ambiguous_date",
                                     message=f"{sym}: {len(undated)} mention(s) without a date while "
                                             f"{len(dates)} dated instruments share the symbol ({', '.join(dates)}); "
                                             f"each attached to the nearest dated mention before it",
                                     provenance=undated[0].unit.prov))
    # unnumbered citations: resolve to the one numbered instrument of the same type and issuer
    numbered = [o for o in occs if o.key]
    for o in occs:
        if o.cit.symbol is not None or not o.cit.issuer:
            continue
        cands = {x.key for x in numbered
                 if x.cit.issuer and compare_form(x.cit.issuer) == compare_form(o.cit.issuer)
                 and compare_form(x.cit.doc_type) == compare_form(o.cit.doc_type)}
        if len(cands) == 1:
            o.key = cands.pop()


def _merge(occs: list[_Occ]) -> list[Reference]:
    refs: dict[str, Reference] = {}
    best_dated: dict[str, bool] = {}
    for o in occs:
        if not o.key or o.cit.symbol is None:
            continue
        c = o.cit
        r = refs.get(o.key)
        if r is None:
            refs[o.key] = Reference(key=o.key, symbol=c.symbol, doc_type=c.doc_type, date=c.date, issuer=c.issuer,
                                    relation=o.relation, evidence=_evidence(o),
                                    provenance=_citation_provenance(o.unit, c))  # type: ignore[arg-type]
            best_dated[o.key] = c.date is not None
            continue
        if c.date and not best_dated[o.key]:
            r.doc_type, r.date = c.doc_type, c.date
            best_dated[o.key] = True
        if r.issuer is None and c.issuer:
            r.issuer = c.issuer
        if _RELATION_RANK[o.relation] > _RELATION_RANK[r.relation]:
            r.relation = o.relation  # type: ignore[assignment]
            r.evidence = _evidence(o)
    # unnumbered citations resolved to a numbered instrument may raise its relation
    for o in occs:
        if o.cit.symbol is None and o.key in refs and _RELATION_RANK[o.relation] > _RELATION_RANK[refs[o.key].relation]:
            refs[o.key].relation = o.relation  # type: ignore[assignment]
            refs[o.key].evidence = _evidence(o)
    return list(refs.values())


def _evidence(o: _Occ) -> str:
    t = o.unit.text
    a = max(0, o.cit.start - 120)
    return clean_text(t[a:o.cit.end + 40])


def _chains(occs: list[_Occ]) -> list[Chain]:
    out: list[Chain] = []
    seen: set[tuple[str, str, str]] = set()
    for o in occs:
        if o.parent is None or o.chain_rel is None or not o.key:
            continue
        src = occs[o.parent]
        if not src.key or src.key == o.key:
            continue
        k = (src.key, o.key, o.chain_rel)
        if k in seen:
            continue
        seen.add(k)
        out.append(Chain(from_=src.key, to=o.key, relation=o.chain_rel,  # type: ignore[arg-type]
                         evidence=_evidence(o), provenance=_citation_provenance(o.unit, o.cit)))
    return out
