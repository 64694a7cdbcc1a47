"""Third blind measurement: the extractors on plan documents written after blind and blind2 had been used.

`tests/data/blind3/` holds documents from provinces/cities used nowhere else in the project (Cần Thơ, Huế,
Tây Ninh), in shapes the other sets do not have (see `tests/data/blind3/README.md`), each with a gold file in
the GUIDELINES.md format. Extractor engineers must not read that directory.

These tests
- check the fixtures (every document loads; every gold task/indicator `text`, `deadline_raw`, `deliverable`,
  `note` and the title are findable in its document after whitespace collapsing, a page-split table row as two
  pieces; every reference key's symbol is printed; deadlines obey the normalisation rules; gold validates as
  `extractors.model.Extraction` and scores 1.0 against itself),
- print the per-document × per-field scores of `pipeline.evaluate.evaluate_one` and the misses
  (`.venv/bin/python -m pytest tests/test_blind3.py -s -k scores`),
- assert only low sanity floors: the table is the measurement, the floors catch a broken pipeline.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from goldset import GoldSet

from extractors.load import load

_CELL = re.compile(r"\S+(?: \S+)*")


def _unwrap_layout_tables(raw: str) -> str:
    """The re-joining GUIDELINES.md asks for, as far as these documents need it: a `pdftotext -layout` table
    (a header line "STT/TT  <cell>  <cell> …" of at least four cells aligned with runs of spaces; each row a
    block of lines ended by a blank line, its cells wrapped inside their columns) becomes one line per row,
    each cell's wrapped pieces joined. Only the fixture checks use this; the extractors read the file as is."""
    lines = raw.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        cells = list(_CELL.finditer(lines[i]))
        if len(cells) >= 4 and cells[0].group() in ("STT", "TT") and "  " in lines[i]:
            starts = [m.start() for m in cells] + [10_000]
            while i < len(lines) and "\f" not in lines[i]:
                block: list[str] = []
                while i < len(lines) and lines[i].strip():
                    block.append(lines[i])
                    i += 1
                if block:
                    cols = [" ".join(ln[a:b].strip() for ln in block if ln[a:b].strip())
                            for a, b in zip(starts, starts[1:])]
                    out.append("| " + " | ".join(cols) + " |")
                if i < len(lines) and not lines[i].strip():
                    i += 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


SET = GoldSet(Path(__file__).resolve().parent / "data" / "blind3", suffixes=(".txt", ".md"),
              repair=_unwrap_layout_tables)


def test_blind3_set_is_there() -> None:
    assert SET.presence_problems(2, (70, 150)) == []


(_document_loads_with_table, test_gold_texts_are_findable, test_gold_references_are_consistent,
 test_gold_deadlines_are_consistent, test_gold_validates_and_scores_itself_perfectly) = SET.fixture_tests(
    extra_fields=True, printed=None)

# The `pdftotext -layout` appendix of `dc_` is not recognised as a table by `extractors/load/text.py` at the first
# measurement (it is what the set measures). The shared "loads, with a table block" check is therefore split:
# every document must load; the table-block half is an xfail for that document only, strict so that the mark is
# removed once the loader reads such tables.
_LAYOUT_TABLE = "dc_tayninh_layout_table_dated_pair"


@pytest.mark.parametrize("gold_path", SET.golds, ids=lambda p: p.stem)
def test_document_loads(gold_path: Path) -> None:
    assert load(SET.doc_path(gold_path)).blocks, "no blocks"


@pytest.mark.parametrize("gold_path", [
    pytest.param(g, marks=pytest.mark.xfail(strict=True, reason="pdftotext -layout tables are not read yet"))
    if g.stem == _LAYOUT_TABLE else g for g in SET.golds], ids=lambda p: p.stem)
def test_document_loads_with_table_block(gold_path: Path) -> None:
    _document_loads_with_table(gold_path)


def test_blind3_scores_print_and_floors() -> None:
    # The first measurement is in tests/data/blind3/README.md. These floors are far below it on purpose: they
    # catch a broken pipeline, not a missed shape. Do not raise them by tuning on these documents.
    SET.print_and_check_floors("BLIND3 SCORES", {
        "tasks.appendix": 0.30, "tasks.body": 0.30, "references": 0.50, "indicators": 0.30,
    })
