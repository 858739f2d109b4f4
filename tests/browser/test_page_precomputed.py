"""Controls that answer before Python boots (cove/_export/precompute.py, web/src/boot/precomputed.ts):
a change made right after navigation shows the precomputed output before `cove:kernel-ready`;
the kernel then adopts the reader's values without changing what is shown; a value no table
holds shows its cells as computing, then the live result."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cove._export.site import ExportOptions, export_site
from tests.web.site import output_text, static_ready, wait_output, wait_ready

NB = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    a = mo.ui.slider(0, 4, value=2, label="a", show_value=True)
    b = mo.ui.slider(1, 3, label="b")
    letter = mo.ui.dropdown(["x", "y", "z"], value="y", label="letter")
    words = mo.ui.text(value="hi", label="words")
    mo.hstack([a, b, letter, words])
    return a, b, letter, words


@app.cell
def _(a, b):
    f"{a.value} + {b.value} = {a.value + b.value}"
    return


@app.cell
def _(letter):
    letter.value.upper() * 3
    return


@app.cell
def _(words):
    f"words: {words.value}!"
    return
'''

# Records, in the page, when cell `index` first shows `text` and whether the kernel was ready then.
WATCH = """([index, text]) => { window.__seen = new Promise((resolve) => {
    setTimeout(() => resolve({at: null, kernelReady: 'never shown'}), 60000);
    const out = () => document.querySelector(`.cove-cell[data-cell-index="${index}"] .cove-output`);
    const check = () => {
        if (!(out()?.textContent ?? '').includes(text)) return false;
        resolve({at: performance.now(), kernelReady: performance.getEntriesByName('cove:kernel-ready').length > 0});
        return true;
    };
    if (!check()) new MutationObserver((_m, obs) => { if (check()) obs.disconnect(); })
        .observe(document.documentElement, {childList: true, subtree: true, characterData: true});
}); }"""

WATCH_STATUS = """([index, status]) => { window.__seen = new Promise((resolve) => {
    setTimeout(() => resolve({at: null, kernelReady: 'never shown'}), 60000);
    const cell = document.querySelector(`.cove-cell[data-cell-index="${index}"]`);
    const check = () => {
        if (cell.dataset.status !== status) return false;
        resolve({at: performance.now(), kernelReady: performance.getEntriesByName('cove:kernel-ready').length > 0});
        return true;
    };
    if (!check()) new MutationObserver((_m, obs) => { if (check()) obs.disconnect(); })
        .observe(cell, {attributes: true, attributeFilter: ['data-status']});
}); }"""

SET = """([selector, value]) => {
    const control = document.querySelector(selector);
    control.value = value;
    control.dispatchEvent(new Event('input', {bubbles: true}));
    control.dispatchEvent(new Event('change', {bubbles: true}));
}"""

@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "nb.py").write_text(NB)
    export_site(tmp_path / "nb.py", tmp_path / "site", ExportOptions(quiet=True))
    return tmp_path / "site"


def nth(page: Any, label: str, tag: str) -> str:
    element_id = page.evaluate(
        """([label, tag]) => [...document.querySelectorAll('[data-cove-ui]')]
            .find((el) => el.querySelector('.cove-label-text')?.textContent === label && el.querySelector(tag))
            ?.dataset.coveId""", [label, tag])
    assert element_id, f"no {tag} labelled {label}"
    return f'[data-cove-id="{element_id}"] {tag}'


def test_a_change_100_ms_after_navigation_shows_the_right_output_before_the_kernel_is_ready(site: Path, static_server, page) -> None:
    url = static_server(site) + "index.html"
    page.goto(url, wait_until="commit")
    page.wait_for_selector('[data-cove-ui="slider"] input[type=range]', state="attached")
    page.wait_for_function("performance.now() >= 100")
    a = nth(page, "a", "input[type=range]")
    page.evaluate(WATCH, [2, "4 + 1 = 5"])
    page.evaluate(SET, [a, "4"])
    result = page.evaluate("window.__seen")
    assert result["kernelReady"] is False, f"shown at {result['at']:.0f} ms, after the kernel was ready"
    # The kernel takes over with the reader's value: the output stays, the slider keeps 4.
    wait_ready(page)
    page.wait_for_function("performance.getEntriesByName('cove:interactive').length > 0")
    assert "4 + 1 = 5" in output_text(page, 2)
    assert page.locator(a).input_value() == "4"
    # And it is live: a value changed now runs in the kernel.
    page.evaluate(SET, [nth(page, "b", "input[type=range]"), "3"])
    wait_output(page, 2, "4 + 3 = 7")


def test_a_change_made_before_the_pages_script_runs_is_answered_as_it_starts(site: Path, static_server, page) -> None:
    # The slices are inside the page: the answer needs no fetch, and comes as the script starts
    # and catches up on the control, even though the view has not adopted the prerender yet then.
    assert '"inline":' in (site / "index.html").read_text()
    held: list[Any] = []
    page.route("**/web/main-*.js", lambda route: held.append(route))
    page.goto(static_server(site) + "index.html", wait_until="commit")
    page.wait_for_selector(".cove-cell[data-cell-index='2'] .cove-output", state="attached")
    page.evaluate(WATCH, [2, "4 + 1 = 5"])
    page.evaluate(SET, ['[data-cove-ui="slider"] input[type=range]', "4"])  # a: nothing listens yet
    assert held, "main.js was requested"
    held[0].continue_()
    result = page.evaluate("window.__seen")
    assert result["kernelReady"] is False, f"shown at {result['at']} ms, after the kernel was ready (or never)"
    # The slider's number shows the reader's value too, not the one it was rendered with.
    assert page.text_content('[data-cove-ui="slider"] output.cove-value') == "4"


def test_a_dropdown_answers_from_its_own_table(site: Path, static_server, page) -> None:
    page.goto(static_server(site) + "index.html", wait_until="commit")
    page.wait_for_selector("select", state="attached")
    page.evaluate(WATCH, [3, "ZZZ"])
    page.select_option(nth(page, "letter", "select"), "z")
    assert page.evaluate("window.__seen")["kernelReady"] is False
    wait_ready(page)
    page.wait_for_function("performance.getEntriesByName('cove:interactive').length > 0")
    assert "ZZZ" in output_text(page, 3)


def test_a_value_no_table_holds_shows_computing_then_the_live_result(site: Path, static_server, page) -> None:
    page.goto(static_server(site) + "index.html", wait_until="commit")
    page.wait_for_selector("input[type=text]", state="attached")
    page.evaluate(WATCH_STATUS, [4, "queued"])
    page.evaluate(SET, [nth(page, "words", "input[type=text]"), "there"])
    assert page.evaluate("window.__seen")["kernelReady"] is False
    wait_ready(page)
    wait_output(page, 4, "words: there!")
    assert page.locator('.cove-cell[data-cell-index="4"]').get_attribute("data-status") == "idle"
