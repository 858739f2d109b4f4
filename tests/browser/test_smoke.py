"""The vendored Pyodide boots in Chromium from a module worker, served with our MIME types, and
installs the Cove wheels offline from py/cove/_static/pyodide-lock.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "py" / "cove" / "_static"

PAGE = """<!doctype html><meta charset="utf-8"><title>booting</title>
<script type="module">
  const worker = new Worker("worker.mjs", { type: "module" });
  worker.onmessage = (e) => { document.title = e.data; };
  worker.onerror = (e) => { document.title = "error: " + e.message; };
</script>
"""

WORKER = """
import { loadPyodide } from "./static/pyodide/pyodide.mjs";
try {
  const pyodide = await loadPyodide({
    indexURL: new URL("./static/pyodide/", location.href).href,
    lockFileURL: new URL("./static/pyodide-lock.json", location.href).href,
    packages: ["cove"],
  });
  postMessage(pyodide.runPython("import cove; f'{1+1} {cove.__version__}'"));
} catch (e) {
  postMessage("error: " + e);
}
"""


@pytest.fixture
def smoke_site(tmp_path: Path) -> Path:
    if not (STATIC / "pyodide" / "pyodide.mjs").exists():
        pytest.skip("py/cove/_static/pyodide missing: run `python build.py`")
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "worker.mjs").write_text(WORKER)
    (tmp_path / "static").symlink_to(STATIC, target_is_directory=True)
    return tmp_path


def test_pyodide_boots_in_a_module_worker(smoke_site: Path, static_server, page) -> None:
    base = static_server(smoke_site)
    for path, mime in [("static/pyodide/pyodide.asm.wasm", "application/wasm"),
                       ("static/pyodide/pyodide.mjs", "text/javascript")]:
        assert page.request.get(base + path).headers["content-type"] == mime
    page.goto(base + "index.html")
    page.wait_for_function("document.title !== 'booting'", timeout=60_000)
    version = json.loads((STATIC / "build-info.json").read_text())["cove"]
    assert page.title() == f"2 {version}"
