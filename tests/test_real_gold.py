"""Real documents, gold written by reading them: the extractors on plans and decisions as they are published.

`tests/data/real/` holds documents nobody on the project wrote (web exports of a public legal-document site, byte
for byte, and real Word/PDF files), each with a gold file in the GUIDELINES.md format written by a person reading
the document, not from extractor output (see `tests/data/real/README*.md` for which files, their shapes and the
annotation decisions). Every `*.json` in the folder is part of the set, whatever the document's format
(.md, .txt, .docx, .pdf).

These tests
- check the fixtures: every document loads; gold deadlines obey the normalisation rules; gold validates as
  `extractors.model.Extraction` and scores 1.0 against itself; for the text documents (web exports), every gold
  `text`, `deadline_raw`, `deliverable`, `note` and the title are findable once the export's emphasis markers
  and pipe-only lines are removed and its hard-wrapped lines re-joined, and every reference key's symbol is
  printed (the Word/PDF documents' strings are checked by `tests/test_real_gold_files.py`, on text read without
  the project's loaders),
- print the per-document × per-field scores and the misses over the whole set
  (`.venv/bin/python -m pytest tests/test_real_gold.py -s -k scores`),
- hold the acceptance floors of issue 12 over the whole set (a hard test since the structure stage, web-export and target-table fixes landed).
"""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Callable

import pytest
from goldset import GoldSet, collapse, value

_TEXT_SUFFIXES = (".md", ".txt")
_EMPHASIS = re.compile(r"\*+")
_PIPE_ONLY = re.compile(r"^[ \t]*\|[ \t|]*$", re.MULTILINE)


def repair_web_export(raw: str) -> str:
    """The re-joining GUIDELINES.md asks for, as far as the web exports need it: `**bold**` / `*italic*` markers
    are removed (a bold run broken across lines, `**4. Sở` / `Tài chính**`, becomes plain text), and lines that
    hold only table pipes are dropped, so that the hard-wrapped lines of a sentence or of a table cell join into
    one run once whitespace is collapsed. Only the fixture checks use this; the extractors read the file as is."""
    return _PIPE_ONLY.sub("", _EMPHASIS.sub("", raw))


def _label(stem: str) -> str:
    """A short column name for the score table: "KH172" for ke-hoach-172-…, "QĐ2954" for quyet-dinh-2954-…"""
    m = re.match(r"(ke-hoach|quyet-dinh)-0*(\d+)", stem)
    return ("KH" if m.group(1) == "ke-hoach" else "QĐ") + m.group(2) if m else stem[:6]


_REAL = Path(__file__).resolve().parent / "data" / "real"
# Every gold file of the folder, whatever its document's format: loaded, validated and scored here.
SET = GoldSet(_REAL, suffixes=(".md", ".txt", ".docx", ".pdf"), repair=repair_web_export, label=_label)


class _TextDocuments(GoldSet):
    """The gold files of the set whose document is text (the web exports)."""

    @cached_property
    def golds(self) -> list[Path]:
        return [g for g in SET.golds if SET.doc_path(g).suffix.lower() in _TEXT_SUFFIXES]


TEXT = _TextDocuments(_REAL, suffixes=_TEXT_SUFFIXES, repair=repair_web_export, label=_label)

# issue 12, acceptance: the floors over the whole real set
ACCEPTANCE = {"tasks.appendix": 0.92, "tasks.body": 0.80, "tasks.lead": 0.90, "tasks.deadline_kind": 0.92,
              "references": 0.90, "references.implements": 0.90, "indicators": 0.75}


def test_real_set_is_there() -> None:
    # at least five documents, each gold file named after its document (line counts mean nothing for Word/PDF)
    assert len(SET.golds) >= 5
    for g in SET.golds:
        assert SET.doc_path(g).exists() and SET.gold(g)["seed"] == g.stem, g.name


def test_repair_joins_a_bold_owner_heading_broken_across_lines() -> None:
    raw = "|\n**4. Sở\nTài chính**\n|\n|\n- Chủ trì thẩm định\n"
    assert collapse(repair_web_export(raw)) == "4. Sở Tài chính - Chủ trì thẩm định"


def _printed(gold_path: Path) -> Callable[[str], bool]:
    """A key is written without spaces (GUIDELINES.md); the document may print a space inside the symbol
    ("Nghị quyết số 27/NQ- TW"), so the symbol is looked for in the text without spaces."""
    doc = TEXT.doc_text(gold_path).replace(" ", "")
    return lambda sym: sym.replace(" ", "") in doc


(test_document_loads, _, _, test_gold_deadlines_are_consistent,
 test_gold_validates_and_scores_itself_perfectly) = SET.fixture_tests(extra_fields=True)
(_, test_gold_texts_are_findable, test_gold_references_are_consistent, _, _) = TEXT.fixture_tests(
    extra_fields=True, printed=_printed)


def test_real_scores_print_and_floors() -> None:
    # The table is the measurement (first one in tests/data/real/README.md); the floors only catch a broken
    # pipeline, below that first measurement (number and date 1.00, references 0.25). Raise them as the
    # real-document fixes land; the acceptance floors are in the next test.
    SET.print_and_check_floors("REAL SCORES", {"document.number": 0.5, "document.date": 0.5, "references": 0.10})


def test_real_acceptance_floors() -> None:
    _, total = SET.table()
    low = {f: round(v, 3) for f, floor in ACCEPTANCE.items() if (v := value(total, f) or 0.0) < floor}
    assert not low, f"below the issue 12 floors {ACCEPTANCE}: {low}"
