"""A small interleaving harness: run two commands in pairs (A B A B …), report medians and spread.

    from harness import pairs, run
    res = pairs({"help": lambda: run([...]), "anchor": lambda: run([...])}, repeat=5)

Each run is a subprocess; CPU time is the user + system time of the process and the children it waited
for (`os.wait4` rusage), so it is comparable on a loaded machine where wall time is not. Peak RSS is the
child's maximum resident set (the largest process of the tree, as `/usr/bin/time -v` reports it).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import time
from typing import Any, Callable, Mapping, Sequence


def _runner(cmd: Sequence[str], env: Mapping[str, str] | None) -> dict[str, Any]:
    """Run `cmd` and reap it ourselves so its own rusage (not the running total) is measured."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=dict(env) if env is not None else None, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # read both pipes to the end, then reap with wait4 for this child's rusage
    import threading

    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        chunks[name] = stream.read()

    ts = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in ts:
        t.start()
    _pid, status, ru = os.wait4(proc.pid, 0)
    for t in ts:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall_s": time.perf_counter() - t0, "cpu_s": ru.ru_utime + ru.ru_stime,
            "peak_rss_mb": ru.ru_maxrss / 1024, "rc": proc.returncode,
            "stdout": chunks.get("out", b"").decode("utf-8", "replace"),
            "stderr": chunks.get("err", b"").decode("utf-8", "replace")}


def run(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> dict[str, Any]:
    r = _runner(cmd, env)
    if r["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r['rc']}):\n{r['stderr'][-2000:]}")
    return r


def summarise(xs: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def pairs(variants: Mapping[str, Callable[[], dict[str, Any]]], repeat: int) -> dict[str, dict[str, Any]]:
    """Call each variant in turn, `repeat` rounds (A B A B …); medians and spread of wall and CPU."""
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in variants}
    for _ in range(repeat):
        for name, fn in variants.items():
            runs[name].append(fn())
    return {name: {"cpu_s": summarise([r["cpu_s"] for r in rs]), "wall_s": summarise([r["wall_s"] for r in rs]),
                   "peak_rss_mb": max(r["peak_rss_mb"] for r in rs), "runs": rs}
            for name, rs in runs.items()}


def fmt(s: dict[str, float], digits: int = 2) -> str:
    """'median (min–max)'."""
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"
