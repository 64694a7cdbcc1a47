"""Comparing task texts: normalised syllables, boilerplate weights, word segments, TF-IDF vectors.

What it guarantees:
- Texts are compared in `normalize.compare_form` (NFC, one tone-mark convention, casefold), with the
  abbreviations of `extractors/data/boilerplate.json` expanded as whole tokens; display text is never touched.
- `syllables(text)`: the syllable tokens of that form; a legal symbol ("53/2025/nq-hđnd") stays one token.
- `syllable_weights(sylls)`: per-syllable multiplier in [0, 1]: administrative boilerplate phrases
  ("tiếp tục", "triển khai thực hiện có hiệu quả") weighted down, function words ("và", "các") at 0.
- `shingles(text)`: syllable bigrams over the content syllables (the blocking key for MinHash LSH).
- `TextIndex`: a collection of texts, each tokenised and weighted once, with syllable document frequencies;
  `vector(i)` segments text i with underthesea (lazily, once a text) and returns its TF-IDF weights per word;
  `syllable_vector(i)` the same per syllable (no segmentation); `compare(i, j)` scores one pair (word cosine,
  word and syllable containment); `syllable_scores(I, J)` / `score_pairs(I, J)` score many pairs at once with
  scipy sparse row-wise products. IDF of a word = mean IDF of its syllables over the whole collection, so
  only texts that reach word scoring are segmented (~0.7 ms a text, the most expensive step per text).
"""
from __future__ import annotations

import json
import math
import re
from sys import intern
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from pydantic import BaseModel

from extractors.normalize import compare_form

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

# progress(stage, done, total): called now and then by long steps
Progress = Callable[[str, int, int], None]

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
    # phrases and function words indexed by their first syllable (one pass over a text instead of one a phrase)
    by_first: dict[str, tuple[tuple[tuple[str, ...], float], ...]] = field(default_factory=dict)


def _index_by_first(phrases: Sequence[tuple[tuple[str, ...], float]],
                    fws: Sequence[tuple[str, ...]]) -> dict[str, tuple[tuple[tuple[str, ...], float], ...]]:
    """first syllable -> (sequence, weight); weight -1 marks a function word (set to 0 after the phrases)."""
    idx: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for seq, w in phrases:
        if seq:
            idx.setdefault(seq[0], []).append((seq, w))
    for seq in fws:
        if seq:
            idx.setdefault(seq[0], []).append((seq, -1.0))
    return {k: tuple(v) for k, v in idx.items()}


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
                       max_len=max_len, by_first=_index_by_first(seqs, fws))


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
    by_first = bp.by_first or _index_by_first(bp.phrases, bp.function_words)
    n = len(sylls)
    w = [1.0] * n
    zero: list[tuple[int, int]] = []
    for i, x in enumerate(sylls):
        cands = by_first.get(x)
        if not cands:
            continue
        for seq, weight in cands:
            k = len(seq)
            if i + k <= n and (k == 1 or tuple(sylls[i:i + k]) == seq):
                if weight < 0:
                    zero.append((i, i + k))
                    continue
                for j in range(i, i + k):
                    if weight < w[j]:
                        w[j] = weight
    for a, b in zero:
        for j in range(a, b):
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
    contained_a: float  # share of A's word weight found in B
    contained_b: float  # share of B's word weight found in A
    syl_a: float = 0.0  # share of A's syllable weight found in B
    syl_b: float = 0.0  # share of B's syllable weight found in A

    @property
    def nested(self) -> float:
        """How far the more-contained text lies inside the other (1.0 = wholly inside), on words."""
        return max(self.contained_a, self.contained_b)

    @property
    def nested_syllables(self) -> float:
        """The same on syllables: a text cut inside a compound word ("… khoa" of "… khoa học") still nests."""
        return max(self.syl_a, self.syl_b)


@dataclass
class PairScores:
    """Scores of many pairs at once (numpy arrays, one entry a pair)."""
    cosine: "np.ndarray"
    syl_a: "np.ndarray"
    syl_b: "np.ndarray"

    @property
    def nested(self) -> "np.ndarray":
        import numpy as np
        return np.maximum(self.syl_a, self.syl_b)


class _Rows:
    """A sparse matrix built row by row on demand: text index -> row, feature -> column."""

    def __init__(self, featurize: "Callable[[int], dict[str, float]]") -> None:
        self.featurize = featurize
        self.row: dict[int, int] = {}
        self.col: dict[str, int] = {}
        self.indptr: list[int] = [0]
        self.indices: list[int] = []
        self.data: list[float] = []
        self._m: "sparse.csr_matrix | None" = None

    def ensure(self, items: "Iterable[int]", progress: "Progress | None" = None, stage: str = "") -> None:
        todo = [i for i in dict.fromkeys(items) if i not in self.row]
        for k, i in enumerate(todo):
            v = self.featurize(i)
            for f, x in v.items():
                c = self.col.get(f)
                if c is None:
                    c = self.col[f] = len(self.col)
                self.indices.append(c)
                self.data.append(x)
            self.indptr.append(len(self.indices))
            self.row[i] = len(self.row)
            if progress and (k % 500 == 499 or k == len(todo) - 1):
                progress(stage, k + 1, len(todo))
        if todo:
            self._m = None

    def matrix(self) -> "sparse.csr_matrix":
        import numpy as np
        from scipy import sparse
        if self._m is None:
            self._m = sparse.csr_matrix(
                (np.asarray(self.data, dtype=np.float64), np.asarray(self.indices, dtype=np.int64),
                 np.asarray(self.indptr, dtype=np.int64)), shape=(len(self.row), max(1, len(self.col))))
        return self._m

    def rows(self, items: "np.ndarray") -> "np.ndarray":
        import numpy as np
        return np.fromiter((self.row[int(i)] for i in items), dtype=np.int64, count=len(items))


def _rowwise(a: "sparse.csr_matrix", b: "sparse.csr_matrix") -> "np.ndarray":
    """sum_k a[r, k] * b[r, k] for every row r (two matrices of the same shape)."""
    import numpy as np
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


class TextIndex:
    """A collection of texts with IDF statistics, syllable weights and lazily segmented TF-IDF vectors.

    Every text is tokenised and weighted once (`syllables`, `syllable_weights`); underthesea segmentation
    runs only for texts that reach word scoring, once a text. `compare(i, j)` scores one pair with dicts;
    `score_pairs(I, J)` scores many with scipy sparse row-wise products, in batches.
    """

    def __init__(self, texts: Sequence[str], bp: Boilerplate | None = None, progress: Progress | None = None
                 ) -> None:
        self.bp = bp or load_boilerplate()
        self.texts = list(texts)
        self.n = len(self.texts)
        self.sylls: list[list[str]] = []
        self.weights: list[list[float]] = []
        seen: dict[str, tuple[list[str], list[float]]] = {}  # a text printed in many plans is tokenised once
        for k, t in enumerate(self.texts):
            done = seen.get(t)
            if done is None:
                sy = [intern(x) for x in syllables(t, self.bp)]  # one str object per distinct syllable
                done = seen[t] = (sy, syllable_weights(sy, self.bp))
            self.sylls.append(done[0])
            self.weights.append(done[1])
            if progress and (k % 5000 == 4999 or k == self.n - 1):
                progress("prepare", k + 1, self.n)
        df: Counter[str] = Counter()
        for sy in self.sylls:
            df.update(set(sy))
        self._idf = {s: math.log((1 + self.n) / (1 + c)) + 1.0 for s, c in df.items()}
        self._max_idf = math.log(1 + self.n) + 1.0
        self._vec: dict[int, dict[str, float]] = {}
        self._svec: dict[int, dict[str, float]] = {}
        self._norm: dict[int, float] = {}
        self._mass: dict[int, float] = {}
        self._smass: dict[int, float] = {}
        self.segmented = 0
        self._words = _Rows(self.vector)
        self._syls = _Rows(self.syllable_vector)

    def idf(self, syllable: str) -> float:
        return self._idf.get(syllable, self._max_idf)

    def content(self, i: int, min_weight: float = 0.5) -> list[str]:
        """Content syllables of text i (as `content_syllables`)."""
        return [x for x, w in zip(self.sylls[i], self.weights[i]) if w >= min_weight]

    def vector(self, i: int) -> dict[str, float]:
        """TF-IDF weight per word of text i (word = underthesea segment; IDF = mean of its syllables')."""
        v = self._vec.get(i)
        if v is not None:
            return v
        words = segment(self.texts[i], self.bp)
        self.segmented += 1
        flat = [s for w in words for s in w]
        weights = self.weights[i] if flat == self.sylls[i] else syllable_weights(flat, self.bp)
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

    def syllable_vector(self, i: int) -> dict[str, float]:
        """Boilerplate-weighted IDF per syllable of text i (no segmentation)."""
        v = self._svec.get(i)
        if v is not None:
            return v
        v = {}
        for x, w in zip(self.sylls[i], self.weights[i]):
            if w > 0:
                v[x] = v.get(x, 0.0) + w * self.idf(x)
        self._svec[i] = v
        self._smass[i] = sum(v.values())
        return v

    def compare(self, i: int, j: int) -> Comparison:
        a, b = self.vector(i), self.vector(j)
        sa, sb = self.syllable_vector(i), self.syllable_vector(j)
        syl_a = sum(x for s, x in sa.items() if s in sb) / self._smass[i] if self._smass[i] else 0.0
        syl_b = sum(x for s, x in sb.items() if s in sa) / self._smass[j] if self._smass[j] else 0.0
        if not a or not b:
            return Comparison(0.0, 0.0, 0.0, min(syl_a, 1.0), min(syl_b, 1.0))
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
        return Comparison(min(cos, 1.0), min(ca, 1.0), min(cb, 1.0), min(syl_a, 1.0), min(syl_b, 1.0))

    def syllable_scores(self, I: "np.ndarray", J: "np.ndarray", batch: int = 200_000
                        ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """Syllable-level (cosine, share of A in B, share of B in A) for pairs (I[k], J[k]); no segmentation."""
        return self._scores(self._syls, I, J, batch, None, "")

    def score_pairs(self, I: "np.ndarray", J: "np.ndarray", batch: int = 200_000,
                    progress: "Progress | None" = None) -> PairScores:
        """Word TF-IDF cosine and syllable containment for pairs (I[k], J[k]), vectorised."""
        import numpy as np
        if len(I) == 0:
            e = np.zeros(0)
            return PairScores(e, e, e)
        self._words.ensure(np.concatenate([I, J]).tolist(), progress, "segment")
        cos, _, _ = self._scores(self._words, I, J, batch, progress, "score")
        _, sa, sb = self._scores(self._syls, I, J, batch, None, "")
        return PairScores(cos, sa, sb)

    def _scores(self, rows: _Rows, I: "np.ndarray", J: "np.ndarray", batch: int,
                progress: "Progress | None", stage: str) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        import numpy as np
        from scipy import sparse
        n = len(I)
        if n == 0:
            e = np.zeros(0)
            return e, e, e
        rows.ensure(np.concatenate([I, J]).tolist())
        m = rows.matrix()
        norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        mass = np.asarray(m.sum(axis=1)).ravel()
        unit = sparse.diags(np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)) @ m
        binary = m.copy()
        binary.data[:] = 1.0
        ri, rj = rows.rows(I), rows.rows(J)
        cos, ca, cb = np.zeros(n), np.zeros(n), np.zeros(n)
        for s in range(0, n, batch):
            a, b = ri[s:s + batch], rj[s:s + batch]
            cos[s:s + len(a)] = _rowwise(unit[a], unit[b])
            sa = _rowwise(m[a], binary[b])
            sb = _rowwise(m[b], binary[a])
            ca[s:s + len(a)] = np.divide(sa, mass[a], out=np.zeros_like(sa), where=mass[a] > 0)
            cb[s:s + len(a)] = np.divide(sb, mass[b], out=np.zeros_like(sb), where=mass[b] > 0)
            if progress:
                progress(stage, min(s + batch, n), n)
        return np.minimum(cos, 1.0), np.minimum(ca, 1.0), np.minimum(cb, 1.0)
