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
"""
from __future__ import annotations

import re
import unicodedata

_SENTENCE_END = re.compile(r"[.;:!?…](?:[\"'”’)\]»*]*)\s*$")
_SYMBOL_OPEN = re.compile(r"[0-9A-Za-zÀ-ỹĐđ][-/]$")
_FIRST_TOKEN = re.compile(r"^(\S+)\s+(\S+)")
_LAST_WORD = re.compile(r"(\w+)\s*$")
_FIRST_WORD = re.compile(r"^(\w+)")
_VOWELS = set("aeiouy")
_CLOSING_PUNCT = set(",.;:!?)]}”’…")


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
