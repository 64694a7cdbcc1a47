"""The writer: idempotent re-ingest, replacement of one plan's subgraph, prune, chains through numbered plans."""
from __future__ import annotations

import pytest

from extractors.model import Extraction
from extractors.normalize import clean_text
from graph.writer import build_subgraph, prune, record_failure, write_extraction
from graph_seeds import SEED_000, SEED_002, SEED_003, SEED_004, SEEDS, corpus_file, corpus_sha, seed_002, seed_003, seed_extraction
from queries import run as q


def ingest_seeds(store) -> dict[str, str]:
    ids = {}
    for seed in SEEDS:
        r = write_extraction(store, seed_extraction(seed), file=str(corpus_file(seed)), sha256=corpus_sha(seed))
        ids[seed] = r.plan_id
    return ids


def snapshot(store) -> dict[str, set]:
    """Every node (label, identity, properties) and every relationship, as comparable sets."""
    nodes = {(r["l"], r["k"]) for r in store.execute(
        "MATCH (n:Plan) RETURN 'Plan' AS l, n.id AS k UNION ALL MATCH (n:Task) RETURN 'Task' AS l, n.id + '|' + n.text AS k "
        "UNION ALL MATCH (n:Indicator) RETURN 'Indicator' AS l, n.id + '|' + n.text AS k "
        "UNION ALL MATCH (n:Instrument) RETURN 'Instrument' AS l, n.key AS k "
        "UNION ALL MATCH (n:Organization) RETURN 'Organization' AS l, n.id AS k")}
    rels = set()
    for r in store.execute("MATCH (a)-[r]->(b) RETURN a AS a, r AS r, b AS b"):
        ident = lambda n: n.get("id") or n.get("key")  # noqa: E731
        rels.add((ident(r["a"]), r["r"]["_type"], ident(r["b"])))
    return {"nodes": nodes, "rels": rels}


def test_fixture_texts_are_in_the_corpus() -> None:
    for seed, ex in ((SEED_002, seed_002()), (SEED_003, seed_003())):
        text = clean_text(corpus_file(seed).read_text(encoding="utf-8"))
        for t in ex.tasks:
            assert clean_text(t.text) in text, t.text
        for i in ex.indicators:
            assert clean_text(i.text) in text, i.text
        for r in ex.references:
            assert r.key.split("@")[0] in text, r.key


def test_ingest_twice_same_counts_and_writes_nothing(graph_store) -> None:
    ingest_seeds(graph_store)
    first = graph_store.counts()
    before = snapshot(graph_store)
    assert first["nodes"] > 250 and first["relationships"] > 550
    statuses = [write_extraction(graph_store, seed_extraction(s), file=str(corpus_file(s)),
                                 sha256=corpus_sha(s)).status for s in SEEDS]
    assert statuses == ["unchanged"] * 5
    assert graph_store.counts() == first
    assert snapshot(graph_store) == before


def test_edit_one_file_changes_only_that_plan(graph_store, tmp_path) -> None:
    ids = ingest_seeds(graph_store)
    before = snapshot(graph_store)
    # "edit" seed 000: one task reworded, one task removed -> a new source hash
    ex = seed_extraction(SEED_000)
    edited = ex.model_copy(deep=True)
    edited.tasks[0].text = edited.tasks[0].text + " (sửa đổi)"
    del edited.tasks[-1]
    res = write_extraction(graph_store, edited, file=str(corpus_file(SEED_000)), sha256="edited-" + corpus_sha(SEED_000))
    assert res.status == "changed" and res.plan_id != ids[SEED_000]
    after = snapshot(graph_store)
    old_id, new_id = ids[SEED_000], res.plan_id

    def mine(x: str | None, pid: str) -> bool:
        return bool(x) and x.startswith(pid)

    # everything that differs belongs to seed 000's old or new subgraph
    for label, key in before["nodes"] ^ after["nodes"]:
        assert label in ("Plan", "Task", "Indicator") and (mine(key, old_id) or mine(key, new_id)), (label, key)
    for a, t, b in before["rels"] ^ after["rels"]:
        assert mine(a, old_id) or mine(a, new_id) or t == "IMPLEMENTS", (a, t, b)
    # the other plans are untouched, the edited one has its new content
    others = {s: ids[s] for s in SEEDS if s != SEED_000}
    for pid in others.values():
        assert {n for n in before["nodes"] if mine(n[1], pid)} == {n for n in after["nodes"] if mine(n[1], pid)}
    tasks = q.tasks(graph_store, plan=str(corpus_file(SEED_000)))
    assert len(tasks) == len(ex.tasks) - 1 and tasks[0]["text"].endswith("(sửa đổi)")
    assert graph_store.counts()["nodes"] == sum(1 for _ in before["nodes"]) - 1
    # editing back restores the original graph exactly
    write_extraction(graph_store, ex, file=str(corpus_file(SEED_000)), sha256=corpus_sha(SEED_000))
    assert snapshot(graph_store) == before


def test_shared_nodes_merged_not_duplicated(graph_store) -> None:
    ingest_seeds(graph_store)
    rows = graph_store.execute("MATCH (i:Instrument) WHERE i.symbol = $s RETURN i.key AS key", {"s": "57-NQ/TW"})
    assert [r["key"] for r in rows] == ["57-NQ/TW@2024-12-22"]  # cited by 000 and 004
    plans = graph_store.execute(
        "MATCH (p:Plan)-[]->(i:Instrument {key: $k}) RETURN count(DISTINCT p) AS n", {"k": "57-NQ/TW@2024-12-22"})
    assert plans[0]["n"] == 2
    orgs = graph_store.execute("MATCH (o:Organization) WHERE o.name_cf = $n RETURN o.jurisdiction AS j ORDER BY j",
                               {"n": "sở khoa học và công nghệ"})
    assert sorted(r["j"] for r in orgs) == sorted(["Hải Phòng", "Hưng Yên", "Thành phố Hồ Chí Minh"])


def test_prune_drops_plans_whose_files_are_gone(graph_store) -> None:
    ingest_seeds(graph_store)
    keep = [str(corpus_file(s)) for s in SEEDS if s != SEED_002]
    assert prune(graph_store, keep) == [str(corpus_file(SEED_002))]
    assert [r["file"] for r in q.plan_summary(graph_store)] == keep
    # instruments only seed 002 cited are gone; shared ones stay
    keys = {r["key"] for r in graph_store.execute("MATCH (i:Instrument) RETURN i.key AS key")}
    assert "71-NQ/TW@2025-08-22" not in keys and "2711/QĐ-TTg@2025-12-12" in keys
    assert not graph_store.execute("MATCH (o:Organization) WHERE o.jurisdiction = 'Hưng Yên' RETURN o.id AS id")
    assert prune(graph_store, keep) == []


def test_prune_without_list_checks_the_disk(graph_store, tmp_path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text("x", encoding="utf-8")
    write_extraction(graph_store, seed_002(), file=str(f), sha256="s")
    assert prune(graph_store) == []
    f.unlink()
    assert prune(graph_store) == [str(f)]
    assert graph_store.counts()["nodes"] == 0


def test_numbered_plan_carries_chains(graph_store, tmp_path) -> None:
    """A plan with its own number IS that instrument: plans implementing it implement what it implements."""
    write_extraction(graph_store, seed_003(), file=str(corpus_file(SEED_003)), sha256=corpus_sha(SEED_003))
    # the programme 49-CTrHĐ/TU itself, ingested as a numbered plan implementing 45-NQ/TW@2023-11-24
    programme = Extraction.model_validate({
        "document": {"doc_type": "Chương trình hành động", "number": "49-CTrHĐ/TU", "date": "2024-02-26",
                     "jurisdiction": "Thành phố Hồ Chí Minh", "issuer": "Ban Thường vụ Thành ủy"},
        "references": [{"key": "45-NQ/TW", "date": "2023-11-24", "relation": "implements"}]})
    write_extraction(graph_store, programme, file=str(tmp_path / "49.txt"), sha256="p49")
    # a district plan citing the programme WITHOUT a date: resolves to the one dated instrument
    district = Extraction.model_validate({
        "document": {"doc_type": "Kế hoạch", "jurisdiction": "Thành phố Hồ Chí Minh"},
        "references": [{"key": "49-CTrHĐ/TU", "relation": "implements"}]})
    write_extraction(graph_store, district, file=str(tmp_path / "district.txt"), sha256="d1")
    res = q.implementers(graph_store, "45-NQ/TW", date="2023-11-24")
    chains = {r["file"]: (r["chain"], r["relations"]) for r in res.rows}
    assert chains[str(tmp_path / "49.txt")] == (["45-NQ/TW@2023-11-24"], ["IMPLEMENTS"])
    assert chains[str(corpus_file(SEED_003))] == (["49-CTrHĐ/TU@2024-02-26", "45-NQ/TW@2023-11-24"],
                                                  ["IMPLEMENTS", "IMPLEMENTS"])
    assert chains[str(tmp_path / "district.txt")] == (
        ["49-CTrHĐ/TU", "49-CTrHĐ/TU@2024-02-26", "45-NQ/TW@2023-11-24"],
        ["IMPLEMENTS", "RESOLVES_TO", "IMPLEMENTS"])
    assert q.plan_summary(graph_store, plan=str(tmp_path / "49.txt"))[0]["instrument_key"] == "49-CTrHĐ/TU@2024-02-26"
    # a second dated 49-CTrHĐ/TU makes the undated citation ambiguous: the resolution is withdrawn
    other = Extraction.model_validate({
        "document": {"doc_type": "Kế hoạch", "jurisdiction": "Bình Dương"},
        "references": [{"key": "49-CTrHĐ/TU", "date": "2010-05-05", "relation": "mentions"}]})
    write_extraction(graph_store, other, file=str(tmp_path / "other.txt"), sha256="o1")
    assert str(tmp_path / "district.txt") not in {r["file"] for r in q.implementers(graph_store, "45-NQ/TW@2023-11-24").rows}
    assert [r["citation"] for r in q.ambiguous(graph_store)] == ["49-CTrHĐ/TU"]


def test_failed_write_leaves_old_plan_whole(graph_store, monkeypatch) -> None:
    write_extraction(graph_store, seed_002(), file="plan.txt", sha256="v1")
    before = snapshot(graph_store)
    import graph.writer as writer

    def boom(*a, **k):
        raise RuntimeError("interrupted")
    monkeypatch.setattr(writer, "resolve_citations", boom)  # fails after the new subgraph was written
    edited = seed_002()
    edited.tasks[0].text = "Một nhiệm vụ khác"
    with pytest.raises(RuntimeError):
        write_extraction(graph_store, edited, file="plan.txt", sha256="v2")
    assert snapshot(graph_store) == before


def test_failures_recorded_and_cleared_on_success(graph_store) -> None:
    record_failure(graph_store, "plan.txt", "extract", "ExtractionError", "[E200] no header")
    assert len(q.ingest_failures(graph_store)) == 1
    write_extraction(graph_store, seed_002(), file="plan.txt", sha256="v1")
    assert q.ingest_failures(graph_store) == []


def test_build_subgraph_is_pure_and_deterministic() -> None:
    ex = seed_extraction(SEED_004)
    a = build_subgraph(ex, file="f", sha256="s", ingested_at="t")
    b = build_subgraph(ex, file="f", sha256="s", ingested_at="t")
    assert a == b
    assert a.counts()["tasks"] == 72 and a.counts()["indicators"] == 27
    # 004's chains: 7 stated, each once
    assert len(a.links["chain_implements"]) + len(a.links["chain_stops"]) == 7


def test_stored_hashes(graph_store) -> None:
    from graph.writer import stored_hashes
    write_extraction(graph_store, seed_002(), file="a.txt", sha256="h1")
    write_extraction(graph_store, seed_003(), file="b.txt", sha256="h2")
    assert stored_hashes(graph_store) == {"a.txt": "h1", "b.txt": "h2"}


def test_plans_written_by_an_older_extractor_count_as_not_stored(graph_store, monkeypatch) -> None:
    """After an extractor upgrade the ingest must re-extract: stored_hashes(version=new) leaves old plans out;
    rewriting an identical extraction only records the new version."""
    import graph.writer as writer
    from graph.writer import stored_hashes

    monkeypatch.setattr(writer, "extractor_version", lambda: "old")
    write_extraction(graph_store, seed_002(), file="a.txt", sha256="h1")
    assert stored_hashes(graph_store, extractor_version="old") == {"a.txt": "h1"}
    assert stored_hashes(graph_store, extractor_version="new") == {}
    before = graph_store.counts()
    monkeypatch.setattr(writer, "extractor_version", lambda: "new")
    res = write_extraction(graph_store, seed_002(), file="a.txt", sha256="h1")
    assert res.status == "unchanged" and graph_store.counts() == before
    assert stored_hashes(graph_store, extractor_version="new") == {"a.txt": "h1"}


def test_reading_a_store_that_was_never_written_says_so(tmp_path) -> None:
    """A mistyped --store must not answer every question with nothing, nor leave an empty store behind."""
    from extractors.errors import StoreError
    from graph.store import open_store

    missing = tmp_path / "no-such-store"
    for kwargs in ({"read_only": True}, {"must_exist": True}):
        with pytest.raises(StoreError, match="ingest documents first"):
            open_store(missing, **kwargs)
    assert not missing.exists()
