"""Plan lineage in the graph (issue 9): corpus documents ingested through the extractors, requests linked by
Task -[:PRODUCES]-> Plan, queries and CLI. Ladybug always; Neo4j when NEO4J_URI is set (skipped otherwise).

Near misses are edited copies of seed 000 written to a temp dir: the same plan for another province, and
the same title as another document type.
"""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from graph.lineage_store import relink
from graph_seeds import SEED_000, SEED_001, SEED_004, SEEDS, corpus_file
from queries.lineage import lineage, requested_documents

AT = date(2026, 6, 1)
LEAD = "Sở Khoa học và Công nghệ"


def _copy(docs: Path, *seeds: str) -> None:
    docs.mkdir(exist_ok=True)
    for s in seeds:
        shutil.copy(corpus_file(s), docs / corpus_file(s).name)


def _ingest(store, docs: Path, *, prune: bool = False) -> list[dict]:
    from pipeline.commands.ingest import ingest_paths

    rows = ingest_paths(store, [docs], do_prune=prune)
    assert not [r for r in rows if r["status"] == "failed"], rows
    return rows


def _row(rows: list[dict], plan_seed: str, row: str) -> dict:
    hits = [r for r in rows if r["plan"] == Path(corpus_file(plan_seed)).stem and r["row"] == row]
    assert len(hits) == 1, [(r["plan"], r["row"]) for r in rows]
    return hits[0]


def _produced(store) -> list[tuple[str, str, str]]:
    return sorted((r["plan"], r["row"], r["produced_by"]) for r in requested_documents(store, at=AT)
                  if r["produced_by"])


def _other_province(text: str) -> str:
    """Seed 000 issued by another province, its title line kept word for word."""
    lines = text.split("\n")
    head = next(i for i, ln in enumerate(lines) if ln.strip() == "KẾ HOẠCH HÀNH ĐỘNG")
    title = next(i for i in range(head + 1, len(lines)) if lines[i].strip())
    return "\n".join(ln if i == title else ln.replace("Hải Phòng", "Hưng Yên").replace("HẢI PHÒNG", "HƯNG YÊN")
                     for i, ln in enumerate(lines))


def _other_type(text: str) -> str:
    assert "KẾ HOẠCH HÀNH ĐỘNG" in text
    return text.replace("KẾ HOẠCH HÀNH ĐỘNG", "ĐỀ ÁN", 1)


# ---------------------------------------------------------------- the corpus

def test_row_3_8_of_004_produces_seed_000(graph_store, tmp_path: Path) -> None:
    _copy(tmp_path / "docs", *SEEDS)
    _ingest(graph_store, tmp_path / "docs")
    # the one request of the corpus that another seed answers
    assert _produced(graph_store) == [(SEED_004, "3.8", SEED_000)]
    r = _row(requested_documents(graph_store, at=AT), SEED_004, "3.8")
    assert r["request_type"] == "Kế hoạch hành động"
    assert r["lead"] == [LEAD]
    assert (r["deadline_raw"], r["deadline_end"]) == ("Trong quý I năm 2026", "2026-03-31")
    assert r["score"] == 1.0
    for named in ("Kế hoạch hành động", "Hải Phòng", "100%"):
        assert named in r["evidence"]
    # seed 000 prints "Số: /KH-UBND" and "ngày tháng năm 2026": a draft without a date
    assert r["status"] == "produced_date_unknown"
    assert "draft" in r["detail"] and "no date" in r["detail"]


def test_lineage_of_seed_000_shows_the_request_and_the_instruments(graph_store, tmp_path: Path) -> None:
    _copy(tmp_path / "docs", *SEEDS)
    _ingest(graph_store, tmp_path / "docs")
    res = lineage(graph_store, SEED_000, at=AT)  # by stem; id and file name work too
    assert Path(res.plan["file"]).stem == SEED_000
    assert lineage(graph_store, res.plan["plan_id"], at=AT).plan == res.plan
    assert lineage(graph_store, corpus_file(SEED_000).name, at=AT).plan == res.plan

    assert [(q["plan"], q["row"], q["lead"], q["deadline_raw"], q["status"]) for q in res.requests] == [
        (SEED_004, "3.8", [LEAD], "Trong quý I năm 2026", "produced_date_unknown")]
    own = {i["instrument"]: i for i in res.instruments if i["depth"] == 0}
    # the instruments 000 names as implemented, and 57-NQ/TW through 12-KH/TU (stated in its preamble)
    assert {"2711/QĐ-TTg@2025-12-12", "09-NQ/ĐH@2025-09-27", "05-CTr/TU@2025-11-06",
            "12-KH/TU@2025-08-26"} <= set(own)
    assert own["2711/QĐ-TTg@2025-12-12"]["direct"] is True
    assert own["57-NQ/TW@2024-12-22"]["chain"] == ["12-KH/TU@2025-08-26", "57-NQ/TW@2024-12-22"]
    # upstream through the plan that asked for it: 004 -> 709/QĐ-TTg -> 69-KL/TW -> 20-NQ/TW
    via_004 = {i["instrument"]: i for i in res.instruments if i["depth"] == 1}
    assert set(via_004) == {"709/QĐ-TTg@2024-07-23", "69-KL/TW@2024-01-11", "20-NQ/TW@2012-11-01"}
    assert {i["via"] for i in via_004.values()} == {SEED_004}


def test_requests_not_in_the_corpus_are_overdue_or_not_yet_due(graph_store, tmp_path: Path) -> None:
    _copy(tmp_path / "docs", *SEEDS)
    _ingest(graph_store, tmp_path / "docs")
    rows = requested_documents(graph_store, at=AT)
    assert len({r["plan"] for r in rows}) == 5  # every seed asks for something
    # 004 row 3.6: a Đề án due in quarter I 2026, not in the corpus
    r36 = _row(rows, SEED_004, "3.6")
    assert (r36["request_type"], r36["deadline_end"], r36["produced_by"]) == ("Đề án", "2026-03-31", None)
    assert r36["status"] == "overdue" and "62 days overdue" in r36["detail"]
    assert _row(requested_documents(graph_store, at=date(2026, 3, 31)), SEED_004, "3.6")["status"] == "not_yet_due"
    assert _row(rows, SEED_004, "3.7")["status"] == "not_yet_due"  # due 2026-12-31
    # status filters, names and groups
    overdue = requested_documents(graph_store, at=AT, status=["overdue"])
    assert overdue and {r["status"] for r in overdue} == {"overdue"}
    assert (SEED_004, "3.6") in {(r["plan"], r["row"]) for r in overdue}
    produced = requested_documents(graph_store, at=AT, status=["produced"])
    assert [(r["plan"], r["row"]) for r in produced] == [(SEED_004, "3.8")]
    not_produced = requested_documents(graph_store, at=AT, status=["not_produced"])
    assert len(not_produced) == len(rows) - 1
    with pytest.raises(ValueError):
        requested_documents(graph_store, at=AT, status=["done"])


# ---------------------------------------------------------------- near misses, ambiguity

def test_near_miss_titles_are_not_linked(graph_store, tmp_path: Path) -> None:
    from extractors.extract import extract_file
    from graph.lineage import title_containment

    docs = tmp_path / "docs"
    _copy(docs, SEED_004)
    src = corpus_file(SEED_000).read_text(encoding="utf-8")
    (docs / "province.txt").write_text(_other_province(src), encoding="utf-8")
    (docs / "type.txt").write_text(_other_type(src), encoding="utf-8")
    province, other_type = extract_file(docs / "province.txt").document, extract_file(docs / "type.txt").document
    assert (province.jurisdiction, province.doc_type) == ("Hưng Yên", "Kế hoạch hành động")
    assert (other_type.jurisdiction, other_type.doc_type) == ("Hải Phòng", "Đề án")
    request_title = "phát triển đội ngũ trí thức thành phố Hải Phòng đến năm 2030, tầm nhìn đến năm 2045"
    assert title_containment(request_title, other_type.title) == 1.0  # same title: only the type differs
    assert title_containment(request_title, province.title) == 1.0  # same words: only the province differs

    _ingest(graph_store, docs)
    assert _produced(graph_store) == []
    r = _row(requested_documents(graph_store, at=AT), SEED_004, "3.8")
    assert (r["status"], r["candidates"]) == ("overdue", [])

    _copy(docs, SEED_000)  # the real answer arrives: linked to it, not to the near misses
    _ingest(graph_store, docs)
    assert _produced(graph_store) == [(SEED_004, "3.8", SEED_000)]


def test_two_plans_that_fit_equally_are_reported_not_guessed(graph_store, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _copy(docs, SEED_000, SEED_004)
    # a second plan with the same text (a byte-identical copy would be the same plan: identity by content hash)
    (docs / "copy_of_000.txt").write_text(corpus_file(SEED_000).read_text(encoding="utf-8") + "\n",
                                          encoding="utf-8")
    _ingest(graph_store, docs)
    assert _produced(graph_store) == []
    r = _row(requested_documents(graph_store, at=AT), SEED_004, "3.8")
    assert r["status"] == "ambiguous" and len(r["candidates"]) == 2
    assert [(q["row"]) for q in requested_documents(graph_store, at=AT, status=["ambiguous"])] == ["3.8"]
    (docs / "copy_of_000.txt").unlink()
    _ingest(graph_store, docs, prune=True)
    assert _produced(graph_store) == [(SEED_004, "3.8", SEED_000)]


# ---------------------------------------------------------------- re-ingest keeps the link right

def test_order_independence_idempotence_and_prune(graph_store, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _copy(docs, SEED_004)
    _ingest(graph_store, docs)
    assert _row(requested_documents(graph_store, at=AT), SEED_004, "3.8")["status"] == "overdue"

    _copy(docs, SEED_000)  # the answering plan arrives after the plan that asked
    _ingest(graph_store, docs)
    assert _produced(graph_store) == [(SEED_004, "3.8", SEED_000)]
    counts = graph_store.counts()
    again = relink(graph_store)
    assert (len(again.links), again.written) == (1, False)  # nothing to rewrite
    _ingest(graph_store, docs)
    assert graph_store.counts() == counts

    # the asking plan changes (re-ingested as changed): its new task is linked again
    f004 = docs / corpus_file(SEED_004).name
    f004.write_text(f004.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert {Path(r["file"]).stem: r["status"] for r in _ingest(graph_store, docs)}[SEED_004] == "changed"
    assert _produced(graph_store) == [(SEED_004, "3.8", SEED_000)]
    assert graph_store.counts() == counts

    (docs / corpus_file(SEED_000).name).unlink()  # the answer is deleted and pruned: the link goes
    _ingest(graph_store, docs, prune=True)
    assert _produced(graph_store) == []
    assert _row(requested_documents(graph_store, at=AT), SEED_004, "3.8")["status"] == "overdue"


# ---------------------------------------------------------------- command line (embedded store)

def test_cli_lineage_and_requested_documents(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph.store import open_store
    from pipeline.cli import _load_commands, app

    _load_commands()
    docs, store = tmp_path / "docs", tmp_path / "store"
    _copy(docs, SEED_000, SEED_004)
    with open_store(store) as s:
        _ingest(s, docs)
    runner = CliRunner()
    res = runner.invoke(app, ["query", "lineage", SEED_000, "--store", str(store), "--at", "2026-06-01",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [(q["plan"], q["row"], q["status"]) for q in data["requests"]] == [
        (SEED_004, "3.8", "produced_date_unknown")]
    assert "2711/QĐ-TTg@2025-12-12" in {i["instrument"] for i in data["instruments"]}

    res = runner.invoke(app, ["query", "lineage", SEED_000, "--store", str(store), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("\ufeffkind,depth,via,instrument")  # UTF-8 BOM for Excel
    assert any(line.startswith("request,1,") and ",3.8," in line for line in res.stdout.splitlines())

    res = runner.invoke(app, ["query", "requested-documents", "--store", str(store), "--at", "2026-06-01",
                              "--status", "produced,overdue", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {r["status"] for r in rows} == {"produced_date_unknown", "overdue"}
    assert (SEED_004, "3.8", SEED_000) in {(r["plan"], r["row"], r["produced_by"]) for r in rows}

    res = runner.invoke(app, ["query", "requested-documents", "--store", str(store), "--status", "nope"])
    assert res.exit_code == 2 and "unknown status" in res.output
    res = runner.invoke(app, ["query", "lineage", "no-such-plan", "--store", str(store)])
    assert res.exit_code == 2 and "no plan" in res.output


# ---------------------------------------------------------------- the Prefect flow relinks too

def test_prefect_flow_relinks_after_its_writes(tmp_path: Path) -> None:
    from graph.store import open_store
    from pipeline.flows import run_ingest

    docs, store = tmp_path / "docs", str(tmp_path / "store")
    _copy(docs, SEED_004)
    first = run_ingest([docs], {"store": store})
    assert first.lineage is not None and first.lineage["links"] == 0, first.lineage
    _copy(docs, SEED_000)
    second = run_ingest([docs], {"store": store})
    assert (second.new, second.unchanged) == (1, 1)
    assert second.lineage is not None and (second.lineage["links"], second.lineage["written"]) == (1, True)
    with open_store(store) as s:
        assert _produced(s) == [(SEED_004, "3.8", SEED_000)]
    (docs / corpus_file(SEED_000).name).unlink()
    third = run_ingest([docs], {"store": store, "prune": True})
    assert (third.pruned, third.lineage["links"]) == (1, 0)
    with open_store(store) as s:
        assert _produced(s) == []


# ---------------------------------------------------------------- the HTML report draws requests and answers

def test_report_draws_produces_edges(graph_store, tmp_path: Path) -> None:
    from extractors.extract import extract_file
    from pipeline.report import plan_graph_svg, report_data_from_extractions, report_data_from_store

    docs = tmp_path / "docs"
    _copy(docs, SEED_000, SEED_001, SEED_004)
    _ingest(graph_store, docs)
    from_store = report_data_from_store(graph_store)
    from_files = report_data_from_extractions([(extract_file(f), None) for f in sorted(docs.iterdir())])
    for data in (from_store, from_files):
        label = {p.plan_id: Path(p.file).stem for p in data.plans}
        produces = [e for e in data.edges if e.relation == "produces"]
        assert [(label[e.from_id], label[e.to_key]) for e in produces] == [(SEED_004, SEED_000)]
        assert produces[0].label and "row 3.8" in produces[0].label
        svg = plan_graph_svg(data.plans, data.edges)
        assert svg.count('class="edge edge-produces"') == 1
        assert "row 3.8 asks for this Kế hoạch hành động" in svg
