"""Indicators: the quantitative targets a plan sets, with their footnoted sources.

Public entry point: `extract_indicators(ir, header, references, tasks) -> (indicators, warnings)`.
Pure helpers, usable on any string:
  - `find_quantities(text)`: every number that is a quantity (value, range max, unit, comparator), with its
    character span; years, dates, document numbers, ordinals, ages and durations are not quantities.
  - `parse_targets(text)`: the target spans of one sentence/paragraph/table cell, each with its values
    (one span per thing measured; a span with a range or a list of the same thing carries several values).
  - `footnote_sources(text, references, citations)`: the instrument keys and bodies a footnote cites.

Guarantees: the same IR gives the same indicators; `text` of every indicator is a substring of the block
or cell it came from (whitespace as in the IR); vocabularies live in data/indicators.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from extractors.ir import Block, BlockKind, DocumentIR
from extractors.model import DocumentHeader, Indicator, Reference, Task, Value, Warning_
from extractors.normalize import compare_form
from extractors.structure.numbering import block_numbering
from extractors.structure.tables import layered_header
from extractors.targets_grouped import grouped_targets_columns

_DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_DATA_FILE.read_text(encoding="utf-8"))


def _cf(s: str) -> str:
    """compare_form when it keeps the length (it does for Vietnamese), so offsets carry over."""
    c = compare_form(s)
    return c if len(c) == len(s) else s.lower()


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of phrases (compare form), longest first, as whole words."""
    forms = sorted({_cf(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


_W = r"[^\W_]"  # a letter or digit
_NB = r"(?![^\W_])"  # not followed by a letter/digit
_NA = r"(?<![^\W_])"  # not preceded by a letter/digit


class _Vocab:
    """Compiled regexes built once from the data file."""

    def __init__(self, d: dict[str, Any]) -> None:
        self.comparators: list[tuple[str, str, str]] = [
            (_cf(c["phrase"]), c["comparator"], c["where"]) for c in d["comparators"]]
        rk = d["ranking"]
        self.ranking = re.compile(_NA + _alt(rk["prefixes"]) + r"\s*$")
        self.ranking_unit: str = rk["unit"]
        self.ranking_cmp: str = rk["comparator"]
        self.range_cmp: str = d["range_comparator"]["comparator"]
        pop = d["population_denominators"]["scales"]
        self.pop_alt = _alt(pop)
        self.per_pop_after = re.compile(r"\s*" + self.pop_alt + _NB)
        self.per_pop_trên = re.compile(_NA + r"trên\s+(?P<n>\d[\d.]*)\s+(?P<s>" + self.pop_alt + r")" + _NB)
        per = d["periods"]
        self.per_words = {_cf(k): v for k, v in per["per_words"].items()}
        self.per_words_rx = re.compile(_NA + _alt(per["per_words"]) + _NB)
        self.slash_periods = {_cf(w) for w in per["slash_periods"]}
        uh = d["unit_heads"]
        self.unit_heads = re.compile(r"\s*(?P<u>" + _alt(uh["words"]) + r")" + _NB)
        self.unit_max_words: int = uh["unit_max_words"]
        self.classifiers = {_cf(w) for w in uh.get("classifiers", [])}
        self.stop_words = {_cf(w) for w in uh["stop_words"]}
        self.non_target = re.compile(r"\s*" + _alt(d["non_target_units"]["words"]) + _NB)
        md = d["measured_durations"]
        cmp_phrases = [c["phrase"] for c in d["comparators"] if c["phrase"][:1].isalpha()]
        self.measured_before = re.compile(_NA + _alt(md["verbs"]) + r"(?:\s+" + _alt(cmp_phrases) + r")?\s+$")
        self.measured_unit = re.compile(r"\s*(?P<u>" + _alt(md["units"]) + r")" + _NB)
        self.ordinal_before = re.compile(_NA + _alt(d["ordinal_prefixes"]["words"]) + r"\s*$")
        self.goal_cues = re.compile(_NA + _alt(d["goal_cues"]["words"]) + _NB)
        gp = d["goal_prefix"]
        self.goal_prefix = re.compile(
            _alt(d["goal_cues"]["words"][:4]) + r"(?:\s+(?:đến|tới|vào)\s+năm\s+\d{4})?\s*,?\s+")
        self.goal_prefix_verbs = re.compile(_alt(gp["verbs_after"]) + _NB)
        self.measure_nouns = re.compile(r"[\s\-+•]*(?:" + _alt(d["measure_nouns"]["verbs_before"]) + r"\s+)?"
                                        + _alt(d["measure_nouns"]["words"]) + _NB)
        self.clause_openers = re.compile(r"[\s\-+•]*" + _alt(d["clause_openers"]["words"]) + _NB)
        self.list_openers = re.compile(_NA + _alt(d["list_openers"]["words"]) + _NB)
        self.clause_starters = re.compile(r"\s*" + _alt(d["clause_starters"]["words"]) + _NB)
        self.target_year = re.compile(d["target_year"]["regex"], re.IGNORECASE)
        self.objective_heading = re.compile(_NA + _alt(d["objective_headings"]["words"]) + _NB)
        self.result_line = re.compile(d["result_lines"]["pattern"])
        self.skip_columns = re.compile(r"\s*" + _alt(d["table_skip_columns"]["words"]) + _NB)
        fs = d["footnote_sources"]
        self.instrument_types = [_cf(t) for t in fs["instrument_types"]]
        self.instrument_type_rx = re.compile(_NA + _alt(fs["instrument_types"]) + _NB)
        self.org_heads = fs["org_heads"]
        self.org_rx = re.compile(_NA + r"(?:" + "|".join(
            re.escape(w) for w in sorted(fs["org_heads"], key=len, reverse=True)) + r")" + _NB)
        self.qualifier_units = {_cf(u.replace(" ", "")) for u in d["qualifier_units"]["units"]}
        self.source_triggers = re.compile(_NA + _alt(fs["source_triggers"]) + r"\s+$")


@lru_cache(maxsize=1)
def _v() -> _Vocab:
    return _Vocab(_data())


# --------------------------------------------------------------------------------------------- numbers

_NUM = re.compile(r"(?<![\w/.,\-])\d+(?:[.,]\d+)*")
_RANGE_TAIL = re.compile(r"\s*(?P<pct>%)?\s*(?:-|đến|tới)\s*(?P<n>\d+(?:[.,]\d+)*)(?![\w/])")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def parse_number(s: str) -> int | float:
    """Vietnamese number: '1.000' = 1000, '4,5' = 4.5, '01' = 1, '5,0' = 5.0 (a printed decimal stays float)."""
    if _THOUSANDS.fullmatch(s):
        s = s.replace(".", "")
    if "," in s:
        return float(s.replace(".", "").replace(",", "."))
    if "." in s:
        return float(s)
    return int(s)


@dataclass
class Quantity:
    """One quantity in a text: [start, end) covers the number(s) and the unit."""

    start: int
    end: int
    value: int | float
    max: int | float | None
    unit: str | None
    comparator: str | None  # None = not stated (inherits from a list it continues, else "=")
    in_parens: bool = False

    def as_value(self) -> Value:
        return Value(value=self.value, max=self.max, unit=self.unit, comparator=self.comparator or "=")


@lru_cache(maxsize=8)
def _paren_depths(text: str) -> list[int]:
    """Bracket depth at each position (cached: every segment of one text asks for the same list; recomputing
    it per segment was quadratic on one very long line). Read-only."""
    depth, out = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")" and depth > 0:
            depth -= 1
    return out


def _is_year(n: int | float, raw: str) -> bool:
    return isinstance(n, int) and len(raw) == 4 and 1900 <= n <= 2100


def _comparator_before(low: str, lo: int, num_start: int) -> str | None:
    """The comparator stated before a number: an adjacent phrase ('trên 50') or one of the last words
    ('tối thiểu đạt 60%'); a non-'=' phrase wins over 'đạt'/'khoảng'."""
    window = low[lo:num_start]
    words = window.split()
    tail = " ".join(words[-4:])
    best_eq: tuple[int, str] | None = None
    best: tuple[int, str] | None = None
    for phrase, cmp, where in _v().comparators:
        if where == "adjacent":
            if re.search(r"(?:^|\s|\()" + re.escape(phrase) + r"\s*$", window):
                pos = len(tail)
            else:
                continue
        else:
            m = None
            for m in re.finditer(r"(?:^|(?<=\s)|(?<=\())" + re.escape(phrase) + _NB, tail):
                pass
            if m is None:
                continue
            pos = m.end()
        if cmp == "=":
            if best_eq is None or pos > best_eq[0]:
                best_eq = (pos, cmp)
        elif best is None or pos > best[0]:
            best = (pos, cmp)
    if best is not None:
        return best[1]
    return best_eq[1] if best_eq else None


_WORD = re.compile(r"\s*(?P<w>[^\W\d_][\w]*|-(?=\s+[^\W\d_]))")


def _unit_words(low: str, pos: int, max_words: int) -> tuple[str, int] | None:
    """Words after a count up to a stop word or punctuation ('2500 thông tin công nghệ, …')."""
    stop = _v().stop_words
    words: list[tuple[int, int]] = []
    counted = 0
    while counted < max_words:
        m = _WORD.match(low, pos)
        if not m:
            break
        w = m.group("w")
        if w in stop:
            break
        words.append((m.start("w"), m.end("w")))
        counted += w != "-"
        pos = m.end("w")
        if low[pos:pos + 1] not in (" ", ""):
            break
    while words and low[words[-1][0]:words[-1][1]] == "-":
        words.pop()
    if not words:
        return None
    return low[words[0][0]:words[-1][1]], words[-1][1]


_SLASH_CHAIN = re.compile(r"(?:/\s*(?:\d+(?:\.\d{3})+|[^\W_][\w]*)(?:\s+[^\W\d_][\w]*)*)+")


def _slash_chain(low: str, pos: int) -> tuple[str, int] | None:
    """'/ý tưởng khởi nghiệp/năm', '/1 vạn dân', '/tháng' right at pos; stop words end it."""
    if low[pos:pos + 1] != "/":
        return None
    m = _SLASH_CHAIN.match(low, pos)
    if not m:
        return None
    s = m.group(0)
    # cut at a stop word that is not part of a population denominator
    stop = _v().stop_words
    toks = re.finditer(r"[^\W_][\w]*", s)
    cut = len(s)
    for t in toks:
        if t.group(0) in stop:
            cut = t.start()
            break
    s = s[:cut].rstrip()
    if not s or s == "/":
        return None
    return s, pos + len(s)


def _clean_denominator(s: str) -> str:
    """'/01 vạn dân' -> '/1 vạn dân', '/10.000 dân' -> '/10000 dân'."""
    def num(m: re.Match[str]) -> str:
        return str(parse_number(m.group(0)))
    return re.sub(r"\d+(?:\.\d{3})*", num, s)


def _unit_after(low: str, pos: int) -> tuple[str | None, int, bool]:
    """Unit of the quantity whose number ends at pos: (unit, end, is_non_target)."""
    v = _v()
    if v.non_target.match(low, pos) or v.per_pop_after.match(low, pos):
        return None, pos, True
    m = re.compile(r"\s*%").match(low, pos)
    if m:
        end = m.end()
        ch = _slash_chain(low, end)
        if ch and _cf(ch[0].strip("/ ")) in v.slash_periods:
            return "%" + ch[0].replace(" ", ""), ch[1], False
        return "%", end, False
    m = v.unit_heads.match(low, pos)
    if m:
        head, end = m.group("u"), m.end("u")
        m2 = v.unit_heads.match(low, end) if head in v.classifiers else None
        if m2 and m2.group("u") not in v.classifiers:
            head, end = low[m.start("u"):m2.end("u")], m2.end("u")
    else:
        free = _unit_words(low, pos, v.unit_max_words)
        if not free:
            return None, pos, False
        head, end = free
    ch = _slash_chain(low, end)
    if ch:
        return head + _clean_denominator(ch[0]).replace(" /", "/"), ch[1], False
    # further in the noun phrase: 'phiên kết nối khởi nghiệp/năm', 'dược sĩ đại học/1 vạn dân'
    rest = _unit_words(low, end, 6)
    if rest:
        ch = _slash_chain(low, rest[1])
        if ch:
            tail = ch[0].strip("/ ")
            if _cf(tail) in v.slash_periods:
                return head + "/" + tail, end, False
            if v.per_pop_after.match(" " + re.sub(r"^\d[\d.]*", "", tail).strip()):
                return low[pos:rest[1]].strip() + _clean_denominator(ch[0]), ch[1], False
    return head, end, False


def _display_unit(text: str, low: str, unit: str | None, a: int, b: int) -> str | None:
    """The unit in lower case, except acronyms as printed ('USD', 'GRDP'); unit words are found in the
    compare form, so map them back to the printed text where they stand there."""
    if not unit:
        return unit
    i = low.find(unit.split("/")[0], a, b)
    if i < 0:
        return unit
    printed = text[i:i + len(unit.split("/")[0])]
    head = " ".join(w if sum(ch.isupper() for ch in w) >= 2 else w.lower() for w in printed.split(" "))
    return head + unit[len(printed):]


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text, in order (see module doc)."""
    v = _v()
    low = _cf(text)
    depth = _paren_depths(text)
    out: list[Quantity] = []
    last_boundary = 0
    pos = 0
    for m in _NUM.finditer(low):
        if m.start() < pos:
            continue
        raw = m.group(0)
        s, e = m.start(), m.end()
        pos = e
        nxt = low[e:e + 2]
        # document numbers and dates: 57-NQ/TW, 2711/QĐ-TTg, 26/8/2025, 5G
        if nxt[:1] == "/" and re.match(r"/\s*\D", low[e:e + 3]) is None and low[e:e + 2] != "/ ":
            last_boundary = e
            continue
        if nxt[:1] == "/" or re.match(r"-[^\W\d_]", nxt) or re.match(r"[^\W_]", nxt[:1] or " "):
            last_boundary = e
            continue
        try:
            val = parse_number(raw)
        except ValueError:
            continue
        before = low[max(0, s - 30):s]
        prev_punct = max(low.rfind(c, 0, s) for c in ",;:.()")
        lo = max(last_boundary, prev_punct + 1 if prev_punct >= 0 else 0)
        # range
        mx: int | float | None = None
        r = _RANGE_TAIL.match(low, e)
        if r:
            try:
                mx = parse_number(r.group("n"))
            except ValueError:
                mx = None
            if mx is not None:
                if _is_year(val, raw) and _is_year(mx, r.group("n")):
                    pos = last_boundary = r.end()
                    continue
                e = r.end()
                pos = e
                if r.group("pct"):
                    e = r.end()  # '30% - 50%' keeps its unit after the max
        if v.ordinal_before.search(before):
            last_boundary = e
            continue
        if v.ranking.search(before):
            out.append(Quantity(s, e, val, mx, v.ranking_unit, v.ranking_cmp, depth[s] > 0))
            last_boundary = e
            continue
        unit, uend, non_target = _unit_after(low, e)
        if non_target and mx is None and v.measured_before.search(low, max(lo, s - 30), s):
            # 'tuổi thọ … đạt 75,5 tuổi', 'đạt tối thiểu 68 năm': the age/duration is the value aimed at
            mu = v.measured_unit.match(low, e)
            if mu and low[mu.end("u"):mu.end("u") + 1] != "/":  # not a frequency ('2 năm/lần')
                unit, uend, non_target = mu.group("u"), mu.end("u"), False
        if non_target:
            last_boundary = e
            continue
        if r and r.group("pct") and unit is None:
            unit, uend = "%", e
        if unit is None and (_is_year(val, raw) or not _comparator_before(low, lo, s)):
            last_boundary = e
            continue
        if unit is not None and _is_year(val, raw) and unit in v.stop_words:
            last_boundary = e
            continue
        cmp = _comparator_before(low, lo, s)
        if mx is not None and cmp in (None, ">=", "="):
            cmp = v.range_cmp if cmp == ">=" or cmp is None else cmp
            if cmp is None:
                cmp = v.range_cmp
        if re.match(r"\s*trở\s+lên" + _NB, low[uend:]):
            cmp = ">="
        out.append(Quantity(s, uend, val, mx, _display_unit(text, low, unit, e, uend), cmp, depth[s] > 0))
        last_boundary = uend
        pos = max(pos, uend)
    return out


# --------------------------------------------------------------------------------------------- spans


@dataclass
class _Seg:
    start: int
    end: int
    qs: list[Quantity] = field(default_factory=list)


@dataclass
class ParsedTarget:
    """One target span of a text: text[start:end] with its values."""

    start: int
    end: int
    text: str
    values: list[Value]
    target_year: int | None


_SENT_END = re.compile(r"\.(?=\s+[^\W\d_a-zđà-ỹ]|\s*$)|\.(?=\s+\d+[.)]\s)")


def _hard_units(text: str) -> list[tuple[int, int, int]]:
    """Sentence parts split at '.', ';' and ':' outside parentheses: (start, end, sentence_index)."""
    depth = _paren_depths(text)
    out: list[tuple[int, int, int]] = []
    start, sent = 0, 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if depth[i] == 0 and ch in ";:":
            out.append((start, i, sent))
            start = i + 1
        elif depth[i] == 0 and ch == "." and (i + 1 == n or (text[i + 1] == " " and i + 2 < n
                                                            and not text[i + 2].islower())):
            out.append((start, i, sent))
            start = i + 1
            sent += 1
        i += 1
    out.append((start, n, sent))
    return [(s, e, k) for s, e, k in out if text[s:e].strip()]


_SOFT_VA = re.compile(r"\s+và\s+(?=(?:(?:ít nhất|tối thiểu|trên|hơn|khoảng|đạt)\s+)?\d)")


def _soft_segments(text: str, low: str, s: int, e: int) -> list[tuple[int, int]]:
    depth = _paren_depths(text)
    cuts: list[tuple[int, int]] = []  # (cut_start, next_start)
    for i in range(s, e):
        if text[i] == "," and depth[i] == 0 and not (i + 1 < e and text[i + 1].isdigit()):
            cuts.append((i, i + 1))
    for m in _SOFT_VA.finditer(low, s, e):
        if depth[m.start()] == 0:
            cuts.append((m.start(), m.end()))
    cuts.sort()
    segs, cur = [], s
    for a, b in cuts:
        if a >= cur:
            segs.append((cur, a))
            cur = b
    segs.append((cur, e))
    return [(a, b) for a, b in segs if text[a:b].strip()]


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t-+•*–,;:":
        a += 1
    while b > a and text[b - 1] in " \t.,;:*":
        b -= 1
    # unbalanced closing/opening parenthesis at the edges
    span = text[a:b]
    if span.count("(") < span.count(")") and span.endswith(")"):
        b -= 1
    return a, b


@lru_cache(maxsize=4096)
def _first_tag(words: str) -> str | None:
    """Part-of-speech of the first word (underthesea; None when it is unavailable)."""
    try:
        from underthesea import pos_tag
    except Exception:  # noqa: BLE001 - the list of clause openers still applies
        return None
    tags = pos_tag(words)
    return tags[0][1] if tags else None


def _starts_clause(text: str, low: str, pos: int) -> bool:
    """Does the sentence part at pos start a clause of its own (a verb or a clause opener)?"""
    if _v().clause_openers.match(low, pos):
        return True
    head = " ".join(text[pos:pos + 60].split()[:5]).lstrip("-+• ")
    return bool(head) and _first_tag(head) == "V"


def _opens_list(low: str, seg: _Seg) -> bool:
    q = seg.qs[-1]
    return bool(_v().list_openers.search(low, q.end, seg.end))


def _year_in(low: str, a: int, b: int) -> int | None:
    m = None
    for m in _v().target_year.finditer(low, a, b):
        pass
    return int(m.group("y")) if m else None


def _is_qualifier(unit: str | None) -> bool:
    return bool(unit) and _cf(unit.replace(" ", "")) in _v().qualifier_units


_PER_SLASH = re.compile(r"(?<=[^\W\d_)])\)?/\s*([^\W\d_]+)" + _NB)


def parse_targets(text: str, *, require_cue: bool = False) -> list[ParsedTarget]:
    """The target spans of one block or cell. With require_cue, only sentences that state a goal
    (data: goal_cues) are read — for body text outside an objectives section."""
    v = _v()
    low = _cf(text)
    qs = [q for q in find_quantities(text)]
    out: list[ParsedTarget] = []
    units = _hard_units(text)
    sentences: dict[int, tuple[int, int]] = {}
    for s, e, k in units:
        a, b = sentences.get(k, (s, e))
        sentences[k] = (min(a, s), max(b, e))
    for s, e, k in units:
        if require_cue and not v.goal_cues.search(low, s, e):
            continue
        segs = [_Seg(a, b) for a, b in _soft_segments(text, low, s, e)]
        for seg in segs:
            inside = [q for q in qs if seg.start <= q.start < seg.end]
            outside = [q for q in inside if not q.in_parens]
            seg.qs = outside if (outside or require_cue) else inside
        anchors = [i for i, sg in enumerate(segs) if sg.qs]
        if not anchors:
            continue
        groups: dict[int, list[int]] = {i: [i] for i in anchors}
        first = anchors[0]
        if first > 0 and (v.measure_nouns.match(low, segs[0].start)
                          or not _starts_clause(text, low, segs[first].start)):
            groups[first] = list(range(0, first)) + groups[first]
        for a_i, b_i in zip(anchors, anchors[1:]):
            between = list(range(a_i + 1, b_i))
            if not between:
                continue
            if _opens_list(low, segs[a_i]):
                groups[a_i] += between
            elif v.measure_nouns.match(low, segs[between[0]].start):
                groups[b_i] = between + groups[b_i]
        last = anchors[-1]
        trailing: list[int] = []
        for i in range(last + 1, len(segs)):
            if v.clause_starters.match(low, segs[i].start):
                break
            trailing.append(i)
        if trailing and (len(anchors) == 1 or _opens_list(low, segs[last])):
            groups[last] += trailing
        prev_cmp: str | None = None
        prev_unit: str | None = None
        sa, sb = sentences[k]
        for i in anchors:
            idx = sorted(groups[i])
            a, b = _strip_span(text, segs[idx[0]].start, segs[idx[-1]].end)
            # a leading 'phấn đấu [đến năm YYYY]' before a named subject is not part of the target
            pm = v.goal_prefix.match(low, a)
            if pm and not v.goal_prefix_verbs.match(low, pm.end()) and pm.end() <= segs[i].qs[0].start:
                a = pm.end()
            vals: list[Value] = []
            # a comma-list item that starts with its number continues the list's comparator
            # ('Duy trì tối thiểu 2500 thông tin công nghệ, 200 nhà cung cấp')
            continues = (i > 0 and text[segs[i - 1].end:segs[i].start].strip() == ","
                         and low[segs[i].start:segs[i].end].lstrip()[:1].isdigit())
            for j, q in enumerate(segs[i].qs):
                val = q.as_value()
                if q.comparator is None:
                    full = val.unit == "%" and val.value == 100
                    val.comparator = prev_cmp if (j == 0 and continues and prev_cmp and not full) else "="
                vals.append(val)
            if len(vals) > 1:
                # a frequency ('01 lần/năm') or a rating ('4 sao') beside another value qualifies the thing
                # counted; it is not a target of its own
                kept = [x for x in vals if not _is_qualifier(x.unit)]
                vals = kept or vals
            span_low = low[a:b]
            for val in vals:
                u = val.unit
                if u is None or u in ("%", v.ranking_unit):
                    continue
                if "/" not in u:
                    pm2 = v.per_pop_trên.search(span_low)
                    if pm2:
                        u = f"{u}/{parse_number(pm2.group('n'))} {pm2.group('s')}"
                    else:
                        pw = v.per_words_rx.search(span_low)
                        ps = _PER_SLASH.search(span_low)
                        if pw:
                            u = f"{u}/{v.per_words[pw.group(0)]}"
                        elif ps and ps.group(1) in v.slash_periods:
                            u = f"{u}/{ps.group(1)}"
                        elif (span_low.startswith("trong đó") and prev_unit and "/" in prev_unit
                              and prev_unit.split("/")[0] == u):
                            u = prev_unit
                val.unit = u
            if vals:
                prev_cmp = vals[0].comparator
                prev_unit = vals[-1].unit
            year = _year_in(low, a, b) or _year_in(low, sa, sb)
            out.append(ParsedTarget(a, b, text[a:b], vals, year))
    return out


# --------------------------------------------------------------------------------------------- footnotes

# Instrument number/symbol: 12-KH/TU, 2711/QĐ-TTg, 01/2024/TT-BGDĐT, 226/2025/QH15, 09-NQ/ĐH
_KEY = re.compile(r"(?<![\w/])\d+(?:/\d{4})?\s*(?:[-/]\s*[A-ZĐ][\wĐđ&]*)+(?:\s*/\s*[A-ZĐ0-9][\wĐđ&]*)*")
_ISSUER_TAIL = re.compile(r"(?:,?\s*ngày\s+[\d/.\-]+(?:\s+tháng\s+\d+\s+năm\s+\d{4})?)?"
                          r"(?:\s+của\s+[^;.,]*?)?(?=\s+và\s|[;.,]|$)")


@dataclass
class Citation:
    """An instrument cited in a string. key = number/symbol without spaces (None when the text names the
    instrument without its number); [start, end) covers the type word through the issuer."""

    key: str | None
    start: int
    end: int
    doc_type: str | None = None
    issuer: str | None = None
    date: str | None = None


def find_citations(text: str, jurisdiction: str | None = None) -> list[Citation]:
    """Instruments cited in a string: the references extractor's finder when it is there (one source of
    truth for what a citation is), else a local pattern for numbered keys."""
    try:
        from extractors.references import find_citations as _ref_find
    except ImportError:
        _ref_find = None
    if _ref_find is not None:
        return [Citation(key=c.symbol, start=c.start, end=c.end, doc_type=c.doc_type, issuer=c.issuer,
                         date=c.date) for c in _ref_find(text, jurisdiction)]
    out = []
    for m in _KEY.finditer(text):
        key = re.sub(r"\s+", "", m.group(0))
        if not re.search(r"[A-ZĐ]", key):
            continue
        t = _ISSUER_TAIL.match(text, m.end())
        out.append(Citation(key=key, start=m.start(), end=t.end() if t else m.end()))
    return out


def _org_end(text: str, start: int) -> int:
    """End of an organisation name starting at start: before punctuation, a date, a number, or ' và ' +
    an instrument type word. A comma inside a name of owners' gazetteer ('Sở Văn hóa, Thể thao và Du lịch')
    does not end it."""
    from extractors.owners import protected_spans
    v = _v()
    low = _cf(text)
    inside = protected_spans(text)
    i = start
    n = len(text)
    while i < n:
        if text[i] == "," and any(a <= i < b for a, b in inside):
            i += 1
            continue
        if text[i] in ",;.()\n":
            break
        if low.startswith(" và ", i) and v.instrument_type_rx.match(low, i + 4):
            break
        if low.startswith(" ngày ", i) or low.startswith(" số ", i):
            break
        i += 1
    return i


def _tokens(s: str) -> set[str]:
    return set(re.findall(r"\w+", _cf(s)))


def _resolve_key(c: Citation, references: Sequence[Reference]) -> str:
    """The document's reference key for a cited symbol ('45-NQ/TW@2023-11-24' when the document
    disambiguated that symbol by date and the citation's date says which)."""
    same = [r for r in references if (r.symbol or r.key.split("@")[0]) == c.key]
    if len(same) == 1:
        return same[0].key
    if c.date:
        dated = [r for r in same if r.date == c.date]
        if len(dated) == 1:
            return dated[0].key
    return c.key or ""


def _resolve_unnumbered(c: Citation, references: Sequence[Reference],
                        doc_citations: Sequence[Citation]) -> str | None:
    """The one numbered instrument of the same type whose issuer the unnumbered mention names; None when
    none or several fit (never guessed)."""
    if not c.issuer or not c.doc_type:
        return None
    want = _tokens(c.issuer)
    typ = _cf(c.doc_type)
    scores: dict[str, float] = {}
    cands = [(r.key, r.doc_type, r.issuer) for r in references]
    cands += [(d.key, d.doc_type, d.issuer) for d in doc_citations if d.key]
    for key, dtyp, issuer in cands:
        if not key or not dtyp or not issuer or not _cf(dtyp).startswith(typ):
            continue
        have = _tokens(issuer)
        score = len(want & have) / len(have) if have else 0.0
        scores[key] = max(scores.get(key, 0.0), score)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best_key, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= 0.8 and best - second >= 0.2:
        return best_key
    return None


def footnote_sources(text: str, references: Sequence[Reference] = (),
                     doc_citations: Sequence[Citation] = (),
                     jurisdiction: str | None = None) -> tuple[list[str], list[str]]:
    """Sources a footnote cites, in order, and the instrument mentions that could not be resolved.

    Sources: instrument keys; an instrument named without its number resolved to the document's numbered
    instrument of that type and issuer; bodies named as the source ('Hợp phần xây dựng của Sở Y tế')."""
    v = _v()
    low = _cf(text)
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    unresolved: list[str] = []
    for c in find_citations(text, jurisdiction):
        covered.append((c.start, c.end))
        if c.key:
            found.append((c.start, _resolve_key(c, references)))
            continue
        key = _resolve_unnumbered(c, references, doc_citations)
        if key:
            found.append((c.start, key))
        else:
            unresolved.append(text[c.start:c.end])
    for m in v.org_rx.finditer(text):
        s = m.start()
        if any(a <= s < b for a, b in covered):
            continue
        if not v.source_triggers.search(low[max(0, s - 25):s]):
            continue
        e = _org_end(text, s)
        name = text[s:e].strip()
        if name:
            # 'Sở Nông nghiệp và Môi trường và Sở Nội vụ' names two bodies: split as an owner list
            from extractors.owners import split_owners
            for k, part in enumerate(split_owners(name)):
                found.append((s + k, part))
            covered.append((s, e))
    found.sort()
    out: list[str] = []
    for _, k in found:
        if k and k not in out:
            out.append(k)
    return out, unresolved


def _doc_citations(ir: DocumentIR, jurisdiction: str | None) -> list[Citation]:
    """Every numbered citation in the document's text blocks (to resolve unnumbered mentions)."""
    out: list[Citation] = []
    for b in ir.blocks:
        if b.kind == BlockKind.table and b.table is not None:
            texts = [c.text for r in b.table.rows for c in r.cells]
        elif b.kind == BlockKind.footnote:
            continue
        else:
            texts = [b.text]
        for t in texts:
            out.extend(c for c in find_citations(t, jurisdiction) if c.key)
    return out


# --------------------------------------------------------------------------------------------- document

def _heading_level(b: Block) -> int:
    """Depth of a heading from its printed numbering (the structure stage's rule: I. = 1, 1. = 2, 1.2. = 3,
    a) = 5), else the IR level."""
    n = block_numbering(b)
    if n.numbered:
        return n.level
    if b.level is not None:
        return b.level
    return 6


def year_prefix(text: str) -> int | None:
    """The year of a list prefix that is only a target year ('Đến năm 2027:'), else None (data: year_prefix)."""
    m = re.match(_data()["year_prefix"]["pattern"], re.sub(r"\s+", " ", _cf(text)).strip())
    return int(m.group("y")) if m else None


def _numbered(b: Block) -> bool:
    """Does the block carry a numbering marker ('I.', '2.1.', 'c)'), not a bullet?"""
    return block_numbering(b).numbered


def _heading_year(stack: list[tuple[int, str]]) -> int | None:
    for _, t in reversed(stack):
        y = year_prefix(t)
        if y is not None:
            return y
        m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", t)
        if m and _v().objective_heading.search(_cf(t)):
            return int(m.group(1))
    return None


def _in_objectives(stack: list[tuple[int, str]]) -> bool:
    return any(_v().objective_heading.search(_cf(t)) for _, t in stack)


def _task_for(span: str, tasks: Sequence[Task], prefer_row: int | None,
              source: str | None) -> str | None:
    key = _cf(span)
    best: tuple[int, str] | None = None
    for t in tasks:
        hay = _cf(" ".join(x for x in (t.text, t.deliverable or "", t.note or "") if x))
        hay = re.sub(r"\s+", " ", hay)
        if key not in hay:
            continue
        score = 0
        if source and t.source == source:
            score += 2
        if prefer_row is not None and t.provenance is not None and t.provenance.table_row == prefer_row:
            score += 1
        if best is None or score > best[0]:
            best = (score, t.id)
    return best[1] if best else None


def _scan_columns(table_rows: Sequence[Any]) -> set[int] | None:
    """Columns to read for targets, from the header row; None = every column but the first."""
    v = _v()
    header = next((r for r in table_rows if r.is_header), None)
    if header is None:
        return None
    cols = set()
    for c in header.cells:
        if c.text.strip() and not v.skip_columns.match(_cf(c.text)):
            cols.add(c.col)
    return cols or None


# a footnote marker as printed in Block.orig (the conventions of extractors.footnotes)
_MARKER = re.compile(r"(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[\^(?P<md>[^\]\s]+)\](?!:)|\[footnoteRef:\s*(?P<pd>\d+)\]"
                     r"|(?<=[^\s\[\]])\[(?P<br>\d{1,3})\](?![(:\[])")
_TRAIL = re.compile(r"[\s.,;:*_)\]\"”'/]*")


def _marker_positions(b: Block) -> list[tuple[str, int | None]]:
    """Where each footnote marker of a block stands in its text: (id, offset in b.text just after the
    annotated words), offset None for a marker that closes the block (only punctuation after it).
    Empty when the markers cannot be found in b.orig (the caller then applies the block's last marker)."""
    from extractors.footnotes import superscript_to_id
    refs = set(b.footnote_refs)
    orig = b.orig or ""
    found = []
    for m in _MARKER.finditer(orig):
        fid = superscript_to_id(m.group("sup")) if m.group("sup") else (m.group("md") or m.group("pd") or m.group("br"))
        if fid in refs:
            found.append((fid, m))
    if not found:
        return []

    def strip(x: str) -> str:
        return re.sub(r"\s+", " ", _MARKER.sub("", x))

    full = strip(orig).strip()
    shift = len(full) - len(b.text)  # a list marker the text does not keep
    # markers blanked out (blanks are trailing characters): "only punctuation after it" without re-reading the
    # rest of the block for every marker; the text before each marker is stripped piece by piece, carried on
    # (length, last characters): both were quadratic on one very long line (issue 17)
    masked = _MARKER.sub(lambda mm: " " * len(mm.group()), orig)
    pre_len, pre_tail, done = 0, "", 0
    out: list[tuple[str, int | None]] = []
    for fid, m in found:
        piece = strip(orig[done:m.start()])
        done = m.end()
        if pre_tail.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        if not pre_tail.strip() and not pre_len - len(pre_tail):  # nothing but blanks so far: lstrip
            piece = (pre_tail + piece).lstrip()
            pre_len, pre_tail = 0, ""
        pre_len, pre_tail = pre_len + len(piece), (pre_tail + piece)[-64:]
        if _TRAIL.fullmatch(masked, m.end()):
            out.append((fid, None))
            continue
        ctx = pre_tail[-30:].strip()
        want = pre_len - (1 if pre_tail.endswith(" ") else 0) - shift
        hits = _hits(b.text, ctx, want) if ctx else []
        if not hits:
            return []
        out.append((fid, min(hits, key=lambda h: abs(h - want))))
    return out


def _hits(text: str, ctx: str, want: int, window: int = 2000) -> list[int]:
    """Ends of the occurrences of `ctx` in `text`; those within `window` of `want` when there are any (the
    nearest is the one used), else all of them. str.find, not a Python loop over every position."""
    def scan(lo: int, hi: int) -> list[int]:
        out, i = [], text.find(ctx, lo, hi)
        while i >= 0:
            out.append(i + len(ctx))
            i = text.find(ctx, i + 1, hi)
        return out

    near = scan(max(0, want - window - len(ctx)), min(len(text), want + window))
    near = [h for h in near if abs(h - want) <= window]
    return near or scan(0, len(text))


def _footnote_for(text: str, start: int, end: int, markers: list[tuple[str, int | None]],
                  fallback: str | None) -> str | None:
    """The footnote of the target text[start:end]: a marker inside it or closing its clause (before the next
    ';' or sentence end) is its own; otherwise a marker closing the block applies to every target; a marker
    after another clause does not."""
    if not markers:
        return fallback
    stop = re.compile(r"[;]|\.(?=\s|$)")
    m = stop.search(text, end)
    clause_end = m.start() if m else len(text)
    for fid, pos in markers:
        if pos is not None and start <= pos <= clause_end:
            return fid
    closing = [fid for fid, pos in markers if pos is None]
    return closing[-1] if closing else None


def _task_content_column(table_rows: Sequence[Any]) -> int | None:
    """The task-wording column of a task table (tasks_table's column vocabulary), None for other tables.
    Its numbers are targets only in goal sentences: '(10 hộ)', 'bằng 3 ngôn ngữ' are quantities of the task."""
    from extractors.tasks_table import is_task_table, map_columns
    header = next((r for r in table_rows if r.is_header), None)
    if header is None:
        return None
    cols = map_columns([c.text for c in header.cells])
    if not is_task_table(cols):
        return None
    idx = cols["content"]
    return header.cells[idx].col if idx < len(header.cells) else None


# --------------------------------------------------------------------------------------------- targets tables


@dataclass
class TargetsColumns:
    """Cell indices of a targets table: the indicator wording, its unit, and one column per target year."""

    indicator: int
    unit: int | None
    years: dict[int, int]  # cell index -> year
    units: dict[int, str] = field(default_factory=dict)  # cell index -> unit of a measure column (targets_grouped)


def targets_header_role(cell: str) -> str | None:
    """'indicator', 'unit', 'year' or None for one header cell of a targets table (data: targets_table)."""
    d = _data()["targets_table"]
    cf = re.sub(r"\s+", " ", _cf(cell)).strip(" .:*")
    if not cf:
        return None
    if re.search(d["indicator_column"], cf):
        return "indicator"
    if re.search(d["unit_column"], cf):
        return "unit"
    if any(re.search(_NA + re.escape(_cf(w)) + _NB, cf) for w in d["baseline_words"]):
        return None
    if re.search(d["year_column"], cf):
        return "year"
    return None


def targets_columns(header_cells: Sequence[str]) -> TargetsColumns | None:
    """The columns of a targets table ('STT | Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2030'), None for any other
    table (an indicator column and at least one year column are needed)."""
    d = _data()["targets_table"]
    ind: int | None = None
    unit: int | None = None
    years: dict[int, int] = {}
    for i, c in enumerate(header_cells):
        role = targets_header_role(c)
        if role == "indicator" and ind is None:
            ind = i
        elif role == "unit" and unit is None:
            unit = i
        elif role == "year":
            m = re.search(d["year_column"], re.sub(r"\s+", " ", _cf(c)).strip(" .:*"))
            if m:
                years[i] = int(m.group("y"))
    if ind is None or not years:
        return None
    return TargetsColumns(ind, unit, years)


_CELL_VALUE = re.compile(r"^(?P<pre>[^\d]*?)\s*(?P<n>\d+(?:[.,]\d+)*)"
                         r"(?:\s*(?:-|–|đến|÷)\s*(?P<mx>\d+(?:[.,]\d+)*))?\s*(?P<post>[^\d]*)$")


def _unit_display(s: str) -> str | None:
    s = re.sub(r"\s+", " ", s).strip(" .,;:()")
    if not s or s in ("-", "–"):
        return None
    return " ".join(w if sum(ch.isupper() for ch in w) >= 2 else w.lower() for w in s.split(" "))


def cell_value(cell: str, unit: str | None = None) -> Value | None:
    """The value of one year cell of a targets table: '≥ 600' -> 600 '>=', '2,5 - 3' -> 2.5 max 3, '1,2' -> 1.2;
    a unit printed in the cell ('85%') wins over the unit column; '-', empty or wording -> None."""
    text = re.sub(r"\s+", " ", cell).strip()
    m = _CELL_VALUE.match(text)
    if not m:
        return None
    low = _cf(text)
    post = m.group("post").strip()
    cmp = _comparator_before(low, 0, m.start("n"))
    if re.match(r"trở\s+lên" + _NB, _cf(post)):
        cmp, post = ">=", post[len("trở lên"):].strip()
    try:
        val = parse_number(m.group("n"))
        mx = parse_number(m.group("mx")) if m.group("mx") else None
    except ValueError:
        return None
    if mx is not None and cmp in (None, ">=", "="):
        cmp = _v().range_cmp
    own = _unit_display(post) if post and len(post.split()) <= 3 else None
    return Value(value=val, max=mx, unit=own or _unit_display(unit or ""), comparator=cmp or "=")


def _targets_table_indicators(ir: DocumentIR, b: Block, cols: TargetsColumns) -> list[Indicator]:
    """One indicator per filled year cell of a targets table (see targets_columns)."""
    from extractors.normalize import clean_text
    assert b.table is not None
    header = next((r for r in b.table.rows if r.is_header), b.table.rows[0])
    header_key = [_cf(c.text).strip() for c in header.cells]
    out: list[Indicator] = []
    parent: str | None = None  # a numbered row with wording and no values heads the '-' rows under it
    for ri, row in enumerate(b.table.rows):
        if row.is_group:
            parent = None
        if row.is_header or row.is_group or row is header:
            continue
        if [_cf(c.text).strip() for c in row.cells] == header_key:
            continue  # the header repeated after a page break
        cells = row.cells
        if cols.indicator >= len(cells):
            continue
        text = clean_text(cells[cols.indicator].text)
        if not re.search(r"[^\W\d_]", text):
            continue
        dash = cols.indicator > 0 and cells[0].text.strip() in ("-", "–", "+", "*")
        if not any(cells[ci].text.strip() for ci in cols.years if ci < len(cells)):
            parent = None if dash else text
            continue
        if dash and parent:
            text = f"{parent} - {text}"  # '- Diện tích' under '1 | Cà Phê' measures the coffee area
        elif not dash:
            parent = None
        unit = clean_text(cells[cols.unit].text) if cols.unit is not None and cols.unit < len(cells) else None
        prov = b.provenance(ir.source, table_row=ri)
        if row.page is not None or row.line_start is not None:
            prov = prov.model_copy(update={"page": row.page or prov.page,
                                           "line_start": row.line_start or prov.line_start,
                                           "line_end": row.line_end or prov.line_end})
        for ci, year in cols.years.items():
            if ci >= len(cells):
                continue
            val = cell_value(cells[ci].text, cols.units.get(ci) or unit)
            if val is None:
                continue
            out.append(Indicator(text=text, target_year=year, values=[val], provenance=prov))
    return out


def _has_subject(span: str) -> bool:
    """A target names what it measures: a bare '≥ 600' or '85%' (a value cell read alone) is no target."""
    rest = _NUM.sub(" ", _cf(span))
    return bool(re.search(r"[^\W\d_]{2,}", rest.replace("%", " ")))


def _row_id(row: Any) -> str | None:
    if not row.cells:
        return None
    t = row.cells[0].text.strip()
    return t or None


def extract_indicators(ir: DocumentIR, header: DocumentHeader, references: list[Reference],
                       tasks: list[Task]) -> tuple[list[Indicator], list[Warning_]]:
    """Every quantitative target of the document (see module doc and GUIDELINES.md 'Indicators')."""
    warnings: list[Warning_] = []
    footnotes = ir.footnotes()
    doc_cits: list[Citation] | None = None
    fn_cache: dict[str, tuple[list[str], list[str]]] = {}

    def sources_of(fid: str, prov: Any) -> list[str]:
        nonlocal doc_cits
        if fid not in fn_cache:
            if doc_cits is None:
                doc_cits = _doc_citations(ir, header.jurisdiction)
            srcs, unresolved = footnote_sources(footnotes.get(fid, ""), references, doc_cits,
                                                header.jurisdiction)
            fn_cache[fid] = (srcs, unresolved)
            for u in unresolved:
                warnings.append(Warning_(code="indicator.source_unresolved",
                                         message=f"footnote {fid}: no single numbered instrument fits {u!r}",
                                         provenance=prov))
        return fn_cache[fid][0]

    found: list[tuple[Indicator, bool]] = []  # (indicator, from_table)
    per_row: set[int] = set()  # ids of targets-table indicators (one per row and year column)
    stack: list[tuple[int, str]] = []
    for b in ir.blocks:
        if b.kind == BlockKind.heading:
            lvl = _heading_level(b)
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            stack.append((lvl, b.text))
            continue
        if b.kind in (BlockKind.paragraph, BlockKind.list_item) and year_prefix(b.text) is not None:
            # 'a) Đến năm 2027:' printed as an item: it heads the items under it like a sub-heading
            lvl = _heading_level(b)
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            stack.append((lvl, b.text))
            continue
        if b.kind in (BlockKind.paragraph, BlockKind.list_item) and _numbered(b):
            # a sibling 'c) …' item ends the 'b) Đến năm 2030:' prefix above it
            lvl = _heading_level(b)
            while stack and stack[-1][0] >= lvl and year_prefix(stack[-1][1]) is not None:
                stack.pop()
        if b.kind in (BlockKind.paragraph, BlockKind.list_item):
            in_obj = _in_objectives(stack)
            is_result = bool(_v().result_line.match(_cf(b.text)))
            targets = parse_targets(b.text, require_cue=not (in_obj or is_result))
            if not targets:
                continue
            hy = _heading_year(stack) if in_obj else None
            last = b.footnote_refs[-1] if b.footnote_refs else None
            markers = _marker_positions(b) if b.footnote_refs else []
            prov = b.provenance(ir.source)
            for t in targets:
                if not t.values or not _has_subject(t.text):
                    continue
                fid = _footnote_for(b.text, t.start, t.end, markers, last)
                ind = Indicator(
                    text=t.text, footnote=fid, target_year=t.target_year or hy, values=t.values,
                    sources=sources_of(fid, prov) if fid else [],
                    task_id=_task_for(t.text, tasks, None, "body"),
                    footnote_text=footnotes.get(fid) if fid else None, provenance=prov)
                found.append((ind, False))
        elif b.kind == BlockKind.table and b.table is not None:
            header_row = next((r for r in b.table.rows if r.is_header), None)
            tcols = grouped_targets_columns(b.table)  # years heading groups of measure columns
            if tcols is None and header_row is not None:
                tcols = targets_columns([c.text for c in header_row.cells])
            if tcols is None and header_row is not None:
                # years in a second header row under a merged 'Giai đoạn 2026 - 2030' (structure stage)
                tcols = targets_columns(layered_header(b.table))
            if tcols is not None:
                row_targets = _targets_table_indicators(ir, b, tcols)
                per_row.update(id(ind) for ind in row_targets)
                found.extend((ind, True) for ind in row_targets)
                continue
            cols = _scan_columns(b.table.rows)
            content_col = _task_content_column(b.table.rows)
            for ri, row in enumerate(b.table.rows):
                if row.is_header or row.is_group:
                    continue
                rid = _row_id(row)
                prov = b.provenance(ir.source, table_row=ri)
                if row.page is not None or row.line_start is not None:
                    prov = prov.model_copy(update={"page": row.page or prov.page,
                                                   "line_start": row.line_start or prov.line_start,
                                                   "line_end": row.line_end or prov.line_end})
                for c in row.cells:
                    if (cols is not None and c.col not in cols) or (cols is None and c.col == 0):
                        continue
                    for t in parse_targets(c.text, require_cue=c.col == content_col):
                        if not t.values or not _has_subject(t.text):
                            continue
                        tid = _task_for(t.text, tasks, ri, "appendix") or rid
                        found.append((Indicator(text=t.text, target_year=t.target_year, values=t.values,
                                                task_id=tid, provenance=prov), True))
    return _dedupe(found, per_row), warnings


def _dedupe(found: list[tuple[Indicator, bool]], per_row: set[int] | None = None) -> list[Indicator]:
    """One indicator per target: a body restatement of an appendix target gives way to the appendix one; two rows
    of a targets table (ids in per_row) are two targets even with equal wording and value."""
    per_row = per_row or set()
    out: list[tuple[Indicator, bool]] = []
    for ind, from_table in found:
        key = _cf(ind.text)
        dup = None
        for k, (o, o_table) in enumerate(out):
            if from_table and o_table and (o.target_year != ind.target_year or (
                    id(o) in per_row and id(ind) in per_row and o.provenance.table_row != ind.provenance.table_row)):
                continue  # one row of a targets table: a value per year column; two rows are two targets
            if _cf(o.text) == key and [x.value for x in o.values] == [x.value for x in ind.values]:
                dup = k
                break
        if dup is None:
            out.append((ind, from_table))
        elif from_table and not out[dup][1]:
            out[dup] = (ind, from_table)
    return [i for i, _ in out]
