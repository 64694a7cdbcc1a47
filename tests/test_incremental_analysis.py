"""Incremental analysis after an ingest equals a full recompute (issue 15, item 4).

A Ladybug store is filled with the gold extractions of real plans (and a second copy of one, under another
file name, so identical tasks pair across plans), then changed: plans added, one edited (a task reworded into
another plan's wording, one dropped, a lead removed), one deleted, and a run killed between the store commit
and the state save. After every step the DUPLICATES edges in the store and the orphan findings kept in the
state must equal `find_duplicate_pairs_stats` + `find_orphans` over everything read back, and only the plans
that changed are re-analysed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from extractors.model import Extraction

GOLD = Path(__file__).parent / "data" / "gold"


def _gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text("utf-8"))


def _write(store, data: dict, file: str, sha: str | None = None) -> str:
    from graph.writer import write_extraction

    ex = Extraction.model_validate(data)
    sha = sha or hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return write_extraction(store, ex, file=file, sha256=sha).status


def _full(store) -> tuple[dict, list, dict]:
    """What a full recompute gives: pairs (a, b) -> (score, method), orphans, and the summary counts."""
    from pipeline.analysis import graph_io
    from pipeline.analysis.duplicates import detect_duplicates
    from pipeline.analysis.orphans import find_orphans

    plans, tasks = graph_io.read_records(store)
    res = detect_duplicates(tasks, plans)
    pairs = {(p.a, p.b): (float(p.score), f"{p.method}/{p.rule}") for p in res.pairs}
    orphans = [o.model_dump(mode="json") for o in find_orphans(tasks, plans)]
    return pairs, orphans, {"duplicate_clusters": len(res.clusters), "duplicate_pairs": len(res.pairs),
                            "orphan_findings": len(orphans)}


def _check(store, summary: dict) -> None:
    from pipeline.analysis import graph_io
    from pipeline.analysis.incremental import analysis_version, load_state, sorted_orphans, state_path
    from pipeline.analysis.orphans import Orphan

    pairs, orphans, counts = _full(store)
    edges = {(e["a_id"], e["b_id"]): (float(e["score"]), e["method"]) for e in graph_io.read_duplicate_edges(store)}
    assert len(graph_io.read_duplicate_edges(store)) == len(edges)  # no edge twice
    assert edges == pairs
    state = load_state(state_path(store), analysis_version())
    assert state is not None
    kept = sorted_orphans([Orphan.model_validate(o) for o in ps.orphans] for ps in state.plans.values())
    assert [o.model_dump(mode="json") for o in kept] == orphans
    assert {k: summary[k] for k in counts} == counts


@pytest.fixture()
def store(tmp_path):
    from graph.store import open_store

    s = open_store(tmp_path / "store")
    try:
        yield s
    finally:
        s.close()


def test_incremental_analysis_equals_full_recompute_on_a_changing_store(store, tmp_path):
    from pipeline.analysis import run_analysis
    from pipeline.analysis.incremental import state_path

    src = "/plans/{}.txt"
    for stem in ("000_587713ccb05920a7", "001_9c3240af0bc80034"):
        _write(store, _gold(stem), src.format(stem))
    copy = _gold("000_587713ccb05920a7")
    copy["document"]["number"] = "99/KH-UBND"
    _write(store, copy, src.format("copy_of_000"))
    first = run_analysis(store)
    assert first["incremental"]["state"] is False and first["incremental"]["plans_reanalysed"] == 3
    assert first["duplicate_pairs"] >= len(copy["tasks"])  # every task of the copy pairs with its original
    _check(store, first)

    # nothing changed: nothing re-analysed, nothing rewritten
    again = run_analysis(store)
    assert again["incremental"] == {"state": True, "plans_reanalysed": 0, "pairs_rewritten": 0}
    _check(store, again)

    # a plan added
    _write(store, _gold("004_4d82e5c661ccd206"), src.format("004_4d82e5c661ccd206"))
    added = run_analysis(store)
    assert added["incremental"]["plans_reanalysed"] == 1
    _check(store, added)
    saved = tmp_path / "state_before_edit.json"
    shutil.copy(state_path(store), saved)

    # a plan edited: one task takes another plan's wording, one is dropped, one loses its lead
    edited = json.loads(json.dumps(copy))
    other = _gold("004_4d82e5c661ccd206")["tasks"][3]["text"]
    edited["tasks"][1]["text"] = other
    del edited["tasks"][2]
    edited["tasks"][4]["lead"] = []
    assert _write(store, edited, src.format("copy_of_000")) == "changed"
    changed = run_analysis(store)
    assert changed["incremental"]["plans_reanalysed"] == 1
    assert 0 < changed["incremental"]["pairs_rewritten"] < changed["duplicate_pairs"]
    _check(store, changed)

    # a run killed after the store committed and before the state was saved: the next run repairs
    _write(store, copy, src.format("copy_of_000"))  # edited back
    run_analysis(store)
    shutil.copy(saved, state_path(store))  # the state as it was before the edit
    _write(store, edited, src.format("copy_of_000"))
    _check(store, run_analysis(store))

    # the same file re-extracted differently (a new extractor): same plan id, another extraction
    same_file = json.loads(json.dumps(edited))
    same_file["tasks"][0]["lead"] = []
    sha = next(r["sha256"] for r in store.run("all_plans") if r["file"] == src.format("copy_of_000"))
    assert _write(store, same_file, src.format("copy_of_000"), sha=sha) == "changed"
    reextracted = run_analysis(store)
    assert reextracted["incremental"]["plans_reanalysed"] == 1
    _check(store, reextracted)

    # a plan deleted
    from graph.writer import prune

    assert prune(store, existing_files=[src.format(s) for s in
                                        ("000_587713ccb05920a7", "copy_of_000", "004_4d82e5c661ccd206")])
    deleted = run_analysis(store)
    assert deleted["incremental"]["plans_reanalysed"] == 0  # the others' records did not change
    _check(store, deleted)

    # DUPLICATES rewritten by someone else (`plangraph duplicates --write`): the count check catches it
    from pipeline.analysis import graph_io

    graph_io.write_duplicates(store, [])
    _check(store, run_analysis(store))


def test_a_state_of_another_analysis_version_is_ignored(store):
    from pipeline.analysis import run_analysis
    from pipeline.analysis.incremental import state_path

    _write(store, _gold("001_9c3240af0bc80034"), "/plans/001.txt")
    run_analysis(store)
    path = state_path(store)
    raw = json.loads(path.read_text("utf-8"))
    raw["version"] = "older"
    path.write_text(json.dumps(raw), "utf-8")
    res = run_analysis(store)
    assert res["incremental"]["state"] is False
    path.write_text("{half a file", "utf-8")
    assert run_analysis(store)["incremental"]["state"] is False
    _check(store, run_analysis(store))


class Killed(BaseException):
    pass


@pytest.mark.parametrize("at_save", [1, 2])  # 1: after marking pairs pending, before the store commit; 2: after
def test_a_run_killed_mid_analysis_is_repaired_by_the_next(store, monkeypatch, at_save):
    from pipeline.analysis import incremental, run_analysis

    src = "/plans/{}.txt"
    for stem in ("000_587713ccb05920a7", "004_4d82e5c661ccd206"):
        _write(store, _gold(stem), src.format(stem))
    copy = _gold("000_587713ccb05920a7")
    copy["document"]["number"] = "99/KH-UBND"
    _write(store, copy, src.format("copy"))
    run_analysis(store)
    edited = json.loads(json.dumps(copy))
    edited["tasks"][0]["text"] = _gold("004_4d82e5c661ccd206")["tasks"][5]["text"]
    del edited["tasks"][1]
    _write(store, edited, src.format("copy"))
    real_save, calls = incremental.save_state, []

    def dying_save(path, state):
        real_save(path, state)
        calls.append(1)
        if len(calls) == at_save:
            raise Killed()

    monkeypatch.setattr(incremental, "save_state", dying_save)
    with pytest.raises(Killed):
        run_analysis(store)
    monkeypatch.setattr(incremental, "save_state", real_save)
    _write(store, copy, src.format("copy"))  # and the file changes back before the next run
    _check(store, run_analysis(store))
