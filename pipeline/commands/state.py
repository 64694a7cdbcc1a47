"""Process-wide CLI switches set by the global options (`--debug`, `-q`, `-v`) and read by commands."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CliState:
    debug: bool = False
    quiet: bool = False
    verbose: int = 0

    def reset(self) -> None:
        self.debug, self.quiet, self.verbose = False, False, 0


STATE = CliState()
