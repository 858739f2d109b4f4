"""The Python renderer (cove._site) and the page's (web/src/render) produce the same markup for
the same outputs, so a prerendered page is adopted by the live page without repainting."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cove._output import render as py
from cove._site.render import CellState, _cell_bar, _code, fold_events, render_cells_html

ROOT = Path(__file__).resolve().parents[2]

BUNDLES = [
    {"text/plain": "[0, 1, 4] <b>&'\""},
    {"text/html": "<b>bold</b>", "text/plain": "bold"},
    {"text/markdown": "# Title\n*x*", "text/plain": "md"},
    {"image/png": "iVBORw0KGgo=\n"},
    {"image/jpeg": "data:image/jpeg;base64,AAAA"},
    {"image/svg+xml": "<svg width='1'></svg>"},
    {"application/json": json.dumps({"a": [1, 2.5, 1.0, 1e-7, None, True, "x<y"], "b": {}, "c": [], "d": {"e": {"f": 1}}})},
    {"application/json": "not json"},
    {"text/latex": "$x^2$"},
    {"application/vnd.plotly.v1+json": '{"data": [{"y": [1, 2]}], "layout": {"title": "a\'b<c"}}', "text/plain": "Figure"},
    {"application/vnd.vegalite.v5+json": '{"mark": "bar"}'},
    {"application/vnd.vega.v5+json": '{"marks": []}'},
    {"application/x-unknown": "?"},
    {},
]
ERRORS = [
    {"kind": "exception", "message": "ZeroDivisionError: division by zero", "traceback": "Traceback:\n  line 2\n1/0"},
    {"kind": "ancestor", "message": "An ancestor failed", "traceback": None},
]
CONSOLES = [[["stdout", "a <b>\n"], ["stderr", "warn & err\n"], ["stdout", "c"]], []]
CELLS = [
    {"code": "x = '<tag>' & 1", "hide_code": False, "outputs": [BUNDLES[0], BUNDLES[1]], "error": None},
    {"code": "secret()", "hide_code": True, "outputs": [], "error": ERRORS[0]},
]


@pytest.fixture(scope="module")
def page_render(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if shutil.which("node") is None or not (ROOT / "node_modules" / ".bin" / "esbuild").exists():
        pytest.skip("node and node_modules (npm ci) are needed")
    out = tmp_path_factory.mktemp("parity") / "driver.mjs"
    subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "esbuild"), str(ROOT / "tests" / "web" / "render_driver.ts"),
         "--bundle", "--platform=node", "--format=esm", f"--outfile={out}", "--log-level=warning"],
        check=True, cwd=ROOT,
    )
    data = {"bundles": BUNDLES, "errors": ERRORS, "consoles": CONSOLES, "cells": CELLS}
    proc = subprocess.run(["node", str(out)], input=json.dumps(data), capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_outputs_render_the_same(page_render: dict) -> None:
    assert [py.render_bundle(b) for b in BUNDLES] == page_render["bundles"]


def test_errors_and_consoles_render_the_same(page_render: dict) -> None:
    assert [py.render_error(e) for e in ERRORS] == page_render["errors"]
    assert [py.render_console([tuple(c) for c in con]) for con in CONSOLES] == page_render["consoles"]


def test_cell_parts_render_the_same(page_render: dict) -> None:
    assert _cell_bar() == page_render["bar"]
    code = []
    for c in CELLS:
        for mode in ("edit", "run"):
            code.append(_code(CellState(id="x", code=c["code"], hide_code=c["hide_code"]), mode))
    assert code == page_render["code"]
    outs = []
    for c in CELLS:
        cell = CellState(id="x", outputs=c["outputs"], error=c["error"])
        outs.append(py.render_error(cell.error) if cell.error else py.render_outputs(cell.outputs))
    assert outs == page_render["outputs"]


def test_fold_follows_the_run_id_rule() -> None:
    events = [
        {"type": "notebook", "mode": "autorun", "filename": "nb.py", "app_options": {},
         "cells": [{"id": "a", "name": "_", "code": "1", "kind": "cell", "hide_code": False,
                    "disabled": False, "defs": [], "refs": []}]},
        {"type": "cell_status", "id": "a", "status": "running", "run_id": 2},
        {"type": "cell_console", "id": "a", "stream": "stdout", "text": "new\n", "run_id": 2},
        {"type": "cell_output", "id": "a", "output": {"text/plain": "old"}, "mode": "replace", "run_id": 1},
        {"type": "cell_output", "id": "a", "output": {"text/plain": "2"}, "mode": "replace", "run_id": 2},
        {"type": "cell_status", "id": "a", "status": "idle", "run_id": 2},
    ]
    (cell,) = fold_events(events)
    assert (cell.status, cell.outputs, cell.console) == ("idle", [{"text/plain": "2"}], [("stdout", "new\n")])
    html = render_cells_html(events)
    assert 'data-cell-index="0"' in html and 'data-status="idle"' in html and "new\n" in html
    assert "old" not in html


def test_run_mode_hides_code_per_hide_code() -> None:
    events = [{"type": "notebook", "mode": "autorun", "filename": "nb.py", "app_options": {}, "cells": [
        {"id": "a", "name": "_", "code": "shown()", "kind": "cell", "hide_code": False, "disabled": False, "defs": [], "refs": []},
        {"id": "b", "name": "_", "code": "hidden()", "kind": "cell", "hide_code": True, "disabled": False, "defs": [], "refs": []},
    ]}]
    html = render_cells_html(events, mode="run")
    assert "<details class=\"cove-code-fold\"><summary>Code</summary>" in html and "shown()" in html
    assert "hidden()" not in html
    assert "cove-cell-bar" not in html
