"""Runaway output cannot drown the page: a cell that prints 10 MB and ends, or prints forever,
is cut with a notice (in the kernel at 1,000,000 characters, on the page to the newest
100,000 characters and 2,000 lines), and no task of the main thread takes more than 200 ms
(of CPU time: tests/robust/timing.py) while it streams; a cell printing forever is ended by
Stop."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.robust.timing import main_thread_tasks
from tests.web.site import READY, cell, make_site, set_code, static_ready, wait_ready, wait_status

NB = '''import cove

app = cove.App()


@app.cell
def _():
    a = 1
    a
    return (a,)


@app.cell
def _():
    return
'''

LONG_TASK_MS = 200

@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def _open(page: Any, static_server: Any, tmp_path: Path) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)


def _console(page: Any, index: int) -> str:
    return cell(page, index).locator(".cove-console").inner_text()


def test_ten_megabytes_of_output_is_cut_and_the_page_stays_responsive(tmp_path: Path, static_server, browser, page) -> None:
    _open(page, static_server, tmp_path)
    with main_thread_tasks(browser, page) as tasks:
        set_code(page, 1, "for i in range(200_000):\n    print(f'line {i:07d} ' + 'x' * 40)\n'done'")
        wait_status(page, 1, "idle", timeout=120_000)
        page.wait_for_function(READY)
    text = _console(page, 1)
    assert "output cut" in text, text[:300]
    assert len(text) <= 110_000, "the page keeps a bounded console"
    assert "done" in cell(page, 1).locator(".cove-output").inner_text()
    assert len(tasks) > 10, "the trace recorded the page's tasks"
    longest = max(tasks)
    print(f"longest main-thread task: {longest:.0f} ms of {len(tasks)}")
    assert longest <= LONG_TASK_MS, f"a task of {longest:.0f} ms while streaming"


def test_a_cell_printing_forever_is_cut_and_stopped(tmp_path: Path, static_server, browser, page) -> None:
    _open(page, static_server, tmp_path)
    with main_thread_tasks(browser, page) as tasks:
        set_code(page, 1, "i = 0\nwhile True:\n    i += 1\n    print('spam', i)")
        page.wait_for_function(
            """() => document.querySelector('.cove-cell[data-cell-index="1"] .cove-console').textContent.includes('output cut')""",
            timeout=60_000,
        )
        # the page answers while the loop runs on
        page.wait_for_timeout(2000)
        assert page.evaluate("1 + 1") == 2
        assert cell(page, 1).get_attribute("data-status") == "running"
    assert len(tasks) > 10, "the trace recorded the page's tasks"
    longest = max(tasks)
    print(f"longest main-thread task: {longest:.0f} ms of {len(tasks)}")
    assert longest <= LONG_TASK_MS, f"a task of {longest:.0f} ms while streaming"
    page.locator("[data-cove-action=stop]").click()
    page.wait_for_function(READY, timeout=30_000)
    wait_status(page, 1, "error")
    assert "while True" in cell(page, 1).locator(".cove-code").inner_text()
