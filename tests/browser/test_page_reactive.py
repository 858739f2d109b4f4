"""The notebook page in real Chromium against a static folder (build output + an index.html from
cove._site.render): boot, sliders, edits, lazy mode, errors, deletions (docs/spec.md §2, §6)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.web.site import (
    READY, cell, make_site, output_text, set_code, static_ready, wait_output, wait_ready, wait_status,
)


def notebook(*cells: str, header: str = "import cove\n\napp = cove.App()\n") -> str:
    body = []
    for code in cells:
        body.append("@app.cell\ndef _():\n" + textwrap.indent(code.strip("\n"), "    ") + "\n    return\n")
    return header + "\n\n" + "\n\n".join(body) + '\n\nif __name__ == "__main__":\n    app.run()\n'


SLIDER_NB = notebook(
    "import cove as mo",
    'n = mo.ui.slider(1, 10, value=3, label="n")\nn',
    'print("squares for", n.value)\nsquares = [i * i for i in range(n.value)]\nsquares',
)
CHAIN_NB = notebook("x = 1", "y = x + 1\ny", "z = y * 10\nz", "other = 'untouched'\nother")


@pytest.fixture
def open_notebook(tmp_path: Path, static_server, page):
    reason = static_ready()
    if reason:
        pytest.skip(reason)

    def open_(text: str, **kwargs) -> object:
        site = make_site(tmp_path / "site", text, **kwargs)
        page.goto(static_server(tmp_path / "site") + str(site.relative_to(tmp_path / "site") / "index.html").lstrip("."))
        wait_ready(page)
        return page

    return open_


def test_boots_to_ready_with_marks(open_notebook) -> None:
    page = open_notebook(SLIDER_NB)
    assert page.locator(".cove-cell").count() == 3
    wait_output(page, 2, "[0, 1, 4]")
    assert cell(page, 2).locator(".cove-console").inner_text() == "squares for 3\n"
    marks = page.evaluate("performance.getEntriesByType('mark').map(m => m.name)")
    for name in ("cove:prerendered", "cove:kernel-ready", "cove:interactive"):
        assert name in marks
    assert page.evaluate(
        "[...document.querySelectorAll('.cove-cell')].map(c => c.dataset.status)"
    ) == ["idle", "idle", "idle"]


def test_slider_keyboard_and_fill_update_the_dependent_cell(open_notebook) -> None:
    page = open_notebook(SLIDER_NB)
    slider = page.locator("[data-cove-ui=slider] input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_output(page, 2, "[0, 1, 4, 9]")
    page.wait_for_function(READY)
    slider.fill("7")
    wait_output(page, 2, "[0, 1, 4, 9, 16, 25, 36]")
    assert "squares for 7" in cell(page, 2).locator(".cove-console").inner_text()
    page.wait_for_function(READY)
    measures = page.evaluate("performance.getEntriesByName('cove:update').map(m => m.duration)")
    assert len(measures) >= 2
    assert all(0 <= d < 5000 for d in measures)


def test_fast_slider_drag_ends_on_the_last_value(open_notebook) -> None:
    page = open_notebook(SLIDER_NB)
    # 200 input events in one task: the page keeps one update in flight and coalesces the rest.
    page.evaluate("""() => {
        const s = document.querySelector('[data-cove-ui=slider] input[type=range]');
        for (let i = 0; i < 200; i++) {
            s.value = String(1 + (i % 10));
            s.dispatchEvent(new Event('input', { bubbles: true }));
        }
        s.value = '5';
        s.dispatchEvent(new Event('input', { bubbles: true }));
        s.dispatchEvent(new Event('change', { bubbles: true }));
    }""")
    page.wait_for_function(READY)
    assert "[0, 1, 4, 9, 16]" in output_text(page, 2)
    assert "squares for 5" in cell(page, 2).locator(".cove-console").inner_text()


def test_editing_a_cell_reruns_its_descendants(open_notebook) -> None:
    page = open_notebook(CHAIN_NB)
    wait_output(page, 2, "20")
    set_code(page, 0, "x = 5")
    wait_output(page, 1, "6")
    wait_output(page, 2, "60")
    page.wait_for_function(READY)
    assert output_text(page, 3).strip() == "'untouched'"


def test_lazy_mode_marks_stale_and_run_stale_clears_it(open_notebook) -> None:
    page = open_notebook(CHAIN_NB)
    mode = page.locator("[data-cove-action=mode]")
    mode.click()
    page.wait_for_function("document.querySelector('[data-cove-action=mode]').getAttribute('aria-pressed') === 'true'")
    page.wait_for_function(READY)
    set_code(page, 0, "x = 2")
    wait_status(page, 1, "stale")
    wait_status(page, 2, "stale")
    page.wait_for_function(READY)
    assert output_text(page, 1).strip() == "2", "a stale cell keeps its old output"
    page.locator("[data-cove-action=run-stale]").click()
    wait_output(page, 2, "30")
    page.wait_for_function(READY)
    assert page.locator('.cove-cell[data-status="stale"]').count() == 0
    assert output_text(page, 1).strip() == "3"


def test_exception_shows_traceback_and_blocks_descendants(open_notebook) -> None:
    page = open_notebook(CHAIN_NB)
    set_code(page, 0, "x = 1\n1 / 0")
    wait_status(page, 0, "error")
    page.wait_for_function(READY)
    error = cell(page, 0).locator(".cove-error")
    assert "ZeroDivisionError" in error.inner_text()
    tb = cell(page, 0).locator(".cove-traceback").inner_text()
    assert "line 2" in tb
    for i in (1, 2):
        assert cell(page, i).get_attribute("data-status") == "error"
        assert cell(page, i).locator(".cove-error").get_attribute("data-error-kind") == "ancestor"
    assert cell(page, 3).get_attribute("data-status") == "idle"
    set_code(page, 0, "x = 3")
    wait_output(page, 2, "40")
    assert cell(page, 1).locator(".cove-error").count() == 0


def test_deleting_a_cell_reruns_its_dependents_with_an_error(open_notebook) -> None:
    page = open_notebook(CHAIN_NB)
    cell(page, 0).locator("[data-cell-action=delete]").click()
    page.wait_for_function("document.querySelectorAll('.cove-cell').length === 3")
    wait_status(page, 0, "error")  # the old cell 1 (y = x + 1) is now cell 0
    page.wait_for_function(READY)
    assert "x" in cell(page, 0).locator(".cove-error").inner_text()
    assert page.evaluate("[...document.querySelectorAll('.cove-cell')].map(c => c.dataset.cellIndex)") == ["0", "1", "2"]


def test_add_and_move_cells(open_notebook) -> None:
    page = open_notebook(CHAIN_NB)
    page.locator("[data-cove-action=add-cell]").click()
    page.wait_for_function("document.querySelectorAll('.cove-cell').length === 5")
    page.keyboard.insert_text("w = z + 1\nw")
    page.keyboard.press("Control+Enter")
    wait_output(page, 4, "21")
    cell(page, 4).locator("[data-cell-action=up]").click()
    page.wait_for_function(
        "document.querySelector('.cove-cell[data-cell-index=\"3\"] .cove-output').innerText.includes('21')"
    )
    page.wait_for_function(READY)
    assert output_text(page, 4).strip() == "'untouched'"


def test_prerendered_outputs_are_adopted_without_repainting(open_notebook, page) -> None:
    # Watch the outputs from the first script on: the boot run produces the same outputs, so
    # the page must not touch them (no flicker, no jump).
    # Recording starts when parsing ends ("interactive"), before module scripts run.
    page.add_init_script("""
        window.__mutations = [];
        document.addEventListener('readystatechange', () => {
            if (document.readyState !== 'interactive') return;
            new MutationObserver((records) => {
                for (const r of records) {
                    const target = r.target.nodeType === 1 ? r.target : r.target.parentElement;
                    if (target && target.closest('.cove-output')) window.__mutations.push(r.type);
                }
            }).observe(document, { subtree: true, childList: true, characterData: true });
        }, { once: true });
    """)
    open_notebook(SLIDER_NB, prerender=True)
    wait_output(page, 2, "[0, 1, 4]")
    assert page.evaluate("window.__mutations") == []


def test_main_thread_has_no_long_tasks_while_cells_run(open_notebook) -> None:
    page = open_notebook(SLIDER_NB)
    page.evaluate("""() => {
        window.__long = [];
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
            .observe({ type: 'longtask' });
    }""")
    slider = page.locator("[data-cove-ui=slider] input[type=range]")
    slider.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    wait_output(page, 2, "49, 64]")
    page.wait_for_function(READY)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__long") == []
