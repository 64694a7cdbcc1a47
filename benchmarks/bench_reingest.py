"""Re-ingest after editing one file, anchored on the cold ingest of the same corpus, optionally old code vs new.

    .venv/bin/python benchmarks/bench_reingest.py [--n 30] [--repeat 2] [--work DIR] [--anchor-src DIR]

1. builds (once) a synthetic corpus of N documents (`gen_corpus.py`) and a cold store per code tree
   (`plangraph ingest --workers 2`; the cold run is the anchor: goal re-ingest <= 2 % of it + fixed start-up);
2. in rounds (A B A B …): copies the cold store, changes one sentence of one .txt file (a new wording each
   run, so the edited file is really re-extracted), runs `plangraph ingest` on the whole corpus, restores
   the file. Variant B is this tree; variant A, with `--anchor-src`, another source tree (e.g. an export of
   an older commit: `git archive <commit> | tar -x -C DIR`).
CPU time = user + system of the CLI and the children it waited for (Prefect's server). Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from harness import pairs, run  # noqa: E402
from pipeline.config import PREFECT_QUIET_ENV  # noqa: E402

PLANGRAPH = Path(sys.executable).parent / "plangraph"
OLD, NEW = "Tăng số lượng", "Nâng số lượng"


def env_for(src: Path, prefect_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.update(PREFECT_QUIET_ENV)
    env["PREFECT_HOME"] = str(prefect_home)
    env["PYTHONPATH"] = str(src)
    return env


def ingest(corpus: Path, store: Path, env: dict[str, str]) -> dict[str, Any]:
    r = run([str(PLANGRAPH), "ingest", str(corpus), "--store", str(store), "--workers", "2", "--format", "json"],
            env)
    s = json.loads(r["stdout"])
    r["summary"] = {k: s.get(k) for k in ("files", "new", "changed", "unchanged", "failed", "flow_elapsed",
                                          "analysis", "lineage")}
    del r["stdout"], r["stderr"]
    return r


def edited_file(corpus: Path) -> Path:
    for f in sorted(corpus.glob("*.txt")):
        if OLD in f.read_text("utf-8"):
            return f
    raise SystemExit(f"no .txt file in {corpus} holds {OLD!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/plangraph-bench-reingest"))
    ap.add_argument("--anchor-src", type=Path, default=None, help="another source tree to compare with")
    ap.add_argument("--cold-store", action="append", default=[], metavar="NAME=DIR",
                    help="reuse a cold store for a variant (A or B) instead of building it")
    a = ap.parse_args(argv)
    work = a.work / f"n{a.n}"
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(corpus), "--n", str(a.n)],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    srcs = {"B": ROOT} if a.anchor_src is None else {"A": a.anchor_src.resolve(), "B": ROOT}
    reuse = dict(x.split("=", 1) for x in a.cold_store)
    home = work / "prefect"
    out: dict[str, Any] = {"n": a.n, "cold": {}, "variants": {k: str(v) for k, v in srcs.items()}}
    cold: dict[str, Path] = {}
    for name, src in srcs.items():
        if name in reuse:
            cold[name] = Path(reuse[name])
            continue
        cold[name] = work / f"cold-{name}"
        if cold[name].exists():
            shutil.rmtree(cold[name])
        out["cold"][name] = ingest(corpus, cold[name], env_for(src, work / f"prefect-cold-{name}"))
    f = edited_file(corpus)
    original = f.read_bytes()
    counter = iter(range(10_000))

    def variant(name: str):
        def go() -> dict[str, Any]:
            store = work / f"run-{name}"
            if store.exists():
                shutil.rmtree(store)
            shutil.copytree(cold[name], store)
            k = next(counter)
            f.write_text(original.decode("utf-8").replace(OLD, f"{NEW} ({k})", 1), "utf-8")
            try:
                return ingest(corpus, store, env_for(srcs[name], home))
            finally:
                f.write_bytes(original)
                shutil.rmtree(store, ignore_errors=True)
        return go

    res = pairs({name: variant(name) for name in srcs}, a.repeat)
    out["edit_one_file"] = res
    out["edited"] = f.name
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
