"""Web-exported plans (the text a legal-document website's page gives, as in ../shared/real/): layout tables
are text, real tables are reassembled, wrapped paragraphs and bold runs are one block, site furniture is
dropped and counted, and what could not be read is a warning on the IR.

Snippets are real: tests/data/real_web/snippets/*.md are lines copied byte for byte from the files named in
tests/data/real_web/snippets/SNIPPETS.tsv (some prefixed with the same file's page header, lines 1-16/17);
tests/data/real_web/*.md are three whole files (tests/data/real_web/SOURCES.tsv).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from extractors.header import extract_header
from extractors.ir import BlockKind, DocumentIR
from extractors.load import load
from extractors.load.web_export import collect_region, is_layout, is_web_export
from extractors.load.web_tables import MAX_COLUMNS, table_rows
from extractors.load.web_furniture import DATA_FILE, furniture_patterns, line_form

HERE = Path(__file__).parent
REAL_WEB = HERE / "data" / "real_web"
SNIPPETS = REAL_WEB / "snippets"
SHARED_REAL = HERE.parents[1] / "shared" / "real"  # the read-only development set, when present


def snippet(name: str) -> DocumentIR:
    return load(SNIPPETS / f"{name}.md")


def only_table(ir: DocumentIR):  # type: ignore[no-untyped-def]
    tables = list(ir.tables())
    assert len(tables) == 1, [t.line_start for t in tables]
    assert tables[0].table is not None
    return tables[0].table


def texts(ir: DocumentIR) -> list[str]:
    return [b.text for b in ir.blocks if b.kind != BlockKind.table]


# ---------------------------------------------------------------- layout tables

def test_page_header_layout_table_is_text_and_header_fields_are_read() -> None:
    """ke-hoach-0124 lines 1-28: issuer | motto, number | place and date as a web table (lines holding only
    '|', bold runs split over lines), then the type and a title wrapped over three lines."""
    ir = snippet("header_0124")
    assert not list(ir.tables())
    assert texts(ir)[:8] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                             "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 0124/KH-UBND",
                             "Đắk Lắk, ngày 18 tháng 11 năm 2025"]
    title = next(b for b in ir.blocks if b.line_start == 23)
    assert (title.kind, title.line_end) == (BlockKind.heading, 25)
    header, _ = extract_header(ir)
    assert (header.doc_type, header.number, header.date, header.place) == (
        "Kế hoạch", "0124/KH-UBND", "2025-11-18", "Đắk Lắk")
    assert header.issuer == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert header.title is not None and header.title.startswith("PHÁT ĐỘNG ĐỢT THI ĐUA LẬP THÀNH TÍCH")
    assert header.title.endswith("NGHỊ QUYẾT ĐẠI HỘI LẦN THỨ XIII CỦA ĐẢNG")  # all three lines
    assert ir.dropped == {"empty_emphasis": 1}  # the "** **" line under the header


def test_signature_layout_table_recipients_and_signer() -> None:
    """ke-hoach-1026 lines 236-259: 'Nơi nhận' | signature as one web row; 'TM. ỦY BAN NHÂN' / 'DÂN' is one
    bold run; the snippet ends inside the signature cell (no closing '|'), which still closes the cell."""
    ir = snippet("signature_1026")
    sig = [(b.style, b.text) for b in ir.blocks if b.kind == BlockKind.signature]
    assert sig[0] == ("recipients_heading", "Nơi nhận:")
    assert ("recipient", "Lưu: VTUB, NC (TP, Vinh).") in sig
    assert sig[-4:] == [("signature_title", "TM. ỦY BAN NHÂN DÂN"), ("signature_title", "KT. CHỦ TỊCH"),
                        ("signature_title", "PHÓ CHỦ TỊCH"), ("signer", "Bùi Thanh An")]
    assert not list(ir.tables())


# ---------------------------------------------------------------- real tables

def test_appendix_task_table_rows_and_cells() -> None:
    """quyet-dinh-2597 lines 500-600: the signature block, the appendix title, then the task table: one cell
    per '|'-separated segment (wrapped over several lines), rows separated by two '|' lines, a group row
    whose empty cells are printed '** **'."""
    ir = snippet("appendix_2597")
    sig = [(b.style, b.text) for b in ir.blocks if b.kind == BlockKind.signature]
    assert sig == [("signature_title", "KT. THỦ TƯỚNG"), ("signature_title", "PHÓ THỦ TƯỚNG"), ("signer", "Trần Hồng Hà")]
    table = only_table(ir)
    assert table.rows[0].is_header and table.rows[0].texts() == [
        "STT", "Tên nhiệm vụ/dự án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả dự kiến", "Thời gian triển khai"]
    group = table.rows[1]
    assert group.is_group and group.texts() == ["I", "CƠ CHẾ, CHÍNH SÁCH", "", "", "", ""]
    row1 = table.rows[2]
    assert row1.texts()[0] == "1" and row1.texts()[2:] == [
        "Bộ Xây dựng", "Các bộ, ngành liên quan", "Các Văn bản quy phạm pháp luật được sửa đổi, bổ sung", "2026"]
    assert row1.texts()[1].startswith("Rà soát toàn diện các luật") and row1.texts()[1].endswith("vận hành thông minh")
    assert (row1.line_start, row1.line_end) == (46, 61)
    assert [r.texts()[0] for r in table.rows[2:5]] == ["1", "2", "3"]
    assert table.rows[4].texts()[3] == "Bộ Khoa học và Công nghệ"  # "Bộ Khoa học và" / "Công nghệ"
    assert max(len(r.cells) for r in table.rows) == 6


def test_extra_bar_between_rows_does_not_shift_columns() -> None:
    """ke-hoach-157 lines 431-560: a group row whose last cell is empty ('I | NHÓM … | 115 | |') is followed by
    the row boundary, so three '|' lines come before row 1; row 1 must still start in the first column."""
    table = only_table(snippet("extra_bar_157"))
    assert table.rows[0].texts() == ["STT", "TIÊU CHÍ THI ĐUA", "ĐIỂM CHUẨN", "HƯỚNG DẪN CHẤM ĐIỂM"]
    assert table.rows[1].texts() == ["I", "NHÓM XÃ, PHƯỜNG", "115", ""]
    body = table.rows[2:]
    assert [r.texts()[0] for r in body[:5]] == ["1", "2", "3", "4", "5"]
    assert [r.texts()[2] for r in body[:5]] == ["20", "40", "20", "20", "15"]
    assert body[0].texts()[3].startswith("- Cách thức ghi nhận")
    assert all(len(r.cells) == 4 for r in table.rows)


def test_two_level_header_laid_on_the_leaf_columns() -> None:
    """quyet-dinh-2954 lines 705-800: 'GIAI ĐOẠN 2026 - 2030' printed once over five year columns in the next
    header row: the width is 9 (not the 5 cells of the first header row, nor several rows read as one)."""
    table = only_table(snippet("two_level_2954"))
    assert [r.is_header for r in table.rows[:3]] == [True, True, False]
    assert table.rows[0].texts() == ["TT", "Chỉ tiêu", "ĐVT", "ƯTH Năm 2025", "GIAI ĐOẠN 2026 - 2030", "", "", "", ""]
    assert table.rows[1].texts() == ["", "", "", "", "Năm 2026", "Năm 2027", "Năm 2028", "Năm 2029", "Năm 2030"]
    assert table.rows[4].texts() == ["-", "Diện tích", "Ha", "26.120", "27.000", "27.500", "28.000", "29.000",
                                     "30.000"]


def test_rows_under_merged_cells_keep_their_columns() -> None:
    """ke-hoach-235 lines 637-700: row 1's second sub-row ('- Thuốc Bảo vệ thực vật …' under a TT and an
    'Đối tượng' cell merged over two rows) is printed with its first two cells left out: it is read into
    the last five columns (and merged into row 1), not shifted into TT; the snippet ends inside the table,
    which is a warning."""
    ir = snippet("rowspan_235")
    table = only_table(ir)
    row1 = table.rows[1]
    assert row1.texts()[0] == "1" and row1.texts()[1].startswith("Nguồn nước cấp nuôi tôm")
    assert row1.texts()[3] == "02 lần/tháng 02 lần/năm"
    assert row1.texts()[5:] == ["15 15", "240 30"]
    assert any("not closed by '|'" in w for w in ir.warnings)


def test_layout_and_table_regions_by_shape() -> None:
    """The same shape test on raw lines: the header region is layout, the task table region is not."""
    raws = (SNIPPETS / "appendix_2597.md").read_text(encoding="utf-8").split("\n")
    assert is_web_export(raws)
    head = (SNIPPETS / "header_0124.md").read_text(encoding="utf-8").split("\n")
    assert is_layout(collect_region(head, 0))
    start = next(i for i, s in enumerate(raws) if s == "|" and raws[i + 1] == "**STT**")
    region = collect_region(raws, start)
    assert not is_layout(region)
    rows, width, notes = table_rows(raws, region)
    assert width == 6 and notes == []


# ---------------------------------------------------------------- wrapped text

def test_wrapped_bold_owner_heading_is_one_block() -> None:
    """ke-hoach-0129 lines 284-300: '**5. Sở' / 'Khoa học và Công nghệ:**' and '**6. Sở' / 'Tài chính:**'."""
    ir = snippet("owner_0129")
    owners = [(b.marker, b.level, b.text, b.line_start, b.line_end) for b in ir.blocks if b.marker in ("5.", "6.")]
    assert owners == [("5.", 2, "Sở Khoa học và Công nghệ:", 18, 19), ("6.", 2, "Sở Tài chính:", 27, 28)]
    task = next(b for b in ir.blocks if b.line_start == 30)
    assert task.text.startswith("Phối hợp với Sở Công Thương") and task.text.endswith("minh bạch.")
    assert task.orig.split("\n")[0] == "Phối hợp với Sở Công"  # orig keeps the lines as printed


def test_marker_printed_alone_keeps_the_numbering() -> None:
    """quyet-dinh-1627 lines 93-113: '**1.' / 'Mục đích: **Xác định …' and 'a)' / 'Xác định …'."""
    ir = snippet("marker_1627")
    items = [(b.kind, b.marker, b.level) for b in ir.blocks if b.line_start and b.line_start >= 18]
    assert items == [(BlockKind.heading, "I.", 1), (BlockKind.list_item, "1.", 2), (BlockKind.heading, "2.", 2),
                     (BlockKind.list_item, "a)", 5)]
    one = next(b for b in ir.blocks if b.marker == "1.")
    assert one.text.startswith("Mục đích: Xác định số lượng") and one.text.endswith("theo quy định của pháp luật.")


def test_document_note_under_a_table_is_not_furniture() -> None:
    """ke-hoach-235 lines 1286-1291: 'Ghi chú:' is also a site tab; here it heads the document's note."""
    ir = snippet("note_235")
    assert "Ghi chú: - Vị trí lấy mẫu theo Hệ tọa độ VN-2000;" in texts(ir)
    assert not {k for k in ir.dropped if k != "empty_emphasis"}


# ---------------------------------------------------------------- site furniture

FURNITURE_HEAD = ["Văn bản gốc", "Lưu trữ | Ghi chú | Ý kiến | Facebook | Email | In", ""]
FURNITURE_TAIL = ["", "Nhằm thực hiện Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân, THƯ VIỆN PHÁP LUẬT xin",
                  "thông báo chính sách xử lý dữ liệu cá nhân của chúng tôi.", "", "Copyright© 2025 THƯ VIỆN PHÁP LUẬT",
                  "", "Ghi chú", ""]


def test_site_furniture_dropped_counted_and_not_a_reference(tmp_path: Path) -> None:
    """A whole real file (ke-hoach-172) with the site text a page export carries around it (the lines of
    the furniture examples in extractors/data/web_export.json): dropped, counted, and the decree the
    privacy notice cites is not a reference of the plan."""
    from extractors.extract import extract

    source = REAL_WEB / "ke-hoach-172-kh-ubnd-2025-trien-khai-luat-viec-lam-ho-chi-minh.md"
    p = tmp_path / "with_site_text.md"
    p.write_text("\n".join(FURNITURE_HEAD) + "\n" + source.read_text(encoding="utf-8") + "\n"
                 + "\n".join(FURNITURE_TAIL), encoding="utf-8")
    ir, bare = load(p), load(source)
    assert ir.dropped.get("navigation") == 3 and ir.dropped.get("privacy_notice") == 2
    assert ir.dropped.get("copyright") == 1
    assert texts(ir) == texts(bare)
    refs = extract(ir).references
    assert not [r for r in refs if "13/2023" in json.dumps(r.model_dump(), ensure_ascii=False)]


def test_furniture_patterns_match_their_examples() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    patterns = {p.name: p for p in furniture_patterns()}
    for e in data["furniture"]:
        assert e["examples"], e["name"]
        rx = patterns[e["name"]].regex
        for ex in e["examples"]:
            assert rx.search(line_form(ex)), (e["name"], ex)
        for ex in e.get("counter_examples", []):
            assert not rx.search(line_form(ex)), (e["name"], ex)


# ---------------------------------------------------------------- whole files

def _whole_files() -> list[Path]:
    files = sorted(REAL_WEB.glob("*.md"))
    if SHARED_REAL.is_dir():
        files += sorted(p for p in SHARED_REAL.glob("*.md") if p.name != "README.md")
    return files


def test_committed_real_files_are_byte_copies() -> None:
    rows = [r.split("\t") for r in (REAL_WEB / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len(rows) == 3
    for name, _url, sha, size in rows:
        data = (REAL_WEB / name).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (sha, int(size))


@pytest.mark.parametrize("path", _whole_files(), ids=lambda p: p.name[:40])
def test_real_web_export_loads_sane(path: Path) -> None:
    """Every real web export: recognised by shape, no table wider than 30 columns, no table made of the
    whole document, a header with number and date, and no stray '|' or emphasis debris in the text."""
    ir = load(path)
    assert is_web_export(path.read_text(encoding="utf-8").split("\n"))
    for t in ir.tables():
        assert t.table is not None and t.style == "web_rows"
        assert max(len(r.cells) for r in t.table.rows) <= MAX_COLUMNS
        assert len(t.table.rows) >= 2
    in_tables = sum((t.line_end or 0) - (t.line_start or 0) + 1 for t in ir.tables())
    assert in_tables < 0.9 * len(path.read_text(encoding="utf-8").split("\n"))
    assert not [w for w in ir.warnings if "more than any real table" in w]
    header, _ = extract_header(ir)
    assert header.number and header.date and header.issuer
    assert not [b for b in ir.blocks if b.kind != BlockKind.table and (b.text in ("|", "*", "**") or "**" in b.text)]


def test_whole_file_tables_157() -> None:
    """ke-hoach-157 (whole file): one appendix table (the scoring criteria), the page header and the
    signature are text, the body items are not cut at the site's wraps."""
    ir = load(REAL_WEB / "ke-hoach-157-kh-ubnd-2025-phong-trao-thi-dua-chi-tra-tro-giup-xa-hoi-k.md")
    table = only_table(ir)
    assert table.rows[0].texts()[:2] == ["STT", "TIÊU CHÍ THI ĐUA"]
    assert [b.text for b in ir.blocks if b.kind == BlockKind.signature][-1] == "Nguyễn Thị Ngọc Điệp"
    # no body block starts in lower case: every wrapped line was joined to its paragraph
    assert not [b.line_start for b in ir.blocks if b.kind != BlockKind.table and b.text[:1].islower()]


def test_decision_title_stops_before_the_enacting_authority() -> None:
    """quyet-dinh-* in ../shared/real: 'THỦ TƯỚNG CHÍNH PHỦ' / 'ỦY BAN NHÂN DÂN TỈNH …' printed in capitals
    between the title and 'Căn cứ …' is the enacting authority, not the end of the title."""
    files = sorted(SHARED_REAL.glob("quyet-dinh-*.md")) if SHARED_REAL.is_dir() else []
    if not files:
        pytest.skip("the shared development set (../shared/real) is not present")
    for path in files:
        header, _ = extract_header(load(path))
        assert header.title is not None, path.name
        for authority in ("THỦ TƯỚNG CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH", "CHỦ TỊCH ỦY BAN", "BỘ TRƯỞNG BỘ"):
            assert not header.title.endswith(authority) and f" {authority}" not in header.title, path.name
