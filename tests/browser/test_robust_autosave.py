"""The static editor never loses code: every change is kept in the browser's storage as it is
made (not only on Save), and a reload, or a tab that crashed, brings it back with a clear
notice and a way back to the published version."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import READY, cell, make_site, set_code, static_ready, wait_output, wait_ready

NB = '''import cove

app = cove.App()


@app.cell
def _():
    a = 1
    a
    return (a,)


@app.cell
def _(a):
    b = a + 1
    b
    return (b,)
'''

# the editor reports typing after 300 ms, autosave writes 400 ms after that
SETTLE_MS = 1500


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def _code(page: Any, index: int) -> str:
    return cell(page, index).locator(".cove-code").inner_text()


def _restored_banner(page: Any) -> Any:
    return page.locator('.cove-banner[data-banner="restored"]')


def test_edits_survive_a_reload_and_the_published_version_is_one_click_away(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    assert _restored_banner(page).count() == 0
    set_code(page, 0, "a = 20\na", run=False)  # typed, never run, never saved
    page.locator("[data-cove-action=add-cell]").click()
    set_code(page, 2, "c = b * 100\nc", run=False)
    page.wait_for_timeout(SETTLE_MS)
    page.reload()
    wait_ready(page)
    banner = _restored_banner(page)
    assert "Restored unsaved changes" in banner.inner_text()
    assert "a = 20" in _code(page, 0)
    assert "c = b * 100" in _code(page, 2)
    wait_output(page, 1, "21")
    wait_output(page, 2, "2100")
    banner.locator("button", has_text="published").click()
    page.wait_for_load_state()
    wait_ready(page)
    assert _restored_banner(page).count() == 0
    assert "a = 1" in _code(page, 0)
    assert page.locator(".cove-cell").count() == 2
    wait_output(page, 1, "2")


def test_edits_survive_a_crashed_tab_even_while_the_kernel_is_stuck(tmp_path: Path, static_server, browser) -> None:
    make_site(tmp_path, NB)
    url = static_server(tmp_path) + "index.html"
    before = _renderers(browser)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        wait_ready(page)
        set_code(page, 1, "b = a + 1\nwhile True:\n    pass")  # the kernel is stuck from here on
        page.wait_for_timeout(500)
        set_code(page, 0, "a = 300\na", run=False)
        page.wait_for_timeout(SETTLE_MS)
        _crash(browser, page, before)  # the renderer dies: no unload, no pagehide
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector('.cove-banner[data-banner="restored"]', timeout=60_000)
        assert "a = 300" in _code(page, 0)
        assert "while True" in _code(page, 1)
        # the restored loop runs again (it is the reader's code): Stop still ends it
        page.wait_for_selector('.cove-cell[data-cell-index="1"][data-status="running"]', timeout=90_000)
        page.locator("[data-cove-action=stop]").click()
        page.wait_for_function(READY, timeout=60_000)
        wait_output(page, 0, "300")
    finally:
        context.close()


def _renderers(browser: Any) -> set[int]:
    cdp = browser.new_browser_cdp_session()
    try:
        info = cdp.send("SystemInfo.getProcessInfo")
    finally:
        cdp.detach()
    return {p["id"] for p in info["processInfo"] if p["type"] == "renderer"}


def _crash(browser: Any, page: Any, before: set[int]) -> None:
    """Kill the page's renderer process, as a crash would (Page.crash never answers)."""
    crashed: list[bool] = []
    page.on("crash", lambda _: crashed.append(True))
    ours = _renderers(browser) - before
    assert ours, "the page's renderer process"
    for pid in ours:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not crashed and time.monotonic() < deadline:
        try:
            page.wait_for_timeout(100)
        except Exception:
            break
    assert crashed, "the tab crashed"


def test_a_share_link_does_not_overwrite_the_readers_copy(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB)
    url = static_server(tmp_path) + "index.html"
    page.goto(url)
    wait_ready(page)
    set_code(page, 0, "a = 7\na", run=False)
    page.wait_for_timeout(SETTLE_MS)
    link = page.evaluate(
        """async () => {
            const bytes = new TextEncoder().encode(document.getElementById('cove-config').textContent.length ? 'import cove\\n\\napp = cove.App()\\n\\n\\n@app.cell\\ndef _():\\n    shared = 1\\n    return (shared,)\\n' : '');
            const out = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
            const buf = new Uint8Array(await new Response(out).arrayBuffer());
            let s = ''; for (const b of buf) s += String.fromCharCode(b);
            return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
        }"""
    )
    page.goto("about:blank")  # a new document: a hash change alone does not reload the page
    page.goto(url + "#code=" + link)
    page.wait_for_selector('.cove-banner[data-banner="shared"]')
    set_code(page, 0, "shared = 2", run=False)
    page.wait_for_timeout(SETTLE_MS)
    page.goto("about:blank")
    page.goto(url)
    wait_ready(page)
    assert "a = 7" in _code(page, 0), "the reader's own copy is intact"
