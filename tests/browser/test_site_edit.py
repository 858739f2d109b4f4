"""`cove export --mode edit`: the editor as a static site, on a real export. Edits are kept in the
browser (autosave, restored on the next visit), Download gives the .py file, Share makes a link
with the code in its hash, and that link shows the code and runs nothing until Run."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.site import READY, cell, set_code, static_ready, wait_output, wait_ready

ROOT = Path(__file__).resolve().parents[2]

NB = '''import cove

app = cove.App(app_title="Editable")


@app.cell
def _():
    x = 6
    return (x,)


@app.cell
def _(x):
    f"x times 7 is {x * 7}"
    return
'''


@pytest.fixture(autouse=True)
def _built() -> None:
    if reason := static_ready():
        pytest.skip(reason)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "nb.py").write_text(NB)
    proc = subprocess.run(
        [sys.executable, "-m", "cove", "export", str(tmp_path / "nb.py"), "-o", str(tmp_path / "site"), "--mode", "edit", "-q"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "site"


def test_edit_export_has_the_editor_and_prerendered_outputs(site: Path, static_server, page) -> None:
    html = (site / "index.html").read_text()
    assert "x times 7 is 42" in html and 'data-cove-mode="edit"' in html
    page.goto(static_server(site) + "index.html")
    wait_ready(page)
    for action in ("save", "download", "share", "add-cell", "run-all"):
        assert page.locator(f"[data-cove-action={action}]").count() == 1, action
    assert page.locator(".cm-editor").count() == 2


def test_edits_are_kept_in_the_browser_and_download_gives_the_file(site: Path, static_server, page) -> None:
    url = static_server(site) + "index.html"
    page.goto(url)
    wait_ready(page)
    set_code(page, 0, "x = 9")
    wait_output(page, 1, "x times 7 is 63")
    page.wait_for_function(READY)
    with page.expect_download() as info:
        page.locator("[data-cove-action=download]").click()
    assert info.value.suggested_filename == "nb.py"
    text = Path(info.value.path()).read_text()
    assert "x = 9" in text and "@app.cell" in text and "x = 6" not in text
    # No Save pressed: autosave kept the edit; the next visit restores it and says so.
    page.wait_for_timeout(1000)
    page.goto(url)
    wait_ready(page)
    page.locator('.cove-banner[data-banner="restored"]').wait_for()
    assert "x = 9" in cell(page, 0).locator(".cove-code").inner_text()
    wait_output(page, 1, "x times 7 is 63")


def test_share_link_carries_the_code_and_runs_nothing_until_run(site: Path, static_server, page, browser) -> None:
    page.goto(static_server(site) + "index.html")
    wait_ready(page)
    set_code(page, 0, "x = 2")
    wait_output(page, 1, "x times 7 is 14")
    page.wait_for_function(READY)
    page.locator("[data-cove-action=share]").click()
    text = page.locator('.cove-banner[data-banner="share"]').inner_text()
    link = text[text.index("http"):].split()[0]
    assert "#code=" in link and "x = 2" not in link, "the code is compressed into the hash"

    other = browser.new_context().new_page()  # another reader: nothing stored in their browser
    try:
        other.goto(link)
        other.wait_for_function(READY, timeout=90_000)
        assert "x = 2" in cell(other, 0).locator(".cove-code").inner_text()
        assert other.locator(".cove-output:not(:empty)").count() == 0, "nothing ran, the published outputs are gone"
        banner = other.locator('.cove-banner[data-banner="shared"]')
        banner.get_by_role("button", name="Run").click()
        wait_output(other, 1, "x times 7 is 14")
    finally:
        other.context.close()
