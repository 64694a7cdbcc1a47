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
from graph import store_safety as safety
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


_ABANDONED: list[Any] = []  # databases left open after an I/O error (see close)


def _abandon(*objs: Any) -> None:
    """Never destroy these: Ladybug's destructor checkpoints, and on a failed disk that aborts the process
    (SIGABRT, "terminate called …") even at interpreter exit. The WAL stays as the last commit left it."""
    import ctypes

    for o in objs:
        if o is not None:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(o))
            _ABANDONED.append(o)


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
            if safety.is_io_error(e):
                raise StoreError(self.path, f"cannot open the Ladybug store: {e}; run `plangraph store check "
                                            f"--store {self.path}` (and `store recover` if it says so)") from e
            raise StoreError(self.path, f"cannot open the Ladybug store: {e}") from e
        except OSError as e:  # --store naming a file, a read-only file system …
            raise StoreError(self.path, f"cannot open the Ladybug store: {e.strerror or e}") from e
        self._in_tx = False
        self.io_failed = False  # set at the first I/O error: nothing more is written, no checkpoint on close
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        for stmt in split_statements((SCHEMA_DIR / "ladybug.cypher").read_text(encoding="utf-8")):
            self._conn.execute(stmt)

    def execute(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            res = self._conn.execute(query, dict(params or {}))
        except RuntimeError as e:
            if safety.is_io_error(e):
                self.io_failed = True
                raise safety.io_error(self.path, e, "writing") from e
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
        self.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self
        except BaseException:
            try:  # after an I/O error Ladybug has already dropped the transaction
                self._conn.execute("ROLLBACK")
            except RuntimeError:
                pass
            raise
        else:
            self.execute("COMMIT")
        finally:
            self._in_tx = False

    @property
    def db_file(self) -> Path:
        return self.path / "graph.lbug"

    def ensure_space(self, write_bytes: int = 0) -> None:
        """StoreFullError unless the disk has room for this write and the checkpoint after it."""
        try:
            safety.ensure_space(self.path, self.db_file, write_bytes)
        except safety.StoreFullError:
            self.io_failed = True  # no checkpoint on close either: it would fail on the full disk
            raise

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file now; a failure is a StoreIOError naming disk space
        (Ladybug's own checkpoint on close fails silently)."""
        if self.read_only:
            return
        try:
            self._conn.execute("CHECKPOINT")
        except RuntimeError as e:
            self.io_failed = True
            raise safety.io_error(self.path, e, "checkpointing (copying the write-ahead log into the "
                                                "database file)") from e
        safety.journal_checkpointed(self.path)

    def journal(self, entry: dict[str, Any]) -> None:
        """Record a committed plan write or prune (graph/store_safety.py: what a torn WAL would lose)."""
        try:
            safety.journal_append(self.path, entry)
        except OSError as e:
            self.io_failed = True
            raise safety.io_error(self.path, e, "writing the ingest journal") from e

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if getattr(self, "io_failed", False) and db is not None:
            # closing checkpoints, and a checkpoint on a failed disk aborts the process (SIGABRT) and tears the
            # WAL: leave the database to the process exit; `plangraph store check` tells what to do next
            _abandon(conn, db)
            self._conn = self._db = None
            return
        if conn is not None:
            conn.close()
            self._conn = None
        if db is not None:
            db.close()
            self._db = None
