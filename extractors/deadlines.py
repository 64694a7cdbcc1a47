"""Deadline normalisation: the printed phrase -> `Deadline` (GUIDELINES.md "Deadline normalisation").

`parse_deadline(raw)` is a pure string function. It never raises on any input; text it cannot read
gives kind "none" (the caller keeps `deadline_raw`, so nothing is lost).

Guarantees:
- kind is one of date | month | quarter | year | range | recurring | continuous | conditional | compound | none.
- start/end are ISO dates of real calendar days (an impossible date such as 31/02 is ignored, not guessed).
- recurring wins over continuous and over days without a year ("Thường xuyên, hằng năm" -> P1Y;
  "trước ngày 15/12 hằng năm" -> P1Y, the day stays in deadline_raw). Of two recurrences the shorter wins
  ("định kỳ 6 tháng, hằng năm" -> P6M). A recurring duty keeps the run it names: a range of years gives
  start and end ("Hằng năm, từ năm 2026 đến năm 2030"), "bắt đầu từ năm 2026" gives start only; a due day
  or one period ("Quý III hằng năm") gives no bounds.
- "6 tháng đầu/cuối năm 2026" is a range of that half year.
- a date inside a citation ("theo Quyết định số 1441/QĐ-UBND ngày 25/9/2025") is the cited document's, never
  a due date: citations are masked first; a phrase with nothing else dated is conditional on the cited
  document (`cites_document` lets the caller lower its confidence).
- compound: the phrase splits into several actions each with its own time ("Trình … trong tháng 4 năm 2026;
  triển khai trong giai đoạn 2026 - 2030"); start = earliest phase start, end = latest phase end, or None when
  a phase repeats or continues with no end.

The grammar (period shapes, recurrence / continuity / condition cues) lives in `data/deadlines.json`.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.model import Deadline, Phase
from extractors.normalize import clean_text, tone_normalize

DATA_FILE = Path(__file__).parent / "data" / "deadlines.json"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class _PeriodRule:
    name: str
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _CueRule:
    name: str
    regex: re.Pattern[str]
    recurrence: str | None = None


@dataclass(frozen=True)
class _Grammar:
    periods: tuple[_PeriodRule, ...]
    range_joiner: re.Pattern[str]
    recurring: tuple[_CueRule, ...]
    continuous: tuple[_CueRule, ...]
    conditional: tuple[_CueRule, ...]
    stop_words: tuple[str, ...]
    no_split_after_va: re.Pattern[str]
    citation: re.Pattern[str]


@lru_cache(maxsize=1)
def load_grammar() -> _Grammar:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return _Grammar(
        periods=tuple(_PeriodRule(p["name"], p["kind"], re.compile(p["regex"], _FLAGS)) for p in data["periods"]),
        range_joiner=re.compile(data["range_joiners"]["regex"], _FLAGS),
        recurring=tuple(_CueRule(c["name"], re.compile(c["regex"], _FLAGS), c["recurrence"])
                        for c in data["recurring"]),
        continuous=tuple(_CueRule(c["name"], re.compile(c["regex"], _FLAGS)) for c in data["continuous"]),
        conditional=tuple(_CueRule(c["name"], re.compile(c["regex"], _FLAGS)) for c in data["conditional"]),
        stop_words=tuple(sorted(data["action_stop_words"]["words"], key=len, reverse=True)),
        no_split_after_va=re.compile(data["no_split_after_va"]["regex"], _FLAGS),
        citation=re.compile(data["citation"]["regex"], _FLAGS),
    )


# ---------------------------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class _Period:
    kind: str  # date | month | quarter | year | range | day (lists of quarters/months become ranges)
    start: date | None
    end: date | None
    span: tuple[int, int]
    has_year: bool = True


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _last_day(y: int, m: int) -> date | None:
    if not (1 <= m <= 12) or not (1 <= y <= 9999):
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def _quarter_number(q: str) -> int | None:
    q = q.upper()
    if q in _ROMAN:
        return _ROMAN[q]
    if q.isdigit() and 1 <= int(q) <= 4:
        return int(q)
    return None


def _period_from_match(rule: _PeriodRule, m: re.Match[str]) -> _Period | None:
    g = m.groupdict()
    span = m.span()
    try:
        if rule.kind == "date":
            d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
            return _Period("date", None, d, span) if d else None
        if rule.kind == "month":
            mo = int(g["m"])
            if not 1 <= mo <= 12:
                return None
            if g.get("y"):
                y = int(g["y"])
                return _Period("month", _safe_date(y, mo, 1), _last_day(y, mo), span)
            return _Period("month", None, None, span, has_year=False) if mo else None
        if rule.kind == "quarter":
            q = _quarter_number(g["q"])
            if q is None:
                return None
            if g.get("y"):
                y = int(g["y"])
                return _Period("quarter", _safe_date(y, 3 * q - 2, 1), _last_day(y, 3 * q), span)
            return _Period("quarter", None, None, span, has_year=False)
        if rule.kind == "quarter_list":
            q1, q2 = _quarter_number(g["q"]), _quarter_number(g["q2"])
            if q1 is None or q2 is None or q2 < q1:
                return None
            y = int(g["y"])
            return _Period("range", _safe_date(y, 3 * q1 - 2, 1), _last_day(y, 3 * q2), span)
        if rule.kind == "month_list":
            m1, m2 = int(g["m"]), int(g["m2"])
            if not 1 <= m1 < m2 <= 12:
                return None
            y = int(g["y"])
            return _Period("range", _safe_date(y, m1, 1), _last_day(y, m2), span)
        if rule.kind == "half_year":
            if not g.get("y"):
                return _Period("range", None, None, span, has_year=False)
            y = int(g["y"])
            first = _half(g["h"]) == "first"
            return _Period("range", _safe_date(y, 1 if first else 7, 1), _last_day(y, 6 if first else 12), span)
        if rule.kind == "year":
            y = int(g["y"])
            return _Period("year", _safe_date(y, 1, 1), _safe_date(y, 12, 31), span)
        if rule.kind == "range":
            y1, y2 = int(g["y1"]), int(g["y2"])
            if y2 < y1:
                return None
            return _Period("range", _safe_date(y1, 1, 1), _safe_date(y2, 12, 31), span)
        if rule.kind == "day":
            d, mo = int(g["d"]), int(g["m"])
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            return _Period("day", None, None, span, has_year=False)
    except (ValueError, OverflowError):
        return None
    return None


def _half(word: str) -> str:
    """'đầu' (first) or 'cuối' (last) half of a year."""
    return "first" if word.casefold().startswith("đ") else "last"


def _periods(s: str) -> list[_Period]:
    """All period expressions in `s`, non-overlapping, earlier grammar entries winning, in text order."""
    taken: list[_Period] = []
    for rule in load_grammar().periods:
        for m in rule.regex.finditer(s):
            a, b = m.span()
            if any(a < p.span[1] and p.span[0] < b for p in taken):
                continue
            p = _period_from_match(rule, m)
            if p is not None:
                taken.append(p)
    return sorted(taken, key=lambda p: p.span)


def _join_ranges(s: str, periods: list[_Period]) -> list[_Period]:
    """'Quý IV/2025 - Quý II/2026', 'Tháng 3 - tháng 6/2026' -> one range period."""
    out: list[_Period] = []
    i = 0
    joiner = load_grammar().range_joiner
    while i < len(periods):
        p = periods[i]
        if (i + 1 < len(periods) and p.kind in ("month", "quarter", "date", "year")
                and periods[i + 1].kind in ("month", "quarter", "date", "year")
                and joiner.match(s[p.span[1]:periods[i + 1].span[0]])):
            q = periods[i + 1]
            start = p.start
            if start is None and q.end is not None and p.kind in ("month", "quarter"):
                # the first period borrows the year of the second ("Tháng 3 - tháng 6/2026")
                start = _borrow_year_start(s[p.span[0]:p.span[1]], p.kind, q.end.year)
            if start is None and p.kind == "date":
                start = p.end
            end = q.end
            if start is not None and end is not None and start <= end:
                out.append(_Period("range", start, end, (p.span[0], q.span[1])))
                i += 2
                continue
        out.append(p)
        i += 1
    return out


def _borrow_year_start(text: str, kind: str, year: int) -> date | None:
    for rule in load_grammar().periods:
        if rule.kind != kind:
            continue
        m = rule.regex.search(text)
        if not m:
            continue
        g = m.groupdict()
        if kind == "month" and g.get("m"):
            return _safe_date(year, int(g["m"]), 1)
        if kind == "quarter" and g.get("q"):
            q = _quarter_number(g["q"])
            return _safe_date(year, 3 * q - 2, 1) if q else None
    return None


# ---------------------------------------------------------------------------------------------- phrases


def _match_form(s: str) -> str:
    """Same length as `s`: one tone convention and ASCII dashes, for matching only."""
    t = _DASHES.sub("-", tone_normalize(s))
    return t if len(t) == len(s) else _DASHES.sub("-", s)


def _months(recurrence: str) -> int:
    m = re.fullmatch(r"P(\d+)([YM])", recurrence)
    if not m:
        return 10 ** 6
    return int(m.group(1)) * (12 if m.group(2) == "Y" else 1)


def _shortest_recurrence(rules: tuple[_CueRule, ...], s: str) -> tuple[_CueRule, re.Match[str]] | None:
    """The recurring cue with the shortest period ("định kỳ 6 tháng, hằng năm" -> every six months); a cue
    inside a longer one is part of it ("năm/lần" in "2 năm/lần")."""
    found = sorted(((r, m) for r in rules for m in r.regex.finditer(s)),
                   key=lambda rm: rm[1].end() - rm[1].start(), reverse=True)
    kept: list[tuple[_CueRule, re.Match[str]]] = []
    for r, m in found:
        if not any(m.start() < k.end() and k.start() < m.end() for _, k in kept):
            kept.append((r, m))
    if not kept:
        return None
    return min(kept, key=lambda rm: (_months(_recurrence(*rm)), rm[1].start()))


def _first_cue(rules: tuple[_CueRule, ...], s: str) -> tuple[_CueRule, re.Match[str]] | None:
    best: tuple[_CueRule, re.Match[str]] | None = None
    for r in rules:
        m = r.regex.search(s)
        if m and (best is None or m.start() < best[1].start()):
            best = (r, m)
    return best


def _recurrence(rule: _CueRule, m: re.Match[str]) -> str:
    rec = rule.recurrence or "P1Y"
    if "{n}" in rec:
        n = m.groupdict().get("n") or "1"
        rec = rec.replace("{n}", str(int(n)))
    return rec


@dataclass
class _Reading:
    kind: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None
    condition: str | None = None
    cue_at: int | None = None  # where the time phrase starts (the action is the text before it)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _mask_citations(s: str) -> tuple[str, bool]:
    """Blank out cited documents with their dates (same length): a date inside a citation is the cited
    document's, never a due date. Returns (masked text, whether anything was cited)."""
    cited = False

    def blank(m: re.Match[str]) -> str:
        nonlocal cited
        cited = True
        return " " * len(m.group(0))
    return load_grammar().citation.sub(blank, s), cited


def cites_document(raw: str | None) -> bool:
    """Whether a deadline phrase cites another document by number (its dates are not due dates)."""
    return bool(raw) and _mask_citations(_match_form(clean_text(str(raw))))[1]


def _read_simple(text: str) -> _Reading:
    """One action's deadline (no compound splitting)."""
    g = load_grammar()
    s, cited = _mask_citations(_match_form(text))
    periods = _join_ranges(s, _periods(s))
    rec = _shortest_recurrence(g.recurring, s)
    cont = _first_cue(g.continuous, s)
    cond = _first_cue(g.conditional, s)
    starts = [p.span[0] for p in periods]
    for c in (rec, cont, cond):
        if c:
            starts.append(c[1].start())
    cue_at = min(starts) if starts else None

    dated = [p for p in periods if p.end is not None or p.start is not None]
    if rec:
        start, end = _recurring_bounds(dated, cont)
        return _Reading("recurring", start=start, end=end, recurrence=_recurrence(*rec), cue_at=cue_at)
    if cond and (not dated or cond[1].start() < dated[0].span[0]):
        return _Reading("conditional", condition=text[cond[1].start():].strip(), cue_at=cue_at)
    if any(p.kind == "day" for p in periods) and not dated:
        # a due day without a year inside a duty: it comes back every year
        return _Reading("recurring", recurrence="P1Y", cue_at=cue_at)
    if dated:
        if (cont and len(dated) == 1 and dated[0].kind != "range"
                and (cont[0].name == "from_period" and cont[1].start() <= dated[0].span[0] <= cont[1].end()
                     or cont[0].name == "onward" and dated[0].span[1] <= cont[1].start())):
            # "Thực hiện từ năm 2024", "Từ tháng 02/2026", "Năm 2026 và các năm tiếp theo": ongoing from the
            # first day of that period
            p = dated[0]
            return _Reading("continuous", start=p.start or p.end, cue_at=cue_at)
        if len(dated) == 1:
            p = dated[0]
            return _Reading(p.kind, start=p.start, end=p.end, cue_at=cue_at)
        # several periods in one action: the span from the first start to the last end
        first = min((p.start or p.end for p in dated if (p.start or p.end)), default=None)
        last = max((p.end for p in dated if p.end), default=None)
        return _Reading("range", start=first, end=last, cue_at=cue_at)
    if cont:
        return _Reading("continuous", cue_at=cue_at)
    if cited:  # "Theo các mốc thời gian tại Quyết định số … ngày …": the time follows the cited document
        return _Reading("conditional", condition=text.strip(), cue_at=cue_at)
    return _Reading("none", cue_at=cue_at)


def _recurring_bounds(dated: list[_Period], cont: tuple[_CueRule, re.Match[str]] | None
                     ) -> tuple[date | None, date | None]:
    """When a repeated duty runs: over a range of years it names ("Hằng năm, từ năm 2026 đến năm 2030",
    "hằng năm trong giai đoạn 2026 - 2030": start and end of the range), or from a period it starts in
    ("2 năm/lần, bắt đầu từ năm 2026": start only). A single due date or period is when one round is due,
    not when the repetition runs: no bounds."""
    ranges = [p for p in dated if p.kind == "range" and p.start is not None and p.end is not None]
    if len(ranges) == 1 and len(dated) == 1:
        return ranges[0].start, ranges[0].end
    if cont and cont[0].name == "from_period" and len(dated) == 1 \
            and cont[1].start() <= dated[0].span[0] <= cont[1].end():
        return dated[0].start or dated[0].end, None
    return None, None


_SEGMENT_SPLIT = re.compile(r";|\.\s+(?=[A-ZĐÀ-Ỹ])")
_VA = re.compile(r"\s+và\s+", re.IGNORECASE)


def _segments(text: str) -> list[str]:
    parts = [p.strip() for p in _SEGMENT_SPLIT.split(text) if p.strip()]
    out: list[str] = []
    g = load_grammar()
    for p in parts:
        pieces = _VA.split(p)
        if len(pieces) == 1:
            out.append(p)
            continue
        # join back pieces whose right side starts with a time word ("trước ngày 01/6 và 15/11 hằng năm")
        cur = pieces[0]
        joined: list[str] = []
        for nxt in pieces[1:]:
            if g.no_split_after_va.match(nxt) or _read_simple(cur).kind == "none" \
                    or _read_simple(nxt).kind == "none":
                cur = f"{cur} và {nxt}"
            else:
                joined.append(cur)
                cur = nxt
        joined.append(cur)
        out.extend(joined)
    return out


def _action(text: str, cue_at: int | None) -> str | None:
    head = text[:cue_at] if cue_at is not None else text
    head = head.strip(" ,.;:-")
    changed = True
    g = load_grammar()
    while changed and head:
        changed = False
        for w in g.stop_words:
            if head.lower().endswith(" " + w) or head.lower() == w:
                head = head[: len(head) - len(w)].rstrip(" ,.;:-")
                changed = True
                break
    return head or None


def parse_deadline(raw: str | None) -> Deadline:
    """Normalise one printed deadline phrase. Never raises; unreadable text gives kind 'none'."""
    if raw is None:
        return Deadline()
    text = clean_text(str(raw))
    if not text:
        return Deadline()
    try:
        return _parse(text)
    except (ValueError, OverflowError, IndexError):  # defensive: a phrase must never stop an extraction
        return Deadline()


def _parse(text: str) -> Deadline:
    segs = _segments(text)
    if len(segs) > 1:
        readings = [(seg, _read_simple(seg)) for seg in segs]
        timed = [(seg, r) for seg, r in readings if r.kind != "none"]
        if len(timed) >= 2:
            phases = [Phase(action=_action(seg, r.cue_at), kind=r.kind, start=_iso(r.start), end=_iso(r.end),
                            recurrence=r.recurrence, condition=r.condition) for seg, r in timed]
            starts = [r.start or r.end for _, r in timed if (r.start or r.end)]
            open_ended = any(r.kind in ("recurring", "continuous") and r.end is None for _, r in timed)
            ends = [r.end for _, r in timed if r.end]
            return Deadline(kind="compound", start=_iso(min(starts)) if starts else None,
                            end=None if open_ended or not ends else _iso(max(ends)), phases=phases)
    r = _read_simple(text)
    if r.kind == "conditional":
        return Deadline(kind="conditional", condition=text)
    return Deadline(kind=r.kind, start=_iso(r.start), end=_iso(r.end), recurrence=r.recurrence)  # type: ignore[arg-type]
