"""Real Word/PDF files and web exports, gold written by a helper reading them (not from extractor output).

Fixture checks only, for the gold files listed in `tests/data/real/README_files.md` (`FILES` below): the text of
each document is read here independently of the project's loaders (python-docx paragraphs and table cells in
body order; PDFium (pypdfium2) for PDF; the web export with its emphasis markers and pipe-only lines removed), and
- every gold task/indicator `text`, `deadline_raw`, `deliverable`, `note` and the title is findable in it after
  whitespace collapsing,
- every reference key's symbol is printed, deadlines obey the GUIDELINES normalisation rules,
- gold validates as `extractors.model.Extraction` and scores 1.0 against itself.
The extractors' scores on these documents are printed by `tests/test_real_gold.py` (the whole real set).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from goldset import GoldSet, collapse

HERE = Path(__file__).resolve().parent / "data" / "real"
FILES = [
    "lamdong-ke-hoach-cchc-2026-2030",
    "lamdong-ke-hoach-ctmtqg-phong-chong-ma-tuy-2030",
    "lamdong-ke-hoach-kiem-tra-cchc-2026",
    "ke-hoach-0134-kh-ubnd-2025-canh-bao-moi-truong-tai-vung-nuoi-trong-thu",
    "quyet-dinh-2597-qd-ttg-2025-phe-duyet-de-an-chuyen-doi-so-trong-hoat-d",
    "ke-hoach-182-kh-ubnd-2025-chuong-trinh-muc-tieu-quoc-gia-phong-chong-m",
    "nghi-dinh-49-2026-nd-cp",
]
_EMPHASIS = re.compile(r"\*+")
_PIPE_ONLY = re.compile(r"^[ \t]*\|[ \t|]*$", re.MULTILINE)


def docx_text(path: Path) -> str:
    """Paragraphs and table cells (nested tables too) in body order, each merged cell once."""
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(path))
    parts: list[str] = []
    for el in d.element.body.iter(qn("w:p")):
        parts.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
    return " ".join(parts)


def pdf_text(path: Path) -> str:
    """The PDF's text layer as PDFium gives it (pypdfium2, a project dependency), pages joined."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        parts: list[str] = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            parts.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(parts)
    finally:
        pdf.close()


def web_text(raw: str) -> str:
    return _PIPE_ONLY.sub("", _EMPHASIS.sub("", raw))


class FilesGoldSet(GoldSet):
    def doc_text(self, gold_path: Path) -> str:
        path = self.doc_path(gold_path)
        if path.suffix == ".docx":
            return collapse(docx_text(path))
        if path.suffix == ".pdf":
            return collapse(pdf_text(path))
        return collapse(web_text(path.read_text(encoding="utf-8")))


class _Listed(FilesGoldSet):
    @property
    def golds(self) -> list[Path]:  # type: ignore[override]
        return [HERE / f"{stem}.json" for stem in FILES]


SET = _Listed(HERE)


def test_listed_files_are_there() -> None:
    for g in SET.golds:
        assert g.exists() and SET.doc_path(g).exists(), g.name
        assert SET.gold(g)["seed"] == g.stem


_param = pytest.mark.parametrize("gold_path", SET.golds, ids=lambda p: p.stem)


@_param
def test_gold_texts_are_findable(gold_path: Path) -> None:
    assert SET.missing_texts(gold_path, extra_fields=True) == []


@_param
def test_gold_references_are_consistent(gold_path: Path) -> None:
    assert SET.reference_problems(gold_path) == []


@_param
def test_gold_deadlines_are_consistent(gold_path: Path) -> None:
    assert SET.deadline_problems(gold_path) == []


@_param
def test_gold_validates_and_scores_itself_perfectly(gold_path: Path) -> None:
    assert SET.self_score_problems(gold_path) == []


@_param
def test_non_plans_have_no_tasks(gold_path: Path) -> None:
    gold = SET.gold(gold_path)
    if gold["document"]["doc_type"] in ("Nghị định", "Thông báo", "Báo cáo"):
        assert gold["tasks"] == [] and gold["indicators"] == []
