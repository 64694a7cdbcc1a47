"""Provinces and centrally-run cities: printed place -> jurisdiction name.

`canonical_place(printed) -> str | None` and `match_place(text, pos) -> PlaceMatch | None` read the vocabulary
in data/issuers.json "places": the 34 units after the 2025 merger, the 63 before it, other spellings.

Guarantees:
- A jurisdiction is the bare name as the vocabulary spells it ("Hồ Chí Minh", "Thanh Hóa", "Bà Rịa - Vũng Tàu");
  "TP. Hà Nội", "Thủ đô Hà Nội", "TP.HCM", "tỉnh Thanh Hoá", "THÀNH PHỐ HỒ CHÍ MINH" resolve to it.
- Comparison is in `normalize.compare_form` (case, tone placement, dashes); display text is never altered.
- Only known names match: an unknown place gives None (callers keep their own fallbacks).
- `match_place` needs the printed name to start with a capital letter (a lower-case word after "tỉnh" is
  not a place: "Ủy ban nhân dân tỉnh ban hành").
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.normalize import clean_text, compare_form

DATA = Path(__file__).parent / "data" / "issuers.json"
_I = re.IGNORECASE


@dataclass(frozen=True)
class Place:
    name: str
    level: str  # "tỉnh" | "thành phố"
    current: bool  # one of the 34 units after the 2025 merger
    merged_into: str | None = None  # for a pre-merger unit: the unit it is part of since 2025


@dataclass(frozen=True)
class PlaceMatch:
    name: str  # the jurisdiction name
    start: int
    end: int
    printed: str


@dataclass(frozen=True)
class _Vocab:
    places: dict[str, Place]  # name -> place
    forms: dict[str, str]  # compare_form(printed form without prefix) -> name
    prefix: re.Pattern[str]
    pattern: re.Pattern[str]  # optional prefix + any known form, at a position


def _flex(form: str) -> str:
    """A regex for one printed form: any white space between words, any dash, hyphen with or without spaces."""
    parts = []
    for tok in re.split(r"(\s+|[-\u2010-\u2015])", form):
        if not tok:
            continue
        if tok.isspace():
            parts.append(r"\s+")
        elif re.fullmatch(r"[-\u2010-\u2015]", tok):
            parts.append(r"\s*[-\u2010-\u2015]\s*")
        else:
            parts.append(re.escape(tok))
    return "".join(parts)


@lru_cache(maxsize=1)
def vocabulary() -> _Vocab:
    d = json.loads(DATA.read_text(encoding="utf-8"))["places"]
    places: dict[str, Place] = {}
    for p in d["after_2025"]:
        places[p["name"]] = Place(p["name"], p["level"], True)
        for m in p["merged_from"]:
            places.setdefault(m, Place(m, "tỉnh", False, p["name"]))
    for p in d["before_2025"]:
        if p["name"] not in places:
            places[p["name"]] = Place(p["name"], p["level"], False, None)
        elif not places[p["name"]].current:
            old = places[p["name"]]
            places[p["name"]] = Place(old.name, p["level"], False, old.merged_into)
    forms: dict[str, str] = {compare_form(n): n for n in places}
    for name, spellings in d["spellings"].items():
        if name.startswith("_"):
            continue
        for s in spellings:
            forms[compare_form(s)] = name
    printed = sorted({*places, *(s for k, v in d["spellings"].items() if not k.startswith("_") for s in v)},
                     key=len, reverse=True)
    # tone placement differs between printings ("Thanh Hoá" / "Thanh Hóa"): match both by listing the NFC
    # old-style variants too (compare_form maps them back to one name)
    alts = "|".join(_flex(f) for f in printed)
    old_style = "|".join(_flex(v) for v in sorted({_old_style(f) for f in printed} - set(printed), key=len,
                                                      reverse=True))
    body = alts + ("|" + old_style if old_style else "")
    prefix_rx = d["prefix_regex"]["regex"].lstrip("^")
    pattern = re.compile(r"(?:" + prefix_rx + r")?(?P<name>" + body + r")(?![\w])", _I)
    return _Vocab(places=places, forms=forms, prefix=re.compile(d["prefix_regex"]["regex"], _I), pattern=pattern)


_NEW_TO_OLD = {"óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "óe": "oé", "òe": "oè", "ỏe": "oẻ",
               "õe": "oẽ", "ọe": "oẹ", "úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}


def _old_style(s: str) -> str:
    """The old tone placement of a name ("Thanh Hóa" -> "Thanh Hoá") where the rhyme ends the word."""
    out = s
    for new, old in _NEW_TO_OLD.items():
        out = re.sub(new + r"(?![\w])", old, out)
    return out


def canonical_place(printed: str | None) -> str | None:
    """The jurisdiction a printed place names ("TP. Hà Nội" -> "Hà Nội"), None when it is not a known one."""
    if not printed:
        return None
    v = vocabulary()
    s = clean_text(printed).strip(" ,.;:()*_")
    s = v.prefix.sub("", s, count=1)
    return v.forms.get(compare_form(s))


def match_place(text: str, pos: int = 0) -> PlaceMatch | None:
    """A known place printed at text[pos:] (after optional white space and an optional level word)."""
    v = vocabulary()
    m = _WS.match(text, pos)
    at = m.end() if m else pos
    pm = v.pattern.match(text, at)
    if pm is None:
        return None
    if not pm.group("name")[:1].isupper():
        return None
    name = v.forms.get(compare_form(pm.group("name")))
    if name is None:
        return None
    return PlaceMatch(name, at, pm.end(), text[at:pm.end()])


_LEVEL_WORD = re.compile(r"(?<![\w])(?:thành\s+phố|thủ\s+đô|tỉnh|tp\.?)\s*", _I)
_WS = re.compile(r"\s*")


def find_places(text: str) -> list[PlaceMatch]:
    """Known places named after a level word ("tỉnh Hưng Yên", "thành phố Hải Phòng", "TP. Đà Nẵng"), in order."""
    out: list[PlaceMatch] = []
    for m in _LEVEL_WORD.finditer(text):
        pm = match_place(text, m.start())
        if pm is not None and pm.end > m.end():
            out.append(pm)
    return out


def place_info(name: str) -> Place | None:
    return vocabulary().places.get(name)
