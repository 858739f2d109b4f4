"""A 100,000-row cove.ui.table on an exported site: scrolling and sorting ask the kernel for rows
(the DOM keeps a few dozen), paging and searching re-run no cell, selecting rows does."""
from __future__ import annotations

from pathlib import Path

from tests.browser.outputs_site import EXAMPLES, export, open_site
from tests.web.site import cell, wait_output

ROWS = '.cove-cell[data-cell-index="1"] tbody tr[data-row]'


def visible_ids(page, cell_index: int = 1) -> list[int]:
    """Ids of the rows inside the scrolling viewport."""
    return page.evaluate(
        """(i) => {
            const box = document.querySelector(`.cove-cell[data-cell-index="${i}"] .cove-table-scroll`);
            const r = box.getBoundingClientRect();
            return [...box.querySelectorAll('tbody tr[data-row]')]
                .filter((tr) => { const t = tr.getBoundingClientRect(); return t.bottom > r.top + 30 && t.top < r.bottom; })
                .map((tr) => Number(tr.dataset.row));
        }""",
        cell_index,
    )


def watch_reruns(page) -> None:
    page.evaluate("""() => {
        window.__reruns = 0;
        for (const i of [2]) {
            const el = document.querySelector(`.cove-cell[data-cell-index="${i}"]`);
            new MutationObserver(() => { if (el.dataset.status === 'running') window.__reruns++; })
                .observe(el, { attributes: true, attributeFilter: ['data-status'] });
        }
    }""")


def test_100k_rows_scroll_sort_page_search_select(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "big_table.py", tmp_path)
    html = (site / "index.html").read_text()
    assert html.count("<tr data-row=") == 100 + 5, "only the first rows are in the page"
    assert len(html) < 2_000_000
    open_site(page, static_server, site)
    watch_reruns(page)
    assert visible_ids(page)[:3] == [0, 1, 2]

    # Scroll to the middle: the rows there are fetched and drawn, the DOM stays small.
    box = cell(page, 1).locator(".cove-table-scroll")
    box.evaluate("el => { el.scrollTop = el.scrollHeight / 2; }")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{ROWS}')].some((tr) => Math.abs(Number(tr.dataset.row) - 50000) < 200)",
        timeout=30_000,
    )
    middle = visible_ids(page)
    assert middle and 49_000 < middle[0] < 51_000, middle
    assert page.locator(ROWS).count() < 80

    # Sort by "square", descending (two clicks): the view starts again at the top, biggest first.
    sort = cell(page, 1).locator('th[data-column="square"] button')
    sort.click()
    page.wait_for_function(f"() => document.querySelector('{ROWS}')?.dataset.row === '0'", timeout=30_000)
    sort.click()
    page.wait_for_function(f"() => document.querySelector('{ROWS}')?.dataset.row === '99999'", timeout=30_000)
    assert visible_ids(page)[:2] == [99999, 99998]
    assert cell(page, 1).locator('th[data-column="square"]').get_attribute("aria-sort") == "descending"
    box.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_function(f"() => [...document.querySelectorAll('{ROWS}')].some((tr) => tr.dataset.row === '0')", timeout=30_000)
    assert page.locator(ROWS).count() < 80

    # Paging and searching the second table re-run nothing.
    paged = cell(page, 3)
    paged.locator('[data-page="next"]').click()
    page.wait_for_function(
        "() => document.querySelector('.cove-cell[data-cell-index=\"3\"] tbody tr[data-row]')?.dataset.row === '5'",
        timeout=30_000,
    )
    assert "Page 2 of 20,000" in paged.inner_text()
    paged.locator(".cove-table-search").fill("152399025")  # 12345²
    page.wait_for_function(
        "() => document.querySelectorAll('.cove-cell[data-cell-index=\"3\"] tbody tr[data-row]').length === 1",
        timeout=30_000,
    )
    assert "1 row match" in paged.inner_text()
    assert paged.locator("tbody tr[data-row]").get_attribute("data-row") == "12345"
    page.wait_for_timeout(300)
    assert page.evaluate("window.__reruns") == 0, "paging, sorting or searching re-ran a cell"

    # Selecting rows is the table's value: the cell that uses it re-runs.
    box.evaluate("el => { el.scrollTop = 0; }")
    row = cell(page, 1).locator('tbody tr[data-row="99999"] input[type=checkbox]')
    row.wait_for(timeout=30_000)
    row.check()
    wait_output(page, 2, "selected: [99999]", timeout=30_000)
    assert page.evaluate("window.__reruns") >= 1
