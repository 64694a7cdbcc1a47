"""Two columns laid out with spaces: the header and signature blocks of a `pdftotext -layout` text.

A PDF converted with `pdftotext -layout` keeps the page geometry: the two-column header ("TỈNH ỦY …" left,
"ĐẢNG CỘNG SẢN VIỆT NAM" right; "Số 12-KH/TU" left, "Phú Thọ, ngày …" right) and the signature block
("Nơi nhận:" and the recipients left, "T/M BAN THƯỜNG VỤ", the office and the signer right) are printed as
one line per row with the columns aligned by runs of spaces. Read line by line, a row mixes the two
columns ("Số 12-KH/TU Phú Thọ, ngày …"); read column by column it is a header again. This module finds
those runs of lines and where to cut them; the loader turns them into text blocks, left column then right
column, as it does for a header exported with tabs.

Guarantees:
- A *gap* is a run of at least GAP_MIN spaces between two printed characters of one line; leading
  indentation and trailing padding are not gaps. Lines holding a tab are never cut (the loader reads tabs).
- The cut of a run of lines (`river`) is a character offset inside a band at least GAP_MIN wide that is
  blank on EVERY line of the run (a line shorter than the band is blank there), with printed text left and
  right of it on at least MIN_SPLIT_LINES lines. Among such bands the one cutting most lines wins, then the
  widest. So the blanks of an unfilled field ("Số:     /KH-UBND", "ngày    tháng    năm") are never taken
  for the column gap: other lines of the run print text there.
- `header_run` looks only at the first HEADER_SCAN non-blank lines of the first page: the run goes from the
  first non-blank line to the last line with a gap among them (at least MIN_SPLIT_LINES lines with a gap),
  shortened from the end until a cut exists. A single-column header has no run.
- `signature_run(lines, i, cue)` starts at a line with a gap whose text before or after its widest gap is a
  signature cue ("Nơi nhận:", "T/M BAN THƯỜNG VỤ", given by the caller) and goes on over lines that keep a
  common blank band (left-column recipients, the right-column signer alone after the blank lines left for
  the signature), up to SIGNATURE_MAX_BLANKS blank lines in a row; it stops at a page change, at a line
  that leaves no band (a body line across the page) or at a line the caller's `stop` says ends it (an
  appendix title).
- `split_line(raw, cut)` returns the (left, right) text of one line, stripped; either may be empty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

GAP_MIN = 3
MIN_SPLIT_LINES = 2
HEADER_SCAN = 12
SIGNATURE_MAX_BLANKS = 8

_GAP = re.compile(r"(?<=\S) {%d,}(?=\S)" % GAP_MIN)


@dataclass(frozen=True)
class ColumnRun:
    start: int  # index of the first line of the run
    end: int  # index after the last line of the run
    cut: int  # character offset between the two columns


def has_gap(raw: str) -> bool:
    """A run of GAP_MIN+ spaces between two printed characters (not indentation, not padding, no tab)."""
    return "\t" not in raw and _GAP.search(raw) is not None


def widest_gap_pieces(raw: str) -> tuple[str, str] | None:
    """The text before and after the widest gap of a line, or None when it has no gap."""
    if "\t" in raw:
        return None
    gaps = list(_GAP.finditer(raw))
    if not gaps:
        return None
    g = max(gaps, key=lambda m: m.end() - m.start())
    return raw[:g.start()].strip(), raw[g.end():].strip()


def split_line(raw: str, cut: int) -> tuple[str, str]:
    return raw[:cut].strip(), raw[cut:].strip()


def _bands(lines: Sequence[str]) -> list[tuple[int, int]]:
    """Bands [a, b) at least GAP_MIN wide, blank on every line, with text on both sides on some line."""
    width = max((len(s.rstrip()) for s in lines), default=0)
    busy = [False] * width
    for s in lines:
        for x, ch in enumerate(s.rstrip()):
            if not ch.isspace():
                busy[x] = True
    out: list[tuple[int, int]] = []
    x = 0
    while x < width:
        if busy[x]:
            x += 1
            continue
        a = x
        while x < width and not busy[x]:
            x += 1
        if x < width and a > 0 and x - a >= GAP_MIN:
            out.append((a, x))
    return out


def _cut_count(lines: Sequence[str], band: tuple[int, int]) -> int:
    a, b = band
    return sum(1 for s in lines if s[:a].strip() and s[b:].strip())


def river(lines: Sequence[str], min_cut: int = MIN_SPLIT_LINES) -> int | None:
    """The offset that cuts these lines into two columns, or None (see the module docstring)."""
    if any("\t" in s for s in lines):
        return None
    best: tuple[int, int, int] | None = None  # (lines cut, width, offset)
    for band in _bands(lines):
        n = _cut_count(lines, band)
        if n < min_cut:
            continue
        cand = (n, band[1] - band[0], band[0] + GAP_MIN // 2 + 1)
        if best is None or cand[:2] > best[:2]:
            best = cand
    return best[2] if best else None


def header_run(lines: Sequence[str], pages: Sequence[int | None]) -> ColumnRun | None:
    """The two-column header at the top of the document, or None (see the module docstring)."""
    idx = [i for i, s in enumerate(lines) if s.strip()]
    if not idx:
        return None
    first = idx[0]
    window = [i for i in idx[:HEADER_SCAN] if pages[i] == pages[first]]
    gapped = [i for i in window if has_gap(lines[i])]
    if len(gapped) < MIN_SPLIT_LINES:
        return None
    for k in range(len(gapped), MIN_SPLIT_LINES - 1, -1):
        end = gapped[k - 1] + 1
        cut = river(lines[first:end])
        if cut is not None:
            return ColumnRun(first, end, cut)
    return None


def signature_run(lines: Sequence[str], pages: Sequence[int | None], i: int, cue: Callable[[str], bool],
                  stop: Callable[[str], bool]) -> ColumnRun | None:
    """The two-column signature block starting at line i, or None (see the module docstring)."""
    pieces = widest_gap_pieces(lines[i])
    if pieces is None or not any(p and cue(p) for p in pieces):
        return None
    taken = [i]
    blanks = 0
    j = i + 1
    while j < len(lines) and pages[j] == pages[i]:
        s = lines[j]
        if not s.strip():
            blanks += 1
            if blanks > SIGNATURE_MAX_BLANKS:
                break
            j += 1
            continue
        if "\t" in s or stop(s.strip()) or river([lines[t] for t in taken] + [s], min_cut=1) is None:
            break
        taken.append(j)
        blanks = 0
        j += 1
    cut = river([lines[t] for t in taken], min_cut=1)
    if cut is None:
        return None
    return ColumnRun(i, taken[-1] + 1, cut)
