"""Real MkDocs and Sphinx sites in Chromium: prerendered notebooks, one Pyodide per page shared by
its notebooks, each reacting on its own, the runtime fetched once for the whole site, and a
runaway cell stopped without the other notebooks losing their state.

The server lets browsers cache `_cove/<hash>/` for good (what its content-hashed name is for)
and nothing else; it records every path asked for. The browser resolves no host but 127.0.0.1,
and any request for another host fails the test.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _Handler
from tests.docs.sites import BUILDERS, PAGES
from tests.web.site import static_ready

BOOT = 120_000
GZIPPED = (".wasm", ".mjs", ".js", ".zip", ".json")
ALL_READY = "document.documentElement.dataset.coveKernel === 'ready'"


@pytest.fixture(autouse=True)
def _built() -> None:
    if reason := static_ready():
        pytest.skip(reason)


class CachingServer:
    """Serves a built site; `_cove/` (content-hashed) may be cached for a year."""

    def __init__(self, folder: Path, isolated: bool = False) -> None:
        self.paths: list[str] = []
        paths = self.paths

        class Handler(_Handler):
            def end_headers(self) -> None:
                if isolated:  # cross-origin isolation: Stop can interrupt in place
                    self.send_header("Cross-Origin-Opener-Policy", "same-origin")
                    self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
                if self.path.startswith("/_cove/"):
                    self.send_header("Cache-Control", "public, max-age=31536000, immutable")
                else:
                    self.send_header("Cache-Control", "no-store")
                http.server.SimpleHTTPRequestHandler.end_headers(self)

            def do_GET(self) -> None:
                paths.append(self.path)
                if self.path.endswith(GZIPPED) and "gzip" in self.headers.get("Accept-Encoding", ""):
                    return self._gzipped()
                super().do_GET()

            def _gzipped(self) -> None:
                # As static hosts do (GitHub Pages, `cove serve`): the wasm travels gzipped,
                # which is also what lets a browser's cache keep it (an entry has a size cap).
                file = Path(self.translate_path(self.path))
                if not file.is_file():
                    return self.send_error(404)
                body = gzip.compress(file.read_bytes(), compresslevel=1)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(file)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def runtime_requests(self) -> list[str]:
        return [p for p in self.paths if p.startswith("/_cove/")]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    kind = request.param
    return kind, BUILDERS[kind](tmp_path_factory.mktemp(kind))


@pytest.fixture
def served(site: tuple[str, Path]) -> Iterator[tuple[str, CachingServer]]:
    server = CachingServer(site[1])
    yield site[0], server
    server.close()


@pytest.fixture(scope="module")
def offline_browser(browser: Any) -> Iterator[Any]:
    """Chromium that can resolve no host but 127.0.0.1: offline for everything else. (Not a
    Playwright route: routing turns the HTTP cache off, and the cache is what is tested.)"""
    offline = browser.browser_type.launch(executable_path=CHROMIUM, headless=True,
                                          args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    yield offline
    offline.close()


@pytest.fixture
def offline_page(offline_browser: Any) -> Iterator[Any]:
    """A fresh context (empty cache); workers counted in `page.cove_workers`."""
    context = offline_browser.new_context()
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "data:", "blob:")) else outside.append(r.url))
    page = context.new_page()
    page.cove_workers = []
    page.on("worker", lambda w: page.cove_workers.append(w.url))
    page.on("console", lambda msg: print(f"[console.{msg.type}] {msg.text}"))
    page.on("pageerror", lambda err: print(f"[pageerror] {err}"))
    yield page
    context.close()
    assert not outside, f"the page asked for something off this machine: {outside}"


def embed(page: Any, n: int) -> Any:
    return page.locator(".cove-embed").nth(n)


def wait_text(page: Any, n: int, text: str) -> None:
    page.wait_for_function("([n, t]) => document.querySelectorAll('.cove-embed')[n].innerText.includes(t)",
                           arg=[n, text], timeout=60_000)


def test_outputs_are_prerendered_and_readable_without_javascript(site: tuple[str, Path], browser: Any) -> None:
    kind, folder = site
    server = CachingServer(folder)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url + PAGES[kind][0])
        assert page.locator(".cove-embed").count() == 2
        assert "A squares [0, 1, 4]" in embed(page, 0).inner_text()
        assert "B doubled 4" in embed(page, 1).inner_text()
        assert not embed(page, 0).locator(".cove-toolbar").is_visible(), "no dead buttons without JavaScript"
        assert not server.runtime_requests() or all(p.endswith(".css") for p in server.runtime_requests())
        page.goto(server.url + PAGES[kind][1])
        assert page.locator(".cove-embed").count() == 3
        assert "D cubes [0, 1]" in embed(page, 0).inner_text()
        # cells=2-3: the spinner's first cell (the import) is not shown
        assert embed(page, 2).locator(".cove-cell").nth(0).is_hidden()
        assert "C idle" in embed(page, 2).inner_text()
    finally:
        context.close()
        server.close()


def test_one_runtime_per_page_notebooks_react_independently(served: tuple[str, CachingServer], offline_page: Any) -> None:
    kind, server = served
    page = offline_page
    page.goto(server.url + PAGES[kind][0])
    page.wait_for_function(ALL_READY, timeout=BOOT)
    assert len(page.cove_workers) == 1, page.cove_workers
    assert sum(p.endswith("/pyodide.asm.wasm") for p in server.paths) == 1
    assert page.evaluate("[...coveDocs.runtimes.values()].map(r => r.workers)") == [1]
    # Both notebooks name their slider's element c1-0: each embed must find only its own.
    embed(page, 0).locator("input[type=range]").fill("5")
    wait_text(page, 0, "A squares [0, 1, 4, 9, 16]")
    assert "B doubled 4" in embed(page, 1).inner_text()
    embed(page, 1).locator("input[type=range]").fill("7")
    wait_text(page, 1, "B doubled 14")
    assert "A squares [0, 1, 4, 9, 16]" in embed(page, 0).inner_text()
    assert page.evaluate("performance.getEntriesByName('cove:interactive').length") == 1


def test_second_page_fetches_no_runtime_file(served: tuple[str, CachingServer], offline_page: Any) -> None:
    kind, server = served
    page = offline_page
    page.goto(server.url + PAGES[kind][0])
    page.wait_for_function(ALL_READY, timeout=BOOT)
    first = server.runtime_requests()
    assert any(p.endswith("/pyodide.asm.wasm") for p in first) and any("/wheels/cove-" in p for p in first)
    page.goto(server.url + PAGES[kind][1])
    page.wait_for_function(ALL_READY, timeout=BOOT)
    assert server.runtime_requests() == first, "the second page fetched runtime files again"
    assert len(page.cove_workers) == 2, "one worker per page"
    embed(page, 0).locator("input[type=range]").fill("4")
    wait_text(page, 0, "D cubes [0, 1, 8, 27]")


@pytest.mark.parametrize("isolated", [False, True], ids=["restart", "interrupt"])
def test_stopping_a_runaway_cell_keeps_the_other_notebooks(site: tuple[str, Path], isolated: bool, offline_page: Any) -> None:
    kind, folder = site
    server = CachingServer(folder, isolated)
    try:
        _stop_runaway(kind, server, isolated, offline_page)
    finally:
        server.close()


def _stop_runaway(kind: str, server: CachingServer, isolated: bool, page: Any) -> None:
    page.goto(server.url + PAGES[kind][1])
    assert page.evaluate("crossOriginIsolated") is isolated
    page.wait_for_function(ALL_READY, timeout=BOOT)
    embed(page, 1).locator("input[type=range]").fill("7")
    wait_text(page, 1, "B doubled 14")
    spinner = embed(page, 2)
    spinner.locator("input[type=checkbox]").check()
    page.wait_for_function("document.querySelectorAll('.cove-embed')[2].dataset.coveKernel === 'busy'")
    page.wait_for_timeout(500)
    assert embed(page, 1).get_attribute("data-cove-kernel") == "ready"
    spinner.locator("[data-cove-action=stop]").click()
    page.wait_for_function(ALL_READY, timeout=BOOT)
    # An interrupt ended the loop in place, or a new worker did and the others came back with
    # their values.
    assert page.evaluate("[...coveDocs.runtimes.values()].map(r => r.workers)") == [1 if isolated else 2]
    assert "B doubled 14" in embed(page, 1).inner_text()
    assert embed(page, 1).locator("input[type=range]").input_value() == "7"
    assert spinner.locator(".cove-cell").nth(2).get_attribute("data-status") == "error"  # stopped, not re-run
    # All still live: each reacts, and only itself.
    embed(page, 1).locator("input[type=range]").fill("3")
    wait_text(page, 1, "B doubled 6")
    embed(page, 0).locator("input[type=range]").fill("3")
    wait_text(page, 0, "D cubes [0, 1, 8]")
    assert "B doubled 6" in embed(page, 1).inner_text()


def _page_with(tmp: Path, site: Any, options: list[Any]) -> str:
    """A bare HTML page holding SQUARES and DOUBLED with `options`, written by DocsSite."""
    from tests.docs.sites import DOUBLED, SQUARES

    (tmp / "doubled.py").write_text(DOUBLED)
    site.add_code("page.html", SQUARES, options[0])
    site.add_file("page.html", tmp / "doubled.py", options[1])
    site.write(tmp)
    body = "".join(site.fragment("page.html", "page.html", e.id) for e in site.embeds["page.html"])
    (tmp / "page.html").write_text(f"<!doctype html><meta charset=utf-8><title>t</title><body>{body}</body>")
    return "page.html"


def test_a_lazy_page_starts_python_only_when_asked(tmp_path: Path, offline_page: Any) -> None:
    from cove._docs import DocsSite, EmbedOptions

    name = _page_with(tmp_path, DocsSite(lazy=True), [EmbedOptions(), EmbedOptions()])
    server = CachingServer(tmp_path)
    try:
        page = offline_page
        page.goto(server.url + name)
        assert "A squares [0, 1, 4]" in embed(page, 0).inner_text()
        page.wait_for_timeout(1000)
        python = [p for p in server.runtime_requests() if "/pyodide" in p or "/wheels/" in p or "/web/worker-" in p]
        assert page.cove_workers == [] and python == [], "no Python before the reader asks"
        embed(page, 1).get_by_role("button", name="Run this page").click()
        page.wait_for_function(ALL_READY, timeout=BOOT)
        assert len(page.cove_workers) == 1
        assert page.locator("button", has_text="Run this page").count() == 0
        embed(page, 0).locator("input[type=range]").fill("4")
        wait_text(page, 0, "A squares [0, 1, 4, 9]")
    finally:
        server.close()


def test_an_editable_notebook_runs_the_readers_code(tmp_path: Path, offline_page: Any) -> None:
    from cove._docs import DocsSite, EmbedOptions

    name = _page_with(tmp_path, DocsSite(), [EmbedOptions(), EmbedOptions(editable=True)])
    server = CachingServer(tmp_path)
    try:
        page = offline_page
        page.goto(server.url + name)
        page.wait_for_function(ALL_READY, timeout=BOOT)
        last = embed(page, 1).locator(".cove-cell").nth(2)
        last.locator(".cove-code").click()
        editor = last.locator(".cm-content")
        editor.wait_for()
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text('f"B tripled {m.value * 3}"')
        page.keyboard.press("Control+Enter")
        wait_text(page, 1, "B tripled 6")
        embed(page, 1).locator("input[type=range]").fill("5")
        wait_text(page, 1, "B tripled 15")
        assert "A squares [0, 1, 4]" in embed(page, 0).inner_text()
        assert embed(page, 0).locator(".cm-content").count() == 0, "only the editable notebook has editors"
    finally:
        server.close()


@pytest.mark.parametrize("theme", ["furo", "pydata_sphinx_theme"])
def test_common_sphinx_themes(theme: str, tmp_path: Path, offline_page: Any) -> None:
    """Beyond alabaster (the sites above): the notebooks come alive and fill the content column."""
    from tests.docs.sites import build_sphinx

    server = CachingServer(build_sphinx(tmp_path, theme))
    try:
        page = offline_page
        page.goto(server.url + "two.html")
        page.wait_for_function(ALL_READY, timeout=BOOT)
        assert len(page.cove_workers) == 1
        embed(page, 1).locator("input[type=range]").fill("6")
        wait_text(page, 1, "B doubled 12")
        widths = page.evaluate("[...document.querySelectorAll('.cove-embed')].map(e => e.getBoundingClientRect().width)")
        assert len(widths) == 3 and min(widths) > 300, widths
    finally:
        server.close()


def test_notebooks_whose_packages_conflict_get_a_runtime_each(tmp_path: Path, offline_page: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Two notebooks pinning different versions of one package: two runtime folders, so the page
    starts two workers, and both notebooks work. (The pinned wheels are stand-ins that no cell
    imports, so the browser never fetches them; the planning is what is tested.)"""
    from cove._docs import DocsSite, EmbedOptions
    from cove._docs import runtime as runtime_mod
    from cove._export.lock import ResolvedWheel
    from tests.docs.sites import DOUBLED

    def fake(reqs: list[str], **_kw: Any) -> list[ResolvedWheel]:
        version = reqs[0].split("==")[1]
        path = tmp_path / f"six-{version}-py3-none-any.whl"
        path.write_bytes(version.encode())
        return [ResolvedWheel("six", version, path, "0" * 64)]

    monkeypatch.setattr(runtime_mod, "resolve_wheels", fake)
    for version in ("1.0", "2.0"):
        header = f'# /// script\n# dependencies = ["six=={version}"]\n# ///\n'
        (tmp_path / f"v{version[0]}.py").write_text(header + DOUBLED.replace("B doubled", f"V{version[0]} doubled"))
    notes: list[str] = []
    site = DocsSite(log=notes.append)
    for version in "12":
        site.add_file("page.html", tmp_path / f"v{version}.py", EmbedOptions())
    site.write(tmp_path)
    assert notes and "six" in notes[0], notes
    body = "".join(site.fragment("page.html", "page.html", e.id) for e in site.embeds["page.html"])
    (tmp_path / "page.html").write_text(f"<!doctype html><meta charset=utf-8><title>t</title><body>{body}</body>")
    server = CachingServer(tmp_path)
    try:
        page = offline_page
        page.goto(server.url + "page.html")
        page.wait_for_function(ALL_READY, timeout=BOOT)
        assert len(page.cove_workers) == 2
        embed(page, 1).locator("input[type=range]").fill("3")
        wait_text(page, 1, "V2 doubled 6")
        assert "V1 doubled 4" in embed(page, 0).inner_text()
    finally:
        server.close()
