"""Stop: a cell stuck in `while True` is interrupted in place on a cross-origin isolated page
(KeyboardInterrupt through Pyodide's interrupt buffer), and by restarting the worker elsewhere;
either way the notebook is usable again and the code is untouched."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.web.site import READY, cell, make_site, set_code, static_ready, wait_output, wait_ready, wait_status

NB = '''import cove

app = cove.App()


@app.cell
def _():
    x = 1
    return (x,)


@app.cell
def _(x):
    y = x + 1
    y
    return (y,)
'''


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


@pytest.mark.parametrize("isolated", [True, False], ids=["interrupt", "restart"])
def test_stop_ends_a_runaway_cell(tmp_path: Path, static_server, page, isolated: bool) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path, isolated=isolated) + "index.html")
    wait_ready(page)
    assert page.evaluate("crossOriginIsolated") is isolated
    set_code(page, 1, "while True:\n    pass")
    wait_status(page, 1, "running")
    stop = page.locator("[data-cove-action=stop]")
    started = time.monotonic()
    stop.click()
    page.wait_for_function(READY, timeout=30_000)
    assert time.monotonic() - started < 10
    if isolated:
        wait_status(page, 1, "error")
        assert "KeyboardInterrupt" in cell(page, 1).inner_text() or "nterrupt" in cell(page, 1).inner_text()
    else:
        page.locator('.cove-banner[data-banner="stop"]').wait_for()
    assert "while True" in cell(page, 1).locator(".cove-code").inner_text(), "the code is untouched"
    set_code(page, 1, "y = x + 41\ny")
    wait_output(page, 1, "42")
