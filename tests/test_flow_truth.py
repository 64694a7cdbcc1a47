"""Issue 14 (3): Prefect runs that tell the truth, against the ephemeral API.

A document that fails is a FAILED task run; a run with failures ends in a state that says so ("Completed with
failures"; FAILED with --strict); its log lines reach the API when logging to the API is on (what
`quiet_prefect` leaves on when PREFECT_API_URL names a server); its summary is a markdown artifact; the run is
named after what it ingested.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from uuid import UUID

import pytest

from graph_seeds import SEED_001, corpus_file
from pipeline.config import IngestSettings, quiet_prefect


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_file(SEED_001), docs)  # a real plan: goes in
    (docs / "ke_hoach_cu.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")  # unsupported format
    (docs / "trong.txt").write_text("  \n\n", encoding="utf-8")  # empty
    return docs


def _runs(flow_run_id: str) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (ArtifactFilter, ArtifactFilterFlowRunId, FlowRunFilter,
                                                FlowRunFilterId, LogFilter, LogFilterFlowRunId)

    fid = UUID(flow_run_id)
    with get_client(sync_client=True) as c:
        run = c.read_flow_run(fid)
        tasks = c.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[fid])))
        arts = c.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[fid])))
        logs = c.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[fid])))
    return {"run": run, "tasks": tasks, "artifacts": arts, "logs": logs}


def test_failed_documents_are_failed_task_runs_with_logs_artifact_and_a_named_run(tmp_path: Path) -> None:
    from prefect.logging.handlers import APILogHandler
    from prefect.settings import PREFECT_LOGGING_TO_API_ENABLED, temporary_settings

    from pipeline.flow_report import ARTIFACT_KEY, STATE_WITH_FAILURES
    from pipeline.flows import run_ingest

    docs = _docs(tmp_path)
    with temporary_settings(updates={PREFECT_LOGGING_TO_API_ENABLED: True}):
        summary = run_ingest([docs], IngestSettings(store=str(tmp_path / "g"), workers=1))
        APILogHandler().flush()
    assert (summary.new, summary.failed) == (1, 2)
    assert summary.flow_run_id
    got = _runs(summary.flow_run_id)
    run = got["run"]
    assert run.name == "ingest docs"
    assert run.state.type.value == "COMPLETED" and run.state.name == STATE_WITH_FAILURES
    assert "2 of 3 documents failed" in (run.state.message or "")
    states = {t.name.rsplit("/", 1)[-1]: t.state.type.value for t in got["tasks"] if t.name.startswith("process ")}
    assert states == {f"{SEED_001}.txt": "COMPLETED", "ke_hoach_cu.doc": "FAILED", "trong.txt": "FAILED"}
    arts = [a for a in got["artifacts"] if a.key == ARTIFACT_KEY]
    assert len(arts) == 1 and arts[0].type == "markdown"
    assert "ke_hoach_cu.doc" in arts[0].data and "| failed | 2 |" in arts[0].data
    messages = "\n".join(x.message for x in got["logs"])
    assert "ke_hoach_cu.doc" in messages and "ingest summary" in messages


def test_strict_fails_the_flow_run_and_the_summary_still_comes_back(tmp_path: Path) -> None:
    from pipeline.flows import run_ingest

    summary = run_ingest([_docs(tmp_path)], IngestSettings(store=str(tmp_path / "g"), workers=1, strict=True))
    assert summary.failed == 2 and summary.state == "Failed"
    run = _runs(summary.flow_run_id)["run"]
    assert run.state.type.value == "FAILED"


def test_a_clean_run_is_plainly_completed(tmp_path: Path) -> None:
    from pipeline.flows import run_ingest

    docs = tmp_path / "ok"
    docs.mkdir()
    shutil.copy(corpus_file(SEED_001), docs)
    summary = run_ingest([docs], IngestSettings(store=str(tmp_path / "g"), workers=1))
    run = _runs(summary.flow_run_id)["run"]
    assert summary.failed == 0 and run.state.name == "Completed"


def test_logging_to_the_api_stays_on_when_a_server_is_named() -> None:
    env = {"PREFECT_API_URL": "http://127.0.0.1:4200/api"}
    quiet_prefect(env)
    assert "PREFECT_LOGGING_TO_API_ENABLED" not in env
    assert env["PREFECT_LOGGING_LEVEL"] == "WARNING"
    local: dict[str, str] = {}
    quiet_prefect(local)
    assert local["PREFECT_LOGGING_TO_API_ENABLED"] == "false"


def test_run_names_say_what_was_ingested() -> None:
    from pipeline.flow_report import run_name

    assert run_name(["/data/corpus"]) == "ingest corpus"
    assert run_name(["a.docx", "b.pdf", "c.txt", "d.md"]) == "ingest a.docx, b.pdf +2"


@pytest.mark.parametrize("failed, strict, state", [(0, False, "Completed"), (1, False, "Completed with failures"),
                                                   (1, True, "Failed")])
def test_markdown_summary_lists_failures(failed: int, strict: bool, state: str) -> None:
    from pipeline.flow_report import markdown_summary
    from pipeline.flows import Failure, IngestSummary

    s = IngestSummary(files=2, new=2 - failed, failed=failed, failures=[
        Failure(file="/x/a|b.doc", stage="load", error_type="UnsupportedFormatError", code="E101",
                message="save as .docx")] * failed)
    md = markdown_summary(s)
    assert f"| failed | {failed} |" in md
    assert ("a\\|b.doc" in md) == bool(failed)
