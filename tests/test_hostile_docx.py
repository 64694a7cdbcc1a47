"""Hostile DOCX files (issue 17, findings 4-6): a few KB that ask for gigabytes must be loaded within a time
and memory budget, or refused with one line; garbage attributes are not a traceback.

The files are built here, small, from a minimal WordprocessingML package: a real plan paragraph (from the
seed corpus) plus the one hostile construct. Each load runs in a child process under a memory limit
(RLIMIT_AS) and a time-out, so a regression fails the test instead of eating the machine.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BUDGET_MB = 1500
BUDGET_S = 60

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.document.main+xml"/>'
       '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.numbering+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'numbering" Target="numbering.xml"/></Relationships>')


def _seed_lines(n: int = 6) -> list[str]:
    text = sorted(CORPUS.glob("*.txt"))[0].read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if len(ln.strip()) > 30][:n]


def _p(text: str, num: tuple[str, str] | None = None) -> str:
    ppr = (f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>'
           if num else "")
    esc = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{esc}</w:t></w:r></w:p>'


def _docx(body: str, numbering: str = "", pad_xml: int = 0) -> bytes:
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
           f'{body}{" " * pad_xml}</w:body></w:document>')
    num = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/numbering.xml", num)
    return buf.getvalue()


def _table(span: str, ilvl: str = "0") -> str:
    lines = _seed_lines(4)
    cell = lambda t, extra="": f'<w:tc><w:tcPr>{extra}</w:tcPr>{_p(t)}</w:tc>'  # noqa: E731
    rows = [f'<w:tr>{cell(lines[0], f"<w:gridSpan w:val={chr(34)}{span}{chr(34)}/>")}{cell(lines[1])}</w:tr>',
            f"<w:tr>{cell(lines[2])}{cell(lines[3])}</w:tr>"]
    return "".join(_p(t) for t in _seed_lines()) + f'<w:tbl>{"".join(rows)}</w:tbl>'


def _numbered(start: str, fmt: str = "upperRoman", ilvl: str = "0", paras: int = 50) -> tuple[str, str]:
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    lines = _seed_lines()
    body = "".join(_p(lines[i % len(lines)], ("1", ilvl)) for i in range(paras))
    return body, numbering


_CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({mb} * 1024 * 1024, {mb} * 1024 * 1024))
from extractors.errors import PlangraphError
from extractors.load import load
t0 = time.perf_counter()
try:
    ir = load(sys.argv[1])
    out = {{"ok": True, "blocks": len(ir.blocks),
           "widest": max([len(r.cells) for b in ir.blocks if b.table for r in b.table.rows] or [0]),
           "markers": [b.marker for b in ir.blocks if getattr(b, "marker", None)][:3]}}
except PlangraphError as e:
    out = {{"ok": False, "error": type(e).__name__, "line": str(e)}}
out["seconds"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def _load_in_budget(path: Path) -> dict[str, object]:
    r = subprocess.run([sys.executable, "-c", _CHILD.format(mb=BUDGET_MB), str(path)], capture_output=True,
                       text=True, timeout=BUDGET_S)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_huge_grid_span_is_capped(tmp_path: Path) -> None:
    f = tmp_path / "gridspan.docx"
    f.write_bytes(_docx(_table("100000000")))
    assert f.stat().st_size < 50_000
    out = _load_in_budget(f)
    assert out["ok"] and 2 <= out["widest"] <= 65, out  # the merged cell spans at most Word's 63 columns


@pytest.mark.parametrize("span,ilvl", [("abc", "0"), ("2.5", "x"), ("-7", "-1")])
def test_garbage_spans_and_list_levels_load_without_a_traceback(tmp_path: Path, span: str, ilvl: str) -> None:
    f = tmp_path / "garbage.docx"
    body, numbering = _numbered("1", "decimal", ilvl, paras=3)
    f.write_bytes(_docx(_table(span) + body, numbering))
    out = _load_in_budget(f)
    assert out["ok"], out


def test_a_huge_roman_list_start_is_capped(tmp_path: Path) -> None:
    f = tmp_path / "roman.docx"
    body, numbering = _numbered("2000000000", "upperRoman", paras=300)
    f.write_bytes(_docx(body, numbering))
    out = _load_in_budget(f)
    assert out["ok"] and out["seconds"] < 20, out


def test_xml_expanding_far_beyond_a_plan_is_refused_with_one_line(tmp_path: Path) -> None:
    f = tmp_path / "bomb.docx"
    f.write_bytes(_docx(_table("2"), pad_xml=100 * 1024 * 1024))  # 100 MB of XML in ~100 KB
    assert f.stat().st_size < 1_000_000
    out = _load_in_budget(f)
    assert not out["ok"] and out["error"] == "RefusedFileError" and "MB" in str(out["line"]), out
    assert out["seconds"] < 5


def test_a_pdf_page_tree_naming_one_page_many_times_is_refused_quickly(tmp_path: Path) -> None:
    """200 000 references to one page object in ~1.5 MB: refused by its page count, not read for hours."""
    n = 200_000
    kids = b" ".join(b"3 0 R" for _ in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    f = tmp_path / "pages.pdf"
    f.write_bytes(bytes(out))
    res = _load_in_budget(f)
    assert not res["ok"] and res["error"] == "RefusedFileError" and "pages" in str(res["line"]), res
    assert res["seconds"] < 10
