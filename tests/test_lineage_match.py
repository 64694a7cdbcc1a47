"""Lineage matching rules on real titles from the corpus (seed 004 row 3.8 asks for seed 000)."""
from datetime import date

from extractors.requests import detect_request
from graph.lineage import PlanRecord, RequestRecord, family_of, match_requests, request_status

ROW_38 = ("Xây dựng và ban hành “Kế hoạch hành động phát triển đội ngũ trí thức thành phố Hải Phòng đến năm 2030, "
          "tầm nhìn đến năm 2045”.")
HP_PLAN = PlanRecord(plan_id="hp-000", doc_type="Kế hoạch hành động", jurisdiction="Hải Phòng", year=2026,
                     title="Phát triển đội ngũ trí thức thành phố Hải Phòng trong thời kỳ đẩy mạnh công nghiệp hoá, "
                           "hiện đại hoá đất nước đến năm 2030, tầm nhìn đến năm 2045")


def _request(text: str, deliverable: str | None = None, jurisdiction: str = "Hải Phòng") -> RequestRecord:
    r = detect_request(text, deliverable)
    assert r is not None
    return RequestRecord(task_id="t38", plan_id="hp-004", row="3.8", doc_type=r.doc_type, family=r.family,
                         title=r.title, jurisdiction=jurisdiction, plan_year=2026, deadline_end="2026-03-31")


def test_row_38_links_to_the_paraphrased_plan():
    links, amb = match_requests([_request(ROW_38, "Tờ trình kèm dự thảo Kế hoạch")], [HP_PLAN])
    assert [(l.task_id, l.plan_id) for l in links] == [("t38", "hp-000")] and not amb
    assert "Hải Phòng" in links[0].evidence


def test_same_words_other_province_is_not_linked():
    other = HP_PLAN.model_copy(update={"plan_id": "hy", "jurisdiction": "Hưng Yên",
                                       "title": HP_PLAN.title.replace("Hải Phòng", "Hưng Yên")})
    links, _ = match_requests([_request(ROW_38)], [other])
    assert links == []


def test_same_title_other_type_is_not_linked():
    scheme = HP_PLAN.model_copy(update={"plan_id": "da", "doc_type": "Đề án"})
    assert match_requests([_request(ROW_38)], [scheme])[0] == []


def test_two_equal_candidates_are_ambiguous():
    twin = HP_PLAN.model_copy(update={"plan_id": "hp-twin"})
    links, amb = match_requests([_request(ROW_38)], [HP_PLAN, twin])
    assert links == [] and sorted(amb[0].candidates) == ["hp-000", "hp-twin"]


def test_older_plan_does_not_answer():
    old = HP_PLAN.model_copy(update={"year": 2019})
    assert match_requests([_request(ROW_38)], [old])[0] == []


def test_family_of_plan_types():
    assert family_of("Kế hoạch hành động") == "Kế hoạch"
    assert family_of("Quyết định ban hành kèm Kế hoạch") == "Kế hoạch"
    assert family_of("Chương trình hành động") == "Chương trình"


def test_status():
    at = date(2026, 11, 24)
    assert request_status("2026-03-31", HP_PLAN, at)[0] == "produced_date_unknown"
    dated = HP_PLAN.model_copy(update={"date": "2026-05-10"})
    assert request_status("2026-03-31", dated, at) == ("produced_late", "answered on 2026-05-10, 40 days after 2026-03-31")
    assert request_status("2026-03-31", None, at)[0] == "overdue"
    assert request_status("2026-12-31", None, at)[0] == "not_yet_due"
