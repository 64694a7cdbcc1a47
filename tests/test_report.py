"""The HTML report: self-contained, and what a person sees when headless Chromium opens it."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from extractors.model import Extraction
from pipeline.report import ReportData, render_report, report_data_from_extractions, write_report

HERE = Path(__file__).parent
GOLD = HERE / "data" / "gold"
CORPUS = HERE.parent / "corpus"
ARTIFACTS = HERE / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
S000, S004, S003 = "000_587713ccb05920a7", "004_4d82e5c661ccd206", "003_b56b735dd1cef0ee"


@pytest.fixture(scope="module")
def data() -> ReportData:
    items = [(Extraction.model_validate(json.loads(f.read_text("utf-8"))), None) for f in sorted(GOLD.glob("*.json"))]
    from extractors.extract import extract
    from extractors.load import load
    ir = load(CORPUS / f"{S003}.txt")  # no gold: the extractor's reading of the HCMC plan
    items.append((extract(ir), ir))
    return report_data_from_extractions(items, source="tests/data/gold + corpus/003")


@pytest.fixture(scope="module")
def report_file(data: ReportData) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return write_report(data, ARTIFACTS / "report.html")


def test_report_is_self_contained(report_file: Path):
    html = report_file.read_text("utf-8")
    assert not re.search(r"""<(?:script|img|link|iframe)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert "@import" not in html and "url(http" not in html
    assert "<svg" in html and "<style>" in html and "<script>" in html
    assert 'charset="utf-8"' in html


def test_report_renders_the_analyses(data: ReportData):
    html = render_report(data)
    # the Hải Phòng marine-centre scheme appears as one cross-plan cluster with a deadline conflict
    c = next(c for c in data.duplicates.clusters if f"{S000}#1" in {m.key for m in c.members})
    block = html[html.index(f'id="cluster-{c.id}"'):]
    block = block[:block.index('<div class="cluster"', 10) if '<div class="cluster"' in block[10:] else len(block)]
    assert "khác thời hạn" in block and "Tháng 12/2026" in block and "Trong năm 2026" in block


def _dump_dom(url: str, tmp_path: Path) -> str:
    r = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--no-first-run", f"--user-data-dir={tmp_path / 'p1'}",
                        "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed at /usr/bin/chromium "
                    "(apt-get install -y --no-install-recommends chromium)")
def test_chromium_shows_plans_tasks_filters_duplicates_orphans_indicators(report_file: Path, data: ReportData,
                                                                          tmp_path: Path):
    dom = _dump_dom(report_file.resolve().as_uri(), tmp_path)
    # every plan drawn in the SVG graph, and the instruments they implement
    assert dom.count('class="node node-plan"') == len(data.plans)
    assert 'data-id="2711/QĐ-TTg"' in dom or "2711/QĐ-TTg" in dom
    # the table script ran: all tasks shown without filters
    n = len(data.tasks)
    assert f"{n} / {n} nhiệm vụ" in dom
    # orphans by reason: seed 004 row 1.1 led only by a generic group; HCMC items without a deadline
    sect = dom[dom.index('id="orphans-generic_lead_only"'):dom.index('id="orphans-plan_implements_nothing"')]
    assert "Các Sở, ban, ngành, địa phương, đơn vị" in sect
    nod = dom[dom.index('id="orphans-no_deadline"'):dom.index('id="orphans-generic_lead_only"')]
    assert "appendix the document does not contain" in nod and S003 in nod
    # duplicates side by side with the conflict
    assert "khác thời hạn" in dom and "Đề án xây dựng Hải Phòng trở thành trung tâm quốc tế" in dom
    # indicators by source
    assert 'id="indicators"' in dom and "02-CTr/TU" in dom
    # the filter by plan (set through the query string) hides the other plans' rows
    n004 = sum(t.plan_id == S004 for t in data.tasks)
    dom2 = _dump_dom(report_file.resolve().as_uri() + f"?plan={S004}", tmp_path)
    assert f"{n004} / {n} nhiệm vụ" in dom2
    # and the lead filter
    lead = "Sở Nội vụ"
    nlead = sum(lead in t.lead for t in data.tasks)
    dom3 = _dump_dom(report_file.resolve().as_uri() + "?lead=" + lead.replace(" ", "%20"), tmp_path)
    assert f"{nlead} / {n} nhiệm vụ" in dom3


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed at /usr/bin/chromium "
                    "(apt-get install -y --no-install-recommends chromium)")
def test_chromium_screenshot_kept_as_artifact(report_file: Path, tmp_path: Path):
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    r = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--no-first-run", f"--user-data-dir={tmp_path / 'p2'}",
                        "--window-size=1400,2400", f"--screenshot={shot}", report_file.resolve().as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1400, 2400)
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
