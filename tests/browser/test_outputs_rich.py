"""Rich outputs on really exported sites, in Chromium: math typeset by KaTeX, a Plotly figure, a
Vega-Lite chart (each library a lazy chunk of the site, loaded only when needed), a progress bar
that advances while its cell runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.outputs_site import EXAMPLES, export, open_site
from tests.web.site import cell, wait_output


def test_markdown_math_is_typeset_by_katex(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "math.py", tmp_path)
    html = (site / "index.html").read_text()
    # With JavaScript off the TeX source is in the page, readable.
    assert 'class="cove-math" data-display="inline">e^{i\\pi} + 1 = 0<' in html
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_site(page, static_server, site)
    page.wait_for_selector(".cove-math .katex", timeout=30_000)
    assert cell(page, 1).locator(".katex").count() >= 3  # inline, display, and in the table
    assert cell(page, 1).locator(".katex-display").count() == 1
    assert cell(page, 1).locator("table").count() == 1  # the Markdown table, prerendered
    # The stylesheet and fonts come from the site itself (never a CDN).
    assert any("/web/katex-" in u and u.endswith(".css") for u in requests)
    assert all(u.startswith(site_url(page)) or u.startswith("data:") or u.startswith("blob:") for u in requests)
    # A re-run's new math is typeset too: the slider's label and the dependent cell.
    cell(page, 2).locator("input[type=range]").fill("5")
    page.wait_for_function(
        "() => document.querySelector('.cove-cell[data-cell-index=\"3\"] .cove-math[data-typeset]')?.dataset.tex === 'x^{5}'",
        timeout=30_000,
    )
    assert cell(page, 2).locator(".cove-label-text .katex").count() == 1


def site_url(page) -> str:
    return page.url.rsplit("/", 1)[0]


def test_page_without_math_or_charts_loads_no_lazy_chunk(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "progress.py", tmp_path)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_site(page, static_server, site)
    lazy = [u for u in requests if any(k in u for k in ("lib-katex", "lib-plotly", "lib-vega", "katex-"))]
    assert lazy == []


def test_plotly_figure(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "plotly_chart.py", tmp_path)
    open_site(page, static_server, site)
    page.wait_for_selector(".cove-plotly svg.main-svg", timeout=60_000)
    assert cell(page, 1).locator(".cove-plotly[data-chart=ready] .scatterlayer .trace").count() == 1
    assert "Plotly in Cove" in cell(page, 1).inner_text()


def test_vega_lite_chart(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "vega_chart.py", tmp_path)
    html = (site / "index.html").read_text()
    assert 'class="cove-vega" data-mime="application/vnd.vegalite.v5+json"' in html  # prerendered placeholder
    open_site(page, static_server, site)
    page.wait_for_selector(".cove-vega[data-chart=ready] svg, .cove-vega[data-chart=ready] canvas", timeout=60_000)
    assert cell(page, 1).locator(".cove-vega .mark-rect path, .cove-vega canvas").count() >= 1


def test_progress_bar_advances_while_the_cell_runs(tmp_path: Path, static_server, page) -> None:
    site = export(EXAMPLES / "progress.py", tmp_path)
    open_site(page, static_server, site)
    # Record every value the bar shows while the cell is still running.
    page.evaluate("""() => {
        window.__seen = [];
        const out = document.querySelector('.cove-cell[data-cell-index="2"]');
        new MutationObserver(() => {
            const bar = out.querySelector('progress');
            const running = out.dataset.status === 'running';
            if (bar && running) window.__seen.push(Number(bar.value));
        }).observe(out, { subtree: true, childList: true, attributes: true });
    }""")
    cell(page, 1).locator("button").click()
    wait_output(page, 2, "total = 190", timeout=60_000)
    seen = page.evaluate("window.__seen")
    print("progress values painted while running:", seen)
    assert len(set(seen)) >= 3 and seen == sorted(seen), seen
