"""Fault tolerance of `plangraph ingest`: bad documents are quarantined and the batch goes on; `--strict`
turns any failure into exit 1; an ingest killed with SIGKILL and run again converges to the graph of one
clean run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from click.testing import Result

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
PLANGRAPH = Path(sys.executable).parent / "plangraph"


def _pipeline_ready() -> None:
    for mod in ("extractors.load.text", "extractors.load.pdf", "extractors.header", "extractors.references",
                "extractors.tasks_table", "extractors.tasks_body", "extractors.indicators", "graph.writer"):
        pytest.importorskip(mod)


def corrupt_pdf(path: Path) -> Path:
    """A PDF header followed by the middle of a seed's text: no xref, no objects."""
    path.write_bytes(b"%PDF-1.7\n" + SEEDS[0].read_bytes()[2000:6000])
    return path


def image_only_pdf(path: Path) -> Path:
    """A scanned-looking page: one raster image and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for y in range(60, 760, 24):  # lines of "print" as grey bars, the way a scan looks without OCR
        draw.rectangle((50, y, 550 - (y * 7) % 180, y + 10), fill=60)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(img), 30, 30, width=A4[0] - 60, height=A4[1] - 60)
    c.showPage()
    c.save()
    return path


def bad_batch(folder: Path) -> dict[str, Path]:
    """The seed corpus plus the four documents the loaders must refuse."""
    folder.mkdir(parents=True, exist_ok=True)
    for s in SEEDS:
        shutil.copy(s, folder / s.name)
    bad = {
        "corrupt": corrupt_pdf(folder / "hong.pdf"),
        "empty": folder / "rong.txt",
        "scan": image_only_pdf(folder / "ban_scan.pdf"),
        "doc": folder / "ke_hoach_cu.doc",
    }
    bad["empty"].write_bytes(b"")
    bad["doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + SEEDS[1].read_bytes()[:4000])
    return bad


def _cli_inprocess(args: list[str]) -> "Result":
    """`plangraph ARGS` in this process (Prefect's ephemeral server is started once per test session)."""
    from typer.testing import CliRunner

    from pipeline.cli import _load_commands, app

    _load_commands()
    return CliRunner().invoke(app, args, catch_exceptions=False)


def test_bad_documents_are_quarantined_and_the_batch_goes_on(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _pipeline_ready()
    monkeypatch.chdir(tmp_path)
    bad = bad_batch(tmp_path / "docs")
    store = tmp_path / "g"
    run = _cli_inprocess(["ingest", "docs", "--store", str(store), "--format", "json"])
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    assert (summary["files"], summary["new"], summary["failed"]) == (len(SEEDS) + 4, len(SEEDS), 4)
    by_file = {Path(f["file"]).name: f for f in summary["failures"]}
    assert set(by_file) == {p.name for p in bad.values()}
    assert by_file["ke_hoach_cu.doc"]["error_type"] == "UnsupportedFormatError"
    assert by_file["rong.txt"]["error_type"] == "EmptyDocumentError"
    assert by_file["hong.pdf"]["error_type"] == "CorruptDocumentError"
    assert by_file["ban_scan.pdf"]["error_type"] == "NoTextLayerError"
    assert all(f["stage"] == "load" and f["message"] for f in summary["failures"])
    assert summary["tasks"] > 0 and summary["references"] > 0

    # the quarantine records are in the store's ingest log too
    from graph.store import open_store
    with open_store(store, read_only=True) as st:
        logged = {Path(r["file"]).name for r in _failure_log(st)}
    assert {p.name for p in bad.values()} <= logged

    # --strict: the same batch (now incremental: good documents unchanged) exits 1; the table lists reasons
    capfd.readouterr()
    strict = _cli_inprocess(["ingest", "docs", "--store", str(store), "--strict"])
    assert strict.exit_code == 1, strict.output
    assert "NoTextLayerError" in strict.stdout and "docs/ke_hoach_cu.doc" in strict.stdout
    assert "unchanged" in strict.stdout
    leaked = capfd.readouterr()
    assert "INFO" not in leaked.err and "Traceback" not in leaked.err  # Prefect's noise stays out


def _failure_log(store: object) -> list[dict[str, object]]:
    return store.execute("MATCH (f:IngestLog) RETURN f.file AS file, f.stage AS stage")  # type: ignore[attr-defined]


def _copies(folder: Path, n: int) -> None:
    """n distinct documents: each seed with its own document number (distinct content, distinct plan)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        text = seed.read_text(encoding="utf-8")
        (folder / f"{i:03d}_{seed.name}").write_text(text + f"\n\n(Bản số {i + 1})\n", encoding="utf-8")


def test_kill_during_ingest_then_rerun_converges_to_a_clean_run(tmp_path: Path,
                                                               prefect_env: dict[str, str]) -> None:
    _pipeline_ready()
    docs = tmp_path / "docs"
    _copies(docs, 10)
    env = prefect_env  # result-cache keys include the file path: this test's files are its own

    killed_store = tmp_path / "killed"
    proc = subprocess.Popen([str(PLANGRAPH), "ingest", str(docs), "--store", str(killed_store), "--format", "json"],
                            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own process group: the kill takes Prefect's server too
    # wait until a couple of plans are in, then kill mid-run (often mid-transaction of the next plan)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and _plans_written(killed_store) < 2:
        time.sleep(0.1)
    was_running = proc.poll() is None
    if was_running:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and the ephemeral Prefect server it started
    proc.wait(timeout=30)
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    assert was_running, "the ingest finished before it could be killed: make the batch bigger"

    from pipeline.flows import run_ingest  # the re-run and the clean run, in this process

    after = run_ingest([docs], {"store": str(killed_store)})
    assert after.failed == 0, after.failures
    assert after.new + after.changed + after.unchanged == 10
    assert after.new + after.changed >= 1  # the kill left work to do

    clean = run_ingest([docs], {"store": str(tmp_path / "clean")})
    assert clean.new == 10
    assert after.graph == clean.graph and after.graph["nodes"] > 0


def _plans_written(store: Path) -> int:
    """Plans committed so far, read through a read-only open beside the running ingest."""
    if not (store / "graph.lbug").exists():
        return 0
    from graph.store import open_store
    try:
        with open_store(store, read_only=True) as st:
            return int(st.execute("MATCH (p:Plan) RETURN count(p) AS n")[0]["n"])
    except Exception:  # schema not created yet, file being created …
        return 0
