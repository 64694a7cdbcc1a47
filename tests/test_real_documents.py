"""Every real document of the development set (../shared/real/*.md: web exports of a public legal-document site;
../shared/real-files/*: real Word and PDF files) extracts without a crash, yields no table wider than any real
table, and is read for what it is: the documents that are not plans (decrees, decisions publishing administrative
procedures or issuing a regulation, reports, guidance) give no tasks and say so in a warning; the scanned PDF is
an error or a warning, never a silent empty plan.

The shared folder sits next to the repository (`../shared` from the repository root, read-only in CI)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import PlangraphError
from extractors.extract import extract
from extractors.load import load
from extractors.structure.tables import max_real_columns

SHARED = Path(__file__).resolve().parents[2] / "shared"
WEB = SHARED / "real"
FILES = SHARED / "real-files"

# what each non-plan is (file name prefix -> document.kind); read from the documents themselves
NOT_PLANS = {
    "quyet-dinh-2608-": "procedures",  # phê duyệt danh mục thủ tục hành chính
    "quyet-dinh-2913-": "procedures",  # công bố thủ tục hành chính nội bộ
    "quyet-dinh-5042-": "procedures",  # công bố thủ tục hành chính nội bộ được sửa đổi
    "quyet-dinh-2610-": "regulation",  # ban hành Quy chế
    "quyet-dinh-125-": "regulation",  # ban hành Quy trình rà soát đối tượng
    "nghi-dinh-": "decree",
    "lamdong-bao-cao-": "report",
    "lamdong-huong-dan-": "guidance",
}
SCAN = "qd-1009-ttg-scan-signed.pdf"


def _documents() -> list[Path]:
    if not WEB.is_dir() or not FILES.is_dir():
        return []
    return sorted(p for p in WEB.glob("*.md") if p.name != "README.md") + sorted(
        p for p in FILES.iterdir() if p.suffix in (".pdf", ".docx"))


DOCS = _documents()


def _not_plan(p: Path) -> str | None:
    return next((k for pre, k in NOT_PLANS.items() if p.name.startswith(pre)), None)


def test_the_shared_development_set_is_there() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the shared development set is not next to the repository ({SHARED} absent)")
    assert len(DOCS) >= 41, f"expected the 31 web exports and 10 real files under {SHARED}, found {len(DOCS)}"


@pytest.mark.parametrize("path", DOCS, ids=[p.name[:48] for p in DOCS])
def test_real_document_extracts_as_what_it_is(path: Path) -> None:
    try:
        ir = load(path)
    except PlangraphError as e:
        # only the scan may fail to load, and it must say why, naming the file
        assert path.name == SCAN, f"{path.name}: {e}"
        assert path.name in str(e) and "scan" in str(e).lower()
        return
    widest = max((len(r.cells) for b in ir.tables() if b.table for r in b.table.rows), default=0)
    assert widest <= max_real_columns(), f"{path.name}: a table of {widest} columns"
    ex = extract(ir)
    codes = {w.code for w in ex.warnings}
    kind = _not_plan(path)
    if path.name == SCAN:
        assert ex.warnings, "the scan loaded as a silent empty plan"
    elif kind is not None:
        assert ex.document.kind == kind, f"{path.name}: read as {ex.document.kind}"
        assert not ex.tasks and not ex.indicators
        assert "document.not_a_plan" in codes
    else:
        assert ex.document.kind == "plan"
        assert ex.tasks or "document.no_tasks" in codes
