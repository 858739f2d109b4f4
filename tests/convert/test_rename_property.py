"""Property: renaming reassigned names (rename.py) keeps what the cells do, run in file order,
and lets Cove run every cell that ran top to bottom, printing the same."""
from __future__ import annotations

import contextlib
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import cove
from cove._analysis import analyze
from cove._convert.rename import resolve_redefinitions
from cove._file.model import CellSource, NotebookFile
from cove._file.serialize import serialize

_ADDRESS = re.compile(r"at 0x[0-9a-fA-F]+")
SNIPPETS = [
    "x = 1", "x = x + 1", "x += 2", "y = [x]", "y.append(x)", "y = y + [len(y)]", "print(x, y)",
    "for i in range(2):\n    x = x * 2\nprint(i, x)", "x = max(x, 3)\nprint(x)", "max = 5",
    "def f(v):\n    return v * 2\nprint(f(x))", "z = [x for x in range(3)]\nprint(z, x)",
    "if x > 2:\n    y = [0]\nprint(y)", "del y", "x, y = y, x", "print(sorted(y))",
    "(w := x + 1)\nprint(w)", "x = [w for w in y]", "import math as x", "print(x)",
    "def g():\n    return x", "print(g())", "class A:\n    w = x\nprint(A.w)", "x = lambda: y",
]


def _run_in_order(codes: list[str]) -> list[tuple[bool, str]]:
    namespace: dict = {}
    results = []
    for code in codes:
        out = io.StringIO()
        ok = True
        with contextlib.redirect_stdout(out):
            try:
                exec(code, namespace)
            except Exception:  # noqa: BLE001 - a failing cell is a result here
                ok = False
        results.append((ok, _ADDRESS.sub("at 0x…", out.getvalue())))
        if not ok:
            break  # a plain script stops at the first exception
    return results


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=8))
def test_renamed_cells_do_what_the_original_did(cells: list[str]) -> None:
    codes, _renamed, unresolved = resolve_redefinitions(cells)
    original = _run_in_order(cells)
    assert _run_in_order(codes) == original  # as a plain script in file order: the same
    if unresolved:
        return
    definers = [name for code in codes for name in analyze(code).defs]
    assert len(definers) == len(set(definers))  # one defining cell per name
    kernel = cove.Kernel(cove.loads(serialize(NotebookFile(cells=tuple(map(CellSource, codes))))))
    kernel.run_all()
    # Not renaming's business, Cove's analysis: a function reading a global that only a later
    # cell defines makes its cell depend on that later cell (a cycle if that cell reads the
    # function); such cells, and the cells reading theirs, are left out. Every other cell that
    # ran top to bottom runs in Cove, printing the same.
    left_out: set[str] = set()
    for i, ((ok, printed), cell) in enumerate(zip(original, kernel.cells)):
        later = {n for code in codes[i + 1:] for n in analyze(code).defs}
        if (analyze(cell.code).refs & later or kernel.graph.parents[cell.id] & left_out
                or (cell.error_info is not None and cell.error_info.kind == "cycle")):
            left_out.add(cell.id)
        elif ok:
            assert (cell.status, _ADDRESS.sub("at 0x…", cell.console)) == ("idle", printed), cell.code
