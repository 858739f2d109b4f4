"""The page as a site: share links that run nothing, boot failures that say what broke, sub-path
hosting, reading with JavaScript off, run (app) mode, save / download, installing a module."""
from __future__ import annotations

import base64
import json
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.web.site import (
    READY, STATIC, cell, make_site, output_text, set_code, static_ready, wait_output, wait_ready,
)

NB = '''import cove

app = cove.App(app_title="Site test")


@app.cell
def _():
    x = 6
    print("x is", x)
    return (x,)


@app.cell(hide_code=True)
def _(x):
    y = x * 7
    y
    return (y,)
'''


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def share_hash(code: str) -> str:
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = deflate.compress(code.encode()) + deflate.flush()
    return "#code=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def wait_error(page) -> str:
    page.wait_for_function("document.documentElement.dataset.coveKernel === 'error'", timeout=60_000)
    return page.locator(".cove-banners").inner_text() + "\n" + page.locator(".cove-kernel-state").inner_text()


def test_share_link_shows_code_and_runs_nothing_until_run(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB, prerender=True)
    shared = NB.replace("x = 6", "x = 2")
    page.goto(static_server(tmp_path) + "index.html" + share_hash(shared))
    page.wait_for_function(READY, timeout=90_000)
    assert page.locator(".cove-cell").count() == 2
    assert "x = 2" in cell(page, 0).locator(".cove-code").inner_text()
    assert page.locator(".cove-output:not(:empty)").count() == 0, "the published outputs are not shown"
    banner = page.locator('.cove-banner[data-banner="shared"]')
    assert "nothing has run" in banner.inner_text()
    page.wait_for_timeout(500)
    assert page.locator(".cove-output:not(:empty)").count() == 0
    banner.get_by_role("button", name="Run").click()
    wait_output(page, 1, "14")


def test_share_button_makes_a_link_that_carries_the_code(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    page.locator("[data-cove-action=share]").click()
    text = page.locator('.cove-banner[data-banner="share"]').inner_text()
    link = text[text.index("http"):].split()[0]
    assert "#code=" in link
    page.goto(link)
    page.wait_for_function(READY, timeout=90_000)
    assert "x = 6" in cell(page, 0).inner_text()


def test_missing_wheel_is_named(tmp_path: Path, static_server, page) -> None:
    site = make_site(tmp_path, NB)
    (site / "wheels").unlink()
    (site / "wheels").mkdir()
    page.goto(static_server(tmp_path) + "index.html")
    message = wait_error(page)
    assert "cove" in message and "404" in message and "wheels/cove-" in message, message


def test_missing_wasm_is_named(tmp_path: Path, static_server, page) -> None:
    site = make_site(tmp_path, NB)
    (site / "pyodide").unlink()
    shutil.copytree(STATIC / "pyodide", site / "pyodide")
    (site / "pyodide" / "pyodide.asm.wasm").unlink()
    page.goto(static_server(tmp_path) + "index.html")
    message = wait_error(page)
    assert "pyodide.asm.wasm" in message and "404" in message, message


def test_lock_for_another_python_is_refused_with_a_reason(tmp_path: Path, static_server, page) -> None:
    site = make_site(tmp_path, NB)
    lock = json.loads((site / "pyodide-lock.json").read_text())
    lock["info"]["python"] = "3.12.7"
    (site / "pyodide-lock.json").write_text(json.dumps(lock))
    page.goto(static_server(tmp_path) + "index.html")
    message = wait_error(page)
    assert "Python 3.12.7" in message and "pyodide-lock.json" in message, message


def test_works_under_a_sub_path(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB, subdir="course/week1")
    page.goto(static_server(tmp_path) + "course/week1/index.html?embed=1")
    wait_ready(page)
    wait_output(page, 1, "42")


def test_readable_with_javascript_off(tmp_path: Path, static_server, browser) -> None:
    make_site(tmp_path, NB, prerender=True)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(static_server(tmp_path) + "index.html")
        assert page.title() == "Site test"
        assert output_text(page, 1).strip() == "42"
        assert "x is 6" in cell(page, 0).locator(".cove-console").inner_text()
    finally:
        context.close()


def test_run_mode_is_a_read_only_app(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB, mode="run", prerender=True)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    assert page.locator(".cm-editor").count() == 0
    assert page.locator("[data-cove-action=add-cell]").count() == 0
    assert not cell(page, 1).locator(".cove-code").is_visible(), "hide_code hides the code"
    assert "x = 6" in cell(page, 0).locator("details.cove-code-fold").text_content()
    assert output_text(page, 1).strip() == "42"


def test_save_posts_code_with_token_and_handles_a_conflict(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB, save={"url": "api/save", "token": "T0K", "hash": "h0"})
    requests: list[dict] = []

    def handle(route) -> None:
        req = route.request
        requests.append({"body": json.loads(req.post_data or "{}"), "token": req.headers.get("x-cove-token")})
        if len(requests) == 1:
            route.fulfill(status=409, content_type="application/json", body='{"error": "nb.py changed on disk", "hash": "h9"}')
        else:
            route.fulfill(status=200, content_type="application/json", body='{"hash": "h1", "outputs_saved": true}')

    page.route("**/api/save", handle)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    set_code(page, 0, 'x = 6\nprint("x is", x)\n# edited')
    page.wait_for_function(READY)
    page.locator("[data-cove-action=save]").click()
    banner = page.locator('.cove-banner[data-banner="save"]')
    banner.wait_for()
    assert "changed on disk" in banner.inner_text()
    first = requests[0]
    assert first["token"] == "T0K"
    assert first["body"]["base_hash"] == "h0"
    assert "# edited" in first["body"]["code"]
    assert first["body"]["snapshot"][0]["type"] == "notebook"
    banner.get_by_role("button", name="Overwrite it").click()
    page.wait_for_function("document.documentElement.dataset.coveSaved !== undefined")
    assert requests[1]["body"]["force"] is True


def test_download_gives_the_notebook_file(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    with page.expect_download() as info:
        page.locator("[data-cove-action=download]").click()
    download = info.value
    assert download.suggested_filename == "nb.py"
    text = Path(download.path()).read_text()
    assert "@app.cell(hide_code=True)" in text and "y = x * 7" in text


def _tiny_wheel(folder: Path) -> Path:
    wheel = folder / "covetestpkg-1.0-py3-none-any.whl"
    files = {
        "covetestpkg/__init__.py": "VALUE = 42\n",
        "covetestpkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: covetestpkg\nVersion: 1.0\n",
        "covetestpkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "covetestpkg-1.0.dist-info/top_level.txt": "covetestpkg\n",
    }
    record = "".join(f"{name},,\n" for name in files) + "covetestpkg-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
        zf.writestr("covetestpkg-1.0.dist-info/RECORD", record)
    return wheel


def test_missing_module_is_offered_and_installed_from_the_site(tmp_path: Path, static_server, page) -> None:
    from cove._export.lock import lock_entry

    site = make_site(tmp_path, NB)
    extra = site / "extra"
    extra.mkdir()
    wheel = _tiny_wheel(extra)
    lock = json.loads((site / "pyodide-lock.json").read_text())
    lock["packages"]["covetestpkg"] = lock_entry(wheel, f"extra/{wheel.name}", lock["info"])
    (site / "pyodide-lock.json").write_text(json.dumps(lock))
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    page.locator("[data-cove-action=add-cell]").click()
    page.wait_for_function("document.querySelectorAll('.cove-cell').length === 3")
    page.keyboard.insert_text("import covetestpkg\ncovetestpkg.VALUE")
    page.keyboard.press("Control+Enter")
    banner = page.locator('.cove-banner[data-banner="missing"]')
    banner.wait_for(timeout=20_000)
    assert "covetestpkg" in banner.inner_text()
    banner.get_by_role("button").first.click()
    wait_output(page, 2, "42")
    page.wait_for_function(READY)
    with page.expect_download() as info:
        page.locator("[data-cove-action=download]").click()
    assert "covetestpkg" in Path(info.value.path()).read_text().split("import cove")[0]


def test_save_without_a_server_keeps_edits_in_this_browser(tmp_path: Path, static_server, page) -> None:
    make_site(tmp_path, NB, prerender=True)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    set_code(page, 0, "x = 9")
    wait_output(page, 1, "63")
    page.wait_for_function(READY)
    page.locator("[data-cove-action=save]").click()
    page.locator('.cove-banner[data-banner="save"]', has_text="Saved in this browser").wait_for()
    page.reload()
    wait_ready(page)
    page.locator('.cove-banner[data-banner="restored"]').wait_for()
    wait_output(page, 1, "63")
    assert "x = 9" in cell(page, 0).locator(".cove-code").inner_text()
    page.locator('.cove-banner[data-banner="restored"]').get_by_role("button", name="Back to the published version").click()
    page.wait_for_load_state()
    wait_ready(page)
    wait_output(page, 1, "42")
    assert page.locator('.cove-banner[data-banner="restored"]').count() == 0
