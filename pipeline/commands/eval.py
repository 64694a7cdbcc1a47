"""`plangraph eval GOLD_DIR CORPUS_DIR`: precision / recall / F1 per field against gold files."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from pipeline.commands.options import DocFmt, Fmt, format_option, store_option, val  # noqa: F401
from pipeline.cli import app
from pipeline.output import emit


class InputFmt(str, Enum):
    txt = "txt"
    md = "md"
    docx = "docx"
    pdf = "pdf"
    auto = "auto"


def below_targets(total: object) -> list[str]:
    """The headline figures under their THRESHOLDS (empty when every target is met)."""
    from pipeline.evaluate import THRESHOLDS, headline

    return [k for k, v in headline(total).items() if v < THRESHOLDS[k]]


@app.command("eval")
def eval_cmd(gold_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="folder of gold *.json"),
             corpus_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="folder of seed documents"),
             fmt: InputFmt = typer.Option(InputFmt.txt, "--input-format", case_sensitive=False,
                                          help="which rendering to read"),
             format: Fmt = format_option(),
             misses: bool = typer.Option(False, "--misses", help="also list what was missed or spurious")) -> None:
    """Score the extractors against gold annotations (tasks, owners, deadlines, references, chains, indicators)."""
    from pipeline.evaluate import THRESHOLDS, evaluate_dir, headline
    from pipeline.evaluate_requests import evaluate_requests

    fmt = val(fmt)
    total, per_doc = evaluate_dir(gold_dir, corpus_dir, fmt)
    if not per_doc:
        typer.echo(f"error: no gold seed found in {corpus_dir} as .{fmt}", err=True)
        raise typer.Exit(2)
    requests = evaluate_requests()  # requested-document detection on labelled corpus tasks (tests/data/)
    from pipeline.analysis.duplicate_eval import evaluate_duplicates
    dup = evaluate_duplicates(gold_dir=gold_dir)  # duplicate detector on labelled task pairs (tests/data/)
    dup_row = {"field": "duplicates.pairs", "metric": "P/R/F1", "precision": dup.precision, "recall": dup.recall,
               "f1": dup.f1, "support": f"tp={dup.tp} fp={dup.fp} fn={dup.fn} tn={dup.tn}"}
    if format == "json":
        typer.echo(json.dumps({"documents": sorted(per_doc), "input_format": fmt, "total": total.as_dict(),
                               "per_document": {k: v.as_dict() for k, v in per_doc.items()},
                               "thresholds": THRESHOLDS, "headline": headline(total),
                               "misses": total.misses if misses else None,
                               "duplicates": {k: getattr(dup, k) for k in
                                              ("n_pairs", "tp", "fp", "fn", "tn", "precision", "recall", "f1")},
                               "requested_documents": {**requests.as_dict(),
                                                       "misses": requests.misses if misses else None}},
                              ensure_ascii=False, indent=2, default=str))
        _exit_on_targets(total)
        return
    emit(total.rows() + [requests.row(), dup_row], format, title=f"plangraph eval — {len(per_doc)} documents (.{fmt})")
    if format == "table":
        for k, v in headline(total).items():
            mark = "ok " if v >= THRESHOLDS[k] else "LOW"
            typer.echo(f"  {mark} {k:<24} {v:.3f}  (target {THRESHOLDS[k]:.2f})")
    if misses:
        emit(total.misses, format if format != "table" else "json")
    _exit_on_targets(total)


def _exit_on_targets(total: object) -> None:
    low = below_targets(total)
    if low:
        typer.echo(f"below target: {', '.join(low)} (exit 1)", err=True)
        raise typer.Exit(1)
