"""Footnote markers and notes as they appear in plain-text extractions of plan documents.

Three conventions are recognised:

1. Unicode superscript digits (what Word's footnotes become in a text export):
   a body line carries the marker right after a word or number ("… đạt 0,8¹⁰."), and the note is a line
   of its own that starts with the same marker ("¹⁰ Chỉ tiêu tại Nghị quyết …"), usually at the bottom of
   the page, i.e. interleaved with the body text.
2. pandoc's plain-text footnotes: a marker `[footnoteRef:1]` in the text and the note inline as
   `[1: note text]` (brackets balanced), usually later on the same line.
3. pandoc Markdown footnotes: a marker `[^1]` (any label without spaces: `[^note-2]`) in the text and a
   definition line `[^1]: note text` (at most three spaces of indent), usually at the end of the file;
   the note goes on over the following lines indented by at least two spaces or a tab (blank lines
   between indented lines included).
4. Word-export endnotes as plain brackets: a marker `[1]` glued to the word, number or punctuation it
   annotates ("… đạt 4,0 - 4,5%/năm[1].") and the note a line of its own that starts with the marker
   ("[1] Theo Nghị quyết số …"), usually at the very end of the file (after the appendix) or at the foot of
   the page. A bracketed number is this kind of marker only when the document has both: a glued use and,
   on a LATER line, a note line with the same number (`bracket_note_ids`), so "[1]" in ordinary text
   (a list label, a citation of a numbered source with no note line) is left alone.
5. The same with parentheses: a marker "(1)" glued to what it annotates ("… đạt 100%(1)") or after one
   space when it closes a clause ("… đạt 100% (1).", only punctuation or the end of the line after it),
   and a later note line "(1) Chỉ tiêu tại …". Again a "(n)" counts only when both exist
   (`paren_note_lines`); an enumerator "(1) xây dựng …; (2) …" in running text is followed by words, so it is
   never a marker, and a line "(1) …" is a note line only for an id some earlier line marks and not in a
   run of such lines right after a line ending in ":" (an enumeration).

Guarantees:
- `split_superscript_refs(s)` returns the text with every marker removed and the marker ids in order
  (as ASCII digit strings); a ² or ³ right after a unit of area/volume ("50 m²") is an exponent and is kept.
- `parse_superscript_note(s)` returns (id, note text) only for a line that *starts* with a marker.
- `split_pandoc_notes(s, known_ids)` removes `[footnoteRef:N]` markers (returning their ids) and cuts out
  `[N: …]` notes only for ids in `known_ids` (ids some `[footnoteRef:N]` in the document uses), so ordinary
  bracketed text is never taken for a note.
- `split_md_refs(s)` removes every `[^label]` marker and returns the labels in order;
  `parse_md_note(line)` returns (label, first-line text) only for a definition line, and
  `is_md_note_continuation(line)` says whether a line is indented as a continuation of a note.
- `bracket_note_ids(lines)` gives the ids that have a glued marker and a later note line;
  `split_bracket_refs(s, ids)` removes glued `[n]` markers of those ids (returning them in order) and
  `parse_bracket_note(s, ids)` returns (id, note text) only for a line that starts with `[n]` of a known id.
- `paren_note_lines`, `split_paren_refs`, `parse_paren_note` do the same for convention 5.
Nothing here changes letters, diacritics or spacing other than removing the markers themselves.
"""
from __future__ import annotations

import re

from extractors.layout_patterns import layout_pattern

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_SUP_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_NOTE_LINE = re.compile(f"^\\s*([{SUPERSCRIPT_DIGITS}]+)\\s*(\\S.*)$", re.S)
_PANDOC_REF = re.compile(r"\[footnoteRef:\s*(\d+)\]")
_PANDOC_NOTE_START = re.compile(r"\[(\d+):")
_MD_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_MD_NOTE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$")
_MD_CONTINUATION = re.compile(r"^(?: {2,}|\t)\s*\S")
_BRACKET_REF = re.compile(r"(?<=[^\s\[\]])\[(\d{1,3})\](?![(:\[])")
_BRACKET_NOTE = re.compile(r"^\s*\[(\d{1,3})\][ \t]+(\S.*)$", re.S)
_PAREN_REF = re.compile(r"(?<=[^\s(\[:])\((\d{1,2})\)(?![\w(\[])"
                        r"|(?<=[^\s(\[:]) \((\d{1,2})\)(?=[ \t]*(?:[.,;]|$))")
_PAREN_NOTE = re.compile(r"^\s*\((\d{1,2})\)[ \t]+(\S.*)$", re.S)


def superscript_to_id(marker: str) -> str:
    """'¹⁰' -> '10'."""
    return marker.translate(_TO_ASCII)


def split_superscript_refs(s: str) -> tuple[str, list[str]]:
    """Remove superscript footnote markers from body text; return (text, ids in order)."""
    unit = layout_pattern("superscript_unit")
    ids: list[str] = []
    out: list[str] = []
    pos = 0
    for m in _SUP_RUN.finditer(s):
        before = s[:m.start()]
        if m.start() == 0 or before[-1].isspace():
            continue  # a marker must follow the word or number it annotates
        if m.group(0)[0] in "²³" and unit.search(before + m.group(0)[0]):
            continue  # m², km³: an exponent
        out.append(s[pos:m.start()])
        ids.append(superscript_to_id(m.group(0)))
        pos = m.end()
    out.append(s[pos:])
    return "".join(out), ids


def parse_superscript_note(s: str) -> tuple[str, str] | None:
    """'¹ Chỉ tiêu tại …' -> ('1', 'Chỉ tiêu tại …'); None if the line does not start with a marker."""
    m = _NOTE_LINE.match(s)
    if not m:
        return None
    return superscript_to_id(m.group(1)), m.group(2)


def pandoc_ref_ids(text: str) -> set[str]:
    """Ids of all `[footnoteRef:N]` markers in a whole document."""
    return {m.group(1) for m in _PANDOC_REF.finditer(text)}


def _balanced_end(s: str, start: int) -> int | None:
    """Index just past the ']' closing the '[' at `start`, or None when unbalanced."""
    depth = 0
    for i in range(start, len(s)):
        if s[i] == "[":
            depth += 1
        elif s[i] == "]":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def split_pandoc_notes(s: str, known_ids: set[str]) -> tuple[str, list[str], list[tuple[str, str]]]:
    """Cut pandoc footnotes out of one line.

    Returns (text without markers and notes, ids referenced, [(id, note text), …]).
    """
    refs = [m.group(1) for m in _PANDOC_REF.finditer(s)]
    s = _PANDOC_REF.sub("", s)
    notes: list[tuple[str, str]] = []
    out: list[str] = []
    pos = 0
    while True:
        m = _PANDOC_NOTE_START.search(s, pos)
        if m is None:
            break
        if m.group(1) not in known_ids:
            out.append(s[pos:m.end()])
            pos = m.end()
            continue
        end = _balanced_end(s, m.start())
        if end is None:
            out.append(s[pos:m.end()])
            pos = m.end()
            continue
        out.append(s[pos:m.start()])
        notes.append((m.group(1), s[m.end():end - 1].strip()))
        pos = end
    out.append(s[pos:])
    return "".join(out), refs, notes


def split_md_refs(s: str) -> tuple[str, list[str]]:
    """Remove pandoc Markdown footnote markers `[^1]` from a line; return (text, labels in order)."""
    if "[^" not in s:
        return s, []
    ids = [m.group(1) for m in _MD_REF.finditer(s)]
    return _MD_REF.sub("", s), ids


def parse_md_note(line: str) -> tuple[str, str] | None:
    """'[^1]: Chỉ tiêu tại …' -> ('1', 'Chỉ tiêu tại …'); None for any other line."""
    m = _MD_NOTE.match(line)
    if not m:
        return None
    return m.group(1), m.group(2).strip()


def is_md_note_continuation(line: str) -> bool:
    """A line indented as the continuation of a Markdown footnote definition."""
    return bool(_MD_CONTINUATION.match(line))


def bracket_note_ids(lines: list[str]) -> set[str]:
    """Ids n with a glued marker '…word[n]' on some line and a note line '[n] …' on a later line."""
    first_use: dict[str, int] = {}
    ids: set[str] = set()
    for i, line in enumerate(lines):
        if "[" not in line:
            continue
        m = _BRACKET_NOTE.match(line)
        if m is not None and first_use.get(m.group(1), i) < i:
            ids.add(m.group(1))
            continue
        for r in _BRACKET_REF.finditer(line):
            first_use.setdefault(r.group(1), i)
    return ids


def split_bracket_refs(s: str, known_ids: set[str]) -> tuple[str, list[str]]:
    """Remove glued '[n]' endnote markers of `known_ids` from a line; return (text, ids in order)."""
    if not known_ids or "[" not in s:
        return s, []
    ids: list[str] = []

    def cut(m: re.Match[str]) -> str:
        if m.group(1) not in known_ids:
            return m.group(0)
        ids.append(m.group(1))
        return ""

    return _BRACKET_REF.sub(cut, s), ids


def parse_bracket_note(s: str, known_ids: set[str]) -> tuple[str, str] | None:
    """'[1] Theo Nghị quyết …' -> ('1', 'Theo Nghị quyết …') for a known id; None for any other line."""
    m = _BRACKET_NOTE.match(s)
    if m is None or m.group(1) not in known_ids:
        return None
    return m.group(1), m.group(2).strip()


def paren_note_lines(lines: list[str]) -> dict[int, str]:
    """Note lines of convention 5: index of a line '(n) …' -> n, for an n that some earlier line marks
    ('…100%(n)', '…100% (n).'). A run of '(n) …' lines right after a line ending in ':' is an enumeration
    ("Các nhóm giải pháp:" / "(1) …" / "(2) …"), never notes."""
    first_use: dict[str, int] = {}
    notes: dict[int, str] = {}
    in_list = False
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = _PAREN_NOTE.match(line)
        if m is not None and in_list:
            continue
        in_list = line.rstrip().endswith(":")
        if m is not None and first_use.get(m.group(1), i) < i:
            notes[i] = m.group(1)
            continue
        for r in _PAREN_REF.finditer(line):
            first_use.setdefault(r.group(r.lastindex or 1), i)
    return notes

def split_paren_refs(s: str, known_ids: set[str]) -> tuple[str, list[str]]:
    """Remove '(n)' footnote markers of `known_ids` (convention 5) from a line; return (text, ids in order)."""
    if not known_ids or "(" not in s:
        return s, []
    ids: list[str] = []

    def cut(m: re.Match[str]) -> str:
        fid = m.group(m.lastindex or 1)
        if fid not in known_ids:
            return m.group(0)
        ids.append(fid)
        return ""

    return _PAREN_REF.sub(cut, s), ids


def parse_paren_note(s: str, note_lines: dict[int, str], line_no: int) -> tuple[str, str] | None:
    """'(1) Chỉ tiêu tại …' -> ('1', 'Chỉ tiêu tại …') when line `line_no` (the line `s` comes from) is one
    of `note_lines` (see paren_note_lines); None for any other line."""
    m = _PAREN_NOTE.match(s)
    if m is None or note_lines.get(line_no) != m.group(1):
        return None
    return m.group(1), m.group(2).strip()
