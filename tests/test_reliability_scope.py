"""--prune touches only the folders of this run, and a restored file loses its failure record
(issue 17, finding 7)."""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.flows import run_ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))


def _files(store: Path) -> set[str]:
    from graph.store import open_store

    with open_store(store, read_only=True) as st:
        return {Path(r["file"]).name for r in st.execute("MATCH (p:Plan) RETURN p.file AS file")}


def _logged(store: Path) -> set[str]:
    from graph.store import open_store

    with open_store(store, read_only=True) as st:
        return {Path(r["file"]).name for r in st.execute("MATCH (l:IngestLog) RETURN l.file AS file")}


def test_prune_leaves_the_plans_of_a_folder_not_in_this_run_even_when_it_is_missing(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(SEEDS[0], a / "a1.txt")
    shutil.copy(SEEDS[1], a / "a2.txt")
    shutil.copy(SEEDS[2], b / "b1.txt")
    store = tmp_path / "store"
    assert run_ingest([a, b], {"store": str(store)}).new == 3
    (a / "a2.txt").unlink()  # really gone, in a folder of this run: pruned
    b.rename(tmp_path / "b_unmounted")  # the other folder is away for a moment: its plan stays
    s = run_ingest([a], {"store": str(store), "prune": True})
    assert s.pruned == 1
    assert _files(store) == {"a1.txt", "b1.txt"}


def test_a_restored_file_loses_its_failure_record(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "ke_hoach.txt"
    good = SEEDS[3].read_bytes()
    f.write_bytes(good)
    store = tmp_path / "store"
    assert run_ingest([docs], {"store": str(store)}).new == 1
    f.write_bytes(b"   \n")  # saved empty by mistake: a load failure, the stored plan stays
    bad = run_ingest([docs], {"store": str(store)})
    assert bad.failed == 1 and _logged(store) == {"ke_hoach.txt"}
    f.write_bytes(good)  # restored to the version the store holds
    again = run_ingest([docs], {"store": str(store)})
    assert again.unchanged == 1 and again.failed == 0
    assert _logged(store) == set()
