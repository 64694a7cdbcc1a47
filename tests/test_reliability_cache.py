"""Hash what you read (issue 17, finding 2): a file saved over between discovery and load must not leave
another version's extraction stored — or cached — under the hash of the version it was discovered as."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

import pipeline.flows as flows
from pipeline.flows import run_ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))


def _plan(store: Path) -> dict[str, object]:
    from graph.store import open_store

    with open_store(store, read_only=True) as st:
        rows = st.execute("MATCH (p:Plan) RETURN p.file AS file, p.sha256 AS sha256, p.extraction_sha AS x, p.title AS title")
    assert len(rows) == 1, rows
    return rows[0]


def test_a_file_replaced_between_discovery_and_load_is_stored_under_the_hash_of_what_was_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a_bytes, b_bytes = SEEDS[0].read_bytes(), SEEDS[1].read_bytes()
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "ke_hoach.txt"
    f.write_bytes(a_bytes)
    store = tmp_path / "store"

    # version A is hashed at discovery; right after, the file is saved over with version B (the race)
    real_hash = flows.file_sha256
    swapped: list[bool] = []

    def hash_then_save_over(p: Path) -> str:
        h = real_hash(p)
        in_flow_discovery = sys._getframe(1).f_code.co_name == "ingest"  # not the no-op pre-check
        if Path(p).name == f.name and in_flow_discovery and not swapped:
            swapped.append(True)
            f.write_bytes(b_bytes)
        return h

    monkeypatch.setattr(flows, "file_sha256", hash_then_save_over)
    s1 = run_ingest([docs], {"store": str(store)})
    monkeypatch.setattr(flows, "file_sha256", real_hash)
    assert swapped and s1.failed == 0, s1.failures
    stored = _plan(store)
    # what is stored is B's extraction under B's hash: the hash of the bytes the loader read
    assert stored["sha256"] == hashlib.sha256(b_bytes).hexdigest()
    extraction_b = stored["x"]

    # A restored: it is not "unchanged" (no stale claim), and neither this store nor a fresh one (which
    # would reuse the task cache keyed by A's hash) gets B's extraction for A's bytes
    f.write_bytes(a_bytes)
    s2 = run_ingest([docs], {"store": str(store)})
    assert s2.changed == 1 and s2.unchanged == 0, s2
    for st in (store, tmp_path / "fresh"):
        if st.name == "fresh":
            assert run_ingest([docs], {"store": str(st)}).new == 1
        got = _plan(st)
        assert got["sha256"] == hashlib.sha256(a_bytes).hexdigest()
        assert got["x"] != extraction_b, (got, extraction_b)  # A's extraction, not B's


def test_a_file_that_keeps_changing_is_quarantined_as_changed_during_ingest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "dang_sua.txt"
    f.write_bytes(SEEDS[2].read_bytes())
    import extractors.load.limits as limits

    real_bounded = limits.read_bounded
    n = {"reads": 0}

    def read_then_edit(p: Path, limit: int | None = None) -> bytes:
        data = real_bounded(p, limit)
        n["reads"] += 1
        Path(p).write_bytes(data + f"\n(sửa lần {n['reads']})\n".encode())  # saved again after every read
        return data + b" "  # … and what was read is never what had been hashed
    monkeypatch.setattr(limits, "read_bounded", read_then_edit)
    s = run_ingest([docs], {"store": str(tmp_path / "store")})
    assert s.failed == 1 and s.new == 0
    fail = s.failures[0]
    assert (fail.stage, fail.error_type, fail.code) == ("read", "ChangedDuringIngest", "E105")
    assert "changed during ingest" in fail.message
