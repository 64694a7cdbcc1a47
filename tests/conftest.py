"""Shared pytest fixtures. Each section is owned by the engineer named in its heading."""
from __future__ import annotations

# ---------------------------------------------------------------- Prefect (ingestion flows)
# A temporary PREFECT_HOME for the whole test session (its own SQLite database and result cache) and
# the quiet settings from TOOLCHAIN.md. Set at import time, before any test module imports prefect.
import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from pipeline.config import PREFECT_QUIET_ENV

_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="plangraph-prefect-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
for _k, _v in PREFECT_QUIET_ENV.items():
    os.environ[_k] = _v
os.environ.pop("PREFECT_API_URL", None)  # tests always run in ephemeral mode
atexit.register(shutil.rmtree, _PREFECT_HOME, True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "dask: starts a small Dask LocalCluster (prefect-dask)")


@pytest.fixture(scope="session")
def prefect_home() -> Iterator[Path]:
    """The session's temporary PREFECT_HOME (removed at the end of the session)."""
    yield _PREFECT_HOME


@pytest.fixture(scope="session")
def prefect_env(prefect_home: Path) -> dict[str, str]:
    """Environment for a subprocess that runs a flow with the session's Prefect settings."""
    env = dict(os.environ)
    env["PREFECT_HOME"] = str(prefect_home)
    env.update(PREFECT_QUIET_ENV)
    return env
# ---------------------------------------------------------------- end Prefect


# ---------------------------------------------------------------- Graph stores (knowledge graph)
# `graph_store`: an empty graph store per test — the embedded Ladybug store in a temporary directory, and
# Neo4j when NEO4J_URI is set (`make neo4j-up` starts a local one). The Neo4j database at NEO4J_URI is
# WIPED before each test: point it at a throw-away server. Without NEO4J_URI (or with an unreachable one)
# the Neo4j variants skip with the reason — except in CI (CI=true), where `.ci/run` starts the server and a
# Neo4j test that cannot run is a failure. One database serves every Neo4j test: the wipe closes any test
# store still open on it (a module-scoped fixture), so a later use of that fixture fails loudly ("the store
# is closed") instead of reading another test's data.
import weakref

GRAPH_STORE_KINDS = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]
_OPEN_NEO4J: "weakref.WeakSet" = weakref.WeakSet()


def _no_neo4j(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {reason} (.ci/run starts a local Neo4j; a skipped Neo4j test is a failure in CI)",
                    pytrace=False)
    pytest.skip(reason)


def neo4j_uri() -> str:
    """NEO4J_URI, or skip (fail in CI) saying why there is none."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        _no_neo4j("NEO4J_URI is not set: no Neo4j server to run the same test on (make neo4j-up)")
    return uri


def open_test_store(kind: str, path: Path):
    from extractors.errors import StoreError
    from graph.store import open_store

    if kind == "neo4j":
        uri = neo4j_uri()
        for held in list(_OPEN_NEO4J):
            held.close()
        try:
            store = open_store(uri)
        except StoreError as e:
            _no_neo4j(f"NEO4J_URI={uri} does not answer: {e}")
        store.execute("MATCH (n) DETACH DELETE n")
        _OPEN_NEO4J.add(store)
        return store
    return open_store(path)


@pytest.fixture(params=GRAPH_STORE_KINDS)
def graph_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    store = open_test_store(request.param, tmp_path / "store")
    try:
        yield store
    finally:
        store.close()
# ---------------------------------------------------------------- end Graph stores
