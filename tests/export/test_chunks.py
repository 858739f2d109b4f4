"""An exported site ships only the lazy chunks its notebook can use (cove/_export/chunks.py)."""
from __future__ import annotations

from cove._export.chunks import web_files

WEB = [
    "main-A.js", "worker-B.js", "chunk-C.js", "cove.css", "sandbox.html", "manifest.json",
    "lib-plotly-D.js", "lib-vega-E.js", "lib-katex-F.js", "katex-G.css", "KaTeX_Main-Regular-H.woff2",
    "table-view-I.js", "editor-view-J.js",
]
CORE = ["main-A.js", "worker-B.js", "chunk-C.js", "cove.css", "sandbox.html", "manifest.json"]
PLAIN = "import cove\napp = cove.App()\n\n@app.cell\ndef _():\n    x = 1\n    return (x,)\n"


def test_a_plain_notebook_in_run_mode_ships_no_lazy_chunk() -> None:
    assert web_files(WEB, "run", PLAIN, ["<div>1</div>"]) == CORE


def test_edit_mode_ships_everything() -> None:
    assert web_files(WEB, "edit", PLAIN, []) == WEB


def test_outputs_decide() -> None:
    html = '<div class="cove-plotly"></div><span class="cove-math">x</span>'
    assert web_files(WEB, "run", PLAIN, [html]) == CORE[:6] + ["lib-plotly-D.js", "lib-katex-F.js", "katex-G.css", "KaTeX_Main-Regular-H.woff2"]
    assert "table-view-I.js" in web_files(WEB, "run", PLAIN, ['<div data-cove-ui="table">'])


def test_the_source_keeps_what_a_live_run_could_need() -> None:
    assert "lib-vega-E.js" in web_files(WEB, "run", PLAIN + "import altair\n", [])
    assert "lib-katex-F.js" in web_files(WEB, "run", PLAIN + 'mo.md("$x$")\n', [])
    assert "editor-view-J.js" not in web_files(WEB, "run", PLAIN + "import plotly\n", [])
