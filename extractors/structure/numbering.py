"""Printed numbering of a block: its kind ('roman', 'multi', 'arabic', 'letter', 'bullet', 'sub_bullet') and its
level in the one ranking every extractor uses (data/structure.json 'numbering'):

    I. = 1   1. = 2   1.1. = 3   1.1.1. = 4   a) = 5   - / + = 6   unnumbered text = 7

`parse_numbering` reads the marker off a display text (Markdown emphasis and heading hashes removed first);
`block_numbering` reads it off an IR block, whose loader may have split the marker into `Block.marker`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.ir import Block
from extractors.structure.vocab import data

_MD_HASHES = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])")
_ARTIFACTS = re.compile(r"\[bookmark: [^\]]*\]|\[footnoteRef:\d+\]")


@dataclass(frozen=True)
class Numbering:
    kind: str  # roman | multi | arabic | letter | bullet | sub_bullet | plain
    num: str  # the number as printed without its punctuation ("II", "2.1", "a", "-"); "" for plain
    rest: str  # the text after the marker
    level: int
    list_depth: int = 1  # 2 for sub-bullets ('+', '◦')

    @property
    def numbered(self) -> bool:
        """A section/item number ('I.', '2.1.', 'c)'), not a bullet and not plain text."""
        return self.kind in ("roman", "multi", "arabic", "letter")

    @property
    def is_bullet(self) -> bool:
        return self.kind in ("bullet", "sub_bullet")


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, re.Pattern[str], int | str, int], ...]:
    return tuple((k["name"], re.compile(k["regex"]), k["level"], int(k.get("list_depth", 1)))
                 for k in data()["numbering"])


def plain_level() -> int:
    return int(data()["plain_level"])


def strip_markup(s: str) -> str:
    """Markdown heading hashes, emphasis stars and Word artifacts off a line (the text itself is kept)."""
    s = _MD_HASHES.sub("", s)
    s = _ARTIFACTS.sub("", s)
    return _EMPHASIS.sub("", s).strip()


def parse_numbering(text: str) -> Numbering:
    """The numbering of one display text ('2.1. Sở Nội vụ' -> multi '2.1' level 3). A Roman numeral must be
    followed by a capital ('I. Mục tiêu'), else it is not read as a numeral."""
    for kind, pat, level, depth in _kinds():
        m = pat.match(text)
        if not m:
            continue
        num, rest = m.group("num"), m.group("rest").strip()
        if kind == "roman" and not rest[:1].isupper():
            continue
        lvl = 1 + num.count(".") + 1 if level == "depth" else int(level)
        return Numbering(kind, num, rest, lvl, depth)
    return Numbering("plain", "", text, plain_level())


def block_text(b: Block) -> str:
    """The block's display text with its marker in front (loaders may keep the marker apart)."""
    raw = b.text or ""
    if b.marker and not raw.startswith(b.marker):
        raw = f"{b.marker} {raw}"
    return raw


def block_numbering(b: Block) -> Numbering:
    return parse_numbering(strip_markup(block_text(b)))
