"""Production behaviours of `plangraph ingest` (the Prefect flow) on a real Neo4j server: a re-ingest writes
nothing, an edited file replaces only its plan, --prune, kill -9 mid-ingest then a re-run converges, and a server
stopped and restarted mid-ingest is retried and reported. Needs NEO4J_URI (`make neo4j-up`); skips without it
(fails in CI). The last test starts its own second server (Java, graph/neo4j_server/neo4j.sh) on another port.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import _no_neo4j, neo4j_uri, open_test_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
PLANGRAPH = Path(sys.executable).parent / "plangraph"
NEO4J_SH = ROOT / "graph" / "neo4j_server" / "neo4j.sh"

pytestmark = pytest.mark.neo4j


def copies(folder: Path, n: int) -> None:
    """n distinct documents: each seed with its own copy number (distinct content, distinct plan)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n\n(Bản số {i + 1})\n",
                                                     encoding="utf-8")


def element_ids(store) -> dict[str, str]:
    """file -> elementId of its Plan node: a plan deleted and written again gets a new one."""
    return {r["file"]: r["eid"] for r in store.execute("MATCH (p:Plan) RETURN p.file AS file, elementId(p) AS eid")}


def node_ids(store) -> set[str]:
    return {r["e"] for r in store.execute("MATCH (n) WHERE n:Task OR n:Indicator RETURN elementId(n) AS e")}


def dump(store) -> list[str]:
    """The graph as text, without clock times (ingested_at), for comparing two runs."""
    rows = store.execute("MATCH (a)-[r]->(b) RETURN labels(a)[0] AS la, coalesce(a.id, a.key) AS a, type(r) AS t, "
                         "labels(b)[0] AS lb, coalesce(b.id, b.key) AS b")
    nodes = store.execute("MATCH (n) RETURN labels(n)[0] AS l, properties(n) AS p")
    out = [repr(sorted(r.items())) for r in rows]
    out += [repr((n["l"], sorted((k, v) for k, v in n["p"].items() if k not in ("ingested_at", "at"))))
            for n in nodes]
    return sorted(out)


@pytest.fixture
def neo(tmp_path: Path):
    store = open_test_store("neo4j", tmp_path)
    yield store, os.environ["NEO4J_URI"]
    store.close()


def ingest(docs: Path, uri: str, **settings):
    from pipeline.flows import run_ingest
    return run_ingest([docs], {"store": uri, **settings})


def test_reingest_writes_nothing_edit_replaces_one_plan_prune_removes(neo, tmp_path: Path) -> None:
    store, uri = neo
    docs = tmp_path / "docs"
    copies(docs, 3)
    first = ingest(docs, uri)
    assert (first.new, first.failed) == (3, 0), first.failures
    plans, tasks, graph = element_ids(store), node_ids(store), dump(store)

    again = ingest(docs, uri)  # nothing changed: nothing rewritten (same element ids, same graph)
    assert (again.new, again.changed, again.unchanged, again.failed) == (0, 0, 3, 0)
    assert element_ids(store) == plans and node_ids(store) == tasks and dump(store) == graph

    edited = sorted(docs.iterdir())[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n(sửa đổi)\n", encoding="utf-8")
    third = ingest(docs, uri)
    assert (third.new, third.changed, third.unchanged) == (0, 1, 2)
    now = element_ids(store)
    assert set(now) == set(plans)
    assert [f for f in plans if now[f] != plans[f]] == [str(edited)]  # only that plan was replaced
    assert len(node_ids(store) & tasks) > 0 and node_ids(store) != tasks

    gone = sorted(docs.iterdir())[0]
    gone.unlink()
    fourth = ingest(docs, uri, prune=True)
    assert fourth.pruned == 1
    assert str(gone) not in element_ids(store) and len(element_ids(store)) == 2
    # instruments and bodies only the pruned plan used are gone too: nothing left unlinked
    assert store.execute("MATCH (n:Organization) WHERE NOT EXISTS { MATCH (n)-[]-() } RETURN n") == []


def _plans(uri: str) -> int:
    from graph.store import open_store
    try:
        with open_store(uri, read_only=True) as st:
            return int(st.execute("MATCH (p:Plan) RETURN count(p) AS n")[0]["n"])
    except Exception:
        return 0


def test_kill_9_mid_ingest_then_rerun_converges_to_a_clean_run(neo, tmp_path: Path, prefect_env) -> None:
    store, uri = neo
    docs = tmp_path / "docs"
    copies(docs, 10)
    proc = subprocess.Popen([str(PLANGRAPH), "ingest", str(docs), "--store", uri, "--format", "json"],
                            env=prefect_env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and _plans(uri) < 2:
        time.sleep(0.1)
    was_running = proc.poll() is None
    if was_running:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert was_running, "the ingest finished before it could be killed: make the batch bigger"
    assert _plans(uri) < 10

    after = ingest(docs, uri)
    assert after.failed == 0, after.failures
    assert after.new + after.changed + after.unchanged == 10 and after.new + after.changed >= 1
    killed_then_rerun = dump(store)

    store.execute("MATCH (n) DETACH DELETE n")
    clean = ingest(docs, uri)
    assert clean.new == 10
    assert dump(store) == killed_then_rerun


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_server(tmp_path: Path):
    """A second Neo4j server of our own (this test stops and restarts it), sharing the classpath. Only where
    the Neo4j tests run at all (NEO4J_URI set), so a plain `make test` never starts a JVM."""
    neo4j_uri()
    if shutil.which("java") is None:
        _no_neo4j("java is not installed: cannot start a second Neo4j server")
    state = tmp_path / "neo4j-state"
    state.mkdir()
    cp = ROOT / ".neo4j-server" / "classpath.txt"
    if cp.exists():
        shutil.copy(cp, state / "classpath.txt")
        os.utime(state / "classpath.txt")
    port = _free_port()
    env = {**os.environ, "NEO4J_STATE": str(state), "NEO4J_BOLT": f"127.0.0.1:{port}"}

    def sh(cmd: str) -> None:
        subprocess.run([str(NEO4J_SH), cmd], env=env, check=True, stdout=subprocess.DEVNULL, timeout=600)

    sh("up")
    try:
        yield f"bolt://127.0.0.1:{port}", sh
    finally:
        sh("down")


def test_server_restarted_mid_ingest_is_retried_and_reported(own_server, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    uri, sh = own_server
    docs = tmp_path / "docs"
    copies(docs, 15)
    result: dict = {}

    def run() -> None:
        try:
            result["summary"] = ingest(docs, uri, write_retries=20, write_retry_delay=4.0)
        except BaseException as e:  # pragma: no cover - shown by the assertion below
            result["error"] = e

    caplog.set_level(logging.WARNING, logger="graph.neo4j_store")
    t = threading.Thread(target=run)
    t.start()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and t.is_alive() and _plans(uri) < 1:
        time.sleep(0.1)
    assert t.is_alive(), "the ingest finished before the server could be stopped"
    sh("stop")  # the data stays: the restarted server opens it again
    sh("up")
    t.join(timeout=600)
    assert "error" not in result, result.get("error")
    summary = result["summary"]
    assert summary.failed == 0, summary.failures
    assert summary.new == 15 and _plans(uri) == 15
    reported = [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()]
    assert reported, "the transient error was not reported"
