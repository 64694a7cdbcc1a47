"""Bounds on the work one document may cause: sizes, spans and counters the loaders must not trust.

A hostile file is small and asks for much (a 44 KB DOCX with `w:gridSpan="100000000"`, a list numbered
from 10^9 in Roman numerals, a PDF page tree naming one page 200 000 times). Loaders call into here, so
the limits are in one place and each can be raised by an environment variable for an unusual corpus.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from extractors.errors import LoadError


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


MAX_FILE_BYTES = _env_int("PLANGRAPH_MAX_FILE_MB", 200) * 1024 * 1024  # a plan is a few MB
MAX_GRID_SPAN = 64  # columns one table cell may span (Word's own limit is 63)
MAX_TABLE_COLUMNS = 256
MAX_LIST_NUMBER = 100_000  # a list counter beyond this is not a plan's numbering
MAX_PDF_PAGES = _env_int("PLANGRAPH_MAX_PDF_PAGES", 5000)
MAX_XML_BYTES = _env_int("PLANGRAPH_MAX_XML_MB", 64) * 1024 * 1024  # a DOCX part, uncompressed


class RefusedFileError(LoadError):
    """Not a regular file (a FIFO, a device, a socket), or larger than a plan can be."""

    code = "E106"


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a RefusedFileError with the
    reason (a FIFO would block the batch forever, /dev/zero would eat the memory)."""
    cap = MAX_FILE_BYTES if limit is None else limit
    try:
        st = os.stat(path)
    except OSError as e:
        raise RefusedFileError(path, f"cannot read the file: {e.strerror or e}") from e
    if stat.S_ISDIR(st.st_mode):
        raise RefusedFileError(path, "a folder, not a document file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise RefusedFileError(path, f"{kind}, not a document file: refused")
    if st.st_size > cap:
        raise RefusedFileError(path, f"{st.st_size / 1048576:.0f} MB: larger than the {cap // 1048576} MB a plan "
                                     "document can be (PLANGRAPH_MAX_FILE_MB)")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise RefusedFileError(path, f"cannot read the file: {e.strerror or e}") from e
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise RefusedFileError(path, f"larger than the {cap // 1048576} MB a plan document can be")
    return data


def clamp_span(raw: object, limit: int = MAX_GRID_SPAN) -> int:
    """A table cell's column span from the file: an integer in 1..limit (garbage counts as 1)."""
    try:
        n = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), limit)


def clamp_int(raw: object, default: int, low: int = 0, high: int = MAX_LIST_NUMBER) -> int:
    """An integer attribute from the file (a list level, a start number) clamped to low..high; garbage ->
    default."""
    try:
        n = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return min(max(n, low), high)


def check_zip_budget(path: Path, data: bytes, limit: int = MAX_XML_BYTES) -> None:
    """Refuse a DOCX whose XML parts expand beyond `limit` bytes (a 1 MB file can hold 100 MB of XML that a
    DOM parser turns into gigabytes); media parts are not counted."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist() if i.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # the loader reports a corrupt package itself
    if total > limit:
        raise RefusedFileError(path, f"its XML expands to {total / 1048576:.0f} MB, more than the "
                                     f"{limit // 1048576} MB a plan document has (PLANGRAPH_MAX_XML_MB)")


def check_page_count(path: Path, pages: int, limit: int = MAX_PDF_PAGES) -> None:
    """Refuse a PDF with more pages than any plan (a page tree can name one page 200 000 times in 1 MB)."""
    if pages > limit:
        raise RefusedFileError(path, f"{pages} pages: more than the {limit} a plan document has "
                                     "(PLANGRAPH_MAX_PDF_PAGES)")
