"""Neo4j 5 through the official driver. Thin on purpose: the same query files run here and on Ladybug.

Constraints and indexes (`schema/neo4j.cypher`, all `IF NOT EXISTS`) are created on first use (never by a
read-only open). Server notifications (performance hints, deprecations) are switched off at the driver, so
nothing is printed on stderr. A failure to connect or to create the schema closes the driver before raising.
A dropped connection or a server-side transient error raises a StoreError whose message says "unavailable
(transient)", which the ingest flow retries (pipeline/flows.py `is_transient`); each is logged as a warning and counted in `transient_errors`.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from extractors.errors import StoreError
from graph.store import SCHEMA_DIR, Row, Store, split_statements

# the constraint schema/neo4j.cypher creates first: present once a read-write open has run on this database
SCHEMA_MARK = "plan_id"
log = logging.getLogger(__name__)


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


def is_transient(e: BaseException) -> bool:
    """A dropped connection, a server restarting, a lock timeout: the same work may succeed if run again."""
    from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

    if isinstance(e, (ServiceUnavailable, SessionExpired)):
        return True
    if isinstance(e, (Neo4jError, DriverError)):
        try:
            return bool(e.is_retryable())
        except Exception:
            return False
    return isinstance(e, (ConnectionError, TimeoutError))


class Neo4jStore(Store):
    kind = "neo4j"

    def __init__(self, uri: str, *, user: str, password: str, database: str | None = None,
                 read_only: bool = False, must_exist: bool = False) -> None:
        import neo4j

        self.uri = uri
        self.read_only = read_only
        self.transient_errors = 0
        self._driver: Any = None
        self._session: Any = None
        self._tx: Any = None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password),
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)
            self._driver.verify_connectivity()
            self._session = self._driver.session(
                database=database,
                default_access_mode=neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS)
            if read_only or must_exist:
                self._check_written()
            if not read_only:
                self.ensure_schema()
        except StoreError:
            self.close()
            raise
        except Exception as e:  # the driver raises several unrelated types for "cannot connect"
            self.close()
            why = "unavailable (transient, worth retrying)" if is_transient(e) else "failed"
            raise StoreError(uri, f"cannot connect to Neo4j ({why}): {e}") from e

    def _check_written(self) -> None:
        rows = self.execute("SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) AS n",
                            {"name": SCHEMA_MARK})
        if not rows or int(rows[0]["n"]) == 0:
            raise StoreError(self.uri, "nothing ingested into this Neo4j database yet: ingest documents first "
                                       f"(plangraph ingest PATH --store {self.uri})")

    def ensure_schema(self) -> None:
        for stmt in split_statements((SCHEMA_DIR / "neo4j.cypher").read_text(encoding="utf-8")):
            self.execute(stmt)

    def _error(self, e: Exception, query: str) -> StoreError:
        if is_transient(e):
            self.transient_errors += 1
            log.warning("%s: Neo4j unavailable (%s: %s); the ingest retries the write", self.uri,
                        type(e).__name__, str(e).splitlines()[0] if str(e) else "")
            return StoreError(self.uri, f"Neo4j unavailable (transient, worth retrying): "
                                        f"{type(e).__name__}: {e}")
        return StoreError(self.uri, f"{e} in query: {query[:200]}")

    def execute(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        runner = self._tx if self._tx is not None else self._session
        if runner is None:
            raise StoreError(self.uri, "the store is closed")
        try:
            result = runner.run(query, dict(params or {}))
            return [{k: _plain(v) for k, v in rec.items()} for rec in result]
        except Exception as e:
            raise self._error(e, query) from e

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        if self._tx is not None:
            yield self
            return
        try:
            self._tx = self._session.begin_transaction()
        except Exception as e:
            raise self._error(e, "BEGIN") from e
        try:
            yield self
        except BaseException:
            try:
                self._tx.rollback()
            except Exception:  # the connection is gone: the server rolls back on its own
                pass
            raise
        else:
            try:
                self._tx.commit()
            except Exception as e:
                raise self._error(e, "COMMIT") from e
        finally:
            try:
                self._tx.close()
            except Exception:
                pass
            self._tx = None

    def close(self) -> None:
        if self._session is not None:
            try:
                self._session.close()
            except Exception:
                pass
            self._session = None
        if self._driver is not None:
            self._driver.close()
            self._driver = None
