"""A runtime that dies (a C-level recursion that overflows the JavaScript stack, a wasm abort, a
Pyodide fatal error) does not take the notebook with it: the page says what happened, offers a
restart, and the restart brings back every cell's code without running the crashing cell again.
A MemoryError stays an ordinary error on its cell. A crash during the boot's first run (the page's
`restoring` phase, web/src/phase.ts) shows the same banner."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.site import READY, cell, make_site, set_code, static_ready, wait_output, wait_ready, wait_status

NB = '''import cove

app = cove.App()


@app.cell
def _():
    a = 1
    a
    return (a,)


@app.cell
def _():
    b = 2
    return (b,)
'''

CRASHES = {
    # repr() of a deeply nested list recurses in C: the JavaScript stack overflows
    "js-stack-overflow": "import sys\nsys.setrecursionlimit(10**6)\nl = []\nfor _ in range(10**6):\n    l = [l]\nrepr(l)",
    "wasm-abort": "import os\nos.abort()",
    "fatal-error": "import pyodide_js\npyodide_js._api.fatal_error('crash test')",
}


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def _kernel_error(page) -> str:
    page.wait_for_function("document.documentElement.dataset.coveKernel === 'error'", timeout=60_000)
    return page.locator('.cove-banner[data-banner="kernel"]').inner_text()


@pytest.mark.parametrize("code", list(CRASHES.values()), ids=list(CRASHES))
def test_a_crash_is_reported_and_a_restart_loses_nothing(tmp_path: Path, static_server, page, code: str) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    set_code(page, 0, "a = 5\na", run=False)  # an edit the kernel has not serialized yet
    set_code(page, 1, code)
    banner = _kernel_error(page)
    assert "crashed" in banner and "code is kept" in banner, banner
    page.locator('.cove-banner[data-banner="kernel"] button', has_text="Restart").click()
    page.wait_for_function(READY, timeout=60_000)
    wait_status(page, 1, "error")
    assert "crashed" in cell(page, 1).locator(".cove-output").inner_text()
    assert code.splitlines()[-1] in cell(page, 1).locator(".cove-code").inner_text(), "the crashing code is kept"
    wait_output(page, 0, "5")  # the edit survived and ran
    set_code(page, 1, "b = a * 2\nb")
    wait_output(page, 1, "10")


def test_memory_error_is_an_ordinary_cell_error(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    set_code(page, 1, "chunks = []\nwhile True:\n    chunks.append(bytearray(50_000_000))")
    wait_status(page, 1, "error", timeout=120_000)
    assert "MemoryError" in cell(page, 1).locator(".cove-output").inner_text()
    page.wait_for_function(READY)
    set_code(page, 1, "b = a + 1\nb")
    wait_output(page, 1, "2")


def test_a_crash_while_restoring_shows_the_crash_banner(tmp_path: Path, static_server, page) -> None:
    crash = "import pyodide_js\npyodide_js._api.fatal_error('crash test')"
    make_site(tmp_path, NB.replace("    b = 2\n", "    b = 2\n" + "".join(f"    {line}\n" for line in crash.splitlines())))
    page.goto(static_server(tmp_path) + "index.html")
    banner = _kernel_error(page)
    assert "crashed" in banner and "code is kept" in banner, banner
    marks = page.evaluate("performance.getEntriesByType('mark').map((m) => m.name)")
    assert "cove:kernel-ready" in marks and "cove:interactive" not in marks, marks  # while restoring
    assert page.locator('.cove-banner[data-banner="kernel"] button', has_text="Restart").is_visible()
