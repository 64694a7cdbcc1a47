"""One validated settings object for ingestion runs (accepted as a dict or an instance).

`IngestSettings` says where the graph lives, how documents are processed (runner, workers, Dask
scheduler address) and how strict the run is. `quiet_prefect()` sets the environment that keeps
Prefect's own log lines out of the CLI's normal output; it must run before `prefect` is imported.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Runner = Literal["threads", "dask"]

from pipeline.defaults import DEFAULT_STORE, DISCOVER_SUFFIXES  # noqa: F401  (re-exported)

# Prefect settings that keep its logs, telemetry and UI out of a CLI run (see TOOLCHAIN.md "Prefect 3")
PREFECT_QUIET_ENV: dict[str, str] = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_INTERNAL_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    # the ephemeral server's start-up (SQLite migration) can pass the default 20 s on a busy 2-core machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


# with a Prefect server (PREFECT_API_URL set) the run's log lines go to its API: not silenced there
API_KEEPS = ("PREFECT_LOGGING_TO_API_ENABLED",)


def quiet_prefect(env: dict[str, str] | None = None) -> None:
    """Set the quiet Prefect variables unless the user set them already (call before importing prefect).

    When PREFECT_API_URL names a server, logging to the API stays on: the flow's log lines (each failed
    document, the summary) reach the server with the run."""
    target = os.environ if env is None else env
    server = bool(target.get("PREFECT_API_URL", "").strip())
    for k, v in PREFECT_QUIET_ENV.items():
        if server and k in API_KEEPS:
            continue
        target.setdefault(k, v)


class IngestSettings(BaseModel):
    """How one ingest run behaves. Every field has a default; build from a dict or keyword arguments."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    store: str = Field(DEFAULT_STORE, description="store URI: a directory (embedded Ladybug) or neo4j://…")
    runner: Runner = "threads"
    workers: int = Field(2, ge=1, le=256, description="threads, or Dask worker processes")
    dask_address: str | None = Field(None, description="scheduler address; None starts a LocalCluster")
    prune: bool = False
    strict: bool = False
    analysis: bool = True
    progress: bool = True  # shown only when stderr is a terminal
    cache: bool = True  # Prefect result cache keyed by document content hash
    write_retries: int = Field(3, ge=0, le=20)
    write_retry_delay: float = Field(0.5, ge=0.0, le=60.0)
    suffixes: tuple[str, ...] = DISCOVER_SUFFIXES
    all_renditions: bool = False  # False: one file per document when a folder holds it in several formats

    @field_validator("store")
    @classmethod
    def _store_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("store URI is empty")
        return v.strip()

    @field_validator("suffixes")
    @classmethod
    def _suffixes_dotted(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(s.lower() if s.startswith(".") else "." + s.lower() for s in v)

    @classmethod
    def coerce(cls, value: "IngestSettings | dict[str, Any] | None") -> "IngestSettings":
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        return cls.model_validate(value)

    def is_embedded(self) -> bool:
        return "://" not in self.store

    def store_path(self) -> Path | None:
        return Path(self.store) if self.is_embedded() else None
