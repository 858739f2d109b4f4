"""Assemble a static Cove site for browser tests: the build output of py/cove/_static/ plus an
index.html rendered by cove._site.render, optionally with outputs prerendered by the engine."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "py" / "cove" / "_static"


def static_ready() -> str | None:
    """None when the build output is usable, else what to run."""
    for need in ("web/manifest.json", "pyodide/pyodide.mjs", "pyodide-lock.json"):
        if not (STATIC / need).exists():
            return f"py/cove/_static/{need} missing: run `python build.py`"
    return None


def snapshot_of(text: str, filename: str = "nb.py") -> list[dict[str, Any]]:
    """The events of running the notebook in CPython (what `cove export` prerenders)."""
    from cove._runtime.session import Session

    session = Session.from_text(text, filename, lambda _: None)
    session.handle_json('{"type": "run_all"}')
    return session.snapshot()


def make_site(
    folder: Path,
    text: str,
    *,
    mode: str = "edit",
    filename: str = "nb.py",
    prerender: bool = False,
    save: dict[str, Any] | None = None,
    subdir: str = "",
) -> Path:
    """Write the site into `folder` (under `subdir` when given, to test sub-path hosting) and
    return the folder holding index.html."""
    from cove._site.render import render_cells_html, render_page

    site = folder / subdir if subdir else folder
    site.mkdir(parents=True, exist_ok=True)
    for name in ("web", "pyodide", "wheels"):
        os.symlink(STATIC / name, site / name, target_is_directory=True)
    shutil.copy(STATIC / "pyodide-lock.json", site / "pyodide-lock.json")
    snapshot = snapshot_of(text, filename) if prerender else None
    config = {
        "mode": mode,
        "filename": filename,
        "code": text,
        "base": "./",
        "pyodide": "pyodide/",
        "lock": "pyodide-lock.json",
        "save": save,
        "snapshot": snapshot,
    }
    manifest = json.loads((STATIC / "web" / "manifest.json").read_text())
    cells = render_cells_html(snapshot or [], mode=mode)  # type: ignore[arg-type]
    (site / "index.html").write_text(render_page(config, cells, manifest), encoding="utf-8")
    return site


# -- driving the page ----------------------------------------------------------------------------

READY = "document.documentElement.dataset.coveKernel === 'ready'"
BOOT_TIMEOUT = 90_000


def wait_ready(page: Any, timeout: int = BOOT_TIMEOUT) -> None:
    """Wait for data-cove-kernel="ready"; fail at once (with the page's message) on "error"."""
    page.wait_for_function(
        "['ready', 'error'].includes(document.documentElement.dataset.coveKernel)", timeout=timeout
    )
    state = page.evaluate("document.documentElement.dataset.coveKernel")
    if state == "error":
        message = page.locator(".cove-kernel-state").inner_text()
        raise AssertionError(f"the kernel failed: {message}")


def cell(page: Any, index: int) -> Any:
    return page.locator(f'.cove-cell[data-cell-index="{index}"]')


def output_text(page: Any, index: int) -> str:
    return cell(page, index).locator(".cove-output").inner_text()


def wait_output(page: Any, index: int, text: str, timeout: int = 20_000) -> None:
    """Wait until cell `index`'s output contains `text`."""
    page.wait_for_function(
        """([i, t]) => {
            const el = document.querySelector(`.cove-cell[data-cell-index="${i}"] .cove-output`);
            return el !== null && el.innerText.includes(t);
        }""",
        arg=[index, text],
        timeout=timeout,
    )


def wait_status(page: Any, index: int, status: str, timeout: int = 20_000) -> None:
    page.wait_for_selector(f'.cove-cell[data-cell-index="{index}"][data-status="{status}"]', timeout=timeout)


def set_code(page: Any, index: int, code: str, run: bool = True) -> None:
    """Replace a cell's code in its CodeMirror editor; Shift+Enter runs it."""
    editor = cell(page, index).locator(".cove-code")
    editor.click()
    content = cell(page, index).locator(".cm-content")
    content.wait_for()
    content.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    # insertText: no auto-closed brackets or auto-indent to fight with
    page.keyboard.insert_text(code)
    if run:
        page.keyboard.press("Shift+Enter")
