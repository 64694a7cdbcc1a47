"""The `plangraph` command line.

Each command lives in its own module under `pipeline/commands/` and registers itself on `app`
(or on the `query` sub-app); this file only wires them together and owns the error contract:

- a bad option value (date, choice, path) is one line naming the option and the allowed form, exit 2;
- a user mistake or a file error (PlangraphError, OSError, a store that cannot be opened) is one line, exit 2;
- anything unexpected is one line, exit 1 — `--debug` (or PLANGRAPH_DEBUG=1) shows the traceback instead;
- Ctrl-C is one line, exit 130.

Global options: `--version`, `--debug`, `-q/--quiet`, `-v/--verbose`; shell completion is on
(`plangraph --install-completion`).
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

from typer import _click as click  # typer vendors its own click
import typer
from typer.core import TyperGroup

from pipeline.commands.state import STATE

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _debug_wanted() -> bool:
    return STATE.debug or os.environ.get("PLANGRAPH_DEBUG", "").strip() not in ("", "0", "false", "no")


class PlangraphGroup(TyperGroup):
    """A click group whose errors are one line on stderr (see the module docstring)."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
        STATE.reset()
        try:
            rv = super().main(args=args, prog_name=prog_name or "plangraph", complete_var=complete_var,
                              standalone_mode=False, **extra)
        except typer.Exit as e:  # typer.Exit / ctx.exit
            sys.exit(e.exit_code)
        except typer.Abort:
            _err("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help())
            sys.exit(EXIT_USAGE)
        except click.exceptions.ClickException as e:
            _err(f"error: {usage_message(e)}")
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            if _debug_wanted():
                raise
            _err("interrupted: stopped (nothing half-written; run the same command again to continue)")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as e:
            if _debug_wanted():
                raise
            _err(describe_error(e))
            sys.exit(_exit_code_for(e))
        if isinstance(rv, int) and not isinstance(rv, bool):  # an Exit caught by typer's _main
            sys.exit(rv)
        sys.exit(0)


def usage_message(e: Any) -> str:
    """click's message on one line, without pydantic's "Value error, " prefix typer leaves in."""
    return _one_line(e.format_message()).replace("Value error, ", "")


def _user_error(e: BaseException) -> bool:
    from extractors.errors import PlangraphError

    return isinstance(e, (PlangraphError, OSError, ValueError))


def _exit_code_for(e: BaseException) -> int:
    return EXIT_USAGE if _user_error(e) else 1


def describe_error(e: BaseException) -> str:
    """One line for an exception: user/file errors as `error: message`, others with their type and a hint."""
    from extractors.errors import PlangraphError

    if isinstance(e, PlangraphError):
        return f"error: {_one_line(str(e))}"
    if isinstance(e, OSError) and e.filename:
        return f"error: {e.filename}: {_one_line(e.strerror or str(e))}"
    if _user_error(e):
        return f"error: {_one_line(str(e) or type(e).__name__)}"
    return (f"error: unexpected {type(e).__name__}: {_one_line(str(e))[:300]} "
            f"(run `plangraph --debug …` for the traceback)")


def _err(line: str) -> None:
    try:
        click.echo(line, err=True)
    except Exception:  # a closed stderr must not turn an error into a traceback
        pass


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("plangraph")
    except Exception:
        return "unknown"


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"plangraph {_version()}")
        raise typer.Exit(0)


app = typer.Typer(cls=PlangraphGroup, add_completion=True, no_args_is_help=True,
                  pretty_exceptions_enable=False,
                  help="Vietnamese plan documents -> knowledge graph.")
query_app = typer.Typer(no_args_is_help=True, help="Ask the graph a question.")
app.add_typer(query_app, name="query")


@app.callback()
def _global(version: bool = typer.Option(False, "--version", callback=_version_callback, is_eager=True,
                                         help="print the version and exit"),
            debug: bool = typer.Option(False, "--debug", help="show the traceback of an unexpected error"),
            quiet: bool = typer.Option(False, "-q", "--quiet", help="only results and errors: no notes, no progress"),
            verbose: int = typer.Option(0, "-v", "--verbose", count=True,
                                        help="more log lines on stderr (-vv: debug)")) -> None:
    """Vietnamese plan documents -> knowledge graph."""
    STATE.debug = debug
    STATE.quiet = quiet
    STATE.verbose = 0 if quiet else verbose
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.getLogger("plangraph").setLevel(level)
    if verbose and not logging.getLogger("plangraph").handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
        logging.getLogger("plangraph").addHandler(h)


# command modules, imported for their registrations (order = order in --help)
COMMAND_MODULES = [
    "pipeline.commands.inspect",
    "pipeline.commands.extract",
    "pipeline.commands.eval",
    "pipeline.commands.run",
    "pipeline.commands.query",
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


if __name__ == "__main__":  # `python -m pipeline.cli`: the commands register on the imported module's app
    from pipeline.cli import main as _main

    _main()
