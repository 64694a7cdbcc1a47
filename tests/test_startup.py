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

# pydantic and every module that builds pydantic models at import (the IR, the extraction model, the settings,
# the analysis), the graph layer and the queries: the commands import them when they run
NOT_AT_HELP = ("pydantic", "pydantic_core", "extractors.ir", "extractors.model", "extractors.load",
               "extractors.extract", "extractors.normalize", "pipeline.config", "pipeline.flows",
               "pipeline.analysis", "pipeline.evaluate", "pipeline.evaluate_requests", "pipeline.report",
               "graph", "queries")

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
print("\\n@@" + json.dumps(sorted(sys.modules)))
"""


def _probe() -> tuple[str, set[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, timeout=120,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    help_text, _, mods = out.stdout.rpartition("\n@@")
    full = set(json.loads(mods))
    return help_text, full | {m.split(".")[0] for m in full}


def test_help_imports_no_heavy_library() -> None:
    help_text, mods = _probe()
    assert "ingest" in help_text and "duplicates" in help_text  # every command registered, help printed
    assert "pipeline" in mods and "typer" in mods
    heavy = sorted(m for m in HEAVY if m in mods)
    assert not heavy, f"`plangraph --help` imports {heavy}: import them inside the functions that use them"


def test_help_imports_no_models_graph_or_queries() -> None:
    _, mods = _probe()
    assert "pipeline.commands.analysis" in mods and "pipeline.commands.run" in mods
    loaded = sorted(m for m in NOT_AT_HELP if m in mods)
    assert not loaded, f"`plangraph --help` imports {loaded}: import them inside the command functions"


def test_cli_constants_agree_with_their_sources() -> None:
    """The names --help shows without importing their modules are the ones those modules define."""
    from typing import get_args

    from extractors.model import DeadlineKind
    from pipeline import config, defaults
    from pipeline.analysis.orphans import REASONS
    from pipeline.commands.analysis import ORPHAN_REASONS
    from pipeline.commands.query import DEADLINE_KINDS

    assert ORPHAN_REASONS == tuple(REASONS)
    assert DEADLINE_KINDS == get_args(DeadlineKind)
    assert (config.DEFAULT_STORE, config.DISCOVER_SUFFIXES) == (defaults.DEFAULT_STORE, defaults.DISCOVER_SUFFIXES)


def test_analysis_models_import_without_numpy() -> None:
    """The duplicate models (used by graph_io and the CLI's type hints) come without numpy/networkx."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = ("import sys; import pipeline.analysis.duplicates, pipeline.analysis.graph_io, "
            "pipeline.analysis.orphans; print(sorted(m for m in ('numpy', 'networkx', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
