"""The ingest loop without Prefect, for library callers and tests: `ingest_one(store, path)`, `ingest_paths`.

There is one ingest path: the same discovery (`pipeline.flows.discover` + `pick_renditions`: one rendition
per document), the same per-document work (`pipeline.flows.process_path`: load -> extract -> validate) and the
same writer as the Prefect flow (`plangraph ingest`), run one document after another in this process. There is
no separate CLI command for it (the former `ingest-simple` gave different plans than `ingest`). A `.json` path
is read as a saved Extraction (the output of `plangraph extract --format json`, or a gold file).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from extractors.model import Extraction
from graph.store import Store
from graph.writer import file_sha256, prune, record_failure, write_extraction

DOCUMENT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def discover(paths: Iterable[str | Path], stored: Iterable[str] = ()) -> list[Path]:
    """What the Prefect flow would take from `paths` (one rendition per document), plus .json files named."""
    from pipeline.config import DISCOVER_SUFFIXES
    from pipeline.flows import discover as flow_discover, pick_renditions

    plist = [Path(p) for p in paths]
    jsons = [p.resolve() for p in plist if p.is_file() and p.suffix.lower() == ".json"]
    docs = flow_discover([p for p in plist if p.resolve() not in jsons], DISCOVER_SUFFIXES)
    kept, _skipped = pick_renditions(docs, stored)
    return sorted(set(kept) | set(jsons))


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
            from pipeline.flows import process_path
            outcome = process_path(file, sha)
            if outcome.failure is not None or outcome.extraction is None:
                f = outcome.failure
                stage = f.stage if f else "extract"
                message = f.message if f else "no extraction"
                error_type = f.error_type if f else "Unknown"
                try:
                    record_failure(store, file, stage, error_type, message)
                except Exception:
                    pass
                return {"file": file, "status": "failed", "stage": stage, "error_type": error_type,
                        "message": message}
            extraction = outcome.extraction
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
    try:
        stored = [r["file"] for r in store.run("all_plans", {}) if r.get("file")]
    except Exception:
        stored = []
    rows = [ingest_one(store, f, force=force) for f in discover(paths, stored)]
    if do_prune:
        rows += [{"file": f, "status": "pruned"} for f in prune(store)]
    try:  # lineage: requests <-> the plans that answer them, over the whole store (graph/lineage_store.py)
        from graph.lineage_store import relink
        relink(store)
    except Exception as e:
        rows.append({"file": "(lineage)", "status": "failed", "stage": "lineage", "error_type": type(e).__name__,
                     "message": str(e) or type(e).__name__})
    return rows
