"""Stop keeps everything but the runaway cell: on a cross-origin isolated page through the
interrupt buffer (KeyboardInterrupt in that cell, every other result kept), elsewhere by
restarting the worker and restoring the page's state (its current code, even code typed while
the kernel was stuck, and the reader's UI values). Either way the page is usable within 5 s."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import READY, cell, make_site, set_code, static_ready, wait_output, wait_ready, wait_status

NB = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    n = mo.ui.slider(1, 10, value=3, label="n")
    n
    return (n,)


@app.cell
def _(n):
    y = n.value * 10
    y
    return (y,)


@app.cell
def _():
    a = 1
    a
    return (a,)


@app.cell
def _(n):
    z = n.value
    return (z,)
'''

USABLE_WITHIN_S = 5.0


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def _slide(page: Any, value: int) -> None:
    page.evaluate(
        """(v) => {
            const input = document.querySelector('[data-cove-ui="slider"] input[type=range]');
            input.value = String(v);
            input.dispatchEvent(new Event('input', {bubbles: true}));
            input.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        value,
    )


@pytest.mark.parametrize("isolated", [True, False], ids=["interrupt", "restart"])
def test_stop_keeps_code_ui_values_and_results(tmp_path: Path, static_server, page, isolated: bool) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path, isolated=isolated) + "index.html")
    wait_ready(page)
    assert page.evaluate("crossOriginIsolated") is isolated
    _slide(page, 7)
    wait_output(page, 2, "70")
    page.wait_for_function(READY)
    # the runaway cell depends on the slider, so re-applying the slider must not re-run it
    set_code(page, 4, "z = n.value\nwhile True:\n    pass")
    wait_status(page, 4, "running")
    # typed while the kernel is stuck: never serialized by the kernel, but the page has it
    set_code(page, 3, "a = 2\na", run=False)
    page.wait_for_timeout(500)
    started = time.monotonic()
    page.locator("[data-cove-action=stop]").click()
    page.wait_for_function(READY, timeout=30_000)
    elapsed = time.monotonic() - started
    wait_status(page, 4, "error")
    text = cell(page, 4).inner_text()
    assert ("nterrupt" in text) if isolated else ("Stopped" in text), text
    assert "while True" in cell(page, 4).locator(".cove-code").inner_text(), "the code is untouched"
    assert "a = 2" in cell(page, 3).locator(".cove-code").inner_text()
    assert page.evaluate("document.querySelector('[data-cove-ui=slider] input').value") == "7"
    wait_output(page, 2, "70")  # the reader's slider value survived (kept, or restored)
    if not isolated:
        wait_output(page, 3, "2")  # the restart ran the code the page had, not a stale copy
    assert elapsed < USABLE_WITHIN_S, f"usable again after {elapsed:.1f}s"
    # and the notebook works: the stopped cell can be fixed, the slider drives its dependents
    set_code(page, 4, "z = n.value\nz")
    wait_output(page, 4, "7")
    _slide(page, 4)
    wait_output(page, 2, "40")
    wait_output(page, 4, "4")


LOOPS_ON_LOAD = '''import cove

app = cove.App()


@app.cell
def _():
    a = 1
    a
    return (a,)


@app.cell
def _(a):
    while True:
        pass
    return


@app.cell
def _(a):
    c = a + 1
    c
    return (c,)
'''


@pytest.mark.parametrize("isolated", [True, False], ids=["interrupt", "restart"])
def test_stop_works_while_the_notebook_first_runs(tmp_path: Path, static_server, page, isolated: bool) -> None:
    make_site(tmp_path, LOOPS_ON_LOAD)
    page.goto(static_server(tmp_path, isolated=isolated) + "index.html")
    wait_status(page, 1, "running", timeout=120_000)
    stop = page.locator("[data-cove-action=stop]")
    stop.wait_for()
    page.wait_for_function("!document.querySelector('[data-cove-action=stop]').disabled")
    stop.click()
    page.wait_for_function(READY, timeout=30_000)
    wait_status(page, 1, "error")
    wait_output(page, 0, "1")
    wait_output(page, 2, "2")
    assert "while True" in cell(page, 1).locator(".cove-code").inner_text()
