"""Export an example notebook of examples/outputs/ as a real site (`cove export`) for the
test_outputs_* browser tests, and open it in a page."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import ROOT, static_ready, wait_ready

EXAMPLES = ROOT / "examples" / "outputs"
BOOT_TIMEOUT = 120_000  # a loaded 2-core machine boots Pyodide and big wheels slowly


def export(notebook: Path, tmp_path: Path) -> Path:
    """The site of `notebook`, exported with the real exporter (dependencies from PyPI, cached)."""
    reason = static_ready()
    if reason:
        pytest.skip(reason)
    from cove._export.resolve import DependencyError
    from cove._export.site import ExportOptions, export_site

    src = tmp_path / notebook.name
    shutil.copy(notebook, src)
    try:
        result = export_site(src, tmp_path / "site", ExportOptions(mode="run", quiet=True))
    except DependencyError as exc:  # no network for PyPI and nothing cached
        pytest.skip(f"dependencies of {notebook.name} unavailable: {exc}")
    return result.folder


def open_site(page: Any, static_server: Any, site: Path, timeout: int = BOOT_TIMEOUT) -> str:
    url = static_server(site) + "index.html"
    page.goto(url)
    wait_ready(page, timeout=timeout)
    return url
