"""Tasks assigned in the body of a plan (not in an appendix table).

`extract_body_tasks(ir, header, table_tasks)` reads the text blocks in order and recognises the shapes plans
use (cue phrases in `data/body_tasks.json`):

1. Owner header + items + closing deadline lines, inside a "nhiệm vụ / giải pháp" section:
   "2.1. Ban cán sự đảng … chủ trì, phối hợp với … thực hiện:" then bullets (or one paragraph), each a task
   with that lead/support; a short line "Hoàn thành năm 2025" / "Thực hiện thường xuyên" gives its deadline
   to the items since the previous deadline line (or the header).
2. Lettered items a) b) … followed by a "Thời gian thực hiện và đơn vị thực hiện" sub-section whose lines
   ("a) Thời gian thực hiện: …", "b) Đơn vị thực hiện: …", "Cơ quan chủ trì: …") apply to those items.
3. A "Tổ chức thực hiện" section: organisation-headed items ("1. Sở Nội vụ" + bullets; "2. Sở Nội vụ: …";
   "3. Giao Sở … chủ trì, phối hợp … theo dõi …") are tasks led by that organisation; cross-references
   ("thực hiện nội dung tại điểm b, d Mục 2.1") give lead/support to the referenced items.
4. A bullet naming its own owner with "chủ trì" ("Các viện nghiên cứu, trường đại học chủ trì, …").

Items of a "nhiệm vụ" section that no owner, deadline or cross-reference reaches are not tasks (the general
"nhiệm vụ và giải pháp" of a plan), and neither are body restatements of appendix rows.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.ir import Block, BlockKind, DocumentIR, Provenance
from extractors.model import Deadline, DocumentHeader, Task, Warning_
from extractors.normalize import clean_text, compare_form
from extractors.owners import is_generic, normalise_owner_text, split_owners, split_roles
from extractors.structure.numbering import parse_numbering

_DATA = Path(__file__).parent / "data" / "body_tasks.json"

_MD = re.compile(r"^#{1,6}\s+")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _rx(*path: str) -> re.Pattern[str]:
    d: Any = _data()
    for p in path:
        d = d[p]
    return re.compile(d["pattern"] if isinstance(d, dict) else d)


def _cf(s: str) -> str:
    return compare_form(s)


def _subject_end() -> re.Pattern[str]:
    """Where the organisation subject of a sentence ends: the verb list shared with owners (agencies.json
    predicate_words)."""
    from extractors.owners import predicate_start
    return predicate_start()


# ---------------------------------------------------------------------------------------------- units
@dataclass
class Unit:
    kind: str  # roman | multi | arabic | letter | bullet | plain
    num: str
    text: str  # without its marker
    blocks: list[Block]
    level: int

    @property
    def full(self) -> str:
        if self.kind == "plain":
            return self.text
        if self.kind == "bullet":
            return f"- {self.text}"
        if self.kind == "letter":
            return f"{self.num}) {self.text}"
        return f"{self.num}. {self.text}"


def _strip_md(s: str) -> str:
    s = _MD.sub("", s)
    s = re.sub(r"\[bookmark: [^\]]*\]", "", s)
    s = re.sub(r"\[footnoteRef:\d+\]", "", s)
    s = re.sub(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])", "", s)
    return clean_text(s)


def _parse_marker(text: str) -> tuple[str, str, str, int]:
    """(kind, number, rest, level) of a line by the structure stage's numbering rule; second-level bullets
    ('+') are bullets here."""
    n = parse_numbering(text)
    return ("bullet" if n.kind == "sub_bullet" else n.kind), n.num, n.rest, n.level


def _units(ir: DocumentIR) -> list[Unit]:
    units: list[Unit] = []
    for b in ir.blocks:
        if b.kind in (BlockKind.table, BlockKind.footnote, BlockKind.signature):
            continue
        raw = b.text or ""
        if b.marker and not raw.startswith(b.marker):
            raw = f"{b.marker} {raw}"
        text = _strip_md(raw)
        if not text:
            continue
        kind, num, rest, level = _parse_marker(text)
        if (kind == "plain" and units and units[-1].kind != "roman" and text[:1].islower()
                and not re.search(r"[.:;]$", units[-1].text)):
            # a paragraph split by a page break: continue the previous unit
            units[-1].text = clean_text(units[-1].text + " " + text)
            units[-1].blocks.append(b)
            continue
        units.append(Unit(kind=kind, num=num, text=rest, blocks=[b], level=level))
    return units


def _prov(ir: DocumentIR, blocks: list[Block]) -> Provenance:
    first, last = blocks[0], blocks[-1]
    return Provenance(file=ir.source, page=first.page, line_start=first.line_start,
                      line_end=last.line_end if last.line_end is not None else last.line_start)


# ----------------------------------------------------------------------------------------- helpers
def _parse_deadline(raw: str | None) -> Deadline:
    if not raw:
        return Deadline()
    from extractors.deadlines import parse_deadline
    return parse_deadline(raw)


def _clean_raw(s: str) -> str:
    s = clean_text(s.replace("*", "")).strip(" ;,")
    return s[:-1].rstrip() if s.endswith(".") else s


def _is_deadline_line(text: str) -> bool:
    d = _data()["deadline_line"]
    return len(text.split()) <= d["max_words"] and bool(_rx("deadline_line").search(_cf(text)))


def _section_kind(title: str) -> str:
    cf = _cf(title)
    if _rx("sections", "skip").search(cf):
        return "skip"
    if _rx("sections", "implementation").search(cf):
        return "implementation"
    if _rx("sections", "tasks").search(cf):
        return "tasks"
    return "skip"


def _starts_with_org(text: str) -> bool:
    from extractors.owners import _heads  # the head-word vocabulary of owners
    t = normalise_owner_text(text)
    t = re.sub(r"^(?:Đề nghị|Giao|Yêu cầu)\s+", "", t)
    return bool(_heads().match(t)) or bool(re.match(r"^các\s+\S", t, re.IGNORECASE))


def _subject(text: str) -> tuple[str | None, str]:
    """The organisation subject of a sentence and the rest ('Giao Sở X chủ trì …' -> 'Sở X', 'chủ trì …')."""
    t = re.sub(r"^(?:Đề nghị|Giao|Yêu cầu)\s+", "", text)
    if not _starts_with_org(t):
        return None, text
    m = _subject_end().search(t)
    if not m or m.start() == 0:
        return None, text
    subj = t[:m.start()]
    for e in _data()["subject_trailers"]["patterns"]:
        subj = re.sub(e["pattern"], "", subj)
    if len(subj.split()) > 40:
        return None, text
    return subj.strip(" ,"), t[m.start():].lstrip(" ,")


def _support_of(text: str) -> list[str]:
    cf = _cf(text)
    for m in re.finditer(_rx("support_list").pattern, cf):
        seg = text[m.start("list"):]
        if _rx("support_list", "list_start").match(_cf(seg)) or _starts_with_org(seg):
            break
    else:
        return []
    cfseg = _cf(seg)
    ends = [e.start() for e in (_subject_end().search(seg), re.search(_data()["support_list"]["list_end"], cfseg),
                                re.search(r"[.:](?=\s|$)", seg)) if e]
    seg = seg[:min(ends)] if ends else seg
    return split_owners(seg)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", text)
    out: list[str] = []
    for p in parts:
        if out and out[-1].endswith(";"):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def _leading_time(text: str) -> tuple[str | None, str]:
    m = _rx("leading_time").match(_cf(text))
    if not m:
        return None, text
    return _clean_raw(text[:m.end("time")]), text[m.end():]


def _inline_time(text: str) -> str | None:
    m = _rx("inline_time").search(_cf(text))
    if m is None:
        return None
    if m.group("time"):
        return _clean_raw(text[m.start("time"):m.end("time")])
    # "… vào quý IV/2028." -> "quý IV/2028"
    return _clean_raw(re.sub(r"^(?:vào|Vào)\s+", "", text[m.start():m.end()]))


def _trailing_time(text: str) -> tuple[str | None, str]:
    m = _rx("trailing_time").search(_cf(text))
    if not m:
        return None, text
    return _clean_raw(text[m.start("time"):m.end("time")]), text[:m.start()].rstrip() + "."


_DEADLINE_LABEL = re.compile(r"(?i)^(?:thời gian|thời hạn|tiến độ)(?: thực hiện| hoàn thành)?\s*:\s*")


def _own_timed(before: str, sentence: str, before_raw: str | None = None) -> bool:
    """Do the sentences so far and the next sentence each carry a deadline of their own ('… báo cáo trước ngày
    15/12 hằng năm. Tham mưu sơ kết vào quý IV/2028 và tổng kết vào năm 2030.')? Then the deadline covers one
    sentence only and the item is split there (GUIDELINES: body tasks)."""
    return (before_raw is not None or _inline_time(before) is not None) and _inline_time(sentence) is not None


def _deadline_line_raw(text: str) -> str:
    """'Thời gian: Quý I/2026.' -> 'Quý I/2026'; 'Hoàn thành năm 2025' stays as printed."""
    return _clean_raw(_DEADLINE_LABEL.sub("", text))


def _skip_item(text: str) -> bool:
    """Not a task: a closing appeal to the generic group, a line that only points to the appendix, or a decision
    the issuing body records ('Ban Thường vụ Tỉnh ủy thống nhất dừng thực hiện …')."""
    cf = _cf(text)
    return bool(_rx("exhortation").search(cf) or _rx("appendix_pointer").search(cf) or _rx("decision").search(cf))


def _heading_owners(text: str) -> tuple[str, list[str], list[str]] | None:
    """'Công tác tuyên truyền (Phòng X chủ trì, phối hợp với Y)' -> (title, lead, support)."""
    m = _rx("heading_owners").match(text)
    if not m or not _starts_with_org(m.group("owners")):
        return None
    roles = split_roles(m.group("owners"))
    if roles is None:
        # '(Phòng Văn hóa và Thông tin thực hiện)': the named bodies carry the items out
        v = re.match(_data()["heading_owners"]["verb_only"], m.group("owners").strip(" ."))
        roles = (split_owners(v.group("lead")), []) if v else None
    if roles is None or not roles[0]:
        return None
    return m.group("title"), roles[0], roles[1]


def recase_caps_name(name: str) -> str:
    """'BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY' -> 'Ban Tuyên giáo và Dân vận Tỉnh ủy' (body_tasks.json
    caps_owner_header.recase)."""
    rc = _data()["caps_owner_header"]["recase"]
    fixed = sorted(rc["fixed"], key=len, reverse=True)
    heads = sorted(rc["capitalise_next"], key=lambda h: -len(h.split()))
    words = clean_text(name).lower().split()
    out: list[str] = []
    cap_next = True
    in_name = False  # inside the proper name after a head ('Sở Tài nguyên và Môi trường')
    i = 0
    while i < len(words):
        for f in fixed:
            fw = f.split()
            if [_cf(w) for w in words[i:i + len(fw)]] == [_cf(w) for w in fw]:
                out.extend(fw)
                i += len(fw)
                cap_next = any(_cf(f) == _cf(h) for h in heads)
                in_name = False
                break
        else:
            head = next((h for h in heads if [_cf(w) for w in words[i:i + len(h.split())]]
                         == [_cf(w) for w in h.split()]), None)
            n = len(head.split()) if head else 1
            chunk = words[i:i + n]
            if cap_next or (in_name and words[i - 1:i] == ["và"]):
                chunk[0] = chunk[0][:1].upper() + chunk[0][1:]
            in_name = in_name or cap_next
            out.extend(chunk)
            i += n
            cap_next = head is not None
    return " ".join(out)


def _caps_owner_header(text: str) -> list[str] | None:
    """'BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY (chủ trì)' -> ['Ban Tuyên giáo và Dân vận Tỉnh ủy']; None unless the
    heading is written in capitals and names organisations only."""
    from extractors.owners import expand_abbreviations
    name = re.sub(_data()["caps_owner_header"]["role_suffix"], "", text, flags=re.IGNORECASE).strip()
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 6 or any(c.islower() for c in letters):
        return None
    parts = [recase_caps_name(expand_abbreviations(p)) for p in re.split(r"\s*[,;]\s*|\s+VÀ\s+(?=ĐẢNG|BAN|SỞ|ỦY)", name)]
    if not all(_starts_with_org(p) and not _subject_end().search(p) for p in parts):
        return None
    owners = [o for p in parts for o in split_owners(p)]
    return owners if owners and all(_rx("owner_heading_name").match(_cf(o)) for o in owners) else None


def _plain_owner_header(text: str) -> list[str] | None:
    """'Ủy ban Kiểm tra Tỉnh ủy, Văn phòng Tỉnh ủy' as a numbered heading over bullets: both lead; a closing ':'
    is allowed ('1. Sở Nông nghiệp và Môi trường:')."""
    text = text.rstrip().removesuffix(":").rstrip()
    if re.search(r"[.;:]$", text) or len(text.split()) > 25 or not _starts_with_org(text):
        return None
    if _subject_end().search(re.sub(r"^(?:Đề nghị|Giao)\s+", "", text)):
        return None
    owners = split_owners(text)
    return owners if owners and all(_rx("owner_heading_name").match(_cf(o)) for o in owners) else None


# ------------------------------------------------------------------------------------------ walker
@dataclass
class _Cand:
    key: str  # "2.1/b" or "2.1/bullet-3"
    section: str  # numbering path of the parent ("2.1")
    letter: str | None
    text: str
    group: str | None
    blocks: list[Block]
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline_raw: str | None = None
    deliverable: str | None = None
    owned: bool = False
    inline_lead: bool = False
    id: str = ""


class _Walker:
    def __init__(self, ir: DocumentIR, table_tasks: list[Task]) -> None:
        self.ir = ir
        self.table_texts = [_cf(t.text) for t in table_tasks]
        self.has_appendix = bool(table_tasks)
        self.cands: list[_Cand] = []
        self.by_ref: dict[tuple[str, str], _Cand] = {}
        self.out: list[_Cand] = []
        self.warnings: list[Warning_] = []
        self._impl_pending: list[_Cand] = []

    # ------------------------------------------------------------ the "nhiệm vụ" sections
    def tasks_section(self, roman: str, title: str, units: list[Unit]) -> None:
        path: dict[int, str] = {}
        heads: dict[int, str] = {}
        owner: tuple[list[str], list[str], int] | None = None
        pending: list[_Cand] = []
        waiting: list[_Cand] = []  # items an assignment sub-section may still reach
        assign_mode = False
        last_letter: _Cand | None = None
        counter: dict[str, int] = {}
        head_letter: str | None = None  # a lettered sub-heading ("d) Về …") the bullets under it belong to
        last_numbered: _Cand | None = None  # the last numbered item, until a bullet under it makes it a heading
        heading_unit: Unit | None = None  # the last numbered heading, while nothing has been read under it

        def section_path() -> str:
            return ".".join(path[k] for k in sorted(path)) if path else roman

        def task_id(sp: str, suffix: str | None) -> str:
            """Ids are the section path from the Roman numeral: "III.1.2", "III.3/a", "III.2.d/bullet-2"."""
            base = f"{roman}.{sp}" if path else roman
            return f"{base}/{suffix}" if suffix else base

        def group_text() -> str | None:
            for lvl in sorted(heads):
                if lvl >= 2:
                    return heads[lvl]
            return f"{roman}. {title}"

        def new_cand(u: Unit, text: str) -> _Cand:
            sp = section_path()
            if u.kind in ("bullet", "plain") and head_letter is not None:
                sp_id = f"{sp}.{head_letter}"
            else:
                sp_id = sp
            ck = f"{sp_id}/{u.kind}"
            counter[ck] = counter.get(ck, 0) + 1
            key = f"{sp}/{u.num}" if u.kind == "letter" else f"{sp_id}/{counter[ck]}"
            if u.kind == "letter":
                tid = task_id(sp, u.num)
            elif u.kind in ("multi", "arabic"):
                tid = task_id(sp, None)
            else:
                tid = task_id(sp_id, f"{'bullet' if u.kind == 'bullet' else 'para'}-{counter[ck]}")
            c = _Cand(key=key, section=sp, letter=u.num if u.kind == "letter" else None, text=text,
                      group=group_text(), blocks=list(u.blocks), id=tid)
            if u.kind == "letter":
                self.by_ref[(sp, u.num)] = c
            self.cands.append(c)
            return c

        for ui, u in enumerate(units):
            text = u.text
            cf = _cf(text)
            nxt = units[ui + 1] if ui + 1 < len(units) else None
            # ---- "Cơ quan phối hợp: …" under an owner header: the support of every item of the section
            if u.kind == "plain" and owner is not None and _rx("support_line").match(cf):
                m_sup = _rx("support_line").match(cf)
                assert m_sup is not None
                sup = split_owners(text[m_sup.start("value"):].strip(" ."))
                owner = (owner[0], sup, owner[2])
                for c in pending:
                    c.support = c.support or list(sup)
                continue
            # ---- deadline lines close the run of items before them
            if u.kind in ("plain",) and _is_deadline_line(text) and (pending or owner):
                raw = _deadline_line_raw(text)
                for c in pending:
                    if c.deadline_raw is None:
                        c.deadline_raw = raw
                pending = []
                continue
            # ---- assignment sub-section ("Thời gian thực hiện và đơn vị thực hiện")
            if u.kind in ("multi", "arabic", "plain") and _rx("assignment_heading").search(cf):
                assign_mode = True
                if _rx("assignment_line", "see_appendix").search(cf):
                    waiting = []
                path[u.level] = u.num or path.get(u.level, "")
                continue
            if assign_mode:
                if self._assignment(u, waiting) or u.kind in ("letter", "plain", "bullet"):
                    continue
            elif u.kind in ("letter", "plain", "bullet") and waiting and self._assignment(u, waiting):
                continue
            # ---- headings and numbered items
            if u.kind in ("multi", "arabic", "letter"):
                last_numbered = None
                is_header = bool(_rx("owner_header").match(text)) and _starts_with_org(text)
                # a heading that only names the owners of the bullets under it, in capitals
                # ("1. BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY (chủ trì)") or as a bare list of bodies
                named: list[str] | None = None
                if u.kind in ("multi", "arabic") and not is_header:
                    named = _caps_owner_header(text)
                    if named is None and nxt is not None and nxt.kind in ("bullet", "plain"):
                        named = _plain_owner_header(text)
                    is_header = named is not None
                if u.kind == "letter" and owner and owner[2] >= 5 and u.level <= owner[2]:
                    owner, pending = None, []  # the next letter ends a lettered owner heading's reach
                if u.kind == "letter" and not is_header and nxt is not None and nxt.kind == "bullet":
                    # a lettered committee/owner heading over bullets ('a) Tổ đảng ở các thôn, tổ dân phố')
                    named = _caps_owner_header(text) or _plain_owner_header(text)
                    is_header = named is not None
                itemlike = (not is_header) and self._itemlike(u)
                if u.kind in ("multi", "arabic"):
                    head_letter = None
                    for lvl in [k for k in path if k >= u.level]:
                        path.pop(lvl, None)
                        heads.pop(lvl, None)
                    path[u.level] = u.num.split(".")[-1] if u.kind == "multi" else u.num
                    if u.kind == "multi":
                        path.clear()
                        for i, part in enumerate(u.num.split(".")):
                            path[2 + i] = part
                    if not is_header and not itemlike:
                        heads[u.level] = u.full
                    assign_mode = False
                    if u.level <= 2:
                        waiting = []
                    if owner and u.level <= owner[2]:
                        owner = None
                        pending = []
                hown = _heading_owners(text) if (u.kind in ("multi", "arabic") and not is_header) else None
                if hown is not None:
                    # owners in the heading's parenthesis: lead/support of every item under it
                    heads[u.level] = u.full
                    owner = (hown[1], hown[2], u.level)
                    pending = []
                    continue
                if named is not None:
                    owner = (named, [], u.level)
                    pending = []
                    continue
                if is_header:
                    m = _rx("owner_header").match(text)
                    assert m is not None
                    lead = split_owners(m.group("lead"))
                    support = split_owners(m.group("support")) if m.group("support") else []
                    owner = (lead, support, u.level)
                    pending = []
                    continue
                if u.kind == "letter" and not itemlike:
                    heads[5] = u.full
                    head_letter = u.num
                    last_letter = None
                    continue
                if u.kind == "letter":
                    head_letter = None
                if not itemlike:
                    last_letter = None
                    heading_unit = u if u.kind in ("multi", "arabic") and owner is None else None
                    continue
                c = new_cand(u, text)
                last_letter = c if u.kind == "letter" else None
                last_numbered = c if u.kind in ("multi", "arabic") and owner is None else None
                self._own(c, owner, pending, waiting)
                continue
            # ---- an owner header without a number ("Ban cán sự đảng … chỉ đạo thực hiện:")
            if u.kind == "plain" and text.endswith(":") and _rx("owner_header").match(text) and _starts_with_org(text):
                m = _rx("owner_header").match(text)
                assert m is not None
                owner = (split_owners(m.group("lead")),
                         split_owners(m.group("support")) if m.group("support") else [], 3)
                pending = []
                continue
            # ---- bullets and paragraphs
            if u.kind == "bullet" and last_letter is not None and owner is None:
                last_letter.text = clean_text(f"{last_letter.text} - {text}")
                last_letter.blocks.extend(u.blocks)
                continue
            if u.kind in ("bullet", "plain") and heading_unit is not None and not waiting and _is_label(cf):
                # label lines right under a heading ('2. Tổ chức tập huấn …' + '- Cơ quan chủ trì: Bộ Công an.'):
                # the heading is the task they describe
                c = new_cand(heading_unit, heading_unit.text)
                self._own(c, owner, pending, waiting)
                heading_unit = None
                self._assignment(u, waiting)
                continue
            if u.kind in ("bullet", "plain"):
                heading_unit = None
                if u.kind == "plain" and len(text.split()) < 4:
                    continue
                if _skip_item(text):
                    continue
                m_content = _rx("content_label").match(cf)
                if m_content:
                    text = text[m_content.end():]
                if u.kind == "bullet" and last_numbered is not None:
                    # a numbered item with bullets under it heads them ('1. Rà soát, kiện toàn …' + '- …' +
                    # 'Đơn vị chủ trì: …'): the bullets are the tasks, not the heading as well
                    self._drop_heading(last_numbered, waiting, pending)
                    last_numbered = None
                parts = self._split_timed(text) if owner is not None else []
                if len(parts) > 1:
                    # a bullet of sentences each with its own deadline: one task per sentence ("bullet-2a", …)
                    first = new_cand(u, parts[0][1])
                    base_id = first.id
                    for j, (raw, sent) in enumerate(parts):
                        c = first if j == 0 else _Cand(key=f"{first.key}{chr(97 + j)}", section=first.section,
                                                       letter=None, text=sent, group=first.group,
                                                       blocks=list(u.blocks))
                        if j > 0:
                            self.cands.append(c)
                        c.id = f"{base_id}{chr(97 + j)}"
                        c.deadline_raw = raw or _inline_time(sent)
                        self._own(c, owner, pending, waiting)
                    continue
                c = new_cand(u, text)
                c.deadline_raw = _trailing_time(text)[0] or (_inline_time(text) if owner is not None else None)
                self._own(c, owner, pending, waiting)

    def _drop_heading(self, c: _Cand, waiting: list[_Cand], pending: list[_Cand]) -> None:
        """A candidate that turned out to head the bullets after it is no task."""
        for lst in (waiting, pending, self.cands, self.out):
            if c in lst:
                lst.remove(c)
        for k in [k for k, v in self.by_ref.items() if v is c]:
            del self.by_ref[k]

    def _itemlike(self, u: Unit) -> bool:
        t = u.text
        if t.endswith(":") and u.kind == "letter":
            return True
        return len(t.split()) > 25 or bool(re.search(r"[.;]$", t)) or (u.kind == "letter" and len(t.split()) > 15)

    def _own(self, c: _Cand, owner: tuple[list[str], list[str], int] | None,
             pending: list[_Cand], waiting: list[_Cand]) -> None:
        if owner is not None:
            c.lead, c.support, c.owned = list(owner[0]), list(owner[1]), True
            pending.append(c)
            self.out.append(c)
            return
        # a bullet naming its own owner with "chủ trì"
        subj, rest = _subject(c.text)
        if subj and re.match(r"(?i)^chủ trì\b", rest) and not self._restates_appendix(c.text):
            c.lead, c.support, c.owned, c.inline_lead = split_owners(subj), _support_of(rest), True, True
            self.out.append(c)
            return
        if getattr(self, "_closed", False):
            # the previous items got their assignment lines: the next lines are for the items from here on
            waiting.clear()
            self._closed = False
        waiting.append(c)

    def _assignment(self, u: Unit, waiting: list[_Cand]) -> bool:
        """'a) Thời gian thực hiện: …' / 'b) Đơn vị thực hiện: …' lines for the waiting items."""
        parts = re.split(_data()["assignment_line"]["split"]["pattern"], u.text, flags=re.IGNORECASE)
        if len(parts) > 1:
            done = [self._assignment(Unit(kind=u.kind, num=u.num, text=p.strip(), blocks=u.blocks, level=u.level),
                                     waiting) for p in parts]
            return any(done)
        cf = _cf(u.text)
        for fld in ("lead", "support", "deadline", "deliverable"):
            m = _rx("assignment_line", fld).match(cf)
            if not m:
                continue
            self._closed = True
            value = u.text[m.start("value"):].strip()
            if fld == "deliverable":
                for c in waiting:
                    c.deliverable = c.deliverable or value.rstrip(" .") or None
                return True
            if _rx("assignment_line", "see_appendix").search(_cf(value)):
                return True
            if fld == "deadline":
                raw = _clean_raw(value)
                for c in waiting:
                    c.deadline_raw = c.deadline_raw or raw
            elif value:
                self._assign_owner_text(value, waiting, fld)
            else:
                self._expect_owner = (waiting, fld)
            return True
        exp = getattr(self, "_expect_owner", None)
        if exp is not None and u.kind == "plain":
            self._closed = True
            self._assign_owner_text(u.text, exp[0], exp[1])
            self._expect_owner = None
            return True
        return False

    def _assign_owner_text(self, value: str, waiting: list[_Cand], fld: str) -> None:
        subj, rest = _subject(value)
        if subj and fld == "lead":
            lead, support = split_owners(subj), _support_of(rest)
            m = re.match(r"(?i)^chủ trì\s*[;,]\s*(.+?)\s+phối hợp\b", rest)
            if m and not support:
                support = split_owners(m.group(1))
        else:
            value = re.sub(r"\s+(?:tổ chức\s+)?thực hiện\.?$", "", value.strip(" ."))
            lead, support = (split_owners(value), []) if fld == "lead" else ([], split_owners(value))
        for c in waiting:
            if fld == "lead":
                c.lead, c.support = lead, support or c.support
            else:
                c.support = support or lead
            if not c.owned and c.lead:
                c.owned = True
                self.out.append(c)

    def _restates_appendix(self, text: str) -> bool:
        if not self.table_texts:
            return False
        from difflib import SequenceMatcher
        cf = _cf(text)
        return any(SequenceMatcher(None, cf, t, autojunk=False).ratio() > 0.75 for t in self.table_texts)

    # ------------------------------------------------------------ the "Tổ chức thực hiện" section
    def implementation_section(self, roman: str, title: str, units: list[Unit]) -> None:
        group_default = f"{roman}. {title}"
        ctx: list[str] | None = None
        ctx_head: str | None = None
        ctx_num = ""
        counts: dict[str, int] = {}
        only_para = False
        ctx_support: list[str] = []
        self._impl_pending: list[_Cand] = []  # items a following "Thời gian: …" line applies to
        for ui, u in enumerate(units):
            text = u.text
            if u.kind == "plain" and _is_deadline_line(text) and self._impl_pending:
                # "Thời gian: Quý I/2026." after items: their deadline, never a task itself
                raw = _deadline_line_raw(text)
                for c in self._impl_pending:
                    if c.deadline_raw is None:
                        c.deadline_raw = raw
                self._impl_pending = []
                continue
            if _skip_item(text):
                continue
            if u.kind in ("arabic", "multi") and u.level <= 3:
                ctx, ctx_head, ctx_num, counts = None, None, u.num, {}
                ctx_support = []
                self._impl_pending = []
                nxt = units[ui + 1] if ui + 1 < len(units) else None
                has_children = nxt is not None and nxt.kind in ("bullet", "plain", "letter")
                head, colon, body = self._split_head(text, has_children)
                if head is not None and not body:
                    ctx, ctx_head = split_owners(head), u.full
                    if text.endswith(":"):
                        # "X chủ trì, phối hợp với Y thực hiện:" — the header's support goes to its items
                        ctx_support = _support_of(_subject(re.sub(r"^(?:Đề nghị|Giao)\s+", "", text))[1])
                    kids = []
                    for x in units[ui + 1:]:
                        if x.kind not in ("bullet", "plain", "letter"):
                            break
                        kids.append(x.kind)
                    # one paragraph under an organisation heading is that item itself ("IV.2"); bullets are
                    # "IV.2/bullet-1", lettered items "IV.2/a", several paragraphs "IV.2/para-1"
                    only_para = kids == ["plain"]
                    continue
                if head is not None and body:
                    self._impl_item(f"{roman}.{u.num}", u.full, split_owners(head), body, u.blocks,
                                    group=u.full)
                    continue
                self._impl_sentences(f"{roman}.{u.num}", text, u.blocks, group_default)
                continue
            if u.kind in ("bullet", "plain", "letter"):
                if ctx is None:
                    if u.kind == "plain" and text[:1].isupper() and not _starts_with_org(text):
                        continue
                    if u.kind != "plain" or ctx_num:
                        counts[u.kind] = counts.get(u.kind, 0) + 1
                        base = f"{roman}.{ctx_num}" if ctx_num else roman
                        sfx = u.num if u.kind == "letter" else f"{'bullet' if u.kind == 'bullet' else 'para'}-{counts[u.kind]}"
                        self._impl_sentences(f"{base}/{sfx}", text, u.blocks, group_default)
                    continue
                counts[u.kind] = counts.get(u.kind, 0) + 1
                if u.kind == "letter":
                    tid = f"{roman}.{ctx_num}/{u.num}"
                elif u.kind == "plain" and only_para:
                    tid = f"{roman}.{ctx_num}"
                else:
                    tid = f"{roman}.{ctx_num}/{'bullet' if u.kind == 'bullet' else 'para'}-{counts[u.kind]}"
                self._impl_item(tid, ctx_head or group_default, ctx, text, u.blocks, group=ctx_head,
                                support=ctx_support)

    def _split_head(self, text: str, has_children: bool = False) -> tuple[str | None, bool, str]:
        """'Sở Nội vụ: chủ trì …' -> ('Sở Nội vụ', True, 'chủ trì …'); 'Sở Nội vụ' -> ('Sở Nội vụ', False, '')."""
        m = re.match(r"^([^:]{3,200}?)\s*:\s*(.*)$", text)
        if m and _starts_with_org(m.group(1)) and not _subject_end().search(m.group(1)):
            if ", ngành" in m.group(1) or re.match(r"(?i)^các\s+(?:sở|bộ|ban)\b[^:]*$", m.group(1)):
                # "Các Sở, ngành: Giáo dục …; Y tế" — a colon list of owners, the whole line is the head
                if not re.search(r"[.]\s*$", m.group(2)) and len(m.group(2).split()) < 30:
                    return re.sub(r"^(?:Đề nghị|Giao)\s+", "", text), False, ""
            return re.sub(r"^(?:Đề nghị|Giao)\s+", "", m.group(1)), True, m.group(2)
        if (_starts_with_org(text) and not re.search(r"[.;]$", text) and len(text.split()) <= (60 if has_children else 40)
                and (has_children or not _subject_end().search(re.sub(r"^(?:Đề nghị|Giao)\s+", "", text)))):
            head = re.sub(r"^(?:Đề nghị|Giao)\s+", "", text)
            if has_children and text.endswith(":"):
                # "Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo:" — the owner ends at its first verb
                subj, _rest = _subject(head)
                head = subj or head
            return head, False, ""
        return None, False, ""

    def _impl_item(self, tid: str, head: str, lead: list[str], text: str, blocks: list[Block],
                   group: str | None, support: list[str] | None = None) -> None:
        if self._cross_refs(lead, text):
            return
        parts = self._split_timed(text)
        for i, (raw, sent) in enumerate(parts, start=1):
            sup = _support_of(sent)
            sup += [x for x in (support or []) if x not in sup]
            c = _Cand(key=tid, section="", letter=None, text=sent, group=group, blocks=list(blocks),
                      lead=list(lead), support=sup, deadline_raw=raw or _inline_time(sent), owned=True,
                      id=tid if len(parts) == 1 else f"{tid}/sentence-{i}")
            self.out.append(c)
            self._impl_pending.append(c)

    def _split_timed(self, text: str) -> list[tuple[str | None, str]]:
        """Split off sentences that carry their own leading deadline; peel a trailing '(hoàn thành …)'."""
        sents = _sentences(text)
        out: list[tuple[str | None, str]] = []
        for s in sents:
            if out and _is_deadline_line(s):
                # "… tăng cường giám sát. Thực hiện hằng năm." — the closing sentence is the item's deadline
                out[-1] = (out[-1][0] or _deadline_line_raw(s), f"{out[-1][1]} {s}")
                continue
            raw, _rest = _leading_time(s)
            if raw is None:
                raw2, s2 = _trailing_time(s)
                if raw2 is not None:
                    s, raw = s2, raw2
            if out and raw is None and out[-1][0] is None and not _own_timed(out[-1][1], s):
                out[-1] = (None, f"{out[-1][1]} {s}")
            else:
                out.append((raw, s))
        return out

    def _impl_sentences(self, tid: str, text: str, blocks: list[Block], group: str) -> None:
        """A numbered item whose sentences name their own subjects."""
        chunks: list[tuple[str | None, str, str | None]] = []  # deadline, sentence, subject
        for s in _sentences(text):
            if chunks and _is_deadline_line(s):
                d, t, sj = chunks[-1]
                chunks[-1] = (d or _deadline_line_raw(s), f"{t} {s}", sj)
                continue
            raw, rest = _leading_time(s)
            subj, _r = _subject(rest)
            if raw is None:
                raw2, s2 = _trailing_time(s)
                if raw2 is not None:
                    s, raw = s2, raw2
            if chunks and subj is None and not (raw is None and _own_timed(chunks[-1][1], s, chunks[-1][0])):
                d, t, sj = chunks[-1]
                chunks[-1] = (d or raw, f"{t} {s}", sj)
            elif chunks and subj is None:
                # a second sentence with its own deadline: a task of its own, led by the same subject (its
                # support is what the sentence itself names)
                chunks.append((raw, s, chunks[-1][2]))
            else:
                chunks.append((raw, s, subj))
        chunks = [c for c in chunks if c[2] is not None]
        for i, (raw, sent, subj) in enumerate(chunks, start=1):
            assert subj is not None
            lead = split_owners(subj)
            if not lead:
                continue
            _lt, rest = _leading_time(sent)
            _s, after = _subject(rest)
            if self._cross_refs(lead, sent):
                continue
            c = _Cand(key=tid, section="", letter=None, text=clean_text(sent), group=group,
                      blocks=list(blocks), lead=lead, support=_support_of(after),
                      deadline_raw=raw or _inline_time(sent), owned=True,
                      id=tid if len(chunks) == 1 else f"{tid}/sentence-{i}")
            self.out.append(c)
            self._impl_pending.append(c)

    def _cross_refs(self, lead: list[str], text: str) -> bool:
        """Resolve 'thực hiện nội dung tại điểm b, d Mục 2.1' onto items; True if the text is only that."""
        cf = _cf(text)
        refs = list(_rx("cross_reference").finditer(cf))
        if not refs:
            return False
        support = _support_of(text)
        for m in refs:
            letters = re.split(r"\s*(?:,|và)\s*", m.group("letters"))
            for letter in letters:
                c = self.by_ref.get((m.group("section"), letter))
                if c is None:
                    self.warnings.append(Warning_(code="body.unresolved_reference",
                                                  message=f"no item 'điểm {letter} Mục {m.group('section')}' "
                                                          f"for {', '.join(lead)}",
                                                  provenance=None))
                    continue
                for x in lead:
                    if x not in c.lead:
                        c.lead.append(x)
                for x in support:
                    if x not in c.support and x not in c.lead:
                        c.support.append(x)
                if not c.owned:
                    c.owned = True
                    self.out.append(c)
        if not _rx("pure_cross_reference").search(cf):
            return False
        # pure only when no other work is named before "thực hiện nội dung tại …"
        at = re.search(r"(?:thực hiện|triển khai)\s+(?:các\s+)?(?:nội dung|nhiệm vụ)\s+(?:tại|nêu tại|ở)\s+điểm", cf)
        prefix = text[:at.start()] if at else text
        other = [m.group(0).strip(" ,") for m in _subject_end().finditer(prefix)]
        return all(v in ("chủ trì", "phối hợp", "thực hiện", "triển khai") for v in other)


def _sections(units: list[Unit]) -> list[tuple[str, str, list[Unit]]]:
    out: list[tuple[str, str, list[Unit]]] = []
    end = _rx("end_of_body")
    for u in units:
        if u.kind in ("plain", "arabic") and end.search(_cf(u.text)):
            break
        if out and u.kind == "plain" and _rx("end_of_articles").search(_cf(u.text)):
            break
        if u.kind == "roman":
            out.append((u.num, u.text, []))
        elif out:
            out[-1][2].append(u)
    return out


def _is_label(cf: str) -> bool:
    """An owner / support / time label line ('Cơ quan chủ trì: …', 'Thời gian thực hiện: …')."""
    return any(_rx("assignment_line", f).match(cf) for f in ("lead", "support", "deadline"))


def _opens_like_a_row(text: str, table_texts: list[str], n: int = 60) -> bool:
    """A body item whose first words are an appendix row's first words (at least n characters) restates it."""
    cf = _cf(text)
    return len(cf) >= n and any(len(t) >= n and t[:n] == cf[:n] for t in table_texts)


def extract_body_tasks(ir: DocumentIR, header: DocumentHeader | None,
                       table_tasks: list[Task]) -> tuple[list[Task], list[Warning_]]:
    units = _units(ir)
    w = _Walker(ir, table_tasks)
    for roman, title, us in _sections(units):
        kind = _section_kind(f"{roman}. {title}")
        if kind == "tasks":
            w.tasks_section(roman, title, us)
        elif kind == "implementation":
            w.implementation_section(roman, title, us)
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    order = {id(c): i for i, c in enumerate(w.cands)}
    cands = sorted(w.out, key=lambda c: (c.blocks[0].line_start or 0, order.get(id(c), 0)))
    for c in cands:
        if not c.lead and c.deadline_raw is None:
            continue
        if w.has_appendix and (w._restates_appendix(c.text) or _opens_like_a_row(c.text, w.table_texts)):
            continue  # the body restating an appendix row: the appendix row is the task
        tid = c.id
        if tid in seen:
            seen[tid] += 1
            tid = f"{tid}#{seen[tid]}"
        else:
            seen[tid] = 1
        raw = c.deadline_raw
        tasks.append(Task(id=tid, source="body", group=c.group, text=clean_text(c.text), lead=c.lead,
                          support=[s for s in c.support if s not in c.lead], deadline_raw=raw,
                          deliverable=c.deliverable,
                          deadline=_parse_deadline(raw), lead_generic=[is_generic(x) for x in c.lead],
                          confidence=0.8, provenance=_prov(ir, c.blocks)))
    return tasks, w.warnings
