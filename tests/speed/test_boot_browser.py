"""An exported page in Chromium with every speed lever on (issue 5): the worker starts before
main.js, Python boots from the trimmed precompiled standard library, the kernel resumes the
prerender instead of running every cell, and then the page behaves exactly as a full run would:
a slider change updates its dependents (including a cell that did not run at boot), and a
standard-library module outside the trimmed zip imports in a cell."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cove._export.site import ExportOptions, export_site
from tests.web.site import cell, output_text, static_ready, wait_output, wait_ready

NB = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    n = mo.ui.slider(0, 100, value=10, label="n")
    n
    return (n,)


@app.cell
def _(n):
    doubled = n.value * 2
    f"doubled: {doubled}"
    return (doubled,)


@app.cell
def _(mo, n):
    mo.md(f"**n is {n.value}**")
    return


@app.cell
def _():
    base = 1000
    f"base: {base}"
    return (base,)


@app.cell
def _(base, doubled):
    f"total: {base + doubled}"
    return
'''


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def exported(tmp_path: Path, text: str = NB, edit: bool = False) -> Path:
    (tmp_path / "nb.py").write_text(text)
    options = ExportOptions(quiet=True, mode="edit" if edit else "run")
    return export_site(tmp_path / "nb.py", tmp_path / "site", options).folder


def statuses_seen(page) -> None:
    """Record every cell the page sees running (data-status changes)."""
    page.add_init_script("""
        window.__ran = new Set();
        new MutationObserver((records) => {
            for (const r of records) {
                const el = r.target;
                if (el.dataset && el.dataset.status === "running") window.__ran.add(el.dataset.cellIndex);
            }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
    """)


def test_the_exported_page_resumes_and_a_slider_change_is_right(tmp_path: Path, static_server, page) -> None:
    site = exported(tmp_path)
    html = (site / "index.html").read_text()
    config = json.loads(html.split('id="cove-config">')[1].split("</script>")[0])
    assert config["resume"] == {"ui_cells": ["c1"], "pending": [], "after_run_id": 6}
    statuses_seen(page)
    workers: list = []
    page.on("worker", lambda w: workers.append(w))
    page.goto(static_server(site) + "index.html")
    wait_ready(page)
    # The worker main.js adopted is the one index.html started (its URL carries the boot URLs).
    assert len(workers) == 1 and "#pyodide=" in workers[0].url
    # U = {slider}, D = {doubled, markdown, total}: the boot ran U and the ancestors of U ∪ D
    # (mo, doubled, base); the markdown and total cells kept their prerendered outputs.
    assert sorted(page.evaluate("[...window.__ran]")) == ["0", "1", "2", "4"]
    assert output_text(page, 5) == "'total: 1020'"
    assert page.evaluate("performance.getEntriesByName('cove:interactive').length") == 1
    slider = cell(page, 1).locator("input[type=range]")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_output(page, 2, "doubled: 26")
    wait_output(page, 3, "n is 13")
    wait_output(page, 5, "total: 1026")  # these two did not run at boot
    assert output_text(page, 4) == "'base: 1000'"


def test_a_module_outside_the_trimmed_stdlib_imports_in_a_cell(tmp_path: Path, static_server, page) -> None:
    text = NB + '''

@app.cell
def _():
    import sys
    import xml.dom.minidom
    f"{sys.platform}: " + xml.dom.minidom.parseString("<a>ok</a>").documentElement.firstChild.data
    return
'''
    site = exported(tmp_path, text)
    page.goto(static_server(site) + "index.html")
    wait_ready(page)
    assert "linux: ok" in output_text(page, 6)  # the export's output, kept: the cell did not run
    page.locator('[data-cove-action="run-all"]').click()
    wait_output(page, 6, "emscripten: ok", timeout=60_000)
