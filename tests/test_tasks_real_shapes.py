"""Body tasks in the shapes of real published plans (snippets of ../shared/real web exports in
tests/data/real_snippets/, byte for byte): label lines after a task ('Đơn vị chủ trì …:', 'Đơn vị phối hợp:',
'Thời gian thực hiện:') belong to the bullets before them, and a numbered heading over such bullets is no task."""
from __future__ import annotations

from pathlib import Path

from extractors.extract import extract
from extractors.load import load

DATA = Path(__file__).resolve().parent / "data" / "real_snippets"


def _tasks(name: str):
    return extract(load(DATA / name)).tasks


def test_label_lines_after_bullets_give_lead_support_deadline() -> None:
    tasks = _tasks("kh141_labels_after_bullets.md")
    by_start = {t.text[:40]: t for t in tasks}
    # item 1: one bullet, then its three label lines
    t = next(t for t in tasks if t.text.startswith("Thường xuyên rà soát, kiện toàn"))
    assert t.lead == ["Các Sở, ngành, đơn vị", "Ủy ban nhân dân cấp xã"]
    assert t.support == ["Sở Nội vụ", "Sở Tư pháp"]
    assert t.deadline.kind == "continuous"
    # item 4: labels 'Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.' name the lead of the bullet before them only
    t = next(t for t in tasks if t.text.startswith("Tổ chức tập huấn, bồi dưỡng kiến thức"))
    assert t.lead == ["Sở Tư pháp"]
    assert t.support == ["Các cơ quan, đơn vị, địa phương liên quan"]
    t = next(t for t in tasks if t.text.startswith("Nâng cao kiến thức, kỹ năng xây dựng pháp luật"))
    assert t.lead == ["Sở Nội vụ"] and t.deadline_raw and t.deadline_raw.startswith("Theo")
    # the numbered headings over the bullets are not tasks themselves
    assert not any(t.text.startswith("Rà soát, kiện toàn đội ngũ") for t in tasks), sorted(by_start)
    assert not any(t.text.startswith("Tăng cường tuyên truyền, phổ biến") for t in tasks)


def test_bold_owner_headings_lead_the_bullets_under_them() -> None:
    tasks = _tasks("kh1026_bold_owner_headings.md")
    police = [t for t in tasks if t.lead == ["Công an tỉnh"]]
    army = [t for t in tasks if t.lead == ["Bộ Chỉ huy Quân sự tỉnh"]]
    assert len(police) == 6 and len(army) == 2
    assert police[0].text.startswith("Chủ trì, phối hợp với các cơ quan, đơn vị có liên quan tham mưu")
    assert police[0].support == ["Các cơ quan, đơn vị có liên quan"]
    # the headings are not tasks
    assert not any(t.text in ("Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh") for t in tasks)


# The party-style shape of issue 12 ('**a) Tổ đảng ở …**' over bullets), laid out as the web exports print it
_PARTY = """**KẾ HOẠCH**

Triển khai thực hiện Chỉ thị của Ban Thường vụ Đảng ủy

**II. NHIỆM VỤ, GIẢI PHÁP**

**1. Đối với các tổ chức đảng**

**a) Tổ đảng ở các thôn, tổ dân phố**

- Quán triệt Chỉ thị đến toàn thể đảng viên trong tổ đảng.

- Hằng quý báo cáo kết quả thực hiện về Đảng ủy xã.

**b) Chi bộ các cơ quan, đơn vị**

- Xây dựng kế hoạch thực hiện Chỉ thị tại cơ quan, đơn vị.

c) Tổ chức sơ kết việc thực hiện Chỉ thị vào quý IV/2026 và báo cáo Ban Thường vụ Đảng ủy xã theo quy định.
"""


def test_lettered_committee_headings_lead_the_bullets_under_them() -> None:
    from extractors.load.text import load_text
    tasks = extract(load_text(Path("party.md"), _PARTY.encode("utf-8"))).tasks
    by_lead: dict[str, list[str]] = {}
    for t in tasks:
        for lead in t.lead:
            by_lead.setdefault(lead, []).append(t.text)
    assert len(by_lead.get("Tổ đảng ở các thôn, tổ dân phố", [])) == 2, by_lead
    assert by_lead.get("Chi bộ các cơ quan, đơn vị") == ["Xây dựng kế hoạch thực hiện Chỉ thị tại cơ quan, đơn vị."]
    # the next lettered item is not under the committee heading before it
    assert not any(t.text.startswith("Tổ chức sơ kết") and t.lead == ["Chi bộ các cơ quan, đơn vị"] for t in tasks)


def test_decision_approving_a_scheme_appendix_tasks_and_no_closing_articles() -> None:
    ex = extract(load(DATA / "qd2597_de_an_with_appendix.md"))
    app = [t for t in ex.tasks if t.source == "appendix"]
    body = [t for t in ex.tasks if t.source == "body"]
    assert ex.document.kind == "plan" and len(app) == 25
    assert app[0].lead == ["Bộ Xây dựng"] and app[0].deadline.kind == "year"
    # the closing articles and the recipients after the scheme are not tasks
    assert not any(t.text.startswith(("Điều 2", "Điều 3", "Lưu:", "KTTH")) for t in body)
    # body items that restate an appendix row are not tasks twice
    app_texts = {t.text[:60] for t in app}
    assert not any(t.text[:60] in app_texts for t in body)


def test_content_label_is_cut_and_scope_qualifier_is_no_owner() -> None:
    # ke-hoach-172-kh-ubnd-2025 (HCM City) section II, as the web export prints it
    from extractors.load.text import load_text
    text = ("**KẾ HOẠCH**\n\nTRIỂN KHAI THI HÀNH LUẬT VIỆC LÀM\n\n**II. NỘI DUNG**\n\n"
            "**1. Phổ biến, giáo dục Luật Việc làm**\n\n"
            "- Nội dung thực hiện: Tổ chức phổ biến, giáo dục Luật Việc làm bằng các hình thức đa dạng.\n\n"
            "- Cơ quan thực hiện: Sở Nội vụ, các sở, ban, ngành Thành phố trong phạm vi chức năng, nhiệm vụ của"
            " mình.\n\n- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.\n")
    tasks = extract(load_text(Path("kh172.md"), text.encode("utf-8"))).tasks
    t = next(t for t in tasks if "phổ biến, giáo dục" in t.text)
    assert t.text.startswith("Tổ chức phổ biến")
    assert t.lead == ["Sở Nội vụ", "Các sở, ban, ngành Thành phố"]
    assert t.deadline.kind == "continuous"


def test_label_lines_right_under_a_heading_make_the_heading_the_task() -> None:
    # quyet-dinh-2623-qd-ttg-2025 (the plan for the Personal Data Protection Law), section II item 2
    from extractors.load.text import load_text
    text = ("**KẾ HOẠCH**\n\nTRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN\n\n**II. NỘI DUNG**\n\n"
            "**2. Tổ chức tập huấn chuyên sâu, bồi dưỡng kiến thức pháp luật, nghiệp vụ bảo vệ dữ liệu cá nhân**\n\n"
            "- Cơ quan chủ trì: Bộ Công an.\n\n"
            "- Cơ quan phối hợp: các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ.\n\n"
            "- Thời gian thực hiện: năm 2025 và các năm tiếp theo.\n")
    tasks = extract(load_text(Path("qd2623.md"), text.encode("utf-8"))).tasks
    assert len(tasks) == 1
    t = tasks[0]
    assert t.text.startswith("Tổ chức tập huấn chuyên sâu") and t.lead == ["Bộ Công an"]
    assert "Các cơ quan ngang bộ" in t.support and t.deadline.kind == "continuous"
