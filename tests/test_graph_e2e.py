"""End to end on the five corpus documents: extractors -> writer -> queries (the acceptance question)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_seeds import SEED_001, SEED_003, SEEDS, corpus_file
from queries import run as q


def _extractors_ready() -> None:
    for mod in ("extractors.load.text", "extractors.header", "extractors.references", "extractors.tasks_table",
                "extractors.tasks_body", "extractors.indicators"):
        pytest.importorskip(mod, reason="the extractors are not all in the tree yet")


def test_ingest_five_seeds_end_to_end(graph_store, tmp_path: Path) -> None:
    _extractors_ready()
    from pipeline.commands.ingest import ingest_paths

    docs = tmp_path / "docs"
    docs.mkdir()
    for s in SEEDS:
        shutil.copy(corpus_file(s), docs / corpus_file(s).name)
    rows = ingest_paths(graph_store, [docs])
    assert [r["status"] for r in rows] == ["new"] * 5, [r.get("message") for r in rows]
    counts = graph_store.counts()

    res = q.implementers(graph_store, "45-NQ/TW", date="2023-11-24")
    got = {Path(r["file"]).stem: r for r in res.rows}
    assert set(got) == {SEED_001, SEED_003}
    assert got[SEED_001]["direct"] and got[SEED_001]["chain"] == ["45-NQ/TW@2023-11-24"]
    assert got[SEED_003]["chain"] == ["49-CTrHĐ/TU@2024-02-26", "45-NQ/TW@2023-11-24"]
    undated = q.implementers(graph_store, "45-NQ/TW")
    assert undated.note and "2 instruments" in undated.note

    # a second ingest writes nothing
    again = ingest_paths(graph_store, [docs])
    assert [r["status"] for r in again] == ["unchanged"] * 5
    assert graph_store.counts() == counts

    # edit one document: only that plan is rewritten; remove it: --prune drops it
    f = docs / corpus_file(SEEDS[0]).name
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = {Path(r["file"]).stem: r["status"] for r in ingest_paths(graph_store, [docs])}
    assert third == {s: ("changed" if s == SEEDS[0] else "unchanged") for s in SEEDS}
    assert graph_store.counts() == counts
    f.unlink()
    fourth = ingest_paths(graph_store, [docs], do_prune=True)
    assert [r["file"] for r in fourth if r["status"] == "pruned"] == [str(f.resolve())]
    assert len(q.plan_summary(graph_store)) == 4


def test_ingest_one_quarantines_a_bad_file(graph_store, tmp_path: Path) -> None:
    from pipeline.commands.ingest import ingest_one

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    row = ingest_one(graph_store, bad)
    assert row["status"] == "failed" and row["stage"] in ("load", "extract")
    assert [(r["file"], r["stage"]) for r in q.ingest_failures(graph_store)] == [(str(bad.resolve()), row["stage"])]


def test_ingest_one_reads_saved_extractions(graph_store, tmp_path: Path) -> None:
    from graph_seeds import seed_003
    from pipeline.commands.ingest import ingest_one

    saved = tmp_path / "003.json"
    saved.write_text(seed_003().model_dump_json(by_alias=True), encoding="utf-8")
    assert ingest_one(graph_store, saved)["status"] == "new"
    assert ingest_one(graph_store, saved)["status"] == "unchanged"
    assert [r["chain"] for r in q.implementers(graph_store, "45-NQ/TW@2023-11-24").rows] == [
        ["49-CTrHĐ/TU@2024-02-26", "45-NQ/TW@2023-11-24"]]
