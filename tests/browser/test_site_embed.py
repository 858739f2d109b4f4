"""Embedding exported sites in other pages: `index.html?embed=1` in an iframe (no toolbar, its
height posted to the parent), cove-embed.js fitting `<iframe data-cove>` to that height, and
`<cove-notebook>` elements, several on one page, each with its own kernel."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import static_ready

ROOT = Path(__file__).resolve().parents[2]
BOOT = 120_000

SITE_NB = '''import cove

app = cove.App(app_title="Embedded A")


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    n = mo.ui.slider(1, 10, value=3, label="n")
    n
    return (n,)


@app.cell
def _(n):
    f"A squares {[i * i for i in range(n.value)]}"
    return
'''

LINKED_NB = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    m = mo.ui.slider(1, 10, value=2, label="m")
    m
    return (m,)


@app.cell
def _(m):
    f"B doubled {m.value * 2}"
    return
'''

HOST = """<!doctype html>
<html><head><meta charset="utf-8"><title>Host</title>
<script src="site/cove-embed.js"></script></head>
<body>
<h1>Docs page</h1>
<iframe data-cove id="plain" src="site/index.html?embed=1" style="width:100%;border:0"></iframe>
<cove-notebook id="linked" src="notebooks/linked.py"></cove-notebook>
<cove-notebook id="site" src="site/"></cove-notebook>
</body></html>
"""


@pytest.fixture(autouse=True)
def _built() -> None:
    if reason := static_ready():
        pytest.skip(reason)


@pytest.fixture(scope="module")
def host_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("embed")
    (root / "a.py").write_text(SITE_NB)
    proc = subprocess.run([sys.executable, "-m", "cove", "export", str(root / "a.py"), "-o", str(root / "site"), "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    (root / "notebooks").mkdir()
    (root / "notebooks" / "linked.py").write_text(LINKED_NB)
    (root / "host.html").write_text(HOST)
    return root


# In the page: the iframe for a selector (a <cove-notebook> keeps its iframe in its shadow root).
FRAME = "(s => { const el = document.querySelector(s); return el.frame ?? el; })"


def frame_of(page: Any, selector: str) -> Any:
    """The content frame of an iframe, or of a <cove-notebook>'s iframe (in its shadow root)."""
    handle = page.locator(selector).element_handle()
    if handle.evaluate("el => el.tagName") == "COVE-NOTEBOOK":
        handle = handle.evaluate_handle("el => el.frame").as_element()
    frame = handle.content_frame()
    assert frame is not None, selector
    return frame


def wait_text(frame: Any, text: str, timeout: int = 30_000) -> None:
    frame.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def wait_ready(frame: Any) -> None:
    frame.wait_for_function("['ready', 'error'].includes(document.documentElement.dataset.coveKernel)", timeout=BOOT)
    state = frame.evaluate("document.documentElement.dataset.coveKernel")
    assert state == "ready", frame.locator(".cove-kernel-state").inner_text()


def test_site_exports_cove_embed_js(host_root: Path) -> None:
    script = (host_root / "site" / "cove-embed.js").read_text()
    assert "cove-notebook" in script and "cove:resize" in script
    assert not list((host_root / "site" / "web").glob("cove-embed-*")), "the host script is not part of the page"
    assert not list((host_root / "site" / "web").glob("single-file-*"))


def test_embed_mode_hides_the_toolbar_and_posts_its_height(host_root: Path, static_server, page) -> None:
    (host_root / "listen.html").write_text(
        '<!doctype html><script>window.got = []; addEventListener("message", e => got.push(e.data));</script>'
        '<iframe id="f" src="site/index.html?embed=1" style="width:600px;height:200px;border:0"></iframe>'
    )
    page.goto(static_server(host_root) + "listen.html")
    page.wait_for_function("got.some(m => m && m.type === 'cove:resize' && m.height > 0)", timeout=BOOT)
    frame = frame_of(page, "#f")
    assert not frame.locator(".cove-toolbar").is_visible()
    assert "A squares [0, 1, 4]" in frame.locator(".cove-notebook").inner_text()
    first = page.evaluate("got.filter(m => m.type === 'cove:resize').at(-1).height")
    root_height = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert first == root_height
    # Without ?embed=1 the same page keeps its toolbar and posts nothing.
    page.goto(static_server(host_root) + "site/index.html")
    assert page.locator(".cove-toolbar").is_visible()


def test_two_notebooks_on_one_page_each_with_its_own_kernel(host_root: Path, static_server, page) -> None:
    page.goto(static_server(host_root) + "host.html")
    plain, linked, site = frame_of(page, "#plain"), frame_of(page, "#linked"), frame_of(page, "#site")
    for frame in (plain, linked, site):
        wait_ready(frame)
    wait_text(linked, "B doubled 4")
    assert "A squares" not in linked.locator("body").inner_text(), "the site's own cells are replaced"
    # Each is resized to its content by cove-embed.js.
    for selector, frame in (("#plain", plain), ("#site", site)):
        want = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
        page.wait_for_function(f"h => {FRAME}('{selector}').style.height === h + 'px'", arg=want)
    page.wait_for_function(f"{FRAME}('#linked').style.height.endsWith('px')")

    linked.locator("[data-cove-ui] input[type=range]").fill("7")
    plain.locator("[data-cove-ui] input[type=range]").fill("5")
    wait_text(linked, "B doubled 14")
    wait_text(plain, "A squares [0, 1, 4, 9, 16]")
    # The third frame runs the same site with its own kernel: untouched by the others.
    assert "A squares [0, 1, 4]" in site.locator(".cove-notebook").inner_text()
    assert "A squares [0, 1, 4, 9, 16]" not in site.locator(".cove-notebook").inner_text()


def test_a_notebook_that_cannot_be_fetched_is_named(host_root: Path, static_server, page) -> None:
    (host_root / "broken.html").write_text(
        '<!doctype html><script src="site/cove-embed.js"></script><cove-notebook id="nb" src="missing/nb.py"></cove-notebook>'
    )
    page.goto(static_server(host_root) + "broken.html")
    frame = frame_of(page, "#nb")
    frame.wait_for_function("document.documentElement.dataset.coveKernel === 'error'", timeout=BOOT)
    text = frame.locator(".cove-banners").inner_text()
    assert "missing/nb.py" in text and "404" in text, text


def test_a_notebook_from_another_origin_waits_for_run(host_root: Path, static_server, page, tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    class Cors(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def log_message(self, *args: object) -> None:
            pass

    (tmp_path / "other.py").write_text(LINKED_NB)
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Cors, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        src = f"http://127.0.0.1:{other.server_address[1]}/other.py"  # another port: another origin
        (host_root / "foreign.html").write_text(
            f'<!doctype html><script src="site/cove-embed.js"></script><cove-notebook id="nb" src="{src}"></cove-notebook>'
        )
        page.goto(static_server(host_root) + "foreign.html")
        frame = frame_of(page, "#nb")
        wait_ready(frame)
        banner = frame.locator('.cove-banner[data-banner="shared"]')
        assert banner.is_visible(), "the notice stays visible in embed mode"
        frame.wait_for_timeout(500)
        assert "B doubled" not in frame.locator(".cove-notebook").inner_text(), "nothing ran"
        banner.get_by_role("button", name="Run").click()
        wait_text(frame, "B doubled 4")
    finally:
        other.shutdown()
