"""Paths a batch must refuse with one line each, and go on (issue 17, findings 6-7): a symlink leading out
of the input folder, a symlink loop, a named pipe (which used to block the ingest forever)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.flows import run_ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED = sorted(CORPUS.glob("*.txt"))[0]


def test_links_out_of_the_folder_loops_and_pipes_are_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / "ke_hoach.txt")
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    shutil.copy(SEED, secret)
    (docs / "link_ra_ngoai.txt").symlink_to(secret)
    (docs / "vong.txt").symlink_to(docs / "vong.txt")
    (docs / "inside_link.txt").symlink_to(docs / "ke_hoach.txt")  # a link inside the folder is fine
    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)

    s = run_ingest([docs, fifo], {"store": str(tmp_path / "store")})
    by_name = {Path(f.file).name: f for f in s.failures}
    assert set(by_name) == {"link_ra_ngoai.txt", "vong.txt", "ong.txt"}, s.failures
    assert all(f.stage == "read" and f.error_type == "RefusedFileError" for f in by_name.values())
    assert "out of the input folder" in by_name["link_ra_ngoai.txt"].message
    assert "loop" in by_name["vong.txt"].message
    assert "FIFO" in by_name["ong.txt"].message
    assert s.new == 1  # ke_hoach.txt (its in-folder link resolves to the same file)
