"""A full disk must not lose plans silently (issue 17, finding 1).

Each test puts the store on a small tmpfs of its own and fills the disk with a ballast file: mounting needs
root, so without it the tests are skipped, saying so. The ingest runs as the `plangraph` command in a
subprocess (what a user runs; a Ladybug abort on a failed disk would take a test process down with it).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Iterator

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
PLANGRAPH = Path(sys.executable).parent / "plangraph"
DISK_MB = 48


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 48 MB tmpfs mounted for this test (root only)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root; this test runs as a normal user")
    mnt = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (container without CAP_SYS_ADMIN?): {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _docs(folder: Path, n: int) -> Path:
    """n distinct plan documents (each seed with its own copy number)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n\n(Bản số {i + 1})\n",
                                                     encoding="utf-8")
    return folder


def _plangraph(args: list[str], env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PLANGRAPH), *args], env={**env, **extra}, capture_output=True, text=True,
                          timeout=600)


def _fill(disk: Path, leave: int) -> Path:
    """A ballast file that leaves `leave` bytes free on the disk."""
    ballast = disk / "ballast"
    free = shutil.disk_usage(disk).free
    with open(ballast, "wb") as fh:
        fh.truncate(0)
        chunk = b"\0" * (1 << 20)
        todo = max(0, free - leave)
        while todo > 0:
            fh.write(chunk[:min(len(chunk), todo)])
            todo -= min(len(chunk), todo)
    return ballast


def _plans(store: Path) -> set[str]:
    from graph.store import open_store

    with open_store(store, read_only=True) as st:
        return {Path(r["file"]).name for r in st.execute("MATCH (p:Plan) RETURN p.file AS file")}


def _one_line_error(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 1, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr and "terminate called" not in r.stderr, r.stderr[-2000:]
    # Prefect's own shutdown notice ("EventsWorker - Still processing items") is timing noise, not ours
    # off a terminal, progress is one timestamped line per stage (issue 14); the failure is the one other line
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and "EventsWorker" not in ln
             and not re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d ", ln)]
    assert len(lines) == 1 and lines[0].startswith("error: [E30"), r.stderr[-2000:]
    assert "disk space" in lines[0]
    return lines[0]


def _first_three(tmp_path: Path, disk: Path, env: dict[str, str]) -> tuple[Path, Path]:
    docs = _docs(tmp_path / "docs", 10)
    store = disk / "store"
    first = _plangraph(["ingest", *map(str, sorted(docs.iterdir())[:3]), "--store", str(store), "--format", "json"],
                       env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert json.loads(first.stdout)["new"] == 3
    return docs, store


def test_a_checkpoint_failing_on_a_full_disk_fails_the_run_and_recover_keeps_every_plan(
        tmp_path: Path, small_disk: Path, prefect_env: dict[str, str]) -> None:
    # the adversarial run: the plans fit in the write-ahead log, the checkpoint at the end does not fit on disk;
    # Ladybug's close swallowed that and the ingest said "new 7", exit 0, while no query worked any more
    docs, store = _first_three(tmp_path, small_disk, prefect_env)
    ballast = _fill(small_disk, 1_500_000)
    run = _plangraph(["ingest", str(docs), "--store", str(store), "--format", "json"], prefect_env,
                     PLANGRAPH_STORE_SPACE_CHECK="0")  # without the free-space check: the disk fills under it
    line = _one_line_error(run)
    assert "checkpoint" in line
    ballast.unlink()
    check = _plangraph(["store", "check", "--store", str(store)], prefect_env)
    assert check.returncode == 1 and "store recover" in check.stdout, check.stdout
    rec = _plangraph(["store", "recover", "--store", str(store)], prefect_env)
    assert rec.returncode == 0, rec.stderr[-2000:]
    assert _plans(store) == {p.name for p in docs.iterdir()}  # every plan the run wrote is there
    assert _plangraph(["store", "check", "--store", str(store)], prefect_env).returncode == 0


def test_a_write_failing_on_a_full_disk_stops_the_batch_and_recover_reingests_what_the_torn_log_lost(
        tmp_path: Path, small_disk: Path, prefect_env: dict[str, str]) -> None:
    docs, store = _first_three(tmp_path, small_disk, prefect_env)
    ballast = _fill(small_disk, 400_000)  # a few plans fit, then a write-ahead-log write fails halfway
    run = _plangraph(["ingest", str(docs), "--store", str(store), "--format", "json"], prefect_env,
                     PLANGRAPH_STORE_SPACE_CHECK="0")
    line = _one_line_error(run)
    assert "while writing" in line
    ballast.unlink()
    check = _plangraph(["store", "check", "--store", str(store), "--format", "json"], prefect_env)
    assert check.returncode == 1
    problem = json.loads(check.stdout)["problems"][0]
    assert problem["check"] == "open" and problem["torn_wal"], problem
    rec = _plangraph(["store", "recover", "--store", str(store), "--format", "json"], prefect_env)
    assert rec.returncode == 0, rec.stderr[-2000:]
    info = json.loads(rec.stdout)
    assert info["wal_moved_to"] and Path(info["wal_moved_to"]).exists()  # kept, not deleted
    assert info["lost"], info  # the plans the torn log held are named …
    assert info["reingested"] == info["lost"]  # … and re-ingested from their files
    held = _plans(store)
    assert {Path(f).name for f in info["lost"]} <= held
    assert {p.name for p in sorted(docs.iterdir())[:3]} <= held  # the checkpointed ones were never at risk
    # no write failure recorded per remaining document: the batch stopped at the first I/O error
    from graph.store import open_store
    with open_store(store, read_only=True) as st:
        assert st.execute("MATCH (l:IngestLog) WHERE l.stage = 'write' RETURN count(l) AS n")[0]["n"] == 0
    again = _plangraph(["ingest", str(docs), "--store", str(store), "--format", "json"], prefect_env)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _plans(store) == {p.name for p in docs.iterdir()}
    assert _plangraph(["store", "check", "--store", str(store)], prefect_env).returncode == 0


def test_too_little_free_space_stops_the_ingest_before_it_writes(tmp_path: Path, small_disk: Path,
                                                                prefect_env: dict[str, str]) -> None:
    docs, store = _first_three(tmp_path, small_disk, prefect_env)
    ballast = _fill(small_disk, 8 * 1024 * 1024)
    run = _plangraph(["ingest", str(docs), "--store", str(store)], prefect_env, PLANGRAPH_STORE_RESERVE_MB="16")
    line = _one_line_error(run)
    assert "not enough free disk space" in line and "nothing was lost" in line
    ballast.unlink()
    assert _plans(store) == {p.name for p in sorted(docs.iterdir())[:3]}  # opens; nothing torn
    assert _plangraph(["store", "check", "--store", str(store)], prefect_env).returncode == 0
