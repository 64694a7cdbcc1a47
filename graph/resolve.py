"""Entity resolution: canonical Instrument keys, Organization identity, undated citations.

Guarantees:
- `instrument_key(symbol, date)` is `SYMBOL@YYYY-MM-DD` when the date is known, else `SYMBOL`; the symbol is
  NFC, without white space, with one dash form. Two instruments that share a symbol but not a date are two keys.
- A citation without a date (an undated Instrument node) gets a `RESOLVES_TO` edge to the one dated
  instrument with its symbol when exactly one is known; with two or more it is flagged `ambiguous` and
  nothing is merged (`plangraph query ambiguous` lists it). `resolve_citations` recomputes this for the
  symbols it is given by diffing, so an unchanged graph gets no writes.
- Organizations: id = jurisdiction + normalised name (compare form, abbreviations expanded, aliases and
  level suffixes folded, data file `graph/data/organizations.json`); national bodies get the national
  jurisdiction; generic groups ("Các sở, ban, ngành") are flagged.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from extractors.normalize import clean_text, compare_form
from graph.store import Store

DATA = Path(__file__).parent / "data" / "organizations.json"

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^(\d+)")


def canonical_symbol(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _DASHES.sub("-", s)
    return re.sub(r"\s+", "", s)


def split_key(key: str) -> tuple[str, str | None]:
    """`45-NQ/TW@2023-11-24` -> (`45-NQ/TW`, `2023-11-24`); `45-NQ/TW` -> (`45-NQ/TW`, None)."""
    sym, sep, date = key.partition("@")
    date = date.strip()
    return canonical_symbol(sym), (date if sep and _ISO.match(date) else None)


def instrument_key(symbol: str, date: str | None) -> str:
    sym = canonical_symbol(symbol)
    return f"{sym}@{date}" if date and _ISO.match(date) else sym


def symbol_number(symbol: str) -> str | None:
    m = _NUMBER.match(symbol)
    return m.group(1) if m else None


# ---------------------------------------------------------------- organizations

@dataclass(frozen=True)
class OrgRef:
    id: str
    name: str
    name_cf: str
    jurisdiction: str
    generic: bool


@dataclass(frozen=True)
class _Rules:
    abbreviations: tuple[tuple[re.Pattern[str], str], ...]
    aliases: dict[str, str]  # compare form of alias -> canonical display name
    national_prefixes: tuple[str, ...]
    national_excludes: tuple[str, ...]
    national_jurisdiction: str
    generic: tuple[re.Pattern[str], ...]
    level_heads: tuple[str, ...]
    levels: tuple[str, ...]
    jurisdiction_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    d = json.loads(DATA.read_text(encoding="utf-8"))
    abbr = tuple(
        (re.compile(r"(?<![\wĐđ/-])" + re.escape(a["short"]) + r"(?![\wĐđ/-])"), a["long"])
        for a in sorted(d["abbreviations"], key=lambda a: -len(a["short"]))
    )
    aliases: dict[str, str] = {}
    for entry in d["aliases"]:
        for name in [entry["canonical"], *entry["aliases"]]:
            aliases[compare_form(name)] = entry["canonical"]
    nat = d["national"]
    lvl = d["local_level_suffixes"]
    return _Rules(
        abbreviations=abbr,
        aliases=aliases,
        national_prefixes=tuple(nat["prefixes"]),
        national_excludes=tuple(nat["exclude_prefixes"]),
        national_jurisdiction=nat["jurisdiction"],
        generic=tuple(re.compile(p) for p in d["generic"]["patterns"]),
        level_heads=tuple(lvl["heads"]),
        levels=tuple(lvl["levels"]),
        jurisdiction_prefixes=tuple(d["jurisdiction_prefixes"]),
    )


def expand_abbreviations(name: str) -> str:
    s = clean_text(name)
    for pat, long in rules().abbreviations:
        s = pat.sub(long, s)
    return s


def jurisdiction_form(j: str | None) -> str:
    """Compare form of a jurisdiction without its level word: 'Thành phố Hải Phòng' -> 'hải phòng'."""
    if not j:
        return ""
    s = compare_form(expand_abbreviations(j))
    for p in rules().jurisdiction_prefixes:
        if s.startswith(p):
            s = s[len(p):]
            break
    return s


def is_national(name: str) -> bool:
    cf = compare_form(expand_abbreviations(name))
    r = rules()
    return cf.startswith(r.national_prefixes) and not cf.startswith(r.national_excludes)


def is_generic(name: str) -> bool:
    cf = compare_form(expand_abbreviations(name))
    return any(p.search(cf) for p in rules().generic)


def org_name_form(name: str, jurisdiction: str | None) -> str:
    """The normalised name an Organization is keyed by, inside its jurisdiction."""
    r = rules()
    display = expand_abbreviations(name)
    cf = compare_form(display)
    cf = compare_form(r.aliases.get(cf, display))
    jf = jurisdiction_form(jurisdiction)
    if jf:
        for level in ("", *(lv + " " for lv in r.levels)):
            suffix = " " + level + jf
            if cf.endswith(suffix) and len(cf) > len(suffix):
                cf = cf[: -len(suffix)]
                break
    if cf.startswith(r.level_heads):
        for level in r.levels:
            if cf.endswith(" " + level):
                cf = cf[: -len(level) - 1]
                break
    return compare_form(r.aliases.get(cf, cf))


def resolve_org(name: str, jurisdiction: str | None, generic: bool | None = None) -> OrgRef:
    """Identity of an owner/source body named in a plan of `jurisdiction`."""
    r = rules()
    display = expand_abbreviations(name)
    display = r.aliases.get(compare_form(display), display)
    juris = r.national_jurisdiction if is_national(display) else (jurisdiction or "")
    jf = jurisdiction_form(juris)
    cf = org_name_form(display, juris)
    gen = is_generic(display) if generic is None else (generic or is_generic(display))
    return OrgRef(id=f"{jf}|{cf}", name=display, name_cf=cf, jurisdiction=juris, generic=gen)


# ---------------------------------------------------------------- undated citations

def resolve_citations(store: Store, symbols: Iterable[str]) -> dict[str, int]:
    """Recompute RESOLVES_TO edges and `ambiguous` flags for undated instruments with these symbols.

    Writes only the differences. Returns counts of edges created/deleted and flags changed.
    """
    syms = sorted({canonical_symbol(s) for s in symbols})
    stats = {"resolved_created": 0, "resolved_deleted": 0, "ambiguous_changed": 0}
    if not syms:
        return stats
    rows = store.run("instruments_by_symbols", {"symbols": syms})
    dated: dict[str, list[str]] = {}
    undated: dict[str, tuple[str, bool]] = {}
    for r in rows:
        if r["dated"]:
            dated.setdefault(r["symbol"], []).append(r["key"])
        else:
            undated[r["key"]] = (r["symbol"], bool(r["ambiguous"]))
    existing = {(r["from_key"], r["to_key"]) for r in store.run("resolutions_by_symbols", {"symbols": syms})}
    want: set[tuple[str, str]] = set()
    flags: list[dict[str, object]] = []
    for key, (sym, was_ambiguous) in undated.items():
        cands = dated.get(sym, [])
        if len(cands) == 1:
            want.add((key, cands[0]))
        ambiguous = len(cands) > 1
        if ambiguous != was_ambiguous:
            flags.append({"key": key, "ambiguous": ambiguous})
    create = [{"from": a, "to": b} for a, b in sorted(want - existing)]
    delete = [{"from": a, "to": b} for a, b in sorted(existing - want)]
    if delete:
        store.run("delete_resolutions", {"rows": delete})
    if create:
        store.run("create_resolutions", {"rows": create})
    if flags:
        store.run("set_ambiguous", {"rows": flags})
    stats.update(resolved_created=len(create), resolved_deleted=len(delete), ambiguous_changed=len(flags))
    return stats
