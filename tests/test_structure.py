"""The structure stage (extractors/structure/) on real text: numbering kinds and levels, the section tree, table
kinds, whether a document is a plan, and `plangraph inspect --structure`.

Snippets are copied from ../shared/real (web exports of a public legal-document site) and ../shared/real-files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.ir import Block, BlockKind, Cell, DocumentIR, Row, Table
from extractors.load.text import load_text
from extractors.structure import build_structure, parse_numbering
from extractors.structure.document import document_kind
from extractors.structure.tables import table_kind

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.parametrize("line,kind,num,level", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", 1),
    ("IV. TỔ CHỨC THỰC HIỆN", "roman", "IV", 1),
    ("1. Phổ biến, giáo dục Luật Việc làm", "arabic", "1", 2),
    ("4. Sở Tài chính", "arabic", "4", 2),
    ("2.1. Ban cán sự đảng Ủy ban nhân dân tỉnh", "multi", "2.1", 3),
    ("3.1.2. Rà soát", "multi", "3.1.2", 4),
    ("a) Tổ đảng ở các xã", "letter", "a", 5),
    ("đ) Về công tác", "letter", "đ", 5),
    ("- Cơ quan chủ trì: Sở Nội vụ", "bullet", "-", 6),
    ("+ Cấp xã: hoàn thành", "sub_bullet", "+", 6),
    ("Ủy ban nhân dân Thành phố ban hành Kế hoạch", "plain", "", 7),
    ("I. tiếp theo", "plain", "", 7),  # a Roman numeral must head a capitalised title
])
def test_one_numbering_rule(line: str, kind: str, num: str, level: int) -> None:
    n = parse_numbering(line)
    assert (n.kind, n.num, n.level) == (kind, num, level)


# from ke-hoach-172-kh-ubnd-2025-trien-khai-luat-viec-lam-ho-chi-minh.md (section II), soft breaks joined
_PLAN_172 = """**KẾ HOẠCH**

TRIỂN KHAI THI HÀNH LUẬT VIỆC LÀM TRÊN ĐỊA BÀN THÀNH PHỐ HỒ CHÍ MINH

**I. MỤC ĐÍCH, YÊU CẦU**

**1. Mục đích**

a) Xác định cụ thể nội dung công việc, tiến độ, thời hạn hoàn thành.

**II. NỘI DUNG**

**1. Phổ biến, giáo dục Luật Việc làm và các văn bản quy định chi tiết, hướng dẫn thi hành**

- Nội dung thực hiện: Tổ chức phổ biến, giáo dục Luật Việc làm bằng các hình thức đa dạng.

- Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế hoạch.

- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.

**2. Tổ chức tập huấn, bồi dưỡng, hướng dẫn chuyên môn, nghiệp vụ**

- Cơ quan chủ trì: Sở Nội vụ, Sở Giáo dục và Đào tạo, Sở Tài chính.

**IV. TỔ CHỨC THỰC HIỆN**

1. Sở Nội vụ chịu trách nhiệm về việc báo cáo, đề nghị ban hành và nội dung Kế hoạch này.
"""


def _ir(text: str, name: str = "snippet.md") -> DocumentIR:
    return load_text(Path(name), text.encode("utf-8"))


def test_section_tree_gives_every_block_its_heading_path() -> None:
    ir = _ir(_PLAN_172)
    st = build_structure(ir)
    top = [(s.num, s.title) for s in st.root.children]
    assert top == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NỘI DUNG"), ("IV", "TỔ CHỨC THỰC HIỆN")]
    ii = st.root.children[1]
    assert [c.num for c in ii.children] == ["1", "2"]
    i = next(k for k, b in enumerate(ir.blocks) if b.text.startswith("Cơ quan chủ trì"))
    assert st.heading_path(i, ir) == ["NỘI DUNG", "Tổ chức tập huấn, bồi dưỡng, hướng dẫn chuyên môn, nghiệp vụ"]
    assert st.blocks[i].role == "bullet" and st.blocks[i].numbering.level == 6
    # the title area opens no section and is not a heading of the tree
    assert st.blocks[0].role in ("title", "header")
    assert st.blocks[0].path == ()


def _table(*rows: list[str]) -> Table:
    return Table(rows=[Row(cells=[Cell(text=t, row=r, col=c) for c, t in enumerate(cells)], is_header=(r == 0))
                       for r, cells in enumerate(rows)])


@pytest.mark.parametrize("rows,kind", [
    # quyet-dinh-2597-qd-ttg-2025 appendix
    ([["STT", "Tên nhiệm vụ/dự án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả dự kiến", "Thời gian thực hiện"],
      ["1", "Xây dựng cơ sở dữ liệu", "Bộ Xây dựng", "Các bộ", "Cơ sở dữ liệu", "2026-2027"]], "task"),
    # lamdong-ke-hoach-kiem-tra-cchc-2026.docx
    ([["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra"], ["1", "Sở Tư pháp", "Tháng 3/2026"]], "schedule"),
    # quyet-dinh-2608-qd-ubnd-2025
    ([["Stt", "Mã thủ tục hành chính", "Tên thủ tục hành chính"], ["1", "1.001", "Cấp giấy phép"]], "data"),
    # ke-hoach-235-kh-ubnd-2025: a list of monitoring sites is data, not a schedule
    ([["STT", "Địa điểm quan trắc", "Đối tượng quan trắc"], ["1", "Xã A", "Tôm"]], "data"),
    # the two-column page header of a Word plan
    ([["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"],
      ["Số: 12/KH-UBND", "Lâm Đồng, ngày 5 tháng 1 năm 2026"]], "layout"),
    # a target table
    ([["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2030"], ["1", "Tỷ lệ hồ sơ trực tuyến", "%", "80", "100"]],
     "target"),
])
def test_table_kinds(rows: list[list[str]], kind: str) -> None:
    assert table_kind(_table(*rows)).kind == kind


def test_a_table_wider_than_any_real_table_is_a_warning_and_gives_no_tasks() -> None:
    from extractors.extract import extract
    head = ["STT", "Nội dung", "Cơ quan chủ trì"] + [f"x{i}" for i in range(40)]
    row = ["1", "Tổ chức tập huấn", "Sở Nội vụ"] + [""] * 40
    ir = DocumentIR(source="wide.md", format="md", sha256="0", blocks=[
        Block(kind=BlockKind.heading, text="KẾ HOẠCH"),
        Block(kind=BlockKind.table, table=_table(head, row), line_start=3)])
    ex = extract(ir)
    codes = [w.code for w in ex.warnings]
    assert "structure.table_too_wide" in codes
    assert not ex.tasks and "document.no_tasks" in codes


@pytest.mark.parametrize("doc_type,title,plan,kind", [
    ("Kế hoạch", "Triển khai thi hành Luật Việc làm", True, "plan"),
    ("Quyết định", "VỀ VIỆC BAN HÀNH KẾ HOẠCH KIỂM KÊ TÀI SẢN CÔNG", True, "plan"),
    ("Quyết định", "PHÊ DUYỆT ĐỀ ÁN CHUYỂN ĐỔI SỐ TRONG HOẠT ĐỘNG XÂY DỰNG", True, "plan"),
    ("Quyết định", "CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ TRONG HỆ THỐNG HÀNH CHÍNH NHÀ NƯỚC", False, "procedures"),
    ("Quyết định", "VỀ VIỆC PHÊ DUYỆT DANH MỤC THỦ TỤC HÀNH CHÍNH THỰC HIỆN TIẾP NHẬN", False, "procedures"),
    ("Quyết định", "BAN HÀNH QUY CHẾ SỬ DỤNG VÀ VẬN HÀNH HỆ THỐNG LẤY Ý KIẾN", False, "regulation"),
    ("Nghị định", "Quy định chi tiết một số điều của Luật Bảo vệ dữ liệu cá nhân", False, "decree"),
    ("Thông báo", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp", False, "notice"),
    ("Báo cáo", "Kết quả chỉ số cải cách hành chính năm 2025", False, "report"),
])
def test_document_kind(doc_type: str, title: str, plan: bool, kind: str) -> None:
    ir = DocumentIR(source="x.md", format="md", sha256="0")
    dk = document_kind(ir, doc_type, title)
    assert (dk.plan, dk.kind) == (plan, kind)


def test_a_decision_without_title_is_judged_by_its_opening() -> None:
    ir = _ir("QUYẾT ĐỊNH\n\nĐiều 1. Công bố kèm theo Quyết định này thủ tục hành chính nội bộ được sửa đổi, bổ sung.\n")
    assert document_kind(ir, "Quyết định", None).kind == "procedures"


def test_a_notice_yields_no_tasks_and_says_it_is_not_a_plan() -> None:
    from extractors.extract import extract
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nSố: 12/TB-UBND\n\nTHÔNG BÁO\n\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh\n\n"
            "1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hoàn thành trước ngày 30/6/2026.\n")
    ex = extract(_ir(text, "tb.md"))
    assert ex.document.doc_type == "Thông báo" and ex.document.kind == "notice"
    assert ex.tasks == [] and ex.indicators == []
    assert any(w.code == "document.not_a_plan" and "tb.md" in w.message for w in ex.warnings)


REAL_2597 = SHARED / "real" / "quyet-dinh-2597-qd-ttg-2025-phe-duyet-de-an-chuyen-doi-so-trong-hoat-d.md"


def test_inspect_structure_shows_tree_and_table_kinds_of_a_real_web_plan() -> None:
    if not REAL_2597.is_file():
        pytest.skip(f"the shared development set is not next to the repository ({REAL_2597.parent} absent)")
    from typer.testing import CliRunner

    import pipeline.commands.inspect  # noqa: F401  (registers the command)
    from pipeline.cli import app
    res = CliRunner().invoke(app, ["inspect", str(REAL_2597), "--structure", "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["kind"] == "plan" and d["doc_type"] == "Quyết định"
    assert [t["kind"] for t in d["tables"]] == ["task"]
    assert d["tables"][0]["columns"] <= 30
    tops = [c["num"] for c in d["tree"]["children"] if c["kind"] == "roman"]
    assert tops[:3] == ["I", "II", "III"]
    assert "dropped" in d and d["roles"].get("signature", 0) > 0
    res = CliRunner().invoke(app, ["inspect", str(REAL_2597), "--structure"])
    assert res.exit_code == 0 and "table #" in res.output and " task" in res.output


def test_years_in_a_second_header_row_make_a_target_table() -> None:
    # quyet-dinh-2954-qd-ubnd-2025 (Sơn La export plan): 'GIAI ĐOẠN 2026 - 2030' over 'Năm 2026' … 'Năm 2030'
    t = Table(rows=[
        Row(cells=[Cell(text=x, row=0, col=i) for i, x in enumerate(
            ["TT", "Chỉ tiêu", "ĐVT", "ƯTH Năm 2025", "GIAI ĐOẠN 2026 - 2030", "", ""])], is_header=True),
        Row(cells=[Cell(text=x, row=1, col=i) for i, x in enumerate(
            ["", "", "", "", "Năm 2026", "Năm 2027", "Năm 2028"])], is_header=True),
        Row(cells=[Cell(text=x, row=2, col=i) for i, x in enumerate(
            ["-", "Diện tích", "Ha", "26.120", "27.000", "27.500", "28.000"])]),
    ])
    from extractors.structure.tables import layered_header
    assert layered_header(t)[1:] == ["Chỉ tiêu", "ĐVT", "ƯTH Năm 2025", "Năm 2026", "Năm 2027", "Năm 2028"]
    assert table_kind(t).kind == "target"
    from extractors.indicators import extract_indicators
    from extractors.model import DocumentHeader
    ir = DocumentIR(source="qd2954.md", format="md", sha256="0",
                    blocks=[Block(kind=BlockKind.table, table=t, line_start=1)])
    inds, _ = extract_indicators(ir, DocumentHeader(), [], [])
    got = {(i.target_year, i.values[0].value) for i in inds}
    assert {(2026, 27000), (2027, 27500), (2028, 28000)} <= got
