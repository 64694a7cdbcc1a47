"""Requested-document detection (issue 9) on labelled corpus tasks and on the grammar's own examples."""
import json
import re
from pathlib import Path

import pytest

from extractors.normalize import compare_form
from extractors.requests import detect_request, grammar

LABELLED = json.loads((Path(__file__).parent / "data" / "requested_documents.json").read_text(encoding="utf-8"))["rows"]


def test_every_grammar_example_is_matched_by_its_pattern():
    data = grammar().raw
    for section in ("actions", "deliverable_cues", "not_producing"):
        for entry in data[section]:
            pat = re.compile(entry["pattern"])
            for ex in entry["examples"]:
                assert pat.search(compare_form(ex)), (section, entry["pattern"], ex)
    for entry in data["doc_types"]:
        for ex in entry["examples"]:
            assert compare_form(ex).startswith(compare_form(entry["type"])), (entry["type"], ex)


def test_precision_recall_on_labelled_tasks():
    tp = fp = fn = 0
    type_right = 0
    for row in LABELLED:
        got = detect_request(row["text"], row["deliverable"])
        if got and row["requests_document"]:
            tp += 1
            type_right += got.doc_type == row["doc_type"]
        elif got:
            fp += 1
        elif row["requests_document"]:
            fn += 1
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert len(LABELLED) >= 40
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    assert type_right / tp >= 0.9


def test_quoted_title_without_type_word():
    r = detect_request("Xây dựng và ban hành “Kế hoạch hành động phát triển đội ngũ trí thức thành phố Hải Phòng "
                       "đến năm 2030, tầm nhìn đến năm 2045”.", "Tờ trình kèm dự thảo Kế hoạch")
    assert r is not None
    assert (r.doc_type, r.family) == ("Kế hoạch hành động", "Kế hoạch")
    assert r.title == "phát triển đội ngũ trí thức thành phố Hải Phòng đến năm 2030, tầm nhìn đến năm 2045"


@pytest.mark.parametrize("text", [
    "Triển khai Kế hoạch số 16/KH-UBND ngày 15/01/2026 của Ủy ban nhân dân thành phố",
    "Tiếp tục thực hiện hiệu quả Kế hoạch Thúc đẩy chuyển giao, làm chủ và phát triển công nghệ",
    "Xây dựng các chương trình, hoạt động tuyên truyền về vai trò, đóng góp của đội ngũ trí thức",
])
def test_not_a_request(text):
    assert detect_request(text, None) is None


def test_type_from_deliverable_when_text_names_none():
    r = detect_request("Kiện toàn Quỹ Phát triển khoa học và công nghệ hai địa phương sau hợp nhất",
                       "Tờ trình kèm hồ sơ dự thảo Quyết định kiện toàn")
    assert r is not None and r.doc_type == "Quyết định" and r.from_deliverable and r.title is None


@pytest.mark.parametrize("raw,due", [
    ("Trình Quyết định trong tháng 4 năm 2026; triển khai trong giai đoạn 2026 - 2030", "2026-04-30"),
    ("Trình Quyết định trong quý III năm 2026; triển khai trong giai đoạn 2026 - 2030", "2026-09-30"),
    ("Trong quý I năm 2026", "2026-03-31"),
    ("Hằng năm", None),
    ("Sau khi có hướng dẫn của Bộ Khoa học và Công nghệ.", None),
])
def test_request_due_is_the_submitting_phase(raw, due):
    """Corpus deadlines (seed 004 rows 3.11, 6.3, 3.8, …): the document is due when its submission phase ends."""
    from extractors.deadlines import parse_deadline
    from extractors.model import Task
    from extractors.requests import request_due

    task = Task(id="x", source="appendix", text="Ban hành và triển khai Quyết định", deadline_raw=raw,
                deadline=parse_deadline(raw))
    assert request_due(task) == due
