"""Page-break repair: re-join a sentence, word or symbol that a page break (or a cell split across pages)
cut in two.

Guarantees:
- `is_continuation(prev, nxt)` is True only when `prev` does not end a sentence (no final ". ; : ! ?",
  no closing bracket/quote after one) AND `nxt` either starts with a lower-case letter, or `prev` ends
  inside a symbol (a letter/digit followed by "-" or "/", as in "Nghị quyết số 45-" + "NQ/TW").
  Text starting with an upper-case letter after a complete-looking line is never joined (that would
  merge real paragraphs).
- `join_fragments(prev, nxt)` joins with one space, or with none when `prev` ends inside a symbol
  ("45-" + "NQ/TW" -> "45-NQ/TW"). Break debris is dropped: a leading vowel-less fragment that repeats
  the start of the next word ("sự" + "ng nghiệp" -> "sự nghiệp"), and a word repeated on both sides of
  the break ("của" + "của Bộ" -> "của Bộ").
- Both work on display text; nothing else in the strings changes.

Hard-wrapped text (legal-text website exports wrap every paragraph and table cell at a fixed width, ~74
characters, mid-sentence):
- `wrap_width(lengths)` returns the width a document was wrapped at, or None when it is not hard-wrapped:
  the 98th percentile of its non-empty line lengths is between 40 and 100 characters and at least a tenth
  of the lines (and at least 5) reach within 15 characters of it. Documents written one paragraph per line
  (the seed corpus: lines of several hundred characters) are never taken for hard-wrapped.
- `is_wrapped(prev_line, nxt, width)` is True when `nxt` (the next source line) continues `prev_line` (the
  line right above it). Both lines must be in the same case (an upper-case title line is continued only by
  an upper-case line; "KẾ HOẠCH" + "thực hiện …" is a title and its subtitle; a line without letters fits
  either), then: `prev_line` ends inside
  a symbol; or `nxt` starts lower-case (a paragraph never does); or `prev_line` does not end with ":" (or
  the closing "./.") and is full — the first word of `nxt` would not have fit on it (length + 1 + word >
  width − WRAP_SLACK). A full line ending with "." or ";" is joined too: inside a paragraph a sentence
  often ends at a wrap, while a paragraph whose last line happens to be full is rarer — and most new
  paragraphs of a plan start with a list marker, which the caller checks (`nxt` must carry no marker).
- `join_wrapped(prev, nxt)` joins two wrapped lines with one space (none inside a split symbol), keeping
  every word: a word printed on both sides of a wrap is text, not page-break debris.
- `continues_number(prev, nxt)`: in any document, a line starting with a digit continues a text that ends
  with a word expecting a number ("… trước ngày" + "20/12 hằng năm", "… trong tháng" + "8/2025"); the
  words are the `number_expected_end` pattern of `data/text_layout.json`.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from extractors.layout_patterns import layout_pattern

_SENTENCE_END = re.compile(r"[.;:!?…](?:[\"'”’)\]»*]*)\s*$")
_SYMBOL_OPEN = re.compile(r"[0-9A-Za-zÀ-ỹĐđ][-/]$")
_FIRST_TOKEN = re.compile(r"^(\S+)\s+(\S+)")
_LAST_WORD = re.compile(r"(\w+)\s*$")
_FIRST_WORD = re.compile(r"^(\w+)")
_VOWELS = set("aeiouy")
_CLOSING_PUNCT = set(",.;:!?)]}”’…")
_CLAUSE_OPEN = re.compile(r"(?::|\./\.)(?:[\"'”’)\]»*]*)$")  # "… như sau:", the closing "./."
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 100
WRAP_NEAR = 15
WRAP_SLACK = 3


def _base(ch: str) -> str:
    d = unicodedata.normalize("NFD", ch)
    return d[0].lower() if d else ch


def _has_vowel(word: str) -> bool:
    return any(_base(c) in _VOWELS for c in word)


def ends_sentence(s: str) -> bool:
    return bool(_SENTENCE_END.search(s.rstrip()))


def ends_in_symbol(s: str) -> bool:
    """'… số 45-' / '… số 12/': the break fell inside a number/symbol."""
    s = s.rstrip()
    return bool(_SYMBOL_OPEN.search(s))


def starts_lower(s: str) -> bool:
    s = s.lstrip()
    return bool(s) and s[0].isalpha() and s[0].islower()


def is_continuation(prev: str, nxt: str) -> bool:
    """Does `nxt` continue `prev` across a break? See the module docstring."""
    if not prev.strip() or not nxt.strip():
        return False
    if ends_in_symbol(prev):
        return not nxt.lstrip()[0].isspace()
    if ends_sentence(prev):
        return False
    return starts_lower(nxt)


def drop_break_debris(prev: str, nxt: str) -> str:
    """Remove debris at the start of `nxt` (see module docstring); returns the cleaned `nxt`."""
    s = nxt.lstrip()
    m = _FIRST_TOKEN.match(s)
    if m:
        tok, following = m.group(1), m.group(2)
        if tok.isalpha() and tok.islower() and not _has_vowel(tok) and following.lower().startswith(tok.lower()) \
                and len(following) > len(tok):
            s = s[m.end(1):].lstrip()
    lw = _LAST_WORD.search(prev)
    fw = _FIRST_WORD.match(s)
    if lw and fw and len(lw.group(1)) > 1 and lw.group(1).isalpha() \
            and lw.group(1).casefold() == fw.group(1).casefold():
        s = s[fw.end():].lstrip()
    return s


def join_fragments(prev: str, nxt: str) -> str:
    """Join two pieces of one sentence/cell split by a break."""
    if not prev.strip():
        return nxt.strip()
    if not nxt.strip():
        return prev.rstrip()
    left = prev.rstrip()
    if ends_in_symbol(left) and not prev.endswith((" ", "\t")):
        return left + nxt.lstrip()
    right = drop_break_debris(left, nxt)
    if not right:
        return left
    if right[0] in _CLOSING_PUNCT:
        return left + right
    return left + " " + right


def wrap_width(lengths: Iterable[int]) -> int | None:
    """The width a hard-wrapped document was wrapped at, or None (see the module docstring)."""
    ls = sorted(n for n in lengths if n > 0)
    if len(ls) < 20:
        return None
    width = ls[int(0.98 * (len(ls) - 1))]
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return None
    near = sum(1 for n in ls if n >= width - WRAP_NEAR)
    return width if near >= max(5, len(ls) // 10) else None


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _words(s: str) -> str:
    """The line without its symbol-like tokens (holding a digit: "68-NQ/TW", "01/2024/TT-BGDĐT")."""
    return " ".join(w for w in s.split() if not any(c.isdigit() for c in w))


def _case_differs(a: str, b: str) -> bool:
    """One line upper-case and the other not; symbols do not count, and a line of symbols only ("2045",
    "01/2024/TT-BGDĐT.") fits either."""
    a, b = _words(a), _words(b)
    if not any(c.isalpha() for c in a) or not any(c.isalpha() for c in b):
        return False
    return _is_caps(a) != _is_caps(b)


def join_wrapped(prev: str, nxt: str) -> str:
    """Join two lines of a hard-wrapped text: one space, none inside a split symbol. Unlike
    `join_fragments` no debris is removed: a word printed on both sides of a wrap is text ("trở thành" +
    "thành phố")."""
    left, right = prev.rstrip(), nxt.strip()
    if not left or not right:
        return left or right
    if ends_in_symbol(left) and not prev.endswith((" ", "\t")):
        return left + right
    return left + " " + right


def is_wrapped(prev_line: str, nxt: str, width: int, printed_len: int | None = None) -> bool:
    """Does source line `nxt` continue `prev_line` in a document hard-wrapped at `width`? `printed_len` is
    the length of the previous line as printed in the source (with Markdown emphasis, say), when the
    caller passes its display text as `prev_line`."""
    prev_line, nxt = prev_line.rstrip(), nxt.strip()
    if not prev_line or not nxt:
        return False
    if ends_in_symbol(prev_line):
        return True
    if _case_differs(prev_line, nxt):
        return False
    if starts_lower(nxt):
        return True
    if _CLAUSE_OPEN.search(prev_line):
        return False
    first = nxt.split()[0]
    length = printed_len if printed_len is not None else len(prev_line)
    return length + 1 + len(first) > width - WRAP_SLACK


def continues_number(prev: str, nxt: str) -> bool:
    """A line starting with a digit that completes a text ending in a word expecting a number."""
    nxt = nxt.lstrip()
    if not nxt[:1].isdigit() or ends_sentence(prev):
        return False
    return bool(layout_pattern("number_expected_end").search(prev.rstrip()))


_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(\d{1,3})(?:\s*-)?\s*$")


def page_number_lines(lines: list[str], pages: list[int | None]) -> set[int]:
    """Indexes of the lines that are page numbers, debris between two halves of a text: a line holding
    only a number ("2", "- 2 -") that is the first non-blank line of page p (printed at the top of the
    page) with the number p or p − 1 (an unnumbered cover page), or the last non-blank line before a
    page break with the number p. Only documents with form feeds have pages; without them nothing is
    dropped. The caller decides whether the line was read as text (a table row number is not debris)."""
    out: set[int] = set()
    n = len(lines)
    for i, s in enumerate(lines):
        m = _PAGE_NUMBER.match(s)
        p = pages[i]
        if m is None or p is None:
            continue
        num = int(m.group(1))
        k = i - 1
        while k >= 0 and not lines[k].strip() and pages[k] == p:
            k -= 1
        top = k < 0 or pages[k] != p
        k = i + 1
        while k < n and not lines[k].strip() and pages[k] == p:
            k += 1
        bottom = k < n and pages[k] is not None and pages[k] != p
        if (top and num in (p, p - 1)) or (bottom and num == p):
            out.add(i)
    return out
