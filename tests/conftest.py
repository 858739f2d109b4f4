"""Shared fixtures for tests that need real runtimes: Pyodide under Node (`run_in_pyodide`) and
headless Chromium (`static_server`, `browser`, `page`).

Missing prerequisites (node, node_modules, the build, playwright, chromium) skip those tests
with the command that fixes it; under CI (CI=true) they fail instead, so a broken CI setup can
never pass by skipping everything.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "py" / "cove" / "_static"
RUNNER = ROOT / "tests" / "node" / "run_in_pyodide.mjs"
CHROMIUM = os.environ.get("COVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SNIPPET_TIMEOUT = float(os.environ.get("COVE_PYODIDE_TIMEOUT", "120"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_static() -> Path:
    """py/cove/_static/ as `python build.py` leaves it (skips, or fails under CI, when absent)."""
    if not (STATIC / "pyodide-lock.json").exists() or not (STATIC / "pyodide").is_dir():
        _unavailable("py/cove/_static is not built: run `python build.py`")
    return STATIC


# -- Pyodide under Node --------------------------------------------------------------------------

class PyodideError(Exception):
    """A snippet raised inside Pyodide; the message is its traceback."""


@functools.lru_cache(maxsize=1)
def _node_jspi_flags() -> list[str]:
    """V8's flag for JavaScript Promise Integration, which browsers have on by default: without
    it, Pyodide cannot block on a coroutine (a cell with top-level `await`)."""
    options = subprocess.run(["node", "--v8-options"], capture_output=True, text=True).stdout
    for flag in ("--experimental-wasm-jspi", "--experimental-wasm-stack-switching"):
        if flag in options:
            return [flag]
    return []


class PyodideSession:
    """One long-lived `node run_in_pyodide.mjs --serve`: boots Pyodide once (~2 s), then runs
    snippets one by one, each in a fresh globals dict of the same interpreter."""

    Error = PyodideError  # so tests can `pytest.raises(run_in_pyodide.Error)` without imports

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            ["node", *_node_jspi_flags(), str(RUNNER), "--serve", "--static", str(STATIC)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, text=True, cwd=ROOT,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self._next_id = 0
        self.ready: dict[str, Any] = self._read("Pyodide boot")  # {boot_ms, packages, version}

    def _pump(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _read(self, what: str) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=SNIPPET_TIMEOUT)
        except queue.Empty:
            self.close()
            raise TimeoutError(f"{what}: no answer from Pyodide in {SNIPPET_TIMEOUT:.0f}s") from None
        if line is None:
            raise RuntimeError(f"{what}: the Node process exited ({self._proc.wait()}); see stderr")
        return json.loads(line)

    def run(self, code: str) -> dict[str, Any]:
        """The raw answer: {"ok", "value" | "error", "stdout", "stderr"}."""
        assert self._proc.stdin is not None
        self._next_id += 1
        self._proc.stdin.write(json.dumps({"id": self._next_id, "code": code}) + "\n")
        self._proc.stdin.flush()
        answer = self._read("snippet")
        assert answer.get("id") == self._next_id, answer
        return answer

    def __call__(self, code: str) -> Any:
        """The value of the snippet's last expression (JSON-converted; other objects as repr);
        raises PyodideError with the Python traceback. Snippet prints are echoed to stdout."""
        answer = self.run(code)
        if answer["stdout"] or answer["stderr"]:
            print(answer["stdout"], answer["stderr"], sep="\n")
        if not answer["ok"]:
            raise PyodideError(answer["error"])
        return answer["value"]

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def _wheel_is_stale() -> bool:
    wheels = list((STATIC / "wheels").glob("cove-*.whl"))
    if not wheels:
        return True
    built = min(w.stat().st_mtime for w in wheels)
    sources = (p for p in (ROOT / "py" / "cove").rglob("*.py") if "_static" not in p.parts)
    return any(p.stat().st_mtime > built for p in sources)


@pytest.fixture(scope="session")
def _pyodide_session() -> Iterator[PyodideSession]:
    if shutil.which("node") is None:
        _unavailable("node is not on PATH")
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        _unavailable("node_modules/pyodide missing: run `npm ci`")
    # The engine changes under our feet while developing: rebuild its wheel (~0.1 s, offline
    # once the dependency wheels are cached) rather than test a stale one.
    if _wheel_is_stale():
        proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "wheels"], cwd=ROOT,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            _unavailable(f"`python build.py wheels` failed: {proc.stderr.strip()}")
    session = PyodideSession()
    yield session
    session.close()


@pytest.fixture
def run_in_pyodide(_pyodide_session: PyodideSession) -> PyodideSession:
    """`run_in_pyodide(code) -> value of its last expression` inside Pyodide with the Cove
    wheels installed; `.run(code)` gives the raw answer dict. One boot serves the whole session."""
    return _pyodide_session


# -- static files and Chromium ---------------------------------------------------------------------

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".whl": "application/octet-stream",
    ".zip": "application/zip",
    ".py": "text/x-python",
    ".html": "text/html",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    isolated = False

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        if self.isolated:  # cross-origin isolation, for SharedArrayBuffer (interrupts)
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the page, not logs
        pass


@pytest.fixture
def static_server() -> Iterator[Callable[..., str]]:
    """`static_server(folder, isolated=False) -> "http://127.0.0.1:PORT/"`: serves the folder
    on a random port, with the MIME types Pyodide needs, until the test ends."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: str | Path, isolated: bool = False) -> str:
        handler = type("Handler", (_Handler,), {"isolated": isolated})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (the system one; Playwright's browser downloads are never used)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright missing: pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context. Console messages and page errors are printed, so
    pytest shows them when the test fails."""
    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda msg: print(f"[console.{msg.type}] {msg.text}"))
    page.on("pageerror", lambda err: print(f"[pageerror] {err}"))
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests are marked by the fixtures they use, so `-m "not browser"` needs no decorator.
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "run_in_pyodide" in names:
            item.add_marker(pytest.mark.pyodide)
        if names & {"browser", "page"}:
            item.add_marker(pytest.mark.browser)
