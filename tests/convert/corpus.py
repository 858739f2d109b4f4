"""The Jupyter corpus (tests/convert/corpus/*.ipynb) run two ways, and the runs compared.

- Jupyter's way, in plain CPython: every code cell in file order in one namespace, IPython-only
  lines commented out (as `cove convert` does), the last expression displayed unless the cell
  ends with `;`, then every open pyplot figure displayed and closed (Jupyter's inline backend).
  A cell that raises is a failed cell and the next cell runs anyway, as in Jupyter.
- Cove's way: `cove convert`, then `Kernel.run_all()` on the result.

A Jupyter cell is "the same" in Cove when the Cove cells it became all ran, their consoles
together print the same text and the cell shows the same thing. Jupyter shows two things where
Cove shows one: the repr of what a pyplot call returned (`[<matplotlib.lines.Line2D ...>]`) above
the figure; Cove shows the figure alone, so that repr is not expected.

Run as a script it prints the share of cells that run (used to measure before/after on the main
branch's code too: `PYTHONPATH=<checkout>/py python tests/convert/corpus.py`).
"""
from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # no date in SVG metadata: figures compare exactly

import cove  # noqa: E402
from cove._convert.convert import convert_file  # noqa: E402
from cove._convert.magics import strip_magics  # noqa: E402
from cove._output._escape import escape  # noqa: E402
from cove._output.mime import format_output  # noqa: E402

CORPUS = Path(__file__).parent / "corpus"
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class CellRun:
    ok: bool
    console: str = ""
    # what the cell shows: mimebundles, in order (the value, then the figures)
    shown: list[dict[str, str]] = field(default_factory=list)
    error: str = ""


def _pin_matplotlib() -> None:
    """Deterministic SVG (ids from a fixed salt), so the same figure gives the same text."""
    try:
        import matplotlib
    except ImportError:
        return
    matplotlib.rcParams["svg.hashsalt"] = "cove-corpus"


def code_cells(path: Path) -> dict[int, str]:
    """The non-empty code cells, by their index in the notebook's `cells`."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {i: "".join(c["source"]) for i, c in enumerate(doc["cells"])
            if c["cell_type"] == "code" and "".join(c["source"]).strip()}


def _from_matplotlib(value: Any) -> bool:
    def mpl(v: Any) -> bool:
        return type(v).__module__.split(".")[0] == "matplotlib"
    return mpl(value) or (isinstance(value, (list, tuple)) and any(mpl(v) for v in value))


def jupyter_run(path: Path) -> list[CellRun]:
    """Each code cell of `path` as Jupyter (inline backend) runs and shows it, in plain CPython."""
    return _plain_run([(i, strip_magics(code).code) for i, code in code_cells(path).items()])


def converted_plain_run(path: Path) -> list[CellRun]:
    """The cells `cove convert` made of `path`, run the same way in file order, grouped by the
    Jupyter cell they came from (a split cell's parts together)."""
    result = convert_file(path)
    cells = cove.loads(result.text).cells
    return _plain_run([(s, c.code) for s, c in zip(result.sources, cells) if s is not None
                       and s in code_cells(path)])


def _plain_run(cells: list[tuple[int, str]]) -> list[CellRun]:
    _pin_matplotlib()
    _close_figures()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    runs: dict[int, CellRun] = {}
    for origin, code in cells:
        run = _run_cell(code, namespace)
        if origin in runs:  # the next part of a split cell
            first = runs[origin]
            run = CellRun(first.ok and run.ok, first.console + run.console, run.shown,
                          first.error + run.error)
        runs[origin] = run
    return list(runs.values())


def _run_cell(code: str, namespace: dict[str, Any]) -> CellRun:
    out = io.StringIO()
    run = CellRun(ok=True)
    value = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            tree = ast.parse(code)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, "<cell>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
    except Exception:  # noqa: BLE001 - a failing cell is data here
        run.ok = False
        run.error = traceback.format_exc(limit=1)
    run.console = out.getvalue()
    figures = _open_figures()
    if run.ok:
        if value is not None and not code.rstrip().endswith(";") and not (
                figures and _from_matplotlib(value)):
            run.shown.append(format_output(value) or {})
        run.shown += [format_output(f) or {} for f in figures]
    _close_figures()
    return run


def _open_figures() -> list[Any]:
    plt = sys.modules.get("matplotlib.pyplot")
    return [plt.figure(n) for n in plt.get_fignums()] if plt is not None else []


def _close_figures() -> None:
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def cove_run(path: Path) -> list[CellRun]:
    """Each code cell of `path` after `cove convert` and `Kernel.run_all()`."""
    _pin_matplotlib()
    _close_figures()
    result = convert_file(path)
    nb = cove.loads(result.text)
    kernel = cove.Kernel(nb)
    kernel.run_all()
    sources = _sources(result, path, nb)
    runs: list[CellRun] = []
    for index in code_cells(path):
        parts = [kernel.cells[i] for i, s in enumerate(sources) if s == index]
        run = CellRun(ok=bool(parts) and all(c.status == "idle" for c in parts),
                      console="".join(c.console for c in parts),
                      error="; ".join(c.error for c in parts if c.error))
        if run.ok and parts[-1].output is not None:
            run.shown = [parts[-1].output]
        runs.append(run)
    _close_figures()
    return runs


def _sources(result: Any, path: Path, nb: Any) -> list[int | None]:
    """For each Cove cell, the index of the Jupyter cell it came from (None: none)."""
    if hasattr(result, "sources"):
        return list(result.sources)
    # Older convert: one cell per non-empty Jupyter cell, maybe after an added `import cove`.
    doc = json.loads(path.read_text(encoding="utf-8"))
    kept: list[int | None] = [i for i, c in enumerate(doc["cells"]) if "".join(c["source"]).strip()]
    return [None] + kept if len(nb.cells) == len(kept) + 1 else kept


def _text(bundle: dict[str, str]) -> str:
    return _ADDRESS.sub(" at 0x…", bundle.get("text/plain", ""))


def same_display(expected: list[dict[str, str]], got: list[dict[str, str]]) -> bool:
    """Cove shows what Jupyter shows: one item as it is, several stacked in one HTML output."""
    if len(expected) <= 1:
        if not expected or not got:
            return expected == got
        want, have = expected[0], got[0]
        if "image/svg+xml" in want:
            return want.get("image/svg+xml") == have.get("image/svg+xml")
        # (text/html is not compared: Cove's live tables carry a pager the static one has not)
        return _text(want) == _text(have) and sorted(want) == sorted(have)
    html = got[0].get("text/html", "") if got else ""
    figures = sum("image/svg+xml" in b for b in expected)
    values = [b for b in expected if "image/svg+xml" not in b]
    return html.count('<div class="cove-out" data-mime="image/svg+xml">') == figures and all(
        escape(b.get("text/plain", "")) in html for b in values)


@dataclass
class Comparison:
    notebook: str
    cells: int  # code cells
    jupyter_ok: int  # of them, ran in plain CPython
    cove_ok: int  # of those, ran in Cove
    same: int  # of those, ran in Cove and showed the same thing
    differences: list[str]


def compare(path: Path) -> Comparison:
    expected, got = jupyter_run(path), cove_run(path)
    differences = []
    ran = same = 0
    for i, (want, have) in enumerate(zip(expected, got)):
        if not want.ok:
            continue
        if not have.ok:
            differences.append(f"{path.name} cell {i}: did not run in Cove: {have.error[:200]}")
            continue
        ran += 1
        if _ADDRESS.sub("", want.console) != _ADDRESS.sub("", have.console):
            differences.append(f"{path.name} cell {i}: console {have.console!r} != {want.console!r}")
        elif not same_display(want.shown, have.shown):
            differences.append(f"{path.name} cell {i}: shows {[sorted(b) for b in have.shown]}"
                               f" {[_text(b)[:60] for b in have.shown]}, Jupyter "
                               f"{[sorted(b) for b in want.shown]} {[_text(b)[:60] for b in want.shown]}")
        else:
            same += 1
    return Comparison(path.name, len(expected), sum(r.ok for r in expected), ran, same, differences)


def main() -> None:
    totals = [0, 0, 0, 0]
    for path in sorted(CORPUS.glob("*.ipynb")):
        c = compare(path)
        for k, v in enumerate((c.cells, c.jupyter_ok, c.cove_ok, c.same)):
            totals[k] += v
        print(f"{c.notebook}: {c.cells} cells, {c.jupyter_ok} run in CPython, "
              f"{c.cove_ok} of them run in Cove, {c.same} with the same output")
        for line in c.differences:
            print("   ", line)
    cells, ok, ran, same = totals
    print(f"total: {cells} code cells, {ok} run in plain CPython; in Cove {ran}/{ok} run "
          f"({ran / ok:.0%}), {same}/{ok} with the same output ({same / ok:.0%})")


if __name__ == "__main__":
    main()
