"""Issue 14 (5): after `make run` the user can type `plangraph`, and the README's first lines say how."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opening_says_how_to_get_plangraph_on_the_path() -> None:
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:12])
    assert "make run" in head and ". .venv/bin/activate" in head and ".venv/bin/plangraph" in head


def test_make_run_ends_by_saying_how_to_type_plangraph() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(["make", "-n", "-W", "pyproject.toml", "run"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert ". .venv/bin/activate" in dry.stdout
    assert ".venv/bin/plangraph demo corpus" in dry.stdout


def test_the_venv_make_builds_has_the_plangraph_command() -> None:
    # `pip install -e .` (what make does) puts the console script next to the interpreter: activating the
    # venv puts that folder on PATH
    script = Path(sys.executable).parent / "plangraph"
    assert script.exists(), script
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("plangraph "), out.stderr
