"""Start-up: `plangraph --help` loads every command module but none of the heavy libraries (issue 15, item 6).

numpy, networkx, scipy, Prefect, the graph drivers, spaCy, underthesea and the PDF libraries are imported by
the functions that use them, so the CLI starts in the time typer, rich and pydantic take.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("numpy", "networkx", "scipy", "prefect", "ladybug", "real_ladybug", "neo4j", "spacy", "underthesea",
         "pdfplumber", "pypdfium2", "docx", "dask", "distributed", "pandas", "sklearn")

# runs the real entry point with --help in a fresh interpreter, then lists the top-level modules it imported
_PROBE = """
import json, sys
sys.argv = ["plangraph", "--help"]
import pipeline.cli as cli
try:
    cli.main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\n@@" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _probe() -> tuple[str, set[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, timeout=120,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    help_text, _, mods = out.stdout.rpartition("\n@@")
    return help_text, set(json.loads(mods))


def test_help_imports_no_heavy_library() -> None:
    help_text, mods = _probe()
    assert "ingest" in help_text and "duplicates" in help_text  # every command registered, help printed
    assert "pipeline" in mods and "typer" in mods
    heavy = sorted(m for m in HEAVY if m in mods)
    assert not heavy, f"`plangraph --help` imports {heavy}: import them inside the functions that use them"


def test_analysis_models_import_without_numpy() -> None:
    """The duplicate models (used by graph_io and the CLI's type hints) come without numpy/networkx."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = ("import sys; import pipeline.analysis.duplicates, pipeline.analysis.graph_io, "
            "pipeline.analysis.orphans; print(sorted(m for m in ('numpy', 'networkx', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
