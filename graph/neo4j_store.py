"""Neo4j 5 through the official driver. Thin on purpose: the same query files run here and on Ladybug.

Constraints and indexes (`schema/neo4j.cypher`, all `IF NOT EXISTS`) are created on first use.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from extractors.errors import StoreError
from graph.store import SCHEMA_DIR, Row, Store, split_statements


def _plain(v: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship
    from neo4j.time import Date, DateTime

    if isinstance(v, Node):
        out = {k: _plain(x) for k, x in dict(v).items()}
        out["_label"] = next(iter(v.labels), None)
        return out
    if isinstance(v, Relationship):
        out = {k: _plain(x) for k, x in dict(v).items()}
        out["_type"] = v.type
        return out
    if isinstance(v, Path):
        return [_plain(n) for n in v.nodes]
    if isinstance(v, (Date, DateTime)):
        return v.iso_format()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


class Neo4jStore(Store):
    kind = "neo4j"

    def __init__(self, uri: str, *, user: str, password: str, database: str | None = None) -> None:
        import neo4j

        self.uri = uri
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self._driver.verify_connectivity()
        except Exception as e:  # the driver raises several unrelated types for "cannot connect"
            raise StoreError(uri, f"cannot connect to Neo4j: {e}") from e
        self._session = self._driver.session(database=database)
        self._tx: Any = None
        self.ensure_schema()

    def ensure_schema(self) -> None:
        for stmt in split_statements((SCHEMA_DIR / "neo4j.cypher").read_text(encoding="utf-8")):
            self._session.run(stmt).consume()

    def execute(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        runner = self._tx if self._tx is not None else self._session
        try:
            result = runner.run(query, dict(params or {}))
            return [{k: _plain(v) for k, v in rec.items()} for rec in result]
        except Exception as e:
            raise StoreError(self.uri, f"{e} in query: {query[:200]}") from e

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        if self._tx is not None:
            yield self
            return
        self._tx = self._session.begin_transaction()
        try:
            yield self
        except BaseException:
            self._tx.rollback()
            raise
        else:
            self._tx.commit()
        finally:
            self._tx.close()
            self._tx = None

    def close(self) -> None:
        if getattr(self, "_session", None) is not None:
            self._session.close()
            self._session = None
        if getattr(self, "_driver", None) is not None:
            self._driver.close()
            self._driver = None
