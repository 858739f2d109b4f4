"""A marimo-format notebook (`import marimo as mo`, `marimo.App`, mo.md / mo.ui.slider / mo.hstack
/ mo.callout / mo.ui.table) runs unchanged: in `cove run` and on an exported site in Chromium."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.browser.outputs_site import EXAMPLES, export, open_site
from tests.web.site import ROOT, cell, wait_output

NOTEBOOK = EXAMPLES / "marimo_notebook.py"


def test_cove_run_runs_it() -> None:
    proc = subprocess.run([sys.executable, "-m", "cove", "run", str(NOTEBOOK)], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT / "py"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr


def test_runs_in_the_browser(tmp_path: Path, static_server, page) -> None:
    site = export(NOTEBOOK, tmp_path)
    open_site(page, static_server, site)
    page.wait_for_selector(".cove-cell[data-cell-index=\"1\"] .cove-math .katex", timeout=30_000)
    assert cell(page, 2).locator(".cove-hstack input[type=range]").count() == 2
    callout = cell(page, 3).locator(".cove-callout-success")
    assert "5.00" in callout.inner_text()
    cell(page, 2).locator("input[type=range]").first.fill("6")
    wait_output(page, 3, "7.21", timeout=30_000)
    table = cell(page, 4)
    assert "841 rows" in table.inner_text() and table.locator("tbody tr[data-row]").count() == 8
    table.locator('[data-page="next"]').click()
    page.wait_for_function(
        "() => document.querySelector('.cove-cell[data-cell-index=\"4\"] tbody tr[data-row]')?.dataset.row === '8'",
        timeout=30_000,
    )
    table.locator('tbody tr[data-row="9"] input[type=checkbox]').check()
    wait_output(page, 5, "1 selected", timeout=30_000)
