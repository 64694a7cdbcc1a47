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
