"""The `plangraph` command line.

Each command lives in its own module under `pipeline/commands/` and registers itself on `app`
(or on the `query` sub-app); this file only wires them together.
"""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Vietnamese plan documents -> knowledge graph.")
query_app = typer.Typer(no_args_is_help=True, help="Ask the graph a question.")
app.add_typer(query_app, name="query")

# command modules, imported for their registrations (order = order in --help)
COMMAND_MODULES = [
    "pipeline.commands.inspect",
    "pipeline.commands.extract",
    "pipeline.commands.eval",
    "pipeline.commands.run",
    "pipeline.commands.query",
    "pipeline.commands.ingest",
    "pipeline.commands.analysis",
    "pipeline.commands.lineage",
    "pipeline.commands.store",
]


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name)


def main() -> None:
    _load_commands()
    app()


if __name__ == "__main__":
    main()
