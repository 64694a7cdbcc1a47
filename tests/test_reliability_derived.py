"""Derived data after a kill (issue 17, finding 3): DUPLICATES / PRODUCES / MAY_PRODUCE are computed over the
whole store after the plan writes; a run that dies between its last plan commit and the end of those steps
must not leave them missing for good (the re-run used to find every file stored and do nothing)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.flows import run_ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
PLANGRAPH = Path(sys.executable).parent / "plangraph"


def _docs(folder: Path) -> Path:
    """Two copies of each of two seeds under different numbers: duplicate tasks across plans."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(4):
        seed = SEEDS[i % 2]
        (folder / f"{i:03d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n\n(Bản số {i + 1})\n",
                                                     encoding="utf-8")
    return folder


def _derived(store: Path) -> dict[str, int]:
    from graph.store import open_store

    with open_store(store, read_only=True) as st:
        return {t: int(st.execute(f"MATCH ()-[r:{t}]->() RETURN count(r) AS n")[0]["n"])
                for t in ("DUPLICATES", "PRODUCES", "MAY_PRODUCE")}


class Killed(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


def test_a_run_dying_at_relink_is_completed_by_the_next_run(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs(tmp_path / "docs")
    clean = _derived_of_clean_run(docs, tmp_path / "clean")
    assert clean["DUPLICATES"] > 0

    import graph.lineage_store as ls

    def die(_store: object) -> None:
        raise Killed()

    monkeypatch.setattr(ls, "relink", die)
    store = tmp_path / "killed"
    with pytest.raises(Killed):
        run_ingest([docs], {"store": str(store)})
    monkeypatch.undo()
    assert _derived(store)["DUPLICATES"] == 0  # every plan committed, nothing derived

    again = run_ingest([docs], {"store": str(store)})  # every file is stored with its hash
    assert again.unchanged == 4 and again.new == 0
    assert _derived(store) == clean


def _derived_of_clean_run(docs: Path, store: Path) -> dict[str, int]:
    s = run_ingest([docs], {"store": str(store)})
    assert s.new == 4, s.failures
    return _derived(store)


def test_kill_9_at_relink_then_rerun_recomputes_the_derived_data(tmp_path: Path,
                                                                prefect_env: dict[str, str]) -> None:
    docs = _docs(tmp_path / "docs")
    clean = _derived_of_clean_run(docs, tmp_path / "clean")
    store = tmp_path / "killed"
    # PLANGRAPH_KILL_AT=relink: the ingest SIGKILLs itself after its last plan commit, before relink
    log = tmp_path / "killed.log"
    with open(log, "wb") as out:  # a file, not a pipe: a server the dead ingest left would hold a pipe open
        proc = subprocess.Popen([str(PLANGRAPH), "ingest", str(docs), "--store", str(store), "--format", "json"],
                                env={**prefect_env, "PLANGRAPH_KILL_AT": "relink"}, stdout=out, stderr=out,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=600)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # whatever of its process group is left
            except ProcessLookupError:
                pass
    assert rc == -signal.SIGKILL, log.read_text(errors="replace")[-2000:]
    assert _derived(store)["DUPLICATES"] == 0
    rerun = subprocess.run([str(PLANGRAPH), "ingest", str(docs), "--store", str(store), "--format", "json"],
                           env=prefect_env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _derived(store) == clean
    # and once current, a re-run takes the no-op path again
    assert run_ingest([docs], {"store": str(store)}).skipped_flow

