"""Comparing task texts: normalised syllables, boilerplate weights, word segments, TF-IDF vectors.

What it guarantees:
- Texts are compared in `normalize.compare_form` (NFC, one tone-mark convention, casefold), with the
  abbreviations of `extractors/data/boilerplate.json` expanded as whole tokens; display text is never touched.
- `syllables(text)`: the syllable tokens of that form; a legal symbol ("53/2025/nq-hđnd") stays one token.
- `syllable_weights(sylls)`: per-syllable multiplier in [0, 1]: administrative boilerplate phrases
  ("tiếp tục", "triển khai thực hiện có hiệu quả") weighted down, function words ("và", "các") at 0.
- `shingles(text)`: syllable bigrams over the content syllables (the blocking key for MinHash LSH).
- `TextIndex`: a collection of texts with syllable document frequencies; `vector(i)` segments text i with
  underthesea (lazily, cached) and returns its TF-IDF weights per word; `compare(i, j)` scores a pair.
  IDF of a word = mean IDF of its syllables over the whole collection, so only texts that reach scoring
  are segmented (segmentation is ~0.6 ms a text, the most expensive step).
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pydantic import BaseModel

from extractors.normalize import compare_form

DATA_FILE = Path(__file__).resolve().parents[2] / "extractors" / "data" / "boilerplate.json"

# a syllable, or a symbol made of syllables joined by / & . - ("53/2025/nq-hđnd", "kh&cn", "tp.hcm")
_TOKEN = re.compile(r"\w+(?:[/&.\-]\w+)*")


class Phrase(BaseModel):
    phrase: str
    weight: float
    examples: list[str]


class Expansion(BaseModel):
    abbr: str
    full: str
    examples: list[str]


@dataclass(frozen=True)
class Boilerplate:
    phrases: tuple[tuple[tuple[str, ...], float], ...]  # syllable sequence, weight; longest first
    function_words: tuple[tuple[str, ...], ...]
    expansions: dict[str, str] = field(default_factory=dict)
    max_len: int = 1


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s)


@lru_cache(maxsize=4)
def load_boilerplate(path: str | None = None) -> Boilerplate:
    raw = json.loads(Path(path or DATA_FILE).read_text(encoding="utf-8"))
    phrases = [Phrase.model_validate(p) for p in raw["phrases"]]
    exps = [Expansion.model_validate(e) for e in raw["expansions"]["items"]]
    seqs = [(tuple(_tokens(compare_form(p.phrase))), p.weight) for p in phrases]
    seqs.sort(key=lambda x: -len(x[0]))
    fws = tuple(tuple(_tokens(compare_form(w))) for w in raw["function_words"]["words"])
    max_len = max([len(s) for s, _ in seqs] + [len(f) for f in fws] + [1])
    return Boilerplate(phrases=tuple(seqs), function_words=fws,
                       expansions={compare_form(e.abbr): compare_form(e.full) for e in exps},
                       max_len=max_len)


def comparable(text: str, bp: Boilerplate | None = None) -> str:
    """compare_form with abbreviations expanded (whole tokens only)."""
    bp = bp or load_boilerplate()
    s = compare_form(text)
    if not bp.expansions:
        return s
    return _TOKEN.sub(lambda m: bp.expansions.get(m.group(0), m.group(0)), s)


def syllables(text: str, bp: Boilerplate | None = None) -> list[str]:
    return _tokens(comparable(text, bp))


def syllable_weights(sylls: Sequence[str], bp: Boilerplate | None = None) -> list[float]:
    """Multiplier per syllable: min weight of the boilerplate phrases covering it; 0 for function words."""
    bp = bp or load_boilerplate()
    w = [1.0] * len(sylls)
    n = len(sylls)
    for seq, weight in bp.phrases:
        k = len(seq)
        first = seq[0]
        for i in range(n - k + 1):
            if sylls[i] == first and tuple(sylls[i:i + k]) == seq:
                for j in range(i, i + k):
                    if weight < w[j]:
                        w[j] = weight
    for seq in bp.function_words:
        k = len(seq)
        for i in range(n - k + 1):
            if tuple(sylls[i:i + k]) == seq:
                for j in range(i, i + k):
                    w[j] = 0.0
    return w


def content_syllables(text: str, bp: Boilerplate | None = None, min_weight: float = 0.5) -> list[str]:
    """The syllables that say what the work is: boilerplate (weight < min_weight) and function words dropped."""
    bp = bp or load_boilerplate()
    s = syllables(text, bp)
    w = syllable_weights(s, bp)
    return [x for x, wx in zip(s, w) if wx >= min_weight]


def shingles(text: str, bp: Boilerplate | None = None) -> set[bytes]:
    """Syllable bigrams of the content syllables (unigrams for texts of one content syllable)."""
    c = content_syllables(text, bp)
    if len(c) < 2:
        return {x.encode("utf-8") for x in c}
    return {f"{a} {b}".encode("utf-8") for a, b in zip(c, c[1:])}


def segment(text: str, bp: Boilerplate | None = None) -> list[list[str]]:
    """Words (each a list of syllables) of the comparable form, segmented by underthesea.

    Segmenting the casefolded form works better than the cased text ("công nghệ Biển" stays two words).
    """
    from underthesea import word_tokenize

    out: list[list[str]] = []
    for w in word_tokenize(comparable(text, bp)):
        sy = _tokens(w)
        if sy:
            out.append(sy)
    return out


@dataclass
class Comparison:
    cosine: float  # TF-IDF cosine over weighted words
    contained_a: float  # share of A's weight found in B
    contained_b: float  # share of B's weight found in A

    @property
    def nested(self) -> float:
        """How far the more-contained text lies inside the other (1.0 = wholly inside)."""
        return max(self.contained_a, self.contained_b)


class TextIndex:
    """A collection of texts with IDF statistics and lazily segmented TF-IDF vectors."""

    def __init__(self, texts: Sequence[str], bp: Boilerplate | None = None) -> None:
        self.bp = bp or load_boilerplate()
        self.texts = list(texts)
        self.n = len(self.texts)
        df: Counter[str] = Counter()
        for t in self.texts:
            df.update(set(syllables(t, self.bp)))
        self._idf = {s: math.log((1 + self.n) / (1 + c)) + 1.0 for s, c in df.items()}
        self._max_idf = math.log(1 + self.n) + 1.0
        self._vec: dict[int, dict[str, float]] = {}
        self._norm: dict[int, float] = {}
        self._mass: dict[int, float] = {}

    def idf(self, syllable: str) -> float:
        return self._idf.get(syllable, self._max_idf)

    def vector(self, i: int) -> dict[str, float]:
        v = self._vec.get(i)
        if v is not None:
            return v
        words = segment(self.texts[i], self.bp)
        flat = [s for w in words for s in w]
        weights = syllable_weights(flat, self.bp)
        v = {}
        pos = 0
        for w in words:
            k = len(w)
            mult = min(weights[pos:pos + k])
            pos += k
            if mult <= 0:
                continue
            key = " ".join(w)
            idf = sum(self.idf(s) for s in w) / k
            v[key] = v.get(key, 0.0) + mult * idf
        self._vec[i] = v
        self._norm[i] = math.sqrt(sum(x * x for x in v.values()))
        self._mass[i] = sum(v.values())
        return v

    def compare(self, i: int, j: int) -> Comparison:
        a, b = self.vector(i), self.vector(j)
        if not a or not b:
            return Comparison(0.0, 0.0, 0.0)
        if len(a) > len(b):
            small, big = b, a
        else:
            small, big = a, b
        dot = 0.0
        shared_small = 0.0
        shared_big = 0.0
        for w, x in small.items():
            y = big.get(w)
            if y is not None:
                dot += x * y
                shared_small += x
                shared_big += y
        cos = dot / (self._norm[i] * self._norm[j])
        if small is a:
            ca, cb = shared_small / self._mass[i], shared_big / self._mass[j]
        else:
            ca, cb = shared_big / self._mass[i], shared_small / self._mass[j]
        return Comparison(min(cos, 1.0), min(ca, 1.0), min(cb, 1.0))
