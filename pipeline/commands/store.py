"""`plangraph store check` and `plangraph store recover`: is the embedded store whole, and the way back when
a full disk tore its write-ahead log (graph/store_safety.py).

- `check`: opens the store read-only; a torn WAL is named with the command that recovers it; a store that
  opens is checked (graph/integrity.py: orphans, tasks without plans, plans stored twice …) and its derived
  data's marker compared with its plans. Exit 0 when whole, 1 when something is wrong.
- `recover`: a store that opens is checkpointed (nothing lost). A store whose WAL is torn: the WAL is moved
  aside (`graph.lbug.wal.torn-<time>`, kept for forensics), the store opened at its last checkpoint, the plans
  written since then that it lost are listed (from the ingest journal) and re-ingested from their files.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import typer

from pipeline.cli import app
from pipeline.defaults import DEFAULT_STORE

store_app = typer.Typer(no_args_is_help=True, help="Check the graph store; recover it after a full disk.")
app.add_typer(store_app, name="store")


def _say(fmt: str, obj: dict[str, Any], lines: list[str]) -> None:
    if fmt == "json":
        typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))
    else:
        for ln in lines:
            typer.echo(ln)


def _embedded(uri: str) -> Path | None:
    if "://" in uri:
        return None
    return Path(uri[len("ladybug:"):] if uri.startswith("ladybug:") else uri)


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


@store_app.command("check")
def check(store: str = typer.Option(DEFAULT_STORE, "--store", help="a directory (embedded) or neo4j://…"),
          format: str = typer.Option("table", "--format", help="table | json")) -> None:
    """Verify the store: it opens, its write-ahead log is whole, its nodes hang together."""
    from extractors.errors import PlangraphError
    from graph import derived, store_safety
    from graph.integrity import check_graph
    from graph.store import open_store

    path = _embedded(store)
    info: dict[str, Any] = {"store": store, "ok": True, "problems": []}
    lines: list[str] = []
    if path is not None:
        if not (path / "graph.lbug").exists():
            typer.echo(f"error: {path}: no graph store here (nothing has been ingested into it)", err=True)
            raise typer.Exit(2)
        db = path / "graph.lbug"
        info |= {"wal_bytes": store_safety.wal_bytes(db), "free_bytes": store_safety.free_bytes(path),
                 "pending_writes": len(store_safety.pending_writes(path))}
        lines.append(f"store {path}: write-ahead log {_mb(info['wal_bytes'])}, {_mb(info['free_bytes'])} free on "
                     f"its disk, {info['pending_writes']} plan write(s) since the last checkpoint")
    try:
        st = open_store(store, read_only=True)
    except PlangraphError as e:
        info["ok"] = False
        pending_ckpt = "checkpoint recovery is pending" in e.reason.lower()
        torn = path is not None and store_safety.is_io_error(e) and not pending_ckpt
        info["problems"].append({"check": "open", "message": e.reason, "torn_wal": torn,
                                 "checkpoint_pending": pending_ckpt})
        lines.append(f"PROBLEM: the store does not open: {e.reason.splitlines()[0][:300]}")
        if pending_ckpt:
            lines.append(f"  -> a checkpoint was cut short (full disk?): with free space, run `plangraph store "
                         f"recover --store {store}`; it completes the checkpoint, nothing is lost")
        elif torn:
            lines.append(f"  -> run `plangraph store recover --store {store}`: it moves the write-ahead log aside "
                         "and re-ingests the plans written since the last checkpoint from their files")
        _say(format, info, lines)
        raise typer.Exit(1)
    with st:
        results = check_graph(st)
        current = derived.is_current(st, analysis=False)
        plans = st.execute("MATCH (p:Plan) RETURN count(p) AS n")[0]["n"]
    info["plans"] = int(plans)
    lines.append(f"opens: yes, {plans} plan(s)")
    for r in results:
        info.setdefault("checks", []).append(r.model_dump())
        informational = r.name == "plans whose file is gone"
        if r.count and not informational:
            info["ok"] = False
            info["problems"].append({"check": r.name, "count": r.count, "examples": r.examples})
        mark = "ok" if not r.count else ("note" if informational else "PROBLEM")
        lines.append(f"{mark}: {r.name}: {r.count}" + (f" (e.g. {', '.join(r.examples[:3])})" if r.count else ""))
    info["derived_current"] = current
    lines.append(("ok" if current else "note") + ": derived data (DUPLICATES, PRODUCES, MAY_PRODUCE) "
                 + ("computed over the current plans" if current else
                    "older than the plans: the next `plangraph ingest` recomputes it"))
    _say(format, info, lines)
    if not info["ok"]:
        raise typer.Exit(1)


@store_app.command("recover")
def recover(store: str = typer.Option(DEFAULT_STORE, "--store", help="a directory (the embedded store)"),
            reingest: bool = typer.Option(True, "--reingest/--no-reingest",
                                          help="re-ingest the lost plans from their files"),
            format: str = typer.Option("table", "--format", help="table | json")) -> None:
    """Bring a store whose write-ahead log a full disk tore back: say which plans it loses, re-ingest them."""
    from extractors.errors import PlangraphError
    from graph import store_safety
    from graph.store import open_store
    from graph.writer import file_sha256

    path = _embedded(store)
    if path is None or not (path / "graph.lbug").exists():
        typer.echo(f"error: {store}: not an embedded graph store (recover works on a --store directory)", err=True)
        raise typer.Exit(2)
    info: dict[str, Any] = {"store": str(path), "wal_moved_to": None, "lost": [], "reingested": [],
                            "not_reingested": []}
    lines: list[str] = []
    try:
        st = open_store(path)
    except PlangraphError as e:
        if not store_safety.is_io_error(e):
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(1)
        st = None
    if st is not None:
        with st:
            st.checkpoint()  # type: ignore[attr-defined]
        _say(format, info, [f"store {path} opens and is checkpointed: nothing to recover, nothing lost"])
        return
    wal = store_safety.wal_path(path / "graph.lbug")
    aside = wal.with_name(f"{wal.name}.torn-{time.strftime('%Y%m%dT%H%M%S')}")
    pending = store_safety.pending_writes(path)
    wal.rename(aside)
    info["wal_moved_to"] = str(aside)
    lines.append(f"moved the torn write-ahead log aside: {aside}")
    try:
        with open_store(path) as st:
            held = {r["file"]: r["sha256"] for r in st.run("all_plans")}
            st.checkpoint()  # type: ignore[attr-defined]
    except PlangraphError as e:
        typer.echo(f"error: the store does not open even without its write-ahead log: {e.reason}", err=True)
        raise typer.Exit(1)
    lost = sorted(f for f, sha in pending.items() if held.get(f) != sha)
    info["lost"] = lost
    lines.append(f"the store is back at its last checkpoint: {len(held)} plan(s); {len(lost)} plan(s) written "
                 "after it are lost" + (":" if lost else ""))
    lines += [f"  lost: {f}" for f in lost]
    todo: list[str] = []
    for f in lost:
        p = Path(f)
        try:
            same = file_sha256(p) == pending[f]
        except OSError:
            info["not_reingested"].append({"file": f, "reason": "file gone"})
            lines.append(f"  cannot re-ingest {f}: the file is gone")
            continue
        todo.append(f)
        if not same:
            lines.append(f"  note: {f} changed since it was written; its current version is ingested")
    if todo and reingest:
        from pipeline.flows import run_ingest

        summary = run_ingest(todo, {"store": str(path)})
        info["reingested"] = todo
        info["reingest_summary"] = {"new": summary.new, "changed": summary.changed, "failed": summary.failed}
        lines.append(f"re-ingested {len(todo)} file(s): new {summary.new}, changed {summary.changed}, "
                     f"failed {summary.failed}")
    elif todo:
        info["not_reingested"] += [{"file": f, "reason": "--no-reingest"} for f in todo]
        lines.append(f"re-ingest them with: plangraph ingest {' '.join(todo)} --store {path}")
    _say(format, info, lines)


