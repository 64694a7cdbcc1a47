"""One small interface over the graph stores: run parameterised Cypher, in a transaction, read rows.

`open_store(uri)` picks the store from the URI:
- `None`, a path, or `ladybug:PATH` -> the embedded Ladybug store in that directory (default `./.plangraph/`);
- `neo4j://…`, `neo4j+s://…`, `bolt://…` -> Neo4j 5 (credentials from `NEO4J_USER` / `NEO4J_PASSWORD`).

Rows come back as plain dicts of plain values on every store: a node is a dict of its properties plus
`_label`; a relationship is a dict of its properties plus `_type`; lists stay lists. Query text lives in
`.cypher` files (`load_statements`, `load_query`), never built around caller input.
"""
from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from extractors.errors import StoreError

SCHEMA_DIR = Path(__file__).parent / "schema"
DEFAULT_PATH = Path(".plangraph")

Row = dict[str, Any]

_NAME_MARK = re.compile(r"^//\s*name:\s*(\S+)\s*$", re.M)


class Store(ABC):
    """A graph store. Use as a context manager or call `close()`."""

    kind: str = "abstract"

    @abstractmethod
    def execute(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one Cypher statement with parameters; return its rows (inside the open transaction, if any)."""

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Everything executed inside is committed together or not at all."""

    @abstractmethod
    def close(self) -> None: ...

    def run(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the named statement from `graph/schema/writes.cypher`."""
        return self.execute(statement(name), params)

    def counts(self) -> dict[str, int]:
        """Total nodes and relationships (tests and ingest summaries); bookkeeping `Meta` nodes not counted."""
        n = self.execute("MATCH (n) RETURN count(n) AS n")[0]["n"]
        n -= self.execute("MATCH (m:Meta) RETURN count(m) AS n")[0]["n"]
        r = self.execute("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        return {"nodes": int(n), "relationships": int(r)}

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def split_statements(text: str) -> list[str]:
    """Statements of a DDL/.cypher file: `//` comment lines dropped, split on `;` at line ends."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("//")]
    parts = re.split(r";\s*$", "\n".join(lines), flags=re.M)
    return [p.strip() for p in parts if p.strip()]


def load_statements(path: Path) -> dict[str, str]:
    """Named statements of a file whose sections start with `// name: NAME`."""
    text = path.read_text(encoding="utf-8")
    marks = list(_NAME_MARK.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = split_statements(text[m.end():end])
        if len(body) != 1:
            raise ValueError(f"{path}: section {m.group(1)!r} must hold exactly one statement")
        out[m.group(1)] = body[0]
    return out


@lru_cache(maxsize=None)
def _writes() -> dict[str, str]:
    return load_statements(SCHEMA_DIR / "writes.cypher")


def statement(name: str) -> str:
    try:
        return _writes()[name]
    except KeyError:
        raise KeyError(f"no statement named {name!r} in graph/schema/writes.cypher") from None


def open_store(uri: str | os.PathLike[str] | None = None, *, read_only: bool = False,
               must_exist: bool = False) -> Store:
    """Open (and on first use, create the schema of) the store at `uri`.

    A read-only open, or one with `must_exist`, of a store that has never been written (an embedded directory
    without its database file; a Neo4j database without plangraph's constraints) raises a StoreError saying so, instead of creating an empty store (a mistyped --store would otherwise answer every
    question with nothing)."""
    u = None if uri is None else str(uri)
    if u is not None and re.match(r"^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc)://", u):
        from graph.neo4j_store import Neo4jStore
        return Neo4jStore(u, user=os.environ.get("NEO4J_USER", "neo4j"),
                          password=os.environ.get("NEO4J_PASSWORD", ""), read_only=read_only,
                          must_exist=must_exist)
    from graph.ladybug_store import LadybugStore
    if u is not None and u.startswith("ladybug:"):
        u = u[len("ladybug:"):]
    path = Path(u) if u else DEFAULT_PATH
    if (read_only or must_exist) and not (path / "graph.lbug").exists():
        raise StoreError(path, "no graph store here yet: ingest documents first "
                               f"(plangraph ingest PATH --store {path})")
    return LadybugStore(path, read_only=read_only)
