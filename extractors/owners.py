"""Owner lists -> canonical organisation names.

`split_owners(text)` turns a "chủ trì" / "phối hợp" cell or clause into a list of owner names:
- abbreviations expanded (UBND -> Ủy ban nhân dân, KH&CN -> Khoa học và Công nghệ, …) except inside
  instrument symbols ("16/KH-UBND" stays);
- obvious omissions repaired ("Sở Khoa học Công nghệ" -> "Sở Khoa học và Công nghệ");
- split on ";" always, and on "," / " và " only where the next piece starts a new organisation
  (a capitalised head word such as "Sở", "Ban", "Ủy ban", or "các …");
- names that contain commas ("Sở Văn hóa, Thể thao và Du lịch") and generic groups
  ("Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường, đặc khu") are kept whole;
- a generic list mixing institution kinds is distributed ("Các Trường Đại học, Cao đẳng" ->
  "Các Trường Đại học", "Các trường Cao đẳng");
- a colon list distributes its head ("Các Sở, ngành: Y tế; Công Thương" -> "Sở Y tế", "Sở Công Thương");
- a parenthesis that starts an organisation is a further owner ("Đảng ủy Ủy ban nhân dân tỉnh (Sở Nông nghiệp
  và Môi trường)" -> both); any other parenthesis (scope "(đối với …)", channel "(qua …)", role "(chủ trì)")
  is dropped.

`split_roles(text)` splits one cell or clause that names both roles ("Sở Y tế chủ trì; Sở Tài chính, UBND …
phối hợp", "Chủ trì: A; phối hợp: B", "A chủ trì, phối hợp với B", "A (chủ trì), B") into (lead, support) with
the role words removed; None when the text carries no role word.

`is_generic(name)` says whether an owner is a generic group rather than one named body.
All vocabularies live in `extractors/data/agencies.json`.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.normalize import clean_text, compare_form

_DATA = Path(__file__).parent / "data" / "agencies.json"
_COMMA = "\u241f"  # placeholder for a protected ","
_AND = "\u241e"  # placeholder for a protected " và "
_SEMI = "\u241d"  # placeholder for a protected ";"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _abbrev() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(e["pattern"]), e["expansion"]) for e in _data()["abbreviations"]]


@lru_cache(maxsize=1)
def _repairs() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(e["pattern"], re.IGNORECASE), e["replacement"]) for e in _data()["repairs"]]


@lru_cache(maxsize=1)
def _protected() -> list[re.Pattern[str]]:
    out = []
    for e in _data()["protected_names"]["patterns"]:
        pat = e["pattern"] if e.get("is_regex") else re.escape(e["pattern"])
        out.append(re.compile(pat, re.IGNORECASE))
    return out


@lru_cache(maxsize=1)
def _heads() -> re.Pattern[str]:
    heads = sorted(_data()["org_heads"]["heads"], key=len, reverse=True)
    # a head word followed by at least one more word
    return re.compile(r"^(?:" + "|".join(re.escape(h) for h in heads) + r")\s+\S")


@lru_cache(maxsize=1)
def _locality() -> re.Pattern[str]:
    words = sorted(_data()["locality_kinds"]["words"], key=len, reverse=True)
    return re.compile(r"^các\s+(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _breakers() -> re.Pattern[str]:
    words = sorted(_data()["generic_list"]["breakers"], key=len, reverse=True)
    return re.compile(r"^(" + "|".join(re.escape(w) for w in words) + r")(?:\s+(\S+))?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _party_kind() -> re.Pattern[str]:
    words = sorted({compare_form(w) for w in _data()["party_kinds"]["words"]}, key=len, reverse=True)
    return re.compile(r"^(?:các\s+)?(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _is_party_kind(seg: str) -> bool:
    """'cấp ủy', 'tổ chức đảng', 'các tổ chức đảng …' (lower case: a kind, not a named body)."""
    return seg[:1].islower() and bool(_party_kind().match(compare_form(seg)))


@lru_cache(maxsize=1)
def _generic() -> list[re.Pattern[str]]:
    return [re.compile(e["pattern"]) for e in _data()["generic"]["patterns"]]


@lru_cache(maxsize=1)
def _prefix_strip() -> list[re.Pattern[str]]:
    return [re.compile(e["pattern"], re.IGNORECASE) for e in _data()["prefix_strip"]["patterns"]]


@lru_cache(maxsize=1)
def predicate_start() -> re.Pattern[str]:
    """Where an organisation name ends and its verb phrase begins (data: predicate_words): a lower-case verb
    or role word not preceded by 'các' nor by a word that makes it part of a name ('Giáo dục thường xuyên')."""
    d = _data()["predicate_words"]
    words = sorted(d["words"], key=len, reverse=True)
    nouns = sorted(d["not_before"]["words"], key=len, reverse=True)
    after = "".join(f"(?<!{re.escape(w)})" for w in d["not_after"]["words"])
    return re.compile(r"(?<!các)(?<!Các)" + after + r"(?:,\s*|\s+)(?!(?:" + "|".join(re.escape(n) for n in nouns)
                      + r")\b)(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def cut_predicate(text: str) -> str:
    """An owner name without the verb phrase it runs on into ('Ủy ban Kiểm tra Tỉnh ủy đưa nội dung' ->
    'Ủy ban Kiểm tra Tỉnh ủy'); text that does not start an organisation is returned as it is."""
    m = predicate_start().search(text)
    if m is None or m.start() == 0:
        return text
    head = text[:m.start()].rstrip(" ,")
    return head if (_heads().match(head) or re.match(r"(?i)^các\s+\S", head)) else text


def expand_abbreviations(text: str) -> str:
    """Expand UBND, KH&CN, … — but never inside an instrument symbol such as "16/KH-UBND"."""
    for pat, exp in _abbrev():
        def repl(m: re.Match[str], exp: str = exp) -> str:
            before = m.string[max(0, m.start() - 1):m.start()]
            return m.group(0) if before in ("-", "/") else exp
        text = pat.sub(repl, text)
    return text


def repair_name(text: str) -> str:
    for pat, rep in _repairs():
        text = pat.sub(rep, text)
    return text


def _protect(text: str) -> str:
    for pat in _protected():
        text = pat.sub(lambda m: m.group(0).replace(",", _COMMA).replace(" và ", _AND)
                       .replace(";", _SEMI), text)
    return text


def protected_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every name in text that contains ',' / ' và ' but names one body ('Sở Văn hóa, Thể
    thao và Du lịch'): other extractors use it not to cut such a name at its first comma."""
    return sorted((m.start(), m.end()) for pat in _protected() for m in pat.finditer(text))


def _unprotect(text: str) -> str:
    return text.replace(_COMMA, ",").replace(_AND, " và ").replace(_SEMI, ";")


def _starts_org(seg: str) -> bool:
    if re.match(r"^các\s", seg, re.IGNORECASE):
        return not _locality().match(seg)
    return bool(_heads().match(seg))


def _is_kind_segment(seg: str) -> str | None:
    """If `seg` names an institution kind (not a proper name), return the text to put after "Các "."""
    m = _breakers().match(seg)
    if not m:
        return None
    nxt = m.group(2)
    if nxt is not None and nxt[:1].isupper():
        return None  # "Trường Đại học Hàng hải …" is a proper name
    kind = m.group(1).lower()
    head = _data()["generic_list"]["bare_kind_heads"].get(kind)
    if head:
        # the head noun is shared: "các trường đại học, cao đẳng trên địa bàn tỉnh" -> "trường cao đẳng …"
        return f"{head} {seg}"
    return seg


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def _finish(name: str) -> str:
    name = _unprotect(name).strip(" ,;.:-–")
    for pat in _prefix_strip():
        name = pat.sub("", name)
    name = clean_text(name)
    alias = _data()["aliases"]["map"].get(compare_form(name))
    if alias:
        return alias
    return _capitalise(name)


def _split_chunk(chunk: str) -> list[str]:
    # pieces with their separators: "A, B và C" -> [("", "A"), (",", "B"), ("và", "C")]
    parts = re.split(r"(,|\s+và\s+)", chunk)
    items: list[str] = []
    generic_ctx = False
    cur = ""
    seps = [""] + parts[1::2]
    party_ctx = False
    for sep, seg in zip(seps, parts[0::2]):
        seg = seg.strip()
        if not seg:
            continue
        if not cur:
            cur = seg
            generic_ctx = bool(re.match(r"^các\s", seg, re.IGNORECASE))
            party_ctx = generic_ctx and _is_party_kind(seg[:1].lower() + seg[1:])
            continue
        if party_ctx and _is_party_kind(seg):
            # "Các cấp ủy, ban cán sự đảng, đảng đoàn, các tổ chức đảng": one generic group of party bodies
            cur = cur + (", " if sep == "," else " và ") + seg
            continue
        kind = _is_kind_segment(seg) if generic_ctx else None
        if kind is not None:
            items.append(cur)
            cur = "Các " + kind
            continue
        if _starts_org(seg):
            items.append(cur)
            cur = seg
            generic_ctx = bool(re.match(r"^các\s", seg, re.IGNORECASE))
            party_ctx = generic_ctx and _is_party_kind(seg[:1].lower() + seg[1:])
            continue
        joiner = ", " if sep == "," else " và "
        cur = cur + joiner + seg
    if cur:
        items.append(cur)
    return _share_qualifier(items)


_QUALIFIER = re.compile(r"\s((?:thành phố|tỉnh|Thành phố|Tỉnh|TP\.?)(?:\s+[A-ZĐÀ-Ỹ]\w*)*)$")


def _share_qualifier(items: list[str]) -> list[str]:
    """'Đảng đoàn A, Đảng đoàn B thành phố' -> both 'thành phố': a trailing place qualifier is shared by the
    items of the run that have the same head words as the last one."""
    if len(items) < 2:
        return items
    m = _QUALIFIER.search(items[-1])
    if not m:
        return items
    head = items[-1].split()[:2]
    out = []
    for it in items[:-1]:
        if it.split()[:2] == head and not _QUALIFIER.search(it):
            it = f"{it} {m.group(1)}"
        out.append(it)
    return out + [items[-1]]


def _colon_list(text: str) -> list[str] | None:
    m = re.match(_data()["colon_lists"]["pattern"], text)
    if not m:
        return None
    head, rest = m.group(1), m.group(2)
    rest_p = _protect(rest)
    pieces = rest_p.split(";") if ";" in rest_p else rest_p.split(",")
    out = []
    for p in pieces:
        p = _unprotect(p).strip(" .;")
        if not p:
            continue
        out.append(p if _heads().match(p) else f"{head} {p}")
    return out


_REPEAT = re.compile(r"\b((?:\w+\s+){0,3}\w+)\s+\1\b")


def _parentheses(text: str) -> str:
    """'A (B)' -> 'A; B' when B starts an organisation; any other '( … )' is dropped (scope, channel, role)."""
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip(" ,;.")
        if inner and _starts_org(_capitalise(inner) if re.match(r"^các\s", inner) else inner):
            return f"; {inner}"
        return ""
    prev = None
    while prev != text:
        prev = text
        text = re.sub(r"\s*\(([^()]*)\)", repl, text)
    return clean_text(text)


@lru_cache(maxsize=1)
def _role_rx() -> re.Pattern[str]:
    return re.compile(_data()["roles"]["pattern"], re.IGNORECASE)


def role_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, 'lead' | 'support') of every role word in text. A capitalised role word inside a name
    ('Trung tâm Phối hợp …') is not one: capitalised, it must open the text or follow ';', ':', '.', '-', '('."""
    roles = _data()["roles"]
    out: list[tuple[int, int, str]] = []
    for m in _role_rx().finditer(text):
        word = m.group("role")
        if word[:1].isupper():
            before = text[:m.start("role")].rstrip(" (")
            if before and before[-1] not in ";:.-–\n":
                continue
        cf = compare_form(word)
        role = "lead" if cf in {compare_form(w) for w in roles["lead"]} else "support"
        out.append((m.start(), m.end(), role))
    return out


@lru_cache(maxsize=1)
def _role_label() -> re.Pattern[str]:
    return re.compile(_data()["roles"]["label_before"]["pattern"], re.IGNORECASE)


def split_roles(text: str | None) -> tuple[list[str], list[str]] | None:
    """One owner cell/clause naming lead and support with role words -> (lead, support); None without role
    words. A role word after names gives them that role ('Sở Y tế chủ trì'); a role word with nothing
    before it since the last role word (or with ':') gives its role to the names after it ('Chủ trì: A',
    '…, phối hợp với B'). Names left without a role are support once a lead is named, else lead."""
    if not text:
        return None
    text = clean_text(re.sub(r"\s*\n\s*", "; ", text.strip()).replace("**", "").replace("*", ""))
    spans = role_spans(text)
    if not spans:
        return None
    lead: list[str] = []
    support: list[str] = []

    def give(role: str | None, names: str) -> None:
        names = names.strip(" ,;.:-–")
        if not names:
            return
        if role is None:
            role = "support" if lead else "lead"
        (lead if role == "lead" else support).extend(split_owners(names))

    cursor = 0
    pending: str | None = None
    for a, b, role in spans:
        before = text[cursor:a]
        labelled = text[a:b].rstrip().endswith(":")
        # 'Cơ quan chủ trì: X' / 'Đơn vị phối hợp: Y' — the noun is part of the label; 'X là cơ quan chủ trì'
        lab = _role_label().search(before)
        if lab:
            before = before[:lab.start()]
            labelled = labelled or not before.strip(" ,;.:-–")
        if before.strip(" ,;.:-–"):
            if pending is not None:
                give(pending, before)
                pending = role
            else:
                give(role, before)
                pending = role if labelled else None
        else:
            pending = role
        cursor = b
    give(pending, text[cursor:])
    out_lead = list(dict.fromkeys(lead))
    out_support = [x for x in dict.fromkeys(support) if x not in out_lead]
    return out_lead, out_support


def normalise_owner_text(text: str) -> str:
    text = clean_text(text.replace("**", "").replace("*", ""))
    text = _REPEAT.sub(r"\1", text)  # page-break debris: "Công nghệ Công nghệ"
    text = expand_abbreviations(text)
    return repair_name(text)


def split_owners(text: str | None) -> list[str]:
    """A cell / clause naming owners -> canonical owner names, in order, without duplicates."""
    if not text:
        return []
    text = _parentheses(normalise_owner_text(text)).strip(" .;:")
    if not text:
        return []
    colon = _colon_list(text)
    raw: list[str]
    if colon is not None:
        raw = colon
    else:
        raw = []
        for chunk in _protect(text).split(";"):
            chunk = chunk.strip()
            if chunk:
                raw.extend(_split_chunk(chunk))
    out: list[str] = []
    seen: set[str] = set()
    for r in raw:
        name = _finish(cut_predicate(r.strip()))
        key = compare_form(name)
        if name and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def is_generic(name: str) -> bool:
    """True for a generic group ("Các sở, ban, ngành liên quan") rather than one named body."""
    cf = compare_form(name)
    return any(p.search(cf) for p in _generic())
