"""Every question file in queries/ on the five seeds: asserted results (Ladybug; Neo4j when NEO4J_URI is set).

The seeds: gold extractions of 000, 001, 004 and the hand-built fixtures of 002, 003 (tests/graph_seeds.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from conftest import GRAPH_STORE_KINDS, open_test_store
from graph.writer import write_extraction
from graph_seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004, SEEDS, corpus_file, corpus_sha, seed_extraction
from queries import run as q

EXERCISED: set[str] = set()  # query files run by this module (checked last)


@pytest.fixture(scope="module", params=GRAPH_STORE_KINDS)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    store = open_test_store(request.param, tmp_path_factory.mktemp("seeded") / "store")
    for seed in SEEDS:
        write_extraction(store, seed_extraction(seed), file=str(corpus_file(seed)), sha256=corpus_sha(seed))
    yield store
    store.close()


def plan_id(store, seed: str) -> str:
    rows = q.plan_summary(store, plan=str(corpus_file(seed)))
    assert len(rows) == 1
    return rows[0]["plan_id"]


def seed_of(row: dict) -> str:
    return Path(row["file"]).stem


def test_implementers_45_nq_tw_2023(seeded) -> None:
    EXERCISED.update({"implementers", "implementers_plans",
                      "instruments"})
    res = q.implementers(seeded, "45-NQ/TW", date="2023-11-24")
    assert res.note is None
    assert [t["key"] for t in res.targets] == ["45-NQ/TW@2023-11-24"]
    by_seed = {seed_of(r): r for r in res.rows}
    # exactly the Hải Phòng programme (direct) and the HCMC draft plan (through 49-CTrHĐ/TU)
    assert set(by_seed) == {SEED_001, SEED_003}
    assert by_seed[SEED_001]["direct"] is True
    assert by_seed[SEED_001]["chain"] == ["45-NQ/TW@2023-11-24"]
    assert by_seed[SEED_003]["direct"] is False
    assert by_seed[SEED_003]["chain"] == ["49-CTrHĐ/TU@2024-02-26", "45-NQ/TW@2023-11-24"]
    assert by_seed[SEED_003]["relations"] == ["IMPLEMENTS", "IMPLEMENTS"]
    assert by_seed[SEED_003]["draft"] is True


def test_implementers_name_the_plan_that_states_each_hop(seeded) -> None:
    EXERCISED.add("plans_by_id")
    res = q.implementers(seeded, "45-NQ/TW", date="2023-11-24")
    row = {seed_of(r): r for r in res.rows}[SEED_003]
    assert [(s["from"], s["to"]) for s in row["steps"]] == [
        (Path(row["file"]).name, "49-CTrHĐ/TU@2024-02-26"), ("49-CTrHĐ/TU@2024-02-26", "45-NQ/TW@2023-11-24")]
    # the chain 49-CTrHĐ/TU -> 45-NQ/TW is stated in 003's own text
    assert row["steps"][1]["stated_by"] == Path(row["file"]).name
    assert row["steps"][1]["file"] == row["file"]


def test_implementers_direct_drops_chains(seeded) -> None:
    res = q.implementers(seeded, "45-NQ/TW@2023-11-24", direct=True)
    assert [seed_of(r) for r in res.rows] == [SEED_001]


def test_implementers_2019_lists_no_plan(seeded) -> None:
    # 001 only mentions 45-NQ/TW of 24/01/2019 (and 76-CTr/TU implements it): no plan implements it
    res = q.implementers(seeded, "45-NQ/TW", date="2019-01-24")
    assert [t["key"] for t in res.targets] == ["45-NQ/TW@2019-01-24"]
    assert res.rows == []


def test_implementers_without_date_says_two_instruments(seeded) -> None:
    res = q.implementers(seeded, "45-NQ/TW")
    assert res.note is not None and "2 instruments" in res.note
    assert sorted(t["key"] for t in res.targets) == ["45-NQ/TW@2019-01-24", "45-NQ/TW@2023-11-24"]
    per = {(r["instrument"], seed_of(r)) for r in res.rows}
    assert per == {("45-NQ/TW@2023-11-24", SEED_001), ("45-NQ/TW@2023-11-24", SEED_003)}


def test_implementers_transitive_through_stated_chains(seeded) -> None:
    # 004 implements 709/QĐ-TTg, which implements 69-KL/TW, which implements 20-NQ/TW (chains in 004's title)
    res = q.implementers(seeded, "20-NQ/TW")
    assert res.note is None
    assert [(seed_of(r), r["chain"]) for r in res.rows] == [
        (SEED_004, ["709/QĐ-TTg@2024-07-23", "69-KL/TW@2024-01-11", "20-NQ/TW@2012-11-01"])]
    # a plan that only mentions an instrument implementing the target is not an implementer (003 cites 107/NQ-CP)
    assert SEED_003 not in {seed_of(r) for r in q.implementers(seeded, "107/NQ-Cp").rows}


def test_implementers_unknown_instrument(seeded) -> None:
    res = q.implementers(seeded, "999-NQ/TW")
    assert res.rows == [] and res.targets == [] and "no instrument" in (res.note or "")


def test_instruments_by_symbol(seeded) -> None:
    rows = q.instruments(seeded, "45-NQ/TW")
    assert [(r["key"], r["date"], r["citing_plans"]) for r in rows] == [
        ("45-NQ/TW@2019-01-24", "2019-01-24", 1), ("45-NQ/TW@2023-11-24", "2023-11-24", 2)]


def test_tasks_by_plan_and_owner(seeded) -> None:
    EXERCISED.add("tasks")
    rows = q.tasks(seeded, plan=str(corpus_file(SEED_000)))
    assert len(rows) == 18
    assert [r["ordinal"] for r in rows[:3]] == ["1", "2", "3"]
    assert rows[0]["deadline_kind"] == "month" and rows[0]["deadline_end"] == "2026-12-31"
    assert rows[0]["leads"] == ["Sở Khoa học và Công nghệ"]
    # owner filter in compare form: case and tone placement do not matter
    hcm = q.tasks(seeded, owner="sở nội vụ", plan=plan_id(seeded, SEED_003))
    assert [r["ordinal"] for r in hcm] == ["II.5.1/a"]
    assert sorted(hcm[0]["supports"]) == ["Liên hiệp các Hội Khoa học và Kỹ thuật Thành phố",
                                          "Liên hiệp các Hội Văn học nghệ thuật thành phố"]
    led = q.tasks(seeded, owner="Sở Khoa học và Công nghệ", role="lead")
    sup = q.tasks(seeded, owner="Sở Khoa học và Công nghệ", role="support")
    both = q.tasks(seeded, owner="Sở Khoa học và Công nghệ")
    assert led and sup
    assert {r["task_id"] for r in both} == {r["task_id"] for r in led} | {r["task_id"] for r in sup}
    assert all("Sở Khoa học và Công nghệ" in r["leads"] for r in led)


def test_tasks_due_window_overdue_kind(seeded) -> None:
    due = q.tasks(seeded, due_before="2026-06-30")
    assert due and all(r["deadline_end"] <= "2026-06-30" for r in due)
    window = q.tasks(seeded, due_after="2026-01-01", due_before="2026-06-30")
    assert len(window) == 3 and all("2026-01-01" <= r["deadline_end"] <= "2026-06-30" for r in window)
    assert len(window) < len(due)
    overdue = q.tasks(seeded, overdue_at="2026-01-01")
    assert all(r["deadline_end"] < "2026-01-01" and r["deadline_kind"] not in ("recurring", "continuous")
               for r in overdue)
    quarters = q.tasks(seeded, kind="quarter")
    assert quarters and {r["deadline_kind"] for r in quarters} == {"quarter"}
    recurring = q.tasks(seeded, kind="recurring", plan=plan_id(seeded, SEED_003))
    assert [r["recurrence"] for r in recurring] == ["P1Y"]


def test_indicators_by_plan_and_source(seeded) -> None:
    EXERCISED.add("indicators")
    rows = q.indicators(seeded, plan=str(corpus_file(SEED_000)))
    assert len(rows) == 16
    first = rows[0]
    assert (first["value"], first["unit"], first["comparator"]) == (12.0, "người/1 vạn dân", ">=")
    assert sorted(first["source_instruments"]) == ["12-KH/TU@2025-08-26", "2711/QĐ-TTg@2025-12-12"]
    by_source = q.indicators(seeded, source="02-CTr/TU")
    assert len(by_source) == 3 and all(r["source_instruments"] == ["02-CTr/TU@2025-10-20"] for r in by_source)
    assert {r["plan_id"] for r in by_source} == {plan_id(seeded, SEED_000)}
    # a footnote naming a body instead of an instrument: matched by part of its name in compare form
    health = q.indicators(seeded, source="sở y tế")
    assert len(health) == 3 and all(r["source_bodies"] == ["Sở Y tế"] for r in health)
    # targets sitting in an appendix row are linked to that task
    assert [r["task"] for r in q.indicators(seeded, plan=plan_id(seeded, SEED_004))][:3] == ["3.14", "4.2", "4.2"]


def test_plan_summary(seeded) -> None:
    EXERCISED.add("plan_summary")
    rows = q.plan_summary(seeded)
    assert [seed_of(r) for r in rows] == list(SEEDS)
    s = {seed_of(r): r for r in rows}
    assert (s[SEED_004]["tasks"], s[SEED_004]["indicators"], s[SEED_004]["references"]) == (72, 27, 18)
    assert s[SEED_004]["implements"] == ["709/QĐ-TTg@2024-07-23"]
    assert sorted(s[SEED_000]["implements"]) == ["05-CTr/TU@2025-11-06", "09-NQ/ĐH@2025-09-27",
                                                "12-KH/TU@2025-08-26", "2711/QĐ-TTg@2025-12-12"]
    assert s[SEED_003]["draft"] is True and s[SEED_003]["jurisdiction"] == "Thành phố Hồ Chí Minh"


def test_org_workload(seeded) -> None:
    EXERCISED.add("org_workload")
    rows = q.workload(seeded, owner="Sở Khoa học và Công nghệ")
    per_seed = {(r["jurisdiction"], seed_of(r)): (r["led"], r["supported"]) for r in rows}
    # one organisation per jurisdiction: Hải Phòng's, Hưng Yên's and HCMC's Sở KH&CN are three nodes
    assert {j for j, _ in per_seed} == {"Hải Phòng", "Hưng Yên", "Thành phố Hồ Chí Minh"}
    led_000 = sum(1 for r in q.tasks(seeded, plan=str(corpus_file(SEED_000)))
                  if "Sở Khoa học và Công nghệ" in r["leads"])
    assert per_seed[("Hải Phòng", SEED_000)][0] == led_000
    assert per_seed[("Hưng Yên", SEED_002)] == (1, 0)


def test_ambiguous_citation_listed_not_merged(seeded, tmp_path) -> None:
    EXERCISED.add("ambiguous")
    from extractors.model import Extraction
    before = q.ambiguous(seeded)
    assert before == []
    undated = Extraction.model_validate({
        "seed": "undated-45", "document": {"doc_type": "Kế hoạch", "jurisdiction": "Hải Phòng"},
        "references": [{"key": "45-NQ/TW", "relation": "implements"}]})
    res = write_extraction(seeded, undated, file=str(tmp_path / "undated.txt"), sha256="u1")
    try:
        rows = q.ambiguous(seeded)
        assert [(r["citation"], r["relation"], sorted(r["candidates"])) for r in rows] == [
            ("45-NQ/TW", "IMPLEMENTS", ["45-NQ/TW@2019-01-24", "45-NQ/TW@2023-11-24"])]
        # never guessed: the undated citation reaches neither instrument
        assert res.plan_id not in {r["plan_id"] for r in q.implementers(seeded, "45-NQ/TW").rows}
    finally:
        from graph.writer import prune
        prune(seeded, [str(corpus_file(s)) for s in SEEDS])
    assert q.ambiguous(seeded) == []


def test_ingest_failures_listed(seeded) -> None:
    EXERCISED.add("ingest_failures")
    from graph.writer import record_failure
    record_failure(seeded, "corpus/broken.pdf", "load", "NoTextLayerError", "[E104] no text layer")
    record_failure(seeded, "corpus/broken.pdf", "load", "NoTextLayerError", "[E104] no text layer (again)")
    rows = q.ingest_failures(seeded)
    assert [(r["file"], r["stage"], r["message"]) for r in rows] == [
        ("corpus/broken.pdf", "load", "[E104] no text layer (again)")]



def test_lineage_questions_on_gold_seeds(graph_store) -> None:
    # lineage*.cypher, requested_documents.cypher (issue 9; more in tests/test_lineage_graph.py): gold 000 and
    # gold 004 with the requests the detector finds in its tasks, linked by graph.lineage_store.relink
    EXERCISED.update({"lineage", "lineage_requests", "requested_documents"})
    from datetime import date

    from extractors.requests import attach_requests
    from graph.lineage_store import relink
    from queries.lineage import lineage, requested_documents
    for seed in (SEED_000, SEED_004):
        ex = seed_extraction(seed)
        ex = ex.model_copy(update={"tasks": attach_requests(ex.tasks)})
        write_extraction(graph_store, ex, file=str(corpus_file(seed)), sha256=corpus_sha(seed))
    assert relink(graph_store).written
    res = lineage(graph_store, SEED_000, at=date(2026, 6, 1))
    assert [(r["plan"], r["row"], r["status"]) for r in res.requests] == [
        (SEED_004, "3.8", "produced_date_unknown")]
    assert "2711/QĐ-TTg@2025-12-12" in {r["instrument"] for r in res.instruments if r["depth"] == 0}
    rows = requested_documents(graph_store, at=date(2026, 6, 1))
    assert [(r["plan"], r["row"]) for r in rows if r["produced_by"] == SEED_000] == [(SEED_004, "3.8")]

def test_every_query_file_is_exercised() -> None:
    # runs last in this module (pytest keeps file order): every .cypher in queries/ has an asserted test
    if not EXERCISED:
        pytest.skip("run with the whole module")
    assert set(q.query_names()) == EXERCISED
