"""anywidget on an exported site, with the real `anywidget` package (and its dependencies:
ipywidgets, traitlets, ...) from PyPI running in Pyodide: a counter written in the notebook, and
a third-party widget package (wigglystuff's TangleChoice, its ES module a file in its wheel)."""
from __future__ import annotations

from pathlib import Path

from tests.browser.outputs_site import EXAMPLES, export, open_site
from tests.web.site import cell, output_text, wait_output


def test_counter_click_reaches_python_and_reruns_dependents(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "anywidget_counter.py", tmp_path)
    assert any(p.name.startswith("anywidget-") for p in (site / "wheels").iterdir())
    open_site(page, static_server, site)
    button = cell(page, 1).locator("button.counter")
    button.wait_for(timeout=30_000)
    assert button.inner_text() == "count is 0"
    button.click()
    button.click()
    wait_output(page, 2, "Python sees count = 2", timeout=30_000)
    assert button.inner_text() == "count is 2"
    # A trait Python sets (in another cell) shows up in the widget.
    cell(page, 5).locator("button").click()
    page.wait_for_function(
        "() => document.querySelector('.cove-cell[data-cell-index=\"1\"] button.counter')?.textContent === 'count is 0'",
        timeout=30_000,
    )
    # The module given as a data: URL.
    assert cell(page, 7).locator(".hello").inner_text() == "hello data URL"


def test_third_party_widget_from_pypi(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "anywidget_counter.py", tmp_path)
    open_site(page, static_server, site)
    choice = cell(page, 3).locator(".tangle-value")
    choice.wait_for(timeout=30_000)
    assert choice.inner_text() == "small" and "size = small" in output_text(page, 4)
    choice.click()
    wait_output(page, 4, "size = medium", timeout=30_000)
    assert cell(page, 3).locator(".tangle-value").inner_text() == "medium"
