"""A notebook that reads files next to it, and the browser steps that check them (used by
test_data_files.py, in-process for `cove edit` and through tests/offline.sh for exported pages).

    tests/offline.sh python tests/browser/data_files_drive.py '{"serve": SITE}' | '{"file": NB_HTML}'

prints one JSON line: the report of `drive`.
"""
from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

BIG_BYTES = 30 << 20
NOTEBOOK = '''# /// script
# [tool.cove]
# files = ["extra/*.txt"]
# ///
import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    import csv, json, os
    from pathlib import Path
    return Path, csv, json, mo, os


@app.cell
def _(csv):
    rows = list(csv.DictReader(open("data.csv")))
    f"rows {len(rows)}"
    return (rows,)


@app.cell
def _(json, mo):
    settings = json.loads((mo.notebook_location() / "public" / "settings.json").read_text())
    f"settings {settings['name']}"
    return (settings,)


@app.cell
def _(Path):
    note = (Path(__file__).parent / "notes" / "hello.txt").read_text().strip()
    extra = sorted(p.name for p in Path("extra").glob("*.txt"))
    included = open("inc" + "/only-by-include.txt").read().strip()
    summer = open("notes/été 2024 #1.txt").read().strip()
    f"note {note}; extra {extra}; included {included}; {summer}"
    return


@app.cell
def _(mo, os):
    big_size = os.path.getsize("big.csv")
    load = mo.ui.run_button(label="load big")
    mo.vstack([load, f"big size {big_size}"])
    return (load,)


@app.cell
def _(load, mo):
    mo.stop(not load.value, "big not loaded")
    with open("big.csv") as _f:
        big_lines = sum(1 for _ in _f)
    f"big lines {big_lines}"
    return


@app.cell
def _(mo):
    missing = mo.ui.run_button(label="read missing")
    missing
    return (missing,)


@app.cell
def _(missing, mo):
    mo.stop(not missing.value, "missing not tried")
    open("data/missing.csv").read()
    return


@app.cell
def _(Path, mo):
    with open("written.txt", "w") as _f:
        _f.write("page")
    _itself = "app = cove.App()" in open(__file__).read()
    f"wrote {open('written.txt').read()}; cwd is the location: {mo.notebook_location() == Path.cwd()}; reads itself: {_itself}"
    return
'''
BIG_LINE = "1234567,some text to fill the line,3.14159\n"
BIG_LINES = BIG_BYTES // len(BIG_LINE)


def make_notebook(folder: Path) -> Path:
    """The notebook and its files: data.csv (a relative open), public/settings.json (through
    notebook_location), notes/hello.txt (through __file__), extra/*.txt ([tool.cove] files),
    inc/ (only --include names it) and big.csv (30 MB, read only when a button is pressed)."""
    for sub in ("public", "notes", "extra", "inc"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "data.csv").write_text("a,b\n1,2\n3,4\n")
    (folder / "public" / "settings.json").write_text('{"name": "demo"}')
    (folder / "notes" / "hello.txt").write_text("hello\n")
    (folder / "notes" / "été 2024 #1.txt").write_text("odd name ok\n")  # spaces, accents, '#' in a URL
    (folder / "extra" / "one.txt").write_text("1")
    (folder / "extra" / "two.txt").write_text("2")
    (folder / "inc" / "only-by-include.txt").write_text("yes\n")
    (folder / "big.csv").write_text(BIG_LINE * BIG_LINES)
    nb = folder / "nb.py"
    nb.write_text(NOTEBOOK)
    return nb


EXPECTED = {
    1: "rows 2",
    2: "settings demo",
    3: "note hello; extra ['one.txt', 'two.txt']; included yes; odd name ok",
    4: f"big size {BIG_LINES * len(BIG_LINE)}",
    5: "big not loaded",
    7: "missing not tried",
    8: "wrote page; cwd is the location: True; reads itself: True",
}
SETTLED = "['ready', 'error'].includes(document.documentElement.dataset.coveKernel)"
CELLS = """[...document.querySelectorAll('.cove-cell')].map(c => ({
    status: c.dataset.status, text: (c.querySelector('.cove-output')?.innerText ?? '').trim()}))"""


def run_and_wait(page: Any, action: str) -> None:
    """Click (a toolbar action or a button's label), then wait for the kernel to finish."""
    page.evaluate("""() => { window.__coveBusy = false;
        new MutationObserver(() => { if (document.documentElement.dataset.coveKernel === 'busy') window.__coveBusy = true; })
          .observe(document.documentElement, {attributes: true}); }""")
    if action == "run-all":
        page.click('[data-cove-action="run-all"]')
    else:
        page.locator("[data-cove-ui] button", has_text=action).click()
    page.wait_for_function(f"window.__coveBusy && {SETTLED}", timeout=120_000)


def drive(page: Any, requests: list[str]) -> dict[str, Any]:
    """Boot, Run all, press "load big", press "read missing"; what the page showed at each step
    and which of `requests` (every URL the page and its worker asked for) named big.csv."""
    page.wait_for_function(SETTLED, timeout=120_000)
    report: dict[str, Any] = {"kernel": page.evaluate("document.documentElement.dataset.coveKernel")}
    run_and_wait(page, "run-all")
    report["after_run_all"] = page.evaluate(CELLS)
    report["big_fetched_before"] = [u for u in requests if "big.csv" in u]
    run_and_wait(page, "load big")
    report["after_load"] = page.evaluate(CELLS)
    report["big_fetched_after"] = [u for u in requests if "big.csv" in u]
    run_and_wait(page, "read missing")
    report["after_missing"] = page.evaluate(CELLS)
    return report


def check(report: dict[str, Any], lazy: bool = True) -> None:
    """The assertions every way of opening the notebook shares."""
    assert report["kernel"] == "ready", report
    cells = report["after_run_all"]
    assert [i for i, c in enumerate(cells) if c["status"] == "error"] == [], cells
    for index, text in EXPECTED.items():
        assert text in cells[index]["text"], (index, cells[index])
    if lazy:
        assert report["big_fetched_before"] == [], "the 30 MB file was fetched before it was opened"
        assert report["big_fetched_after"], "pressing the button did not fetch big.csv"
    assert f"big lines {BIG_LINES}" in report["after_load"][5]["text"], report["after_load"][5]
    missing = report["after_missing"][7]
    assert missing["status"] == "error", missing
    for words in ("data/missing.csv", "public/", "[tool.cove] files", "--include"):
        assert words in missing["text"], (words, missing["text"])


def main(spec: dict[str, Any]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    if "serve" in spec:
        from cove._server.static import make_static_server

        server = make_static_server(spec["serve"])
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = server.url("/index.html")
    else:
        url = Path(spec["file"]).resolve().as_uri()
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.on("request", lambda r: requests.append(r.url))  # the worker's too
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        try:
            report = drive(page, requests)
        except Exception as e:  # noqa: BLE001 - reported to the test, which fails with it
            report = {"failure": repr(e)}
        browser.close()
    return {**report, "errors": errors}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
