"""Cove answers every public name of marimo 0.25.2 (`marimo.*`, `marimo.ui.*`) with marimo's
parameters, except the differences listed in ALLOWED with their reason.

marimo's side is measured, not copied: a throwaway venv with marimo==0.25.2 from PyPI is built
once (cached in ~/.cache/cove/test-envs) and `marimo_api.py` describes its API there. The test
skips only when PyPI cannot be reached.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .marimo_api import compare, coverage, describe

MARIMO = "marimo==0.25.2"
ENV = Path(os.environ.get("COVE_TEST_ENVS", Path.home() / ".cache" / "cove" / "test-envs")) / "marimo-0.25.2"
DESCRIBE = Path(__file__).with_name("marimo_api.py")

# Intended differences: name -> why Cove's parameters differ from marimo's.
ALLOWED: dict[str, str] = {
    "marimo.tabs": "Cove extension: `value=` names the tab shown first (marimo always shows the first)",
    "marimo.ui.anywidget": "Cove extension: `label=` and `on_change=`, which every Cove element takes (SPEC §3)",
    "marimo.Cell": "marimo's Cell is a dataclass of its compiler's internals (_name, _cell, _app, ...); "
    "Cove's wraps its own cell and is only made by @app.cell",
    "marimo.ui.table": "marimo's five `_internal_*` keywords are private hooks of its own front end",
    "marimo.cache": "marimo's `_frame_offset` and `_internal_interface_not_for_external_use` are private",
    "marimo.lru_cache": "marimo's `_internal_interface_not_for_external_use` is private",
    "marimo.persistent_cache": "marimo's `_internal_interface_not_for_external_use` is private",
}


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def _marimo_python() -> Path:
    """The venv's interpreter, building the venv on first use (a `.complete` marker says the
    install finished; anything else is rebuilt)."""
    python = ENV / "bin" / "python"
    if (ENV / ".complete").exists():
        return python
    shutil.rmtree(ENV, ignore_errors=True)
    ENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(ENV)], check=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", MARIMO],
        capture_output=True, text=True,
    )
    if install.returncode != 0:
        shutil.rmtree(ENV, ignore_errors=True)
        if not _pypi_reachable():
            pytest.skip(f"PyPI is unreachable, so {MARIMO} cannot be installed to compare with")
        pytest.fail(f"pip install {MARIMO} failed:\n{install.stderr[-2000:]}")
    (ENV / ".complete").write_text(MARIMO)
    return python


@pytest.fixture(scope="module")
def marimo_api() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the real marimo, not Cove
    out = subprocess.run(
        [str(_marimo_python()), str(DESCRIBE), "marimo"], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def cove_api() -> dict[str, Any]:
    import cove

    return describe(cove)


def test_the_reference_is_marimo_itself(marimo_api: dict[str, Any]) -> None:
    # the measured API, not Cove under the name marimo: marimo's own private parameters show
    assert "_internal_preload" in marimo_api["marimo.ui.table"]["parameters"]["keyword_only"]
    assert len(marimo_api) == 106


def test_every_marimo_name_exists_in_cove(marimo_api: dict[str, Any], cove_api: dict[str, Any]) -> None:
    missing, _ = compare(marimo_api, cove_api)
    assert missing == [], coverage(marimo_api, cove_api)


def test_parameters_match_marimo_except_listed(marimo_api: dict[str, Any], cove_api: dict[str, Any]) -> None:
    _, differ = compare(marimo_api, cove_api)
    unexpected = {n: d for n, d in differ.items() if n not in ALLOWED}
    assert unexpected == {}, "\n".join(f"{n}: {d}" for n, d in unexpected.items())


def test_every_allowed_difference_is_real(marimo_api: dict[str, Any], cove_api: dict[str, Any]) -> None:
    # an entry whose difference has gone must leave the list, so the list stays the truth
    _, differ = compare(marimo_api, cove_api)
    assert sorted(n for n in ALLOWED if n not in differ) == []
