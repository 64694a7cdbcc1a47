"""One exception root for everything plangraph raises about its input.

Every error names the file and the reason, and carries a short code so a batch run can record it
(quarantine record) and carry on with the next document.
"""
from __future__ import annotations

from pathlib import Path


class PlangraphError(Exception):
    """Root of all plangraph errors."""

    code = "E000"

    def __init__(self, path: str | Path | None, reason: str) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"[{self.code}] {where}{reason}")


class LoadError(PlangraphError):
    """A document could not be read into the DocumentIR."""

    code = "E100"


class UnsupportedFormatError(LoadError):
    code = "E101"


class EmptyDocumentError(LoadError):
    code = "E102"


class CorruptDocumentError(LoadError):
    code = "E103"


class NoTextLayerError(LoadError):
    """A PDF whose pages carry no text (a scan): OCR is out of scope."""

    code = "E104"


class ExtractionError(PlangraphError):
    code = "E200"


class StoreError(PlangraphError):
    code = "E300"
