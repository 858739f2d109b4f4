"""Engine benchmark: load+analyse, run all, one-leaf re-run, and `python nb.py` against marimo.

    python bench/engine.py [--sizes 10,100,1000] [--repeat 5] [--marimo PYTHON]

Prints one JSON object (the last line) and a Markdown table. `--marimo PYTHON` names an
interpreter with marimo installed (e.g. a venv made by `python bench/engine.py --make-marimo-venv`);
then the same notebooks are run as scripts by both, in this process's run, and the ratio printed.
marimo is never installed next to Cove itself: there `import marimo` would resolve to Cove.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

import cove  # noqa: E402
from cove._runtime.kernel import Kernel  # noqa: E402

MARIMO_VENV = ROOT / "build" / "bench-marimo-venv"


def notebook_text(kind: str, n: int, module: str = "cove") -> str:
    """A chain (each cell uses the previous) or a fan (every cell uses cell 0)."""
    blocks = [f"import {module}\n\n__generated_with = \"0.1.0\"\napp = {module}.App()\n"]
    blocks.append("@app.cell\ndef _():\n    x0 = 1\n    return (x0,)\n")
    for i in range(1, n):
        if kind == "chain":
            blocks.append(f"@app.cell\ndef _(x{i-1}):\n    x{i} = x{i-1} + 1\n    return (x{i},)\n")
        else:
            blocks.append(f"@app.cell\ndef _(x0):\n    x{i} = x0 + {i}\n    return (x{i},)\n")
    blocks.append('if __name__ == "__main__":\n    app.run()\n')
    return "\n\n".join(blocks)


def timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(samples), 3), "min_ms": round(min(samples), 3), "max_ms": round(max(samples), 3)}


def script_time(python: str, path: Path, repeat: int, env: dict[str, str] | None = None) -> dict[str, float]:
    def run() -> None:
        subprocess.run([python, str(path)], check=True, capture_output=True, env=env)

    return timed(run, repeat)


def make_marimo_venv() -> str:
    if not (MARIMO_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(MARIMO_VENV)], check=True)
        subprocess.run([str(MARIMO_VENV / "bin" / "pip"), "install", "-q", "marimo"], check=True)
    return str(MARIMO_VENV / "bin" / "python")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--marimo", help="a Python interpreter that has marimo installed")
    ap.add_argument("--make-marimo-venv", action="store_true", help=f"create {MARIMO_VENV} with marimo and use it")
    args = ap.parse_args(argv)
    marimo_python = make_marimo_venv() if args.make_marimo_venv else args.marimo
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    env = dict(os.environ, PYTHONPATH=str(ROOT / "py"))
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("chain", "fan"):
            for n in sizes:
                text = notebook_text(kind, n)
                row: dict[str, object] = {"kind": kind, "cells": n}
                row["load_analyse"] = timed(lambda: cove.loads(text), args.repeat)
                nb = cove.loads(text)

                def run_all() -> Kernel:
                    k = Kernel(nb, in_notebook=False)
                    k.run_all()
                    return k

                row["run_all"] = timed(run_all, args.repeat)
                k = run_all()
                leaf = k.cells[-1]
                codes = [leaf.code, leaf.code + "  # edited"]
                counter = {"runs": 0}

                def rerun_leaf() -> None:
                    before = sum(1 for e in events if getattr(e, "type", "") == "cell_status" and e.status == "running")
                    k.run_cells({leaf.id: codes[counter["runs"] % 2]})
                    counter["runs"] += 1
                    after = sum(1 for e in events if getattr(e, "type", "") == "cell_status" and e.status == "running")
                    row["leaf_rerun_cells_run"] = after - before

                events: list[object] = []
                k._listener = events.append
                row["leaf_rerun"] = timed(rerun_leaf, args.repeat)
                path = Path(tmp) / f"cove_{kind}_{n}.py"
                path.write_text(text)
                row["script"] = script_time(sys.executable, path, args.repeat, env)
                if marimo_python:
                    mpath = Path(tmp) / f"marimo_{kind}_{n}.py"
                    mpath.write_text(notebook_text(kind, n, "marimo"))
                    row["marimo_script"] = script_time(marimo_python, mpath, args.repeat)
                    row["script_ratio_vs_marimo"] = round(
                        row["script"]["median_ms"] / row["marimo_script"]["median_ms"], 3  # type: ignore[index]
                    )
                rows.append(row)
    print("| notebook | load+analyse | run all | leaf re-run (cells run) | python nb.py | marimo nb.py | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        m = r.get("marimo_script")
        print(
            f"| {r['kind']} {r['cells']} | {r['load_analyse']['median_ms']:.1f} ms | {r['run_all']['median_ms']:.1f} ms | "  # type: ignore[index]
            f"{r['leaf_rerun']['median_ms']:.2f} ms ({r['leaf_rerun_cells_run']}) | {r['script']['median_ms']:.0f} ms | "  # type: ignore[index]
            f"{m['median_ms']:.0f} ms | {r['script_ratio_vs_marimo']}× |" if m else  # type: ignore[index]
            f"| {r['kind']} {r['cells']} | {r['load_analyse']['median_ms']:.1f} ms | {r['run_all']['median_ms']:.1f} ms | "  # type: ignore[index]
            f"{r['leaf_rerun']['median_ms']:.2f} ms ({r['leaf_rerun_cells_run']}) | {r['script']['median_ms']:.0f} ms | – | – |"  # type: ignore[index]
        )
    print(json.dumps({"benchmark": "engine", "python": sys.version.split()[0], "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
