"""Typed options shared by the commands: click/typer validate them, so a bad value is one line naming
the option and the allowed form (exit 2) before any work starts.

- `Fmt` / `IngestFmt`: `--format` choices;
- `store_option()`: `--store`, defaulting to $PLANGRAPH_STORE, else ./.plangraph;
- `date_option()`: an ISO date (`%Y-%m-%d`, calendar-checked: 2026-02-30 is refused); `iso()` turns the
  parsed value back into the string the queries compare;
- `Role`, `Runner`: enumerations of `--role` and `--runner`.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Optional

import typer

from pipeline.defaults import DEFAULT_STORE

STORE_ENV = "PLANGRAPH_STORE"
STORE_HELP = "a directory (embedded Ladybug store) or neo4j://host:7687 / bolt://… [env PLANGRAPH_STORE]"
DATE_FORMATS = ["%Y-%m-%d"]


class Fmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class IngestFmt(str, Enum):
    table = "table"
    json = "json"


class DocFmt(str, Enum):
    json = "json"
    table = "table"


class Role(str, Enum):
    lead = "lead"
    support = "support"


class Runner(str, Enum):
    threads = "threads"
    dask = "dask"


def format_option(default: Enum = Fmt.table, help: str = "table | json | csv") -> Any:
    return typer.Option(default, "--format", help=help, case_sensitive=False)


def store_option() -> Any:
    return typer.Option(DEFAULT_STORE, "--store", envvar=STORE_ENV, help=STORE_HELP, show_envvar=False)


def date_option(flag: str, help: str) -> Any:
    return typer.Option(None, flag, formats=DATE_FORMATS, help=f"{help} (YYYY-MM-DD)")


def iso(value: Optional[datetime]) -> Optional[str]:
    """The date of a `date_option` value as YYYY-MM-DD (None stays None)."""
    return value.date().isoformat() if value is not None else None


def val(value: Any) -> Any:
    """The plain value of an enum option (None stays None)."""
    return value.value if isinstance(value, Enum) else value
