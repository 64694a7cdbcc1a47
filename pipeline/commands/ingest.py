"""Simple sequential ingest (no Prefect): `ingest_one(store, path)` per document, and `plangraph ingest-simple`.

`plangraph ingest` (pipeline/commands/run.py) is the Prefect flow; this is the plain loop it can wrap and a
fallback for debugging one document. A `.json` path is read as a saved Extraction (the output of
`plangraph extract --format json`, or a gold file); any other path goes through the extractors.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Optional

import typer

from extractors.model import Extraction
from graph.store import Store
from graph.writer import file_sha256, prune, record_failure, write_extraction
from pipeline.cli import app
from pipeline.output import emit

DOCUMENT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and documents under folders named (sorted, each once)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += [f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES]
        else:
            out.append(p)
    seen: set[Path] = set()
    return [f for f in out if not (f.resolve() in seen or seen.add(f.resolve()))]


def ingest_one(store: Store, path: str | Path, *, force: bool = False) -> dict[str, Any]:
    """Load, extract and write one document. Never raises for a bad document: a failure becomes a
    quarantine record in the store's ingest log and a row with status "failed"."""
    p = Path(path)
    file = str(p.resolve())
    stage = "load"
    try:
        sha = file_sha256(p)
        if not force and p.suffix.lower() != ".json":
            stored = store.run("plan_by_file", {"file": file})
            if len(stored) == 1 and stored[0]["sha256"] == sha:
                return {"file": file, "status": "unchanged", "plan_id": stored[0]["id"], "nodes": 0,
                        "relationships": 0}
        stage = "extract"
        if p.suffix.lower() == ".json":
            extraction = Extraction.model_validate_json(p.read_text(encoding="utf-8"))
        else:
            from extractors.extract import extract_file
            extraction = extract_file(p)
        stage = "write"
        res = write_extraction(store, extraction, file=file, sha256=sha)
    except Exception as e:  # one bad document must not stop the batch
        message = str(e) or type(e).__name__
        try:
            record_failure(store, file, stage, type(e).__name__, message)
        except Exception:
            pass
        return {"file": file, "status": "failed", "stage": stage, "error_type": type(e).__name__,
                "message": message}
    return {"file": file, "status": res.status, "plan_id": res.plan_id,
            "nodes": res.counts.get("nodes", 0), "relationships": res.counts.get("relationships", 0)}


def ingest_paths(store: Store, paths: Iterable[str | Path], *, do_prune: bool = False,
                 force: bool = False) -> list[dict[str, Any]]:
    rows = [ingest_one(store, f, force=force) for f in discover(paths)]
    if do_prune:
        rows += [{"file": f, "status": "pruned"} for f in prune(store)]
    try:  # lineage: requests <-> the plans that answer them, over the whole store (graph/lineage_store.py)
        from graph.lineage_store import relink
        relink(store)
    except Exception as e:
        rows.append({"file": "(lineage)", "status": "failed", "stage": "lineage", "error_type": type(e).__name__,
                     "message": str(e) or type(e).__name__})
    return rows


@app.command("ingest-simple")
def ingest_simple(paths: list[Path] = typer.Argument(..., help="files and folders (.txt .md .docx .pdf, or "
                                                                "saved extraction .json files)"),
                  store: str = typer.Option("./.plangraph", "--store", help="a directory or neo4j://…"),
                  do_prune: bool = typer.Option(False, "--prune", help="remove plans whose files are gone"),
                  force: bool = typer.Option(False, "--force", help="re-extract unchanged files"),
                  format: str = typer.Option("table", "--format", help="table | json | csv")) -> None:
    """Ingest documents one after another, without Prefect (for debugging; `ingest` is the flow)."""
    from graph.store import open_store

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    with open_store(store) as s:
        rows = ingest_paths(s, paths, do_prune=do_prune, force=force)
        counts = s.counts()
    emit(rows, format, columns=["file", "status", "nodes", "relationships", "stage", "message"],
         title=f"ingest: {counts['nodes']} nodes, {counts['relationships']} relationships in the store")
