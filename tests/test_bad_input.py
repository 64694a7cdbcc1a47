"""Bad input gives a typed LoadError that names the file (tests/fixtures/bad/*, made from the corpus:
the scan is seed 000's first page as an image, the corrupt PDF is seed 000's PDF cut and scrambled)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import (CorruptDocumentError, EmptyDocumentError, LoadError, NoTextLayerError,
                               UnsupportedFormatError)
from extractors.load import load

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"

CASES = [
    ("truncated_000.pdf", CorruptDocumentError, "cannot be parsed"),
    ("scanned_000_page1.pdf", NoTextLayerError, "no text layer"),
    ("empty.pdf", EmptyDocumentError, "empty"),
    ("empty.docx", EmptyDocumentError, "empty"),
    ("legacy_plan.doc", UnsupportedFormatError, ".docx"),
    ("indicators.xlsx", UnsupportedFormatError, ".xlsx"),
    ("renamed_doc.docx", CorruptDocumentError, "not a zip"),
    ("not_word.docx", CorruptDocumentError, "DOCX"),
]


@pytest.mark.parametrize("name,error,reason", CASES, ids=[c[0] for c in CASES])
def test_bad_file_raises_typed_error_naming_the_file(name, error, reason):
    path = BAD / name
    with pytest.raises(error) as e:
        load(path)
    assert isinstance(e.value, LoadError)
    assert e.value.path == str(path)
    assert str(path) in str(e.value) and reason in str(e.value)
    assert str(e.value).startswith(f"[{error.code}]")


def test_scan_fixture_really_is_an_image_without_text():
    import pdfplumber

    with pdfplumber.open(BAD / "scanned_000_page1.pdf") as pdf:
        page = pdf.pages[0]
        assert page.chars == [] and len(page.images) == 1
        page.close()


def test_pdf_with_garbage_after_a_valid_header_is_corrupt(tmp_path):
    p = tmp_path / "ke_hoach.pdf"
    p.write_bytes(b"%PDF-1.7\n" + "Kế hoạch số 12/KH-UBND".encode() * 40)
    with pytest.raises(CorruptDocumentError) as e:
        load(p)
    assert str(p) in str(e.value)


def test_text_file_renamed_to_pdf_is_corrupt(tmp_path):
    seed = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))[0]
    p = tmp_path / (seed.stem + ".pdf")
    p.write_bytes(seed.read_bytes())
    with pytest.raises(CorruptDocumentError, match="no %PDF- header"):
        load(p)
