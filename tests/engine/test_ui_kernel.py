"""UI elements inside the real kernel: ids, re-runs, composites routing to their root, forms."""
from __future__ import annotations

from cove.ui._composite import SUBMIT

from .helpers import run_notebook


def test_slider_change_reruns_dependents():
    k = run_notebook(
        "import cove as mo",
        "n = mo.ui.slider(1, 10, value=3, label='n')\nn",
        "double = n.value * 2",
    )
    assert k.cells[1].error is None
    html = k.cells[1].output["text/html"]
    assert 'data-cove-ui="slider"' in html and f'data-cove-id="{k.globals["n"]._id}"' in html
    assert k.globals["double"] == 6
    k.set_value("n", 7)
    assert k.globals["double"] == 14


def test_element_ids_are_deterministic_per_cell():
    codes = ("import cove as mo", "a = mo.ui.text()\nb = mo.ui.checkbox()")
    first, second = run_notebook(*codes), run_notebook(*codes)
    ids = [first.globals[n]._id for n in ("a", "b")]
    assert ids == [second.globals[n]._id for n in ("a", "b")] and ids[0] != ids[1]


def test_array_child_change_reruns_cells_using_the_array():
    k = run_notebook(
        "import cove as mo",
        "arr = mo.ui.array([mo.ui.text(value='a'), mo.ui.number(value=1)])",
        "got = arr.value",
    )
    child = k.globals["arr"][1]
    k.set_ui_values([(child._id, 5)])
    assert k.globals["got"] == ["a", 5]


def test_form_reruns_only_on_submit():
    k = run_notebook(
        "import cove as mo",
        "f = mo.ui.form(mo.ui.text(label='name'))",
        "got = f.value",
    )
    assert k.globals["got"] is None
    k.set_ui_values([(k.globals["f"].element._id, "Ada")])
    assert k.globals["got"] is None
    k.set_value("f", SUBMIT)
    assert k.globals["got"] == "Ada"


def test_markdown_with_embedded_element_is_the_output():
    k = run_notebook(
        "import cove as mo",
        "s = mo.ui.slider(0, 5)\nmo.md(f'Pick {s}')",
    )
    html = k.cells[1].output["text/html"]
    assert html.startswith('<div class="cove-md"><p>Pick <span class="cove-ui cove-ui-slider"')
