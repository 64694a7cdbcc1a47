"""Path and input errors give one line and exit 2, never a traceback (issue 17, finding 6)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from extractors.load import load



def _plangraph(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=180)


def _one_line_exit_2(r: subprocess.CompletedProcess[str], *names: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    for n in names:
        assert n in lines[0]


def _plan(tmp: Path) -> Path:
    p = tmp / "plan.txt"
    p.write_text("ỦY BAN NHÂN DÂN\nKẾ HOẠCH\nThực hiện chuyển đổi số năm 2025\n"
                 "1. Sở Nội vụ chủ trì, phối hợp các sở, ngành rà soát thủ tục hành chính; hoàn thành trong "
                 "quý IV năm 2025.\n", encoding="utf-8")
    return p


def test_extract_on_a_directory_named_like_a_document(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    _one_line_exit_2(_plangraph("extract", "x.txt", cwd=tmp_path), "x.txt", "directory")


def test_report_out_naming_a_directory(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "outdir").mkdir()
    _one_line_exit_2(_plangraph("report", "--out", "outdir", "--input", str(plan), cwd=tmp_path), "outdir")


def test_report_out_below_a_file(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "afile").write_text("x")
    _one_line_exit_2(_plangraph("report", "--out", "afile/r.html", "--input", str(plan), cwd=tmp_path),
                     "afile/r.html", "cannot write the report")


def _pdf_with_cmap(text_ops: bytes, cmap_map: bytes) -> bytes:
    """A one-page PDF in Helvetica whose ToUnicode CMap is `cmap_map` (bfchar/bfrange entries)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <00> <FF> endcodespacerange " + cmap_map
            + b" endcmap CMapName currentdict /CMap defineresource pop end end")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(text_ops) + text_ops + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# glyph "A" maps to a lone high surrogate; every other printable ASCII code to itself
_LONE = b"2 beginbfrange <20> <40> <0020> <42> <7E> <0042> endbfrange 1 beginbfchar <41> <D800> endbfchar"
_OPS = b"BT /F1 12 Tf 72 700 Td (Ke hoach ABA so 12) Tj 0 -20 Td (Giao So Noi vu chu tri A) Tj ET"


def test_pdf_font_mapping_glyphs_to_lone_surrogates_loads_with_replacement(tmp_path: Path) -> None:
    p = tmp_path / "sur.pdf"
    p.write_bytes(_pdf_with_cmap(_OPS, _LONE))
    ir = load(p)
    text = "\n".join(b.text for b in ir.blocks)
    text.encode("utf-8")  # raised UnicodeEncodeError before
    assert "Ke hoach \ufffdB\ufffd so 12" in text
    r = _plangraph("inspect", "sur.pdf", cwd=tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "Giao So Noi vu chu tri \ufffd" in r.stdout
