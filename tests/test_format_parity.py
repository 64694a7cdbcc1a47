"""Format parity: for every seed, the text, DOCX and PDF renderings give the same appendix rows (same
count, same cell texts in `normalize.compare_form`) and the same footnotes (ids and texts).

corpus/<seed>.docx and .pdf are written by corpus/render.py (python-docx, then LibreOffice) and listed in
corpus/MANIFEST; a seed changed without re-rendering fails `test_manifest_matches_the_files`.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pytest

from extractors.ir import BlockKind, DocumentIR
from extractors.load import load
from extractors.normalize import compare_form

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = sorted(p.stem for p in CORPUS.glob("*.txt"))
FORMATS = ("docx", "pdf")


@lru_cache(maxsize=None)
def _ir(stem: str, fmt: str) -> DocumentIR:
    return load(CORPUS / f"{stem}.{fmt}")


def _appendix_rows(ir: DocumentIR) -> list[list[str]]:
    tables = [b for b in ir.tables() if b.table is not None]
    if not tables:
        return []
    block = max(tables, key=lambda b: len(b.table.rows))
    return [[compare_form(c.text) for c in r.cells] for r in block.table.rows]


def _footnotes(ir: DocumentIR) -> dict[str, str]:
    return {k: compare_form(v) for k, v in ir.footnotes().items()}


def test_corpus_has_every_seed_in_three_formats():
    assert len(SEEDS) >= 5
    for stem in SEEDS:
        for fmt in FORMATS:
            assert (CORPUS / f"{stem}.{fmt}").is_file(), f"{stem}.{fmt} missing: run corpus/render.py"


def test_manifest_matches_the_files():
    lines = [ln.split("\t") for ln in (CORPUS / "MANIFEST").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    listed = {name: (fmt, sha, int(size)) for name, fmt, sha, size in lines}
    for stem in SEEDS:
        for fmt in ("txt", *FORMATS):
            f = CORPUS / f"{stem}.{fmt}"
            data = f.read_bytes()
            assert listed[f.name] == (fmt, hashlib.sha256(data).hexdigest(), len(data)), \
                f"{f.name} differs from corpus/MANIFEST: re-run corpus/render.py and commit"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", SEEDS)
def test_appendix_rows_are_the_same_in_every_format(stem, fmt):
    want = _appendix_rows(_ir(stem, "txt"))
    got = _appendix_rows(_ir(stem, fmt))
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"{stem}.{fmt} appendix row {i} differs"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", SEEDS)
def test_footnotes_are_the_same_in_every_format(stem, fmt):
    want = _footnotes(_ir(stem, "txt"))
    assert _footnotes(_ir(stem, fmt)) == want
    refs = sorted({r for b in _ir(stem, fmt).blocks for r in b.footnote_refs}, key=int)
    assert refs == sorted(want, key=int)


def test_parity_is_not_vacuous():
    """The seeds exercise what parity is about: a long appendix with group rows, and footnotes."""
    rows = {s: _appendix_rows(_ir(s, "txt")) for s in SEEDS}
    assert sum(1 for r in rows.values() if len(r) > 5) >= 3
    assert max(len(r) for r in rows.values()) > 70
    assert sum(len(_footnotes(_ir(s, "txt"))) for s in SEEDS) >= 10


@pytest.mark.parametrize("stem", SEEDS)
def test_docx_and_pdf_give_the_same_text_blocks(stem):
    """Both renderings of one document: same blocks (kind, marker, text) in the same order."""
    def key(ir: DocumentIR) -> list[tuple[str, str | None, str]]:
        return [(b.kind.value, b.marker, compare_form(b.text)) for b in ir.blocks
                if b.kind not in (BlockKind.table, BlockKind.footnote)]

    assert key(_ir(stem, "pdf")) == key(_ir(stem, "docx"))
