"""The page's cell chrome (web/src/render/cells.ts) and the Python renderer (cove._site.render)
produce the same markup, so a prerendered page is adopted by the live page without repainting.
Outputs and errors are drawn once, by the engine (cove._output.render): the page inserts the HTML
its events carry, which these tests check is the prerender's."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cove import Kernel, loads
from cove._output import render as py
from cove._runtime.session import Session
from cove._output import chrome
from cove._site.render import page_event, render_cells_html, snapshot_cells

ROOT = Path(__file__).resolve().parents[2]

CONSOLES = [[["stdout", "a <b>\n"], ["stderr", "warn & err\n"], ["stdout", "c"]], []]
CELLS = [
    {"code": "x = '<tag>' & 1", "hide_code": False},
    {"code": "secret()", "hide_code": True},
]
NOTEBOOK = """import cove

app = cove.App()


@app.cell
def _():
    import cove
    return (cove,)


@app.cell
def _(cove):
    class J:
        def _repr_json_(self):
            return {"a": [1, 2.5], "s": "<&'>"}

    print("out <b>")
    J()
    return


@app.cell
def _(cove):
    cove.Html("<img src=x onerror=alert(1)>")
    return


@app.cell
def _():
    1 / 0
    return
"""


def _snapshot() -> list[dict]:
    session = Session(lambda listener: Kernel(loads(NOTEBOOK, "nb.py"), listener=listener), lambda _e: None)
    session.handle({"type": "run_all"})
    return session.snapshot()


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
    data = {"consoles": CONSOLES, "cells": CELLS, "events": _snapshot()}
    proc = subprocess.run(["node", str(out)], input=json.dumps(data), capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_consoles_render_the_same(page_render: dict) -> None:
    assert [py.render_console([tuple(c) for c in con]) for con in CONSOLES] == page_render["consoles"]


def test_cell_parts_render_the_same(page_render: dict) -> None:
    assert chrome.cell_bar() == page_render["bar"]
    code = [chrome.code_block(c["code"], c["hide_code"], mode) for c in CELLS for mode in ("edit", "run")]
    assert code == page_render["code"]


def test_the_pages_chrome_is_generated_from_the_engines() -> None:
    generated = (ROOT / "web" / "src" / "render" / "chrome.ts").read_text()
    assert generated == chrome.typescript(), "run: python -m cove._output.chrome --typescript > web/src/render/chrome.ts"


def test_the_page_shows_the_outputs_the_engine_drew(page_render: dict) -> None:
    cells = snapshot_cells(_snapshot())
    prerendered = [py.render_error(c.error) if c.error else py.render_outputs(c.outputs) for c in cells]
    assert page_render["outputs"] == prerendered
    assert 'class="cove-json-root"' in prerendered[1] and 'class="cove-sandbox"' in prerendered[2]
    assert 'data-error-kind="exception"' in prerendered[3]


def test_a_page_is_sent_each_output_drawn_and_its_plain_text_only() -> None:
    views = [e for e in _snapshot() if e["type"] == "cell_view"]
    outputs = [o for e in views for o in page_event(e)["outputs"]]
    assert outputs and all(set(o["bundle"]) <= {"text/plain"} and o["html"].startswith("<div") for o in outputs)
    assert any("application/json" in o["bundle"] for e in views for o in e["outputs"]), "the engine's own keep all"


def test_a_snapshot_is_the_notebook_and_each_cells_view_as_the_kernel_holds_it() -> None:
    events = [
        {"type": "notebook", "mode": "autorun", "filename": "nb.py", "app_options": {},
         "cells": [{"id": "a", "name": "_", "code": "1", "kind": "cell", "hide_code": False,
                    "disabled": False, "defs": [], "refs": []},
                   {"id": "b", "name": "_", "code": "2", "kind": "cell", "hide_code": False,
                    "disabled": True, "defs": [], "refs": []}]},
        # a live event is not a snapshot's: skipped, not folded
        {"type": "cell_output", "id": "a", "output": {"text/plain": "old"}, "mode": "replace", "run_id": 1},
        {"type": "cell_view", "id": "a", "status": "idle", "run_id": 2,
         "outputs": [{"bundle": {"text/plain": "2"}, "html": ""}],
         "console": [{"stream": "stdout", "text": "new\n"}, {"stream": "stderr", "text": "warn\n"}],
         "error": None},
    ]
    (a, b) = snapshot_cells(events)
    assert (a.status, a.outputs, a.console) == ("idle", [{"text/plain": "2"}], [("stdout", "new\n"), ("stderr", "warn\n")])
    assert (b.status, b.outputs, b.view) == ("disabled", [], None)
    html = render_cells_html(events)
    assert 'data-cell-index="0"' in html and 'data-status="idle"' in html and "new\n" in html
    assert '<span class="cove-stderr">warn\n</span>' in html
    assert "old" not in html
    # An output without its drawing (an older save) is drawn by the engine's registry.
    assert '<pre class="cove-text">2</pre>' in html


def test_run_mode_hides_code_per_hide_code() -> None:
    events = [{"type": "notebook", "mode": "autorun", "filename": "nb.py", "app_options": {}, "cells": [
        {"id": "a", "name": "_", "code": "shown()", "kind": "cell", "hide_code": False, "disabled": False, "defs": [], "refs": []},
        {"id": "b", "name": "_", "code": "hidden()", "kind": "cell", "hide_code": True, "disabled": False, "defs": [], "refs": []},
    ]}]
    html = render_cells_html(events, mode="run")
    assert "<details class=\"cove-code-fold\"><summary>Code</summary>" in html and "shown()" in html
    assert "hidden()" not in html
    assert "cove-cell-bar" not in html
