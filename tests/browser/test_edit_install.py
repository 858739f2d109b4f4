"""`cove edit` installs for real (issue 10): a module the notebook lacks is resolved by the server
(from a package index, here a PEP 503 tree on loopback, so no test leaves the machine), loaded in
the worker, the cell re-runs, and the package lands in the file's PEP 723 header. Then the same
in a loopback-only network namespace with the index gone: from the cache."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import static_ready

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "export" / "fixtures"
OFFLINE = ROOT / "tests" / "offline.sh"
RUNNER = Path(__file__).resolve().parent / "edit_install_run.py"

pytestmark = pytest.mark.browser


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"cove_{name}", FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


fake = _load("fake_dist")
local_index = _load("local_index")

NOTEBOOK = '''import cove

app = cove.App()


@app.cell
def _():
    import cove_greeting
    return (cove_greeting,)


@app.cell
def _(cove_greeting):
    cove_greeting.hello("reader")
    return


if __name__ == "__main__":
    app.run()
'''


@pytest.fixture(scope="module", autouse=True)
def _ready() -> None:
    if reason := static_ready():
        pytest.skip(reason)


def _run(spec: dict[str, Any], offline: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(RUNNER), json.dumps(spec)]
    proc = subprocess.run([str(OFFLINE), *cmd] if offline else cmd, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0 and lines, f"runner failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    report = json.loads(lines[-1])
    assert "failure" not in report, f"{report['failure']}\nlog: {report['log']}\nbanners: {report.get('banners')}"
    return report


def test_install_in_the_editor_then_offline_from_the_cache(tmp_path: Path) -> None:
    wheel = fake.make_wheel(tmp_path / "w", "cove-greeting", "1.2.0", {
        "cove_greeting/__init__.py": "def hello(who):\n    return f'hello, {who}, from cove-greeting'\n"})
    server, index = local_index.serve_index(local_index.make_index(tmp_path / "index", [wheel]))
    cache = tmp_path / "cache"
    try:
        nb = tmp_path / "online" / "nb.py"
        nb.parent.mkdir()
        nb.write_text(NOTEBOOK)
        report = _run({"notebook": str(nb), "cache": str(cache), "expect": "hello, reader, from cove-greeting",
                       "env": {"PIP_INDEX_URL": index}}, offline=False)
    finally:
        server.shutdown()
        server.server_close()
    assert any("cove_greeting" in t or "No module" in t for t in report["before"]), report["before"]
    assert "hello, reader, from cove-greeting" in "\n".join(report["after"])
    assert 'dependencies = ["cove-greeting"]' in report["file"], report["file"]
    for code in ("    import cove_greeting\n    return (cove_greeting,)", '    cove_greeting.hello("reader")'):
        assert code in report["file"], "the cells must be kept as they were"

    if subprocess.run([str(OFFLINE), "true"], capture_output=True).returncode != 0:
        pytest.skip("tests/offline.sh cannot make a network namespace here")
    nb2 = tmp_path / "offline" / "nb.py"
    nb2.parent.mkdir()
    nb2.write_text(NOTEBOOK)
    report = _run({"notebook": str(nb2), "cache": str(cache), "expect": "hello, reader, from cove-greeting",
                   "env": {"PIP_INDEX_URL": "http://127.0.0.1:9/simple/"}}, offline=True)
    assert 'dependencies = ["cove-greeting"]' in report["file"]


def test_static_page_installs_with_micropip_from_a_package_index(tmp_path: Path, static_server, page) -> None:
    """An exported page (static edit mode) installs a package it does not bundle with micropip,
    from the package index named at export (a loopback PEP 503 tree standing in for PyPI)."""
    wheel = fake.make_wheel(tmp_path / "w", "cove-greeting", "1.2.0", {
        "cove_greeting/__init__.py": "def hello(who):\n    return f'hello, {who}, from the index'\n"})
    server, index = local_index.serve_index(local_index.make_index(tmp_path / "index", [wheel]))
    try:
        nb = tmp_path / "nb.py"
        nb.write_text(NOTEBOOK)
        proc = subprocess.run([sys.executable, "-m", "cove", "export", str(nb), "-o", str(tmp_path / "site"),
                               "--mode", "edit", "--package-index", index, "-q"],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        assert "cove_greeting" in proc.stderr  # named as not prerendered (a warning, not an error)
        lock = json.loads((tmp_path / "site" / "pyodide-lock.json").read_text())
        assert "micropip" in lock["packages"] and "cove-greeting" not in lock["packages"]
        page.goto(static_server(tmp_path / "site") + "index.html")
        page.wait_for_function("document.documentElement.dataset.coveKernel === 'ready'", timeout=120_000)
        page.get_by_role("button", name="Install it").click(timeout=60_000)
        page.wait_for_function(
            "[...document.querySelectorAll('.cove-output')].some(o => o.innerText.includes('hello, reader, from the index'))",
            timeout=120_000)
    finally:
        server.shutdown()
        server.server_close()
