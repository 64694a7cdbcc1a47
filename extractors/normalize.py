"""Text normalisation for Vietnamese plan documents.

Guarantees:
- `nfc(s)`: Unicode NFC, nothing else changed.
- `clean_text(s)`: NFC, non-breaking/odd spaces to plain spaces, runs of white space collapsed to one,
  stripped. Display text: diacritics and tone placement are kept as printed.
- `tone_normalize(s)`: NFC and one tone-mark convention ("new style", tone on the main vowel of the
  rhyme: "hoá" -> "hóa", "thuỷ" -> "thủy", "Hoà" -> "Hòa"), applied only where the rhyme oa/oe/uy has
  no final consonant. Used for comparison; never for storage of display text.
- `compare_form(s)`: tone_normalize + casefold + collapsed white space + unified dashes/quotes: the form
  two strings are compared in.
- `base_letters(s)`: letters and digits only, diacritics removed, lower-cased — for alignment only.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WS = re.compile(r"\s+")

# tone marks as combining characters (NFD)
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

# old-style -> new-style: the tone sits on the second vowel of oa/oe/uy with no final consonant
_OLD_STYLE = re.compile(
    r"(?i)(?<![A-Za-zÀ-ỹ])((?:[bcdđghklmnpqrstvx]|ch|gh|gi|kh|ng|ngh|nh|ph|th|tr)?)"
    r"([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![A-Za-zÀ-ỹ\u0300-\u036f])"
)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def clean_text(s: str) -> str:
    s = nfc(s)
    s = _SPACES.sub(" ", s)
    return _WS.sub(" ", s).strip()


def _fix_tone(m: re.Match[str]) -> str:
    onset, v1, v2, tone = m.group(1), m.group(2), m.group(3), m.group(4)
    pair = (v1 + v2).lower()
    if pair not in ("oa", "oe", "uy"):
        return m.group(0)
    # "qu" + y: the u belongs to the onset ("quý" is already right)
    if pair == "uy" and onset.lower() == "q":
        return m.group(0)
    # "gi" + a: not this rhyme
    return onset + v1 + tone + v2


def tone_normalize(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    # NFD puts the circumflex/breve/horn before the tone; oa/oe/uy carry no other mark on the 2nd vowel.
    d = _OLD_STYLE.sub(_fix_tone, d)
    return unicodedata.normalize("NFC", d)


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb\"]")


def compare_form(s: str) -> str:
    s = tone_normalize(clean_text(s))
    s = _DASHES.sub("-", s)
    s = _QUOTES.sub('"', s).replace("\u2018", "'").replace("\u2019", "'")
    return s.casefold()


def strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    d = "".join(ch for ch in d if not unicodedata.combining(ch))
    return d.replace("đ", "d").replace("Đ", "D")


def base_letters(s: str) -> str:
    return "".join(ch for ch in strip_marks(s).lower() if ch.isalnum())
