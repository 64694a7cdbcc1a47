"""`plangraph extract`: the contract's JSON shape with provenance, the table view, spans, and bad input."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import _load_commands, app

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
runner = CliRunner()
_load_commands()


def _run(*args: str):
    return runner.invoke(app, ["extract", *args])


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_json_has_the_contract_keys_and_provenance(suffix):
    res = _run(str(CORPUS / f"000_587713ccb05920a7{suffix}"))
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    for key in ("document", "references", "chains", "tasks", "indicators", "warnings"):
        assert key in out, key
    assert out["document"]["jurisdiction"] == "Hải Phòng"
    keys = {r["key"] for r in out["references"]}
    assert {"2711/QĐ-TTg", "12-KH/TU", "02-CTr/TU"} <= keys
    row1 = next(t for t in out["tasks"] if t["source"] == "appendix" and t["id"] == "1")
    assert row1["lead"] == ["Sở Khoa học và Công nghệ"] and row1["deadline"]["kind"] == "month"
    for item in out["tasks"] + out["indicators"] + out["references"]:
        prov = item["provenance"]
        assert prov["file"].endswith(f"000_587713ccb05920a7{suffix}")
        assert prov["line_start"] or prov["page"] or prov["table_row"] is not None


def test_table_view_lists_tasks_and_references():
    # tables fit the terminal (80 columns off a terminal, issue 14); a wide terminal shows more of each cell
    res = runner.invoke(app, ["extract", str(CORPUS / "004_4d82e5c661ccd206.txt"), "--format", "table"],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "709/QĐ-TTg" in res.output and "tasks" in res.output and "Sở Khoa học" in res.output


def test_spans_mark_references_with_offsets():
    res = _run(str(CORPUS / "003_b56b735dd1cef0ee.txt"), "--spans")
    assert res.exit_code == 0, res.output
    spans = json.loads(res.output)["spans"]
    refs = [s for s in spans if s["label"] == "REF"]
    assert any("49-CTrHĐ/TU" in s["text"] for s in refs)
    assert all(s["end"] > s["start"] for s in spans)


@pytest.mark.parametrize("name,content,word", [
    ("empty.txt", b"", "empty"),
    ("old.doc", b"\xd0\xcf\x11\xe0 binary", "unsupported"),
    ("broken.pdf", b"%PDF-1.4 not really a pdf", "pdf"),
])
def test_bad_input_names_the_file_and_the_reason(tmp_path, name, content, word):
    p = tmp_path / name
    p.write_bytes(content)
    res = _run(str(p))
    assert res.exit_code == 2
    assert name in res.output and word in res.output.lower()
