"""The embedded store: Ladybug (the maintained fork of Kùzu), a directory on disk.

One read-write process holds the directory's lock at a time; read-only opens work beside it.
The schema (`schema/ladybug.cypher`) is created on first open; every statement is `IF NOT EXISTS`.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

import ladybug

from extractors.errors import StoreError
from graph.store import SCHEMA_DIR, Row, Store, split_statements


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        if "_LABEL" in v and ("_SRC" in v or "_DST" in v):
            out = {k: x for k, x in v.items() if not k.startswith("_") and x is not None}
            out["_type"] = v["_LABEL"]
            return out
        if "_LABEL" in v and "_ID" in v:
            out = {k: _plain(x) for k, x in v.items() if not k.startswith("_") and x is not None}
            out["_label"] = v["_LABEL"]
            return out
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


class LadybugStore(Store):
    kind = "ladybug"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)
            # a directory: Ladybug keeps its database file inside
            self._db = ladybug.Database(str(self.path / "graph.lbug"), read_only=read_only)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as e:  # lock held by another read-write process, corrupt file …
            raise StoreError(self.path, f"cannot open the Ladybug store: {e}") from e
        self._in_tx = False
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        for stmt in split_statements((SCHEMA_DIR / "ladybug.cypher").read_text(encoding="utf-8")):
            self._conn.execute(stmt)

    def execute(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            res = self._conn.execute(query, dict(params or {}))
        except RuntimeError as e:
            raise StoreError(self.path, f"{e} in query: {query[:200]}") from e
        if isinstance(res, list):  # several statements: keep the last result
            res = res[-1]
        cols = res.get_column_names()
        rows: list[Row] = []
        while res.has_next():
            rows.append({c: _plain(v) for c, v in zip(cols, res.get_next())})
        return rows

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        if self._in_tx:  # nested: part of the outer transaction
            yield self
            return
        self._conn.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")
        finally:
            self._in_tx = False

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
            self._conn = None
        if db is not None:
            db.close()
            self._db = None
