"""spaCy pipeline for Vietnamese plan text: underthesea word segmentation aligned to the original text, plus
rule components that mark REF (legal citations), DATE, ORG (issuing bodies) and DEADLINE spans.

- `get_nlp()` builds the pipeline once per process (cached); no model download, no network.
- `doc.text == text` always: tokens are underthesea's words re-aligned onto the source characters, so
  character offsets of every token and span are exact (underthesea rewrites tokens, e.g. "hoá" -> "hóa";
  alignment compares base letters, see TOOLCHAIN.md "Vietnamese NLP").
- Entities: `doc.spans["plangraph"]` holds every span (they may nest: a REF contains its DATE and ORG);
  `doc.ents` holds the outermost, non-overlapping ones.
- `entities(text)` returns plain (label, start, end, text) tuples for callers that do not want spaCy objects.

The rules reuse the grammars of references.py (data/references.json, data/issuers.json) and deadlines.py
(data/deadlines.json), so there is one citation grammar and one deadline grammar in the project.

Extraction does not run this pipeline, on purpose. Its REF spans come from `references.find_citations`, which
the references stage already calls; that stage maps the same character offsets back through `Block.orig` to
the source lines of each citation (reference provenance). Running spaCy would add nothing to that and would
cost about 7 s to build the pipeline per process plus 1-3 s per seed document (underthesea segmentation),
where the whole extraction of the five seeds takes about 3.5 s (measured on the 2-core dev machine). Use it
for analysis, annotation and training data, where tokens are needed.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Iterable, NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extractors import deadlines as dl
from extractors.references import find_citations, grammar as ref_grammar, match_issuer

TOKENIZER_NAME = "plangraph.underthesea_tokenizer.v1"
COMPONENT_NAME = "plangraph_entities"
SPAN_KEY = "plangraph"


def _base_char(ch: str) -> str:
    d = unicodedata.normalize("NFD", ch)
    d = "".join(c for c in d if not unicodedata.combining(c))
    return d.replace("đ", "d").replace("Đ", "D").casefold()


def align_tokens(text: str, tokens: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans in `text` of `tokens` (which may be rewritten copies of the source), in order.

    Each token is matched character by character on base letters (marks removed, case folded), skipping
    white space in the source; a token that cannot be matched is dropped and the source text it would have
    covered is picked up by `_cover` as its own token."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for tok in tokens:
        chars = [_base_char(c) for c in tok if not c.isspace()]
        chars = [c for c in chars if c]
        if not chars:
            continue
        p = pos
        while p < n and text[p].isspace():
            p += 1
        start = p
        ok = True
        for c in chars:
            while p < n and text[p].isspace():
                p += 1
            if p >= n:
                ok = False
                break
            src = _base_char(text[p])
            if src == c:
                p += 1
            elif src == "" and unicodedata.combining(text[p]):
                p += 1  # a stray combining mark in the source
                if p < n and _base_char(text[p]) == c:
                    p += 1
                else:
                    ok = False
                    break
            else:
                ok = False
                break
        if ok and p > start:
            spans.append((start, p))
            pos = p
    return spans


def _cover(text: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags whose concatenation is exactly `text`."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0

    def add_gap(gap: str) -> None:
        # whatever lies between aligned tokens: plain words split on white space, white space kept
        for m in re.finditer(r"\S+|\s+", gap):
            piece = m.group(0)
            if piece.isspace():
                if words and not spaces[-1] and piece.startswith(" "):
                    spaces[-1] = True
                    piece = piece[1:]
                if piece:
                    words.append(piece)
                    spaces.append(False)
            else:
                words.append(piece)
                spaces.append(False)

    for a, b in spans:
        if a > pos:
            add_gap(text[pos:a])
        words.append(text[a:b])
        spaces.append(False)
        pos = b
    if pos < len(text):
        add_gap(text[pos:])
    return words, spaces


class UndertheseaTokenizer:
    """A spaCy tokenizer: underthesea word segmentation, aligned back so that doc.text == input."""

    def __init__(self, vocab: Vocab, segment: Callable[[str], list[str]] | None = None) -> None:
        self.vocab = vocab
        self._segment = segment

    def _words(self, text: str) -> list[str]:
        if self._segment is None:
            from underthesea import word_tokenize
            self._segment = word_tokenize
        out: list[str] = []
        # underthesea works sentence by sentence; feed it line by line to keep its input small
        for line in text.splitlines():
            if line.strip():
                try:
                    out.extend(self._segment(line))
                except Exception:  # noqa: BLE001 - a segmenter failure must not lose text
                    out.extend(line.split())
        return out

    def __call__(self, text: str) -> Doc:
        spans = align_tokens(text, self._words(text)) if text.strip() else []
        words, spaces = _cover(text, spans)
        return Doc(self.vocab, words=words, spaces=spaces)

    # the tokenizer has no state to save; these make nlp.to_disk / from_disk work
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _b: bytes, **_: Any) -> "UndertheseaTokenizer":
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> "UndertheseaTokenizer":
        return self


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_underthesea_tokenizer() -> Callable[[Language], UndertheseaTokenizer]:
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab)
    return make


# ------------------------------------------------------------------------------------------- rule spans


class Entity(NamedTuple):
    label: str
    start: int
    end: int
    text: str


_DEADLINE_LEAD = re.compile(r"(?:(?:hoàn\s+thành|thực\s+hiện|triển\s+khai|báo\s+cáo)\s+)?(?:(?:trong|trước|vào|từ|"
                            r"đến|trong\s+giai\s+đoạn)\s+)?$", re.IGNORECASE)


def rule_entities(text: str, jurisdiction: str | None = None, level: str | None = None) -> list[Entity]:
    """REF, DATE, ORG and DEADLINE spans found by the project's grammars (may nest)."""
    out: list[Entity] = []
    for c in find_citations(text, jurisdiction, level, unnumbered=False):
        out.append(Entity("REF", c.start, c.end, text[c.start:c.end]))
    g = ref_grammar()
    for iss in g.issuers:
        for m in iss.regex.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum()):
                continue
            im = match_issuer(text, m.start())
            if im is not None:
                out.append(Entity("ORG", m.start(), im.end, text[m.start():im.end]))
    form = dl._match_form(text)
    for p in dl._join_ranges(form, dl._periods(form)):
        a, b = p.span
        if p.kind == "date":
            out.append(Entity("DATE", a, b, text[a:b]))
    gram = dl.load_grammar()
    cue_spans: list[tuple[int, int]] = []
    for p in dl._join_ranges(form, dl._periods(form)):
        if p.kind in ("month", "quarter", "year", "range", "date") and p.end is not None:
            cue_spans.append(p.span)
    for rules in (gram.recurring, gram.continuous):
        for r in rules:
            for m in r.regex.finditer(form):
                if m.end() > m.start():
                    cue_spans.append(m.span())
    for a, b in cue_spans:
        lead = _DEADLINE_LEAD.search(form[max(0, a - 40):a])
        s = a - (len(lead.group(0)) if lead and lead.group(0) else 0)
        if lead and lead.group(0).strip():
            out.append(Entity("DEADLINE", s, b, text[s:b]))
    # drop DATE/DEADLINE inside a REF (a citation's own date is not a deadline)
    refs = [(e.start, e.end) for e in out if e.label == "REF"]
    out = [e for e in out if e.label in ("REF", "ORG")
           or not any(a <= e.start and e.end <= b for a, b in refs) or e.label == "DATE"]
    orgs = [(e.start, e.end) for e in out if e.label == "ORG"]
    out = [e for e in out if e.label != "ORG"
           or not any(a <= e.start and e.end <= b and (a, b) != (e.start, e.end) for a, b in orgs)]
    uniq = sorted(set(out), key=lambda e: (e.start, -e.end, e.label))
    return uniq


@Language.component(COMPONENT_NAME)
def plangraph_entities(doc: Doc) -> Doc:
    spans: list[Span] = []
    for e in rule_entities(doc.text):
        sp = doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
        if sp is not None:
            spans.append(sp)
    doc.spans[SPAN_KEY] = spans
    doc.ents = filter_spans(spans)
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.add_pipe(COMPONENT_NAME)
    return nlp


def entities(text: str) -> list[Entity]:
    """Outermost entity spans of `text` through the spaCy pipeline (offsets into `text`)."""
    doc = get_nlp()(text)
    return [Entity(e.label_, e.start_char, e.end_char, e.text) for e in doc.ents]
