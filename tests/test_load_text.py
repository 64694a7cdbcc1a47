"""Text/Markdown loader (extractors/load/text.py) on the seed corpus and on snippets cut from it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.errors import CorruptDocumentError, EmptyDocumentError
from extractors.ir import Block, BlockKind, DocumentIR
from extractors.layout_patterns import layout_entries, layout_matches
from extractors.load import load
from extractors.normalize import compare_form

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "data" / "gold"  # the repository's copy of the shared gold files


def seed_path(seed: str) -> Path:
    return next(CORPUS.glob(f"{seed}_*.txt"))


def seed_lines(seed: str, first: int, last: int) -> str:
    """Lines first..last (1-based, inclusive) of a seed, exactly as in the file."""
    lines = seed_path(seed).read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first - 1:last])


def load_snippet(tmp_path: Path, text: str, name: str = "snippet.txt") -> DocumentIR:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load(p)


def only_table(ir: DocumentIR) -> Block:
    tables = list(ir.tables())
    assert len(tables) == 1
    return tables[0]


def gold_appendix(seed: str) -> list[dict[str, object]]:
    path = next(GOLD.glob(f"{seed}_*.json"))
    return [t for t in json.loads(path.read_text(encoding="utf-8"))["tasks"] if t["source"] == "appendix"]


# ------------------------------------------------------------------ acceptance on whole seeds

@pytest.mark.parametrize("seed", ["000", "004"])
def test_appendix_rows_match_gold(seed: str) -> None:
    ir = load(seed_path(seed))
    table = only_table(ir).table
    assert table is not None
    rows = [r for r in table.body_rows() if not r.is_group]
    gold = gold_appendix(seed)
    assert [r.cells[0].text for r in rows] == [t["id"] for t in gold]
    for r, t in zip(rows, gold):
        assert compare_form(r.cells[1].text)[:30] == compare_form(str(t["text"]))[:30], t["id"]
    # beyond the 30-character check: whole task texts match the gold in comparison form
    assert sum(compare_form(r.cells[1].text) == compare_form(str(t["text"])) for r, t in zip(rows, gold)) == len(gold)


def test_seed004_group_rows_carry_the_gold_groups() -> None:
    table = only_table(load(seed_path("004"))).table
    assert table is not None
    group = None
    seen: list[tuple[str, str | None]] = []
    for r in table.body_rows():
        if r.is_group:
            group = r.cells[0].text
        else:
            seen.append((r.cells[0].text, group))
    gold = gold_appendix("004")
    assert [(compare_form(i), compare_form(g or "")) for i, g in seen] == \
        [(compare_form(str(t["id"])), compare_form(str(t["group"]))) for t in gold]


def test_seed000_footnotes_1_to_10_linked_to_their_bullets() -> None:
    ir = load(seed_path("000"))
    notes = ir.footnotes()
    assert sorted(notes, key=int) == [str(i) for i in range(1, 11)]
    assert notes["10"] == "Chỉ tiêu tại Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I, nhiệm kỳ 2025-2030."
    carriers = {r: b for b in ir.blocks for r in b.footnote_refs}
    assert sorted(carriers, key=int) == [str(i) for i in range(1, 11)]
    for fid, b in carriers.items():
        assert b.kind == BlockKind.list_item and b.marker == "-", fid
        assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", b.text)
    assert carriers["10"].text == "Chỉ số phát triển con người (HDI) giai đoạn 2026-2030 đạt 0,8."
    assert carriers["2"].text.endswith("đạt ít nhất 50%.")
    assert not [w for w in ir.warnings if "footnote" in w]


def test_seed000_footnote_lines_do_not_break_the_bullet_list() -> None:
    ir = load(seed_path("000"))
    # section "2. Mục tiêu cụ thể đến năm 2030": ten bullets, notes interleaved, none swallowed or split
    start = next(i for i, b in enumerate(ir.blocks) if b.text == "Mục tiêu cụ thể đến năm 2030")
    end = next(i for i, b in enumerate(ir.blocks) if b.text == "Tầm nhìn đến năm 2045")
    section = [b for b in ir.blocks[start + 1:end] if b.kind != BlockKind.footnote]
    assert [b.kind for b in section].count(BlockKind.list_item) == 10
    assert all(b.line_start == b.line_end for b in section)


def test_seed003_has_no_bookmarks_and_pandoc_footnotes() -> None:
    ir = load(seed_path("003"))
    for b in ir.blocks:
        assert "[bookmark" not in b.text
        assert "footnoteRef" not in b.text
    notes = ir.footnotes()
    assert set(notes) == {"1", "2"}
    assert notes["1"].startswith("1. Công nghệ thông tin - truyền thông; 2. Cơ khí - Tự động hóa")
    assert notes["1"].endswith("8. Quản lý đô thị")
    assert notes["2"].startswith("Theo Nghị quyết số 107/NQ-Cpngày 09 tháng 7 năm 2024")
    carrier = next(b for b in ir.blocks if "1" in b.footnote_refs)
    assert carrier.marker == "a)" and "(08 ngành) giai đoạn 2020 - 2035" in carrier.text
    assert carrier.text.endswith("thu hút sinh viên khu vực và thế giới”.")
    # the paragraph that started with bookmarks is intact
    assert any(b.text.startswith("Thực hiện Chương trình hành động số 49-CTrHĐ/TU ngày 26 tháng 2 năm 2024")
               for b in ir.blocks)
    heading = next(b for b in ir.blocks if b.marker == "1." and b.text.startswith("Tiếp tục nâng cao nhận thức"))
    assert heading.kind == BlockKind.heading and heading.level == 2


def test_seed001_page_breaks_repaired() -> None:
    ir = load(seed_path("001"))
    texts = [b.text for b in ir.blocks]
    joined = next(b for b in ir.blocks if b.line_start == 75)
    assert joined.line_end == 77 and "Nghị quyết số 45-NQ/TW, ngày 24/01/2019 của Bộ Chính trị" in joined.text
    assert "số 45- NQ" not in " ".join(texts)
    assert any(t.endswith("trong tổng giá trị sản xuất công nghiệp của thành phố đạt 52-55%. Hình thành và phát "
                          "triển trên 70 doanh nghiệp khoa học và công nghệ.") for t in texts)
    # no block of seed 001 starts lower-case except the title's second line
    lower = [b for b in ir.blocks if b.text[:1].islower()]
    assert [b.line_start for b in lower] == [5]
    # the title heading: emphasis removed, glued words separated
    assert ir.blocks[0].text == "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA BAN THƯỜNG VỤ THÀNH ỦY"
    assert ir.blocks[-1].line_start == 227


def test_seed004_page_break_debris_removed() -> None:
    ir = load(seed_path("004"))
    b = next(b for b in ir.blocks if b.line_start == 27)
    assert b.line_end == 29
    assert "phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa trong điều kiện" in b.text
    b = next(b for b in ir.blocks if b.line_start == 207)
    assert b.line_end == 210 and "công nghệ phục vụ sự nghiệp công nghiệp hóa" in b.text
    assert not [x for x in ir.blocks if x.kind != BlockKind.table and x.text[:1].islower()]


def test_seed002_markdown_headings_and_emphasis() -> None:
    ir = load(seed_path("002"))
    h = next(b for b in ir.blocks if b.line_start == 43)
    assert (h.kind, h.marker, h.text, h.style, h.level) == (BlockKind.heading, "II.", "NHIỆM VỤ VÀ GIẢI PHÁP",
                                                            "md-h2", 1)
    h = next(b for b in ir.blocks if b.line_start == 39)
    assert (h.kind, h.marker, h.text) == (BlockKind.heading, "b)", "Tầm nhìn đến năm 2045")
    h = next(b for b in ir.blocks if b.line_start == 7)
    assert (h.kind, h.level, h.text) == (BlockKind.heading, 2, "KẾ HOẠCH")
    assert not [b for b in ir.blocks if "*" in b.text or "#" in b.text]
    sig = [b for b in ir.blocks if b.kind == BlockKind.signature]
    assert [b.style for b in sig][:2] == ["recipients_heading", "recipient"]
    assert sig[-1].style == "signer" and sig[-1].text == "Lê Quang Hòa"
    table = only_table(ir).table
    # the blank line between rows 6 and 7 is not a row; the last line (no newline) is row 11
    assert table is not None and [r.cells[0].text for r in table.body_rows()] == [str(i) for i in range(1, 12)]


def test_seed004_signature_and_recipients() -> None:
    ir = load(seed_path("004"))
    sig = [b for b in ir.blocks if b.kind == BlockKind.signature]
    styles = [b.style for b in sig]
    assert styles.count("recipient") == 12
    assert [b.text for b in sig if b.style == "signature_title"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                                     "PHÓ CHỦ TỊCH"]
    assert [b.text for b in sig if b.style == "signer"] == ["Hoàng Minh Cường"]
    app = next(b for b in ir.blocks if b.style == "appendix")
    assert app.text == "PHỤ LỤC" and app.line_start == 237


def test_inspect_shows_seed004_appendix_as_whole_rows() -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app
    import pipeline.commands.inspect  # noqa: F401  (registers the command)

    res = CliRunner().invoke(app, ["inspect", str(seed_path("004")), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    table = next(b for b in data["blocks"] if b["kind"] == "table")["table"]
    ids = [r["cells"][0]["text"] for r in table["rows"] if not r["is_header"] and not r["is_group"]]
    assert ids == [t["id"] for t in gold_appendix("004")]
    assert all(r["cells"][0]["text"] for r in table["rows"])  # no stray continuation rows


# ------------------------------------------------------------------ snippets cut from the seeds

def test_tsv_snippet_with_page_break_debris(tmp_path: Path) -> None:
    ir = load_snippet(tmp_path, seed_lines("000", 245, 255))
    b = only_table(ir)
    assert b.table is not None and (b.line_start, b.line_end) == (3, 11)
    assert [r.cells[0].text for r in b.table.rows] == ["STT", "1", "2", "3", "4", "5"]
    assert b.table.rows[-1].cells[1].text.endswith("phong trào “Trí thức Việt Nam thời kỳ chuyển đổi số”")
    assert ir.blocks[0].kind == BlockKind.paragraph  # "(Kèm theo Kế hoạch …)"


def test_markdown_pipe_table_from_corpus_rows(tmp_path: Path) -> None:
    rows = [line.split("\t") for line in seed_lines("002", 203, 206).split("\n")]
    md = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    md += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    # a page break: blank line, repeated header and separator, then the tail of row 3 with an empty STT
    head, tail = rows[3][1].rsplit(" ", 3)[0], " ".join(rows[3][1].rsplit(" ", 3)[1:])
    md[-1] = "| " + " | ".join([rows[3][0], head] + rows[3][2:]) + " |"
    md += ["", md[0], md[1], "|  | " + tail + " |  |  |  |  |"]
    text = seed_lines("002", 201, 201) + "\n\n" + "\n".join(md) + "\n\nTrên đây là Kế hoạch.\n"
    ir = load_snippet(tmp_path, text, "snippet.md")
    assert ir.format == "md"
    b = only_table(ir)
    assert b.style == "pipe" and b.table is not None
    assert [r.cells[0].text for r in b.table.rows] == ["STT", "1", "2", "3"]
    assert b.table.rows[3].cells[1].text == rows[3][1]
    assert b.table.rows[1].cells[5].text == "Quý II/2026"
    assert ir.blocks[-1].text == "Trên đây là Kế hoạch."


def test_flattened_table_one_cell_per_line(tmp_path: Path) -> None:
    rows = [line.split("\t") for line in seed_lines("000", 247, 249).split("\n")]
    lines: list[str] = ["Phụ lục", ""]
    for r in rows:
        lines.append("|")
        lines.extend(r)
    lines.append("|")
    lines += ["", "Nơi nhận:"]
    ir = load_snippet(tmp_path, "\n".join(lines))
    b = only_table(ir)
    assert b.style == "flattened" and b.table is not None
    assert [r.texts() for r in b.table.rows] == [[c.strip() for c in r] for r in rows]
    assert b.table.rows[2].cells[4].text == ""  # empty cell kept in its column
    assert ir.blocks[0].style == "appendix" and ir.blocks[-1].style == "recipients_heading"


def test_list_markers_and_levels(tmp_path: Path) -> None:
    text = "\n\n".join([
        seed_lines("000", 75, 75), seed_lines("000", 105, 105), seed_lines("000", 107, 107),
        seed_lines("000", 109, 109), seed_lines("004", 43, 43), seed_lines("004", 123, 123),
        seed_lines("003", 35, 35), seed_lines("001", 225, 225),
        "+ Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan;", "1.2.3. Xây dựng cơ sở dữ liệu về đội ngũ trí thức",
    ])
    ir = load_snippet(tmp_path, text)
    got = [(b.kind.value, b.marker, b.level) for b in ir.blocks]
    assert got == [("heading", "III.", 1), ("heading", "2.", 2), ("heading", "a)", 5), ("list_item", "-", 1),
                   ("list_item", "1.1.", 3), ("list_item", "6.1", 3), ("list_item", "đ)", 5),
                   ("list_item", "1.", 2), ("list_item", "+", 2), ("heading", "1.2.3.", 4)]
    assert ir.blocks[0].text == "NHIỆM VỤ VÀ GIẢI PHÁP"
    assert ir.blocks[7].text.endswith("(hoàn thành trong quý II/2024).")  # *emphasis* removed


def test_round_and_square_bullets_are_list_markers(tmp_path: Path) -> None:
    """Word and PDF exports print bullets as "•", "●", "▪" (level 1) and "◦" (level 2); all are list items."""
    ir = load_snippet(tmp_path, "\n".join([
        "• Hướng dẫn việc học tập, quán triệt Nghị quyết đến cán bộ, đảng viên.",
        "● Tổ chức hội nghị xúc tiến đầu tư định kỳ 2 năm/lần.",
        "▪ Rà soát các cam kết quốc tế trên địa bàn tỉnh.",
        "◦ Báo cáo kết quả trước ngày 30/11 hằng năm.",
        "– Theo dõi, đôn đốc việc thực hiện Chương trình.",
    ]))
    got = [(b.kind.value, b.marker, b.level) for b in ir.blocks]
    assert got == [("list_item", "•", 1), ("list_item", "●", 1), ("list_item", "▪", 1), ("list_item", "◦", 2),
                   ("list_item", "–", 1)]
    assert ir.blocks[0].text.startswith("Hướng dẫn việc học tập")


def test_last_line_without_newline_and_crlf(tmp_path: Path) -> None:
    text = seed_lines("000", 232, 238).replace("\n", "\r\n")
    assert not text.endswith("\n")
    ir = load_snippet(tmp_path, text)
    assert ir.blocks[-1].text == "Hoàng Minh Cường" and ir.blocks[-1].line_start == 7
    assert ir.blocks[-1].style == "signer"


def test_form_feeds_count_pages(tmp_path: Path) -> None:
    text = seed_lines("001", 75, 75) + "\n\f" + seed_lines("001", 77, 79)
    ir = load_snippet(tmp_path, text)
    assert ir.pages == 2
    b = ir.blocks[0]
    assert "45-NQ/TW, ngày 24/01/2019" in b.text and (b.page, b.line_start, b.line_end) == (1, 1, 2)
    assert (ir.blocks[1].text, ir.blocks[1].page, ir.blocks[1].line_start) == ("Thực hiện thường xuyên.", 2, 4)


def test_superscript_exponent_is_not_a_footnote(tmp_path: Path) -> None:
    ir = load_snippet(tmp_path, "- Xây dựng 02 nhà hát với tổng diện tích 5.000 m² trong năm 2026³.\n\n³ Chỉ tiêu tại "
                                "Chương trình số 02-CTr/TU.")
    assert ir.blocks[0].footnote_refs == ["3"] and "5.000 m²" in ir.blocks[0].text
    assert ir.footnotes() == {"3": "Chỉ tiêu tại Chương trình số 02-CTr/TU."}


# ------------------------------------------------------------------ decoding and errors

def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    for content in (b"", b"  \n\t\n", "\ufeff \u00a0\n".encode("utf-8"), b"[bookmark: _Hlk1]\n"):
        p = tmp_path / "empty.txt"
        p.write_bytes(content)
        with pytest.raises(EmptyDocumentError) as e:
            load(p)
        assert "empty.txt" in str(e.value)


def test_binary_bytes_are_corrupt(tmp_path: Path) -> None:
    p = tmp_path / "scan.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe")
    with pytest.raises(CorruptDocumentError) as e:
        load(p)
    assert "scan.txt" in str(e.value) and e.value.code == "E103"


def test_windows_1258_and_utf8_bom(tmp_path: Path) -> None:
    text = seed_lines("000", 35, 37)
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.encode("cp1258", errors="strict") if _cp1258_ok(text) else b"")
    if p.read_bytes():
        ir = load(p)
        assert [b.text for b in ir.blocks] == ["MỤC TIÊU", "Mục tiêu tổng quát"]
        assert any("Windows-1258" in w for w in ir.warnings)
    p2 = tmp_path / "bom.txt"
    p2.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert [b.text for b in load(p2).blocks] == ["MỤC TIÊU", "Mục tiêu tổng quát"]


def _cp1258_ok(text: str) -> bool:
    import unicodedata
    try:
        unicodedata.normalize("NFD", text).encode("cp1258")
        return True
    except UnicodeEncodeError:
        return False


# ------------------------------------------------------------------ data file

def test_layout_patterns_match_their_examples() -> None:
    entries = layout_entries()
    assert {e["name"] for e in entries} >= {"artifact_bookmark", "recipients", "signature_title",
                                             "appendix_heading", "superscript_unit"}
    for e in entries:
        name = str(e["name"])
        examples = list(e["examples"])  # type: ignore[arg-type]
        assert examples, name
        for ex in examples:
            assert layout_matches(name, ex), (name, ex)
        for ex in e.get("counter_examples", []):  # type: ignore[union-attr]
            assert not layout_matches(name, ex), (name, ex)


def test_two_column_layout_with_tabs_is_not_a_table(tmp_path: Path) -> None:
    # seed 003's header block and seed 000's signature block as a two-column export would print them
    left = [seed_lines("003", 3, 3).strip(), seed_lines("003", 4, 4)]
    right = [seed_lines("003", 5, 5).strip(), seed_lines("003", 6, 6)]
    sig_left = seed_lines("000", 221, 224).split("\n")
    sig_right = seed_lines("000", 234, 236).split("\n") + [""]
    text = "\n".join(f"{a}\t{b}" for a, b in zip(left, right)) + "\n\n" + seed_lines("003", 10, 10) + "\n\n" + \
        "\n".join(f"{a}\t{b}" for a, b in zip(sig_left, sig_right)) + "\n\nHoàng Minh Cường\n"
    ir = load_snippet(tmp_path, text)
    assert not list(ir.tables())
    assert [b.text for b in ir.blocks[:4]] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH",
                                               "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    sig = [(b.style, b.text) for b in ir.blocks if b.kind == BlockKind.signature]
    assert sig == [("recipients_heading", "Nơi nhận:"), ("recipient", "Bộ Khoa học và Công nghệ (để bc);"),
                   ("recipient", "Thường trực Thành ủy (để bc);"), ("signature_title", "TM. ỦY BAN NHÂN DÂN"),
                   ("signature_title", "KT. CHỦ TỊCH"), ("signature_title", "PHÓ CHỦ TỊCH"),
                   ("signer", "Hoàng Minh Cường")]


def test_group_row_exported_without_tabs_stays_in_the_table(tmp_path: Path) -> None:
    lines = seed_lines("004", 241, 251).split("\n")
    lines = [ln.rstrip("\t") if ln.startswith(("I.", "II.")) else ln for ln in lines]
    ir = load_snippet(tmp_path, "\n".join(lines))
    table = only_table(ir).table
    assert table is not None
    assert [r.cells[0].text.split(" ")[0] for r in table.rows if r.is_group] == ["I.", "II."]
    assert [r.cells[0].text for r in table.body_rows() if not r.is_group] == ["1.1", "1.2", "1.3", "2.1", "2.2",
                                                                                 "2.3"]


def test_wrapped_footnote_note_continues_the_note_not_the_body(tmp_path: Path) -> None:
    bullet, note = seed_lines("000", 49, 49), seed_lines("000", 51, 51)
    head, tail = note.split(" của Thủ tướng")
    text = "\n\n".join([bullet, head, "của Thủ tướng" + tail, seed_lines("000", 53, 53)])
    ir = load_snippet(tmp_path, text)
    assert [b.kind for b in ir.blocks] == [BlockKind.list_item, BlockKind.footnote, BlockKind.list_item]
    assert ir.footnotes()["1"] == note[2:]
    assert ir.blocks[0].text.endswith("ít nhất 150 doanh nghiệp khoa học và công nghệ.")
    assert (ir.blocks[1].line_start, ir.blocks[1].line_end) == (3, 5)


# ------------------------------------------------------------------ held-out shapes (tests/data/heldout)

HELDOUT = ROOT / "tests" / "data" / "heldout"


def heldout_path(stem: str) -> Path:
    return next(p for p in HELDOUT.glob(f"{stem}_*") if p.suffix in (".txt", ".md"))


def heldout_gold(stem: str) -> dict[str, object]:
    return json.loads(next(HELDOUT.glob(f"{stem}_*.json")).read_text(encoding="utf-8"))


def test_web_cell_table_rows_match_gold() -> None:
    """hc: every cell followed by a '|' line, rows not delimited, cells hard-wrapped: the column count comes
    from the header row and the wrapped lines of a cell are one text."""
    ir = load(heldout_path("hc"))
    b = only_table(ir)
    assert b.style == "web" and b.table is not None and b.line_start == 69  # starts at "TT", not at the title
    assert b.table.rows[0].texts() == ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                       "Thời gian hoàn thành", "Sản phẩm"]
    gold = [t for t in heldout_gold("hc")["tasks"] if t["source"] == "appendix"]  # type: ignore[index,union-attr]
    rows = b.table.body_rows()
    assert [r.cells[0].text for r in rows] == [t["id"] for t in gold]
    assert [r.cells[1].text for r in rows] == [t["text"] for t in gold]
    assert [r.cells[4].text for r in rows] == [t["deadline_raw"] for t in gold]
    assert rows[2].cells[3].text == "Sở Khoa học và Công nghệ; Sở Tư pháp"  # "Sở Tư" / "pháp" rejoined
    assert rows[2].cells[3].orig == "Sở Khoa học và Công nghệ; Sở Tư\npháp"
    assert (rows[0].line_start, rows[0].line_end) == (81, 96)


def test_web_cell_signature_and_header_blocks_are_text() -> None:
    """hc: the header block and the signature block are exported as web cells too; they are not tables,
    and the signature block before the appendix is not swallowed into it."""
    ir = load(heldout_path("hc"))
    texts = [b.text for b in ir.blocks if b.kind != BlockKind.table]
    assert "|" not in texts
    assert texts[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "---------------"]
    assert "Số: 512/KH-UBND" in texts  # "Số:" and the number on separate lines
    sig = [(b.style, b.text) for b in ir.blocks if b.kind == BlockKind.signature]
    assert sig[-4:] == [("signature_title", "TM. ỦY BAN NHÂN DÂN"), ("signature_title", "KT. CHỦ TỊCH"),
                        ("signature_title", "PHÓ CHỦ TỊCH"), ("signer", "Phạm Minh Trí")]
    app = next(i for i, b in enumerate(ir.blocks) if b.style == "appendix")
    assert [b.text for b in ir.blocks[app:app + 3]] == [
        "PHỤ LỤC", "DANH MỤC NHIỆM VỤ TRIỂN KHAI NGHỊ QUYẾT SỐ 68-NQ/TW",
        "(Kèm theo Kế hoạch số 512/KH-UBND ngày 16/7/2025 của Ủy ban nhân dân tỉnh Quảng Ninh)"]
    assert ir.blocks[app + 3].kind == BlockKind.table


def test_hard_wrapped_body_lines_are_joined() -> None:
    ir = load(heldout_path("hc"))
    by_start = {b.line_start: b for b in ir.blocks}
    title = by_start[16]
    assert (title.kind, title.line_end) == (BlockKind.heading, 17)
    assert title.text.endswith("CỦA BỘ CHÍNH TRỊ VỀ PHÁT TRIỂN KINH TẾ TƯ NHÂN TRÊN ĐỊA BÀN TỈNH QUẢNG NINH")
    assert by_start[18].line_end == 22 and "thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025" in by_start[18].text
    assert by_start[32].text.endswith("đạt khoảng 10 - 12%/năm.")
    gold = {t["id"]: t["text"] for t in heldout_gold("hc")["tasks"]}  # type: ignore[index,union-attr]
    assert (by_start[44].kind, by_start[44].marker, by_start[44].text) == (BlockKind.list_item, "1.", gold["IV.1"])
    assert by_start[47].text == gold["IV.2"]  # "… hoàn thành trong tháng" + "8/2025."
    # every line of the body is in some block; no block starts with a digit or lower-case
    assert not [b for b in ir.blocks if b.kind != BlockKind.table and (b.text[:1].isdigit() or b.text[:1].islower())]


def _wrap(text: str, width: int) -> str:
    """Hard-wrap every text line of a seed as a legal-text website would (tables, Markdown headings, and
    lines with converter debris left alone)."""
    import textwrap

    out: list[str] = []
    for line in text.split("\n"):
        if line.strip() and "\t" not in line and not line.startswith("#") and "[bookmark" not in line \
                and "[footnoteRef" not in line:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("seed,last", [("000", 240), ("001", 227), ("002", 200), ("003", 120), ("004", 236)])
def test_seed_hard_wrapped_at_74_reads_as_the_seed(tmp_path: Path, seed: str, last: int) -> None:
    """Each seed's text, hard-wrapped at 74 characters, gives the same blocks as the seed itself: wraps are
    joined (also before a digit, an upper-case word, a dash) and no two paragraphs are merged."""
    text = seed_lines(seed, 1, last)
    wrapped = _wrap(text, 74)
    assert wrapped.count("\n") > text.count("\n") + 50

    def blocks(ir: DocumentIR) -> list[tuple[str, str | None, str, list[str]]]:
        return [(b.kind.value, b.marker, b.text, b.footnote_refs) for b in ir.blocks if b.kind != BlockKind.table]

    assert blocks(load_snippet(tmp_path, wrapped, "w.txt")) == blocks(load_snippet(tmp_path, text, "o.txt"))


def test_wrap_width_only_for_hard_wrapped_text() -> None:
    from extractors.load.text import text_line_lengths
    from extractors.pagebreak import wrap_width

    def width(text: str) -> int | None:
        return wrap_width(text_line_lengths(text.split("\n")))

    for seed in ("000", "001", "002", "003", "004"):
        assert width(seed_path(seed).read_text(encoding="utf-8")) is None, seed
        assert width(_wrap(seed_path(seed).read_text(encoding="utf-8"), 74)) in range(70, 75), seed
    assert width(heldout_path("hc").read_text(encoding="utf-8")) in range(70, 80)
    assert width(heldout_path("hb").read_text(encoding="utf-8")) is None


def test_number_after_a_word_expecting_one_continues_across_a_break(tmp_path: Path) -> None:
    # seed 004 line 27 ends a sentence; cut it after "ngày" as a page break would (blank line between)
    line = "- Báo cáo Ủy ban nhân dân thành phố trước ngày 20/12 hằng năm."
    head, tail = line.split(" 20/12")
    ir = load_snippet(tmp_path, head + "\n\n" + "20/12" + tail + "\n\n" + seed_lines("004", 31, 31))
    assert ir.blocks[0].text == line[2:] and ir.blocks[0].line_end == 3
    assert ir.blocks[1].line_start == 5


def test_flattened_rows_shape_still_a_table() -> None:
    """hb: one cell per line, rows delimited by '|' lines (group rows, a row split by a page break)."""
    ir = load(heldout_path("hb"))
    b = only_table(ir)
    assert b.style == "flattened" and b.table is not None
    gold = [t for t in heldout_gold("hb")["tasks"] if t["source"] == "appendix"]  # type: ignore[index,union-attr]
    rows = [r for r in b.table.body_rows() if not r.is_group]
    assert [r.cells[0].text for r in rows] == [t["id"] for t in gold]
    assert [r.cells[1].text for r in rows] == [t["text"] for t in gold]
    assert [r.cells[0].text.split(".")[0] for r in b.table.rows if r.is_group] == ["I", "II"]


def test_web_cells_built_from_corpus_rows_with_a_colspan_group_row(tmp_path: Path) -> None:
    """Seed 004's appendix rows exported as web cells: a signature block before it, cells wrapped at 34
    characters, the group rows printed as one cell (their empty cells merged away)."""
    import textwrap

    rows = [ln.split("\t") for ln in seed_lines("004", 241, 247).split("\n") if ln.strip()]
    out = seed_lines("004", 214, 227).split("\n") + ["|"] + seed_lines("004", 229, 235).split("\n") + ["|"]
    out += ["PHỤ LỤC", "(Kèm theo Kế hoạch)"]
    for r in rows:
        cells = [r[0]] if not any(c.strip() for c in r[1:]) else r
        for c in cells:
            out.extend(textwrap.wrap(c, 34, break_long_words=False) or [""])
            out.append("|")
    out += ["", "Trên đây là Kế hoạch."]
    ir = load_snippet(tmp_path, "\n".join(out))
    b = only_table(ir)
    assert b.style == "web" and b.table is not None
    # the same rows as the tab-separated export gives (a page-break continuation row merged, groups marked)
    tsv = only_table(load_snippet(tmp_path, seed_lines("004", 241, 247), "tsv.txt")).table
    assert tsv is not None and len(tsv.rows) == 5
    assert [r.texts() for r in b.table.rows] == [r.texts() for r in tsv.rows]
    assert [r.is_group for r in b.table.rows] == [r.is_group for r in tsv.rows] == [False, True, False, False,
                                                                                   False]
    sig = [x for x in ir.blocks if x.kind == BlockKind.signature]
    assert sig[0].style == "recipients_heading" and sig[-1].style == "signer"
    assert ir.blocks[-1].text == "Trên đây là Kế hoạch."


def test_markdown_footnotes_marker_removed_and_linked() -> None:
    ir = load(heldout_path("ha"))
    notes = ir.footnotes()
    assert notes == {"1": "Chỉ tiêu tại Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ.",
                     "2": "Chỉ tiêu theo Hợp phần xây dựng của Sở Khoa học và Công nghệ."}
    carriers = {r: b for b in ir.blocks for r in b.footnote_refs}
    assert carriers["1"].text.endswith("đạt từ 80% trở lên.")  # no "[^1]", no stray "1"
    assert carriers["2"].text.endswith("tối thiểu 20% GRDP của tỉnh.")
    assert not [b for b in ir.blocks if "[^" in b.text]
    assert not [w for w in ir.warnings if "footnote" in w]


def test_markdown_footnote_with_indented_continuation(tmp_path: Path) -> None:
    bullet, note = seed_lines("000", 49, 49), seed_lines("000", 51, 51)  # "… ít nhất 150 doanh nghiệp …¹" / "¹ …"
    body = bullet.replace("¹", "[^a1]")
    head, tail = note[2:].split(" của Thủ tướng")
    text = "\n\n".join([body, seed_lines("000", 53, 53).replace("²", ""), f"[^a1]: {head}\n    của Thủ tướng{tail}",
                        "Trên đây là Kế hoạch."])
    ir = load_snippet(tmp_path, text, "n.md")
    assert ir.footnotes() == {"a1": note[2:]}
    fn = next(b for b in ir.blocks if b.kind == BlockKind.footnote)
    assert (fn.line_start, fn.line_end, fn.marker) == (5, 6, "[^a1]")
    assert ir.blocks[0].footnote_refs == ["a1"] and ir.blocks[0].text == bullet[2:].replace("¹", "")
    assert ir.blocks[-1].text == "Trên đây là Kế hoạch." and ir.blocks[-1].kind == BlockKind.paragraph


def test_markdown_pipe_header_block_reads_as_text_in_order() -> None:
    """ha: the two-column header block written as a pipe table (bold, <br>, italics) becomes text blocks,
    left column then right column, that the header extractor reads."""
    from extractors.header import extract_header

    ir = load(heldout_path("ha"))
    assert [b.text for b in ir.blocks[:6]] == [
        "ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA", "Số: 215/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Thanh Hóa, ngày 18 tháng 8 năm 2025"]
    assert ir.blocks[0].kind == BlockKind.heading and ir.blocks[0].line_start == 1
    head, _ = extract_header(ir)
    assert (head.number, head.date, head.jurisdiction) == ("215/KH-UBND", "2025-08-18", "Thanh Hóa")
    # the two appendix tables stay tables
    assert [b.table.rows[0].cells[0].text for b in ir.tables() if b.table] == ["TT", "STT"]


def test_two_column_pipe_table_with_column_headings_stays_a_table(tmp_path: Path) -> None:
    rows = [ln.split("\t") for ln in seed_lines("002", 203, 205).split("\n")]
    md = "\n".join("| " + " | ".join([r[1], r[5]]) + " |" for r in rows)
    ir = load_snippet(tmp_path, md, "t.md")
    b = only_table(ir)
    assert b.table is not None and b.table.rows[0].texts() == [rows[0][1].strip(), rows[0][5].strip()]


def test_br_between_two_bodies_in_a_pipe_cell() -> None:
    ir = load(heldout_path("ha"))
    table = next(b.table for b in ir.tables() if b.table)
    row = next(r for r in table.rows if r.cells[1].text.startswith("Xây dựng Nghị quyết của Hội đồng"))
    assert row.cells[3].text == "Sở Tài chính; Sở Tư pháp"
    assert row.cells[3].orig.strip() == "Sở Tài chính<br>Sở Tư pháp"


def _to_brackets(s: str) -> str:
    """Seed 000's superscript markers and note lines printed the Word-endnote way ('…lên 25%[3].', '[3] …')."""
    from extractors.footnotes import split_superscript_refs, parse_superscript_note
    note = parse_superscript_note(s)
    if note is not None:
        return f"[{note[0]}] {note[1]}"
    text, ids = split_superscript_refs(s)
    for i in ids:  # each marker sits before the bullet's final full stop in seed 000
        text = text[:-1] + f"[{i}]." if text.endswith(".") else text + f"[{i}]"
    return text


def test_bracket_endnotes_at_the_end_of_the_file(tmp_path: Path) -> None:
    # seed 000 bullets 49 and 53 with their notes moved to the very end, after a table, as a Word export
    # of endnotes prints them; ordinary '[2]' in text without a glued marker is left alone
    b1, n1 = _to_brackets(seed_lines("000", 49, 49)), _to_brackets(seed_lines("000", 51, 51))
    b3 = _to_brackets(seed_lines("000", 55, 55))
    table = "STT\tNhiệm vụ\tĐơn vị chủ trì\n1\tXây dựng cơ sở dữ liệu\tSở Nội vụ\n2\tĐánh giá\tSở Tài chính"
    note3 = "[3] Chỉ tiêu tại Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị."
    text = "\n\n".join([b1, b3, "Danh mục [2] kèm theo.", table, n1, note3])
    ir = load_snippet(tmp_path, text)
    assert b1.endswith("[1].") and b3.endswith("25%[3].")
    assert ir.footnotes() == {"1": n1[4:], "3": note3[4:]}
    carriers = {r: b for b in ir.blocks for r in b.footnote_refs}
    assert carriers["1"].text.endswith("150 doanh nghiệp khoa học và công nghệ.")
    assert carriers["3"].text.endswith("lên 25%.")
    assert any(b.text == "Danh mục [2] kèm theo." for b in ir.blocks)
    assert not [w for w in ir.warnings if "footnote" in w]


def test_bracket_note_line_without_a_glued_marker_is_text(tmp_path: Path) -> None:
    # a list printed with bracketed numbers: no marker glued to a word, so no notes
    ir = load_snippet(tmp_path, "Tài liệu tham khảo:\n[1] Niên giám thống kê 2024.\n[2] Báo cáo kinh tế - xã hội.")
    assert ir.footnotes() == {}
    assert [b.kind for b in ir.blocks].count(BlockKind.footnote) == 0
    # a note line BEFORE the marker's first use is not its note either
    ir2 = load_snippet(tmp_path, "[1] Ghi chú đầu trang.\n\n- Tỷ lệ hộ dùng nước sạch đạt 98%[1].")
    assert ir2.footnotes() == {} and ir2.blocks[-1].footnote_refs == []
