"""Keeping the embedded store whole on a full or failing disk.

Ladybug writes every commit to a write-ahead log (`graph.lbug.wal`) and copies it into `graph.lbug` at a
checkpoint. A write that hits a full disk leaves a torn record at the end of the WAL, and from then on the
store cannot be opened ("Checksum verification failed, the WAL file is corrupted"). So:

- before each write, `ensure_space` checks that the disk holding the store has room for the write, for
  the checkpoint that will copy the WAL into the database file, and a reserve (`PLANGRAPH_STORE_RESERVE_MB`,
  default 16); too little -> `StoreFullError`, before anything is written (`PLANGRAPH_STORE_SPACE_CHECK=0`
  turns the check off, for tests of what a full disk does without it);
- any I/O error from the store is a `StoreIOError`: the batch stops there (it is not a per-document failure);
- a journal (`ingest-journal.jsonl` beside the database) records each committed plan write and prune, and is
  cut back at each successful checkpoint: after a torn WAL is moved aside (`plangraph store recover`), the
  journal names exactly the plans the store lost, and they are re-ingested from their files.
"""
from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from extractors.errors import StoreError

JOURNAL_NAME = "ingest-journal.jsonl"
WAL_SUFFIX = ".wal"
_IO_MARKERS = ("io exception", "cannot write", "no space", "disk full", "disk quota", "read-only file system",
               "checksum verification failed", "wal file is corrupted", "checkpoint recovery is pending",
               "input/output error", "errno 28", "errno 5")


class StoreIOError(StoreError):
    """The store's disk failed under a write: stop the batch, nothing more can be trusted to land."""

    code = "E301"


class StoreFullError(StoreIOError):
    """Not enough free disk space for the store to write (and checkpoint) safely."""

    code = "E302"


def is_io_error(exc: BaseException) -> bool:
    """An error of the disk under the store (full, read-only, torn WAL), not of one document."""
    if isinstance(exc, StoreIOError):
        return True
    if isinstance(exc, OSError) and exc.errno in (28, 5, 30, 122):  # ENOSPC, EIO, EROFS, EDQUOT
        return True
    msg = str(exc).lower()
    return any(m in msg for m in _IO_MARKERS)


def reserve_bytes() -> int:
    try:
        mb = float(os.environ.get("PLANGRAPH_STORE_RESERVE_MB", "16"))
    except ValueError:
        mb = 16.0
    return max(0, int(mb * 1024 * 1024))


def free_bytes(path: Path) -> int:
    p = Path(path)
    while not p.exists() and p != p.parent:
        p = p.parent
    return shutil.disk_usage(p).free


def wal_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + WAL_SUFFIX)


def wal_bytes(db_file: Path) -> int:
    try:
        return wal_path(db_file).stat().st_size
    except OSError:
        return 0


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def ensure_space(store_dir: Path, db_file: Path, write_bytes: int = 0) -> None:
    """Raise StoreFullError unless the disk has room for this write, the checkpoint after it, and a reserve.

    A checkpoint copies the WAL's pages into the database file, so it needs about the WAL's size again;
    a write adds to the WAL about its own size (counted 4 times: pages, indexes, undo)."""
    if os.environ.get("PLANGRAPH_STORE_SPACE_CHECK", "1") == "0":  # off: tests of what a full disk does
        return
    free = free_bytes(store_dir)
    wal = wal_bytes(db_file)
    need = wal + 4 * write_bytes + reserve_bytes()
    if free < need:
        raise StoreFullError(store_dir, f"not enough free disk space for the store: {_mb(free)} free, "
                                        f"{_mb(need)} needed (write-ahead log {_mb(wal)} to checkpoint, reserve "
                                        f"{_mb(reserve_bytes())} set by PLANGRAPH_STORE_RESERVE_MB); free disk "
                                        "space and run the ingest again: nothing was lost")


def io_error(store_dir: Path, exc: BaseException, doing: str) -> StoreIOError:
    """A StoreIOError for an I/O failure while `doing` something, naming disk space and the way back."""
    detail = str(getattr(exc, "reason", None) or exc).splitlines()[0][:300]
    return StoreIOError(store_dir, f"the store's disk failed while {doing} ({detail}); check free disk space "
                                   f"({_mb(free_bytes(store_dir))} free now), then run `plangraph store check "
                                   f"--store {store_dir}` (and `store recover` if it says so)")


# ---------------------------------------------------------------- the journal

def journal_path(store_dir: Path) -> Path:
    return Path(store_dir) / JOURNAL_NAME


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def journal_append(store_dir: Path, entry: dict[str, Any]) -> None:
    """Append one line and fsync it (a lost line would hide a lost plan)."""
    line = json.dumps({**entry, "at": _now()}, ensure_ascii=False) + "\n"
    with open(journal_path(store_dir), "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def journal_checkpointed(store_dir: Path) -> None:
    """Everything so far is in the database file: cut the journal back to one checkpoint line."""
    p = journal_path(store_dir)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps({"op": "checkpoint", "at": _now()}) + "\n", encoding="utf-8")
    os.replace(tmp, p)


def journal_entries(store_dir: Path) -> list[dict[str, Any]]:
    """The journal's entries since the last checkpoint (a torn last line is dropped)."""
    try:
        lines = journal_path(store_dir).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out: list[dict[str, Any]] = []
    for ln in lines:
        try:
            e = json.loads(ln)
        except ValueError:
            continue
        if e.get("op") == "checkpoint":
            out = []
        else:
            out.append(e)
    return out


def pending_writes(store_dir: Path) -> dict[str, str]:
    """file -> sha256 of the plans written since the last checkpoint (the latest write or prune wins)."""
    latest: dict[str, str] = {}
    for e in journal_entries(store_dir):
        if e.get("op") == "write" and e.get("file"):
            latest[e["file"]] = e.get("sha256", "")
        elif e.get("op") == "prune" and e.get("file"):
            latest.pop(e["file"], None)
    return latest
