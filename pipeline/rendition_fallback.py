"""A corrupt preferred rendition falls back to the next one (issue 17, finding 7).

`pick_renditions` keeps one file per document (plan.docx before plan.md, plan.txt, plan.pdf). When the kept
file cannot be read or extracted, the other renditions of the same document are tried in that order; the
first that extracts is written, and the preferred file's failure stays reported (it is still broken).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

# a failure at one of these stages is the file's own: another rendition may do better
FALLBACK_STAGES = ("read", "load", "extract")


def alternatives(kept: Iterable[Path], skipped: Iterable[Path],
                 order: Iterable[str]) -> dict[str, list[str]]:
    """For each kept file, the skipped renditions of the same document (same folder, same stem), best first."""
    rank = {suf: i for i, suf in enumerate(order)}
    by_doc: dict[tuple[Path, str], list[Path]] = {}
    for f in skipped:
        by_doc.setdefault((f.parent, f.stem.casefold()), []).append(f)
    out: dict[str, list[str]] = {}
    for k in kept:
        alts = by_doc.get((k.parent, k.stem.casefold()))
        if alts:
            out[str(k)] = [str(a) for a in sorted(alts, key=lambda f: (rank.get(f.suffix.lower(), 99), str(f)))]
    return out


def fall_back(outcome: Any, alts: list[str], process: Callable[[str], Any]) -> tuple[Any, list[Any]]:
    """(the outcome to write, the failures of the renditions tried before it).

    `outcome` is the preferred file's; when it failed at a file stage, each of `alts` is processed in turn
    (`process(path)` -> an outcome) until one has no failure. When none extracts, the preferred file's
    outcome is returned and the others' failures are listed too."""
    failure = getattr(outcome, "failure", None)
    if failure is None or not alts or getattr(failure, "stage", None) not in FALLBACK_STAGES:
        return outcome, []
    failed = [failure]
    for alt in alts:
        o = process(alt)
        if getattr(o, "failure", None) is None and getattr(o, "extraction", None) is not None:
            return o, failed
        if getattr(o, "failure", None) is not None:
            failed.append(o.failure)
    return outcome, failed[1:]
