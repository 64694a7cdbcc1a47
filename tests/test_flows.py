"""The ingest flow: discovery, the per-document task body (through `.fn`), validation, settings, caching,
incremental re-runs and runner parity. Integration tests run the real flow (ephemeral Prefect) on the seed
corpus into an embedded store in a temporary directory."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractors.model import DocumentHeader, Extraction, Reference, Task
from pipeline.config import IngestSettings
from pipeline.flows import (IngestSummary, ValidationFailed, _doc_cache_key, discover, file_sha256, is_transient,
                            process_document, validate_extraction)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))


def _seed_lines(n: int = 40) -> list[str]:
    """Real lines of seed text (task-like bullets) to build extractions from."""
    out: list[str] = []
    for s in SEEDS:
        for line in s.read_text(encoding="utf-8").splitlines():
            if line.startswith("- ") and len(line) > 40:
                out.append(line[2:])
    return out[:n]


def _pipeline_ready() -> None:
    """Skip integration tests until the loaders, extractors and graph writer are all in the tree."""
    for mod in ("extractors.load.text", "extractors.header", "extractors.references", "extractors.tasks_table",
                "extractors.tasks_body", "extractors.indicators", "graph.writer", "graph.store"):
        pytest.importorskip(mod)


# ---------------------------------------------------------------- discovery

def test_discover_folders_by_suffix_skips_hidden_and_keeps_named_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / ".plangraph").mkdir()
    shutil.copy(SEEDS[0], tmp_path / "a" / "plan.txt")
    (tmp_path / "a" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not a docx")
    (tmp_path / "a" / "notes.csv").write_text("x,y\n", encoding="utf-8")
    (tmp_path / ".plangraph" / "hidden.txt").write_text("x", encoding="utf-8")
    named = tmp_path / "scan.jpeg"
    named.write_bytes(b"\xff\xd8\xff")
    found = discover([tmp_path / "a", named, tmp_path / "a" / "plan.txt"], IngestSettings().suffixes)
    assert [p.name for p in found] == ["old.doc", "plan.txt", "scan.jpeg"]  # sorted, de-duplicated
    assert all(p.is_absolute() for p in found)
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "missing"], IngestSettings().suffixes)


# ---------------------------------------------------------------- the task body, through .fn

def test_task_body_quarantines_a_doc_file_with_the_reason(tmp_path: Path) -> None:
    doc = tmp_path / "ke_hoach.doc"
    doc.write_bytes(SEEDS[0].read_bytes())
    out = process_document.fn(str(doc), file_sha256(doc))
    assert out.extraction is None and out.failure is not None
    assert (out.failure.stage, out.failure.error_type, out.failure.code) == ("load", "UnsupportedFormatError",
                                                                             "E101")
    assert ".docx" in out.failure.message


def test_task_body_quarantines_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    out = process_document.fn(str(empty), file_sha256(empty))
    assert out.failure is not None
    assert (out.failure.stage, out.failure.error_type) == ("load", "EmptyDocumentError")


# ---------------------------------------------------------------- validation

def _extraction(tasks: list[Task], **header: object) -> Extraction:
    return Extraction(document=DocumentHeader(**header), tasks=tasks, source="x.txt")


def test_validate_rejects_duplicate_task_ids() -> None:
    lines = _seed_lines(3)
    ex = _extraction([Task(id="1", source="body", text=lines[0]), Task(id="1", source="body", text=lines[1]),
                      Task(id="2", source="body", text=lines[2])], doc_type="Kế hoạch")
    with pytest.raises(ValidationFailed, match="duplicate task ids: 1"):
        validate_extraction(ex, "x.txt")


def test_validate_rejects_a_document_with_nothing_of_a_plan() -> None:
    with pytest.raises(ValidationFailed, match="not a plan document"):
        validate_extraction(_extraction([]), "x.txt")


def test_validate_rejects_models_built_without_validation() -> None:
    bad = Task.model_construct(id="1", source="annex", text=_seed_lines(1)[0])  # source outside the contract
    ex = Extraction.model_construct(document=DocumentHeader(doc_type="Kế hoạch"), tasks=[bad], references=[],
                                    chains=[], indicators=[], warnings=[])
    with pytest.raises(ValidationFailed, match="breaks the contract"):
        validate_extraction(ex, "x.txt")


def test_validate_accepts_a_plan_with_references_only() -> None:
    ex = Extraction(document=DocumentHeader(), references=[Reference(key="57-NQ/TW", relation="implements")])
    assert validate_extraction(ex, "x.txt").references[0].key == "57-NQ/TW"


# ---------------------------------------------------------------- cache key, retries, settings

def test_cache_key_follows_content_and_path() -> None:
    k = _doc_cache_key(None, {"file": "/c/a.txt", "sha256": "1" * 64})
    assert k == _doc_cache_key(None, {"file": "/c/a.txt", "sha256": "1" * 64})
    assert k != _doc_cache_key(None, {"file": "/c/a.txt", "sha256": "2" * 64})
    assert k != _doc_cache_key(None, {"file": "/c/b.txt", "sha256": "1" * 64})


@pytest.mark.parametrize("exc,expected", [
    (RuntimeError("IO exception: Could not set lock on file : /x/.plangraph/db"), True),
    (TimeoutError("read timed out"), True),
    (ConnectionResetError(104, "Connection reset by peer"), True),
    (type("TransientError", (Exception,), {})("deadlock detected"), True),
    (RuntimeError("Binder exception: Table Plan does not exist."), False),
    (ValueError("bad date '2025-13-01'"), False),
])
def test_only_transient_store_errors_are_retried(exc: BaseException, expected: bool) -> None:
    assert is_transient(exc) is expected


def test_settings_validate_and_coerce() -> None:
    s = IngestSettings.coerce({"store": " /tmp/g ", "runner": "dask", "workers": 3, "suffixes": ["PDF", ".txt"]})
    assert (s.store, s.runner, s.workers, s.suffixes) == ("/tmp/g", "dask", 3, (".pdf", ".txt"))
    assert IngestSettings.coerce(s) is s and IngestSettings.coerce(None) == IngestSettings()
    assert IngestSettings(store="neo4j://db:7687").is_embedded() is False
    for bad in ({"runner": "ray"}, {"workers": 0}, {"store": "  "}, {"wokers": 2}):
        with pytest.raises(ValidationError):
            IngestSettings.coerce(bad)


def test_summary_rows_list_every_figure() -> None:
    s = IngestSummary(files=5, new=3, changed=1, unchanged=1, failed=0, tasks=120, elapsed=1.234,
                      graph={"nodes": 10, "relationships": 20})
    rows = {r["figure"]: r["value"] for r in s.rows()}
    assert rows["new"] == 3 and rows["tasks"] == 120 and rows["elapsed_s"] == "1.23"
    assert rows["graph_nodes"] == 10 and rows["graph_relationships"] == 20


# ---------------------------------------------------------------- the real flow (ephemeral Prefect)

def test_ingest_is_incremental(tmp_path: Path) -> None:
    _pipeline_ready()
    from pipeline.flows import run_ingest
    from pipeline.progress import CountingProgress

    docs = tmp_path / "docs"
    docs.mkdir()
    for s in SEEDS[:3]:
        shutil.copy(s, docs / s.name)
    store = str(tmp_path / "g")
    sink = CountingProgress()
    first = run_ingest([docs], {"store": store}, sink=sink)
    assert (first.files, first.new, first.failed) == (3, 3, 0), first.failures
    assert first.tasks > 0 and first.graph["nodes"] > 0
    assert sink.total == 3 and len(sink.events) == 3 and sink.stopped

    second = run_ingest([docs], {"store": store})
    assert (second.new, second.changed, second.unchanged, second.tasks) == (0, 0, 3, 0)
    assert second.graph == first.graph
    assert second.skipped_flow and not first.skipped_flow  # nothing to do: Prefect was not even started

    changed = docs / SEEDS[0].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("Hải Phòng", "Hưng Yên", 1), encoding="utf-8")
    shutil.copy(SEEDS[3], docs / SEEDS[3].name)
    third = run_ingest([docs], {"store": store})
    assert (third.new, third.changed, third.unchanged) == (1, 1, 2)

    (docs / SEEDS[3].name).unlink()
    fourth = run_ingest([docs], {"store": store, "prune": True})
    assert fourth.pruned == 1 and fourth.unchanged == 3


@pytest.mark.dask
def test_threads_and_dask_give_the_same_graph(tmp_path: Path) -> None:
    _pipeline_ready()
    pytest.importorskip("prefect_dask")
    from pipeline.flows import run_ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, docs / s.name)
    a = run_ingest([docs], {"store": str(tmp_path / "threads"), "runner": "threads"})
    b = run_ingest([docs], {"store": str(tmp_path / "dask"), "runner": "dask", "workers": 1})
    assert (a.new, b.new, a.failed, b.failed) == (2, 2, 0, 0)
    assert a.graph == b.graph and a.graph["nodes"] > 0
    assert (a.tasks, a.indicators, a.references) == (b.tasks, b.indicators, b.references)


def test_watch_reingests_when_a_plan_arrives(tmp_path: Path) -> None:
    _pipeline_ready()
    from pipeline.commands.run import watch_loop

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS[0], inbox / SEEDS[0].name)
    summaries = []
    sleeps: list[float] = []

    def arrive(seconds: float) -> None:  # between checks: nothing the first time, then a new plan arrives
        sleeps.append(seconds)
        if len(sleeps) == 2:
            shutil.copy(SEEDS[1], inbox / SEEDS[1].name)

    runs = watch_loop(inbox, IngestSettings(store=str(tmp_path / "g"), progress=False), 0.01,
                      summaries.append, max_runs=2, sleep=arrive)
    assert runs == 2 and len(sleeps) == 2  # the unchanged check in between did not re-run the ingest
    assert (summaries[0].new, summaries[1].new, summaries[1].unchanged) == (1, 1, 1)


def test_demo_prints_summary_and_the_implementers_of_45_nq_tw(tmp_path: Path) -> None:
    _pipeline_ready()
    from typer.testing import CliRunner

    from pipeline.cli import _load_commands, app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # 001 implements 45-NQ/TW directly; 003 implements a Thành ủy programme that implements it
    for s in (SEEDS[1], SEEDS[3]):
        shutil.copy(s, corpus / s.name)
    _load_commands()
    res = CliRunner().invoke(app, ["demo", str(corpus), "--store", str(tmp_path / "g"), "--format", "json"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    out = __import__("json").loads(res.stdout)
    assert out["summary"]["new"] == 2 and out["example"]["error"] is None
    hops = {row["plan"]: row["hops"] for row in out["example"]["answer"]}
    assert hops == {SEEDS[1].name: 1, SEEDS[3].name: 2}


def test_deployment_carries_absolute_paths_store_and_schedule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.commands.run import build_deployment

    monkeypatch.chdir(tmp_path)
    d = build_deployment([Path("inbox")], IngestSettings(store="graphdir", runner="threads", workers=3), cron="0 2 * * *")
    assert d.entrypoint.endswith("pipeline/flows.py:ingest")
    assert d.parameters["paths"] == [str(tmp_path / "inbox")]
    assert d.parameters["settings"]["store"] == str(tmp_path / "graphdir")
    assert d.parameters["settings"]["workers"] == 3
    assert d.schedules[0].schedule.cron == "0 2 * * *"


def test_prune_keeps_plans_of_other_folders(tmp_path: Path) -> None:
    _pipeline_ready()
    from pipeline.flows import run_ingest

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(SEEDS[3], a / SEEDS[3].name)
    shutil.copy(SEEDS[2], b / SEEDS[2].name)
    store = str(tmp_path / "g")
    first = run_ingest([a, b], {"store": store})
    only_a = run_ingest([a], {"store": store, "prune": True})
    assert (only_a.pruned, only_a.unchanged) == (0, 1)  # b's plan stays: its file is still there
    assert only_a.graph == first.graph
    (b / SEEDS[2].name).unlink()
    after = run_ingest([a], {"store": store, "prune": True})
    assert after.pruned == 1 and after.graph["nodes"] < first.graph["nodes"]


def test_a_fresh_store_reuses_cached_extractions(tmp_path: Path) -> None:
    _pipeline_ready()
    from pipeline.flows import run_ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS[4], docs / SEEDS[4].name)
    first = run_ingest([docs], {"store": str(tmp_path / "g1")})
    cached = run_ingest([docs], {"store": str(tmp_path / "g2")})
    # a cached outcome carries the timing of the run that computed it; a re-extraction would not match
    assert cached.new == 1 and cached.by_format == first.by_format and first.by_format["txt"]["seconds"] > 0
    fresh = run_ingest([docs], {"store": str(tmp_path / "g3"), "cache": False})
    assert fresh.by_format["txt"]["seconds"] != first.by_format["txt"]["seconds"]
    assert fresh.graph == first.graph == cached.graph
