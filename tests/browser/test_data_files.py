"""Data files reach the reader at the same paths (issue 11): a notebook that reads a CSV by a
relative path, a JSON through notebook_location(), a file through __file__, files named by its
header and by --include, and a 30 MB file only when a button is pressed
(data_files_drive.py). Exported and served with the network off, as one file from file://, and
in `cove edit`: Run all ends with no cell in error, the big file is fetched only when opened, a
missing file's error says how to publish it, and no exported file names a path of this machine.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.browser.data_files_drive import check, drive, make_notebook
from tests.web.site import static_ready

ROOT = Path(__file__).resolve().parents[2]
OFFLINE = ROOT / "tests" / "offline.sh"
DRIVER = Path(__file__).resolve().parent / "data_files_drive.py"
STATIC = ROOT / "py" / "cove" / "_static"

pytestmark = pytest.mark.browser


def _skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if reason := static_ready():
        _skip(reason)
    root = tmp_path_factory.mktemp("data-files")
    nb = make_notebook(root / "project")
    runs = {}
    for name, out, extra in (("site", root / "site", []), ("single", root / "nb.html", ["--single-file"])):
        proc = subprocess.run(
            [sys.executable, "-m", "cove", "export", str(nb), "-o", str(out), "--include", "inc/*", *extra],
            capture_output=True, text=True, cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr
        runs[name] = proc.stderr
    return {"root": root, "nb": nb, "site": root / "site", "single": root / "nb.html", "stderr": runs}


def offline(spec: dict[str, Any]) -> dict[str, Any]:
    if subprocess.run([str(OFFLINE), "true"], capture_output=True).returncode != 0:
        _skip("tests/offline.sh cannot make a network namespace here (needs unshare -n)")
    proc = subprocess.run([str(OFFLINE), sys.executable, str(DRIVER), json.dumps(spec)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0 and lines, f"the offline run failed:\n{proc.stderr[-3000:]}"
    report: dict[str, Any] = json.loads(lines[-1])
    assert "failure" not in report, f"{report['failure']}\nerrors: {report['errors']}"
    return report


def test_export_summary_lists_the_files(exported: dict[str, Any]) -> None:
    stderr = exported["stderr"]["site"]
    for line in ("data.csv (12 B; named in cell 1)", "public/settings.json (16 B; public/)",
                 "notes/hello.txt (6 B; named in cell 3)", "extra/one.txt (1 B; [tool.cove] files)",
                 "inc/only-by-include.txt (4 B; --include)", "big.csv (30.0 MB; named in cell 4)"):
        assert line in stderr, stderr
    assert "data files: 8 (30.0 MB)" in stderr and "above the 25.0 MB budget" in stderr


def test_served_site_offline(exported: dict[str, Any]) -> None:
    check(offline({"serve": str(exported["site"])}))


def test_single_file_from_disk(exported: dict[str, Any]) -> None:
    # One file carries the data too, so nothing is fetched at all: no laziness to observe.
    check(offline({"file": str(exported["single"])}), lazy=False)


def test_exported_files_name_no_path_of_this_machine(exported: dict[str, Any]) -> None:
    """Every file the export wrote (the files copied unchanged from Cove's build are the build's,
    the same for every exporter: Pyodide's own wasm names the machine Pyodide was built on)."""
    needles = [str(exported["root"]).encode(), str(Path.home()).encode() + b"/", os.getcwd().encode() + b"/"]
    site: Path = exported["site"]
    checked = 0
    for path in [*site.rglob("*"), exported["single"]]:
        if not path.is_file():
            continue
        data = path.read_bytes()
        rel = path.relative_to(site).as_posix() if site in path.parents else None
        built = STATIC / rel if rel else None
        if built and built.is_file() and built.read_bytes() == data:
            continue
        checked += 1
        for needle in needles:
            assert needle not in data, f"{path} contains {needle.decode()}"
    assert checked >= 8  # index.html, nb.py, the lock, the data files, the single file


# ------------------------------------------------------------------------------- cove edit


@pytest.fixture
def edit_server(tmp_path: Path, built_static: Path) -> Iterator[Any]:
    from cove._server.edit import make_edit_server
    from tests.server.helpers import running

    render = pytest.importorskip("cove._site.render")
    nb = make_notebook(tmp_path / "project")
    (tmp_path / "secret.txt").write_text("secret")
    (nb.parent / "public" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    with running(make_edit_server(nb, built_static, render)) as server:
        server.quiet = True
        threading.Thread(target=server.precompress, daemon=True).start()
        yield server


def test_cove_edit(browser: Any, edit_server: Any) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(edit_server.page_url)
    check(drive(page, requests))
    # The folder's files go to the page (its cookie) only, read-only, never outside the folder.
    fetch = "async (u) => { const r = await fetch(u); return [r.status, r.status === 200 ? await r.text() : '']; }"
    assert page.evaluate(fetch, "data.csv") == [200, "a,b\n1,2\n3,4\n"]
    assert page.evaluate(fetch, "public/leak.txt")[0] == 404
    assert page.evaluate(fetch, "../secret.txt")[0] == 404
    assert page.evaluate(fetch, "%2e%2e/secret.txt")[0] == 404
    status = page.evaluate("async () => (await fetch('data.csv', {method: 'PUT', body: 'x'})).status")
    assert status in (403, 404, 405, 501)
    assert (edit_server.store.path.parent / "data.csv").read_text() == "a,b\n1,2\n3,4\n"
    other = browser.new_context()  # no cookie: another user of this machine
    assert other.request.get(edit_server.url("/data.csv")).status == 404
    other.close()
    context.close()


# ------------------------------------------------------------------------------ remote data

REMOTE = '''import cove

app = cove.App()


@app.cell
def _():
    import urllib.error
    import urllib.request

    def fetch(url):
        try:
            return urllib.request.urlopen(url).read().decode()
        except urllib.error.URLError as e:
            return f"failed: {e.reason}"
    return (fetch,)


@app.cell
def _(fetch):
    allowed = fetch("ALLOWED")
    refused = fetch("REFUSED")
    f"allowed={allowed!r} refused={refused!r}"
    return
'''


def _data_server(cors: bool) -> Any:
    """A server on another origin (another port) with one file, sending CORS headers or not."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"remote,data\n1,2\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            if cors:
                self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_urlopen_reads_a_url_and_names_cors(tmp_path: Path, page: Any, static_server: Any) -> None:
    if reason := static_ready():
        _skip(reason)
    allowed, refused = _data_server(True), _data_server(False)
    try:
        url = "http://127.0.0.1:{}/data.csv"
        nb = tmp_path / "remote.py"
        nb.write_text(REMOTE.replace("ALLOWED", url.format(allowed.server_address[1]))
                      .replace("REFUSED", url.format(refused.server_address[1])))
        proc = subprocess.run([sys.executable, "-m", "cove", "export", str(nb), "-o", str(tmp_path / "site"), "-q"],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        page.goto(static_server(tmp_path / "site") + "index.html")
        from tests.browser.data_files_drive import CELLS, SETTLED, run_and_wait

        page.wait_for_function(SETTLED, timeout=120_000)
        run_and_wait(page, "run-all")
        text = page.evaluate(CELLS)[1]["text"]
        got, refused_text = text.split("refused=")
        assert "remote,data" in got, text
        assert "failed: could not fetch" in refused_text and "CORS" in refused_text, text
    finally:
        allowed.shutdown()
        refused.shutdown()


# ------------------------------------------------------------------- an embedded notebook file

LINKED = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    import csv, json
    return csv, json, mo


@app.cell
def _(csv, json, mo):
    rows = list(csv.DictReader(open("data.csv")))
    name = json.loads((mo.notebook_location() / "public" / "x.json").read_text())["name"]
    f"linked rows {len(rows)} name {name}"
    return
'''


def test_a_linked_notebook_reads_files_next_to_it(tmp_path: Path, page: Any, static_server: Any) -> None:
    """<cove-notebook src="notebooks/nb.py">: a notebook that was not exported finds the files
    its code names next to it on the host."""
    if reason := static_ready():
        _skip(reason)
    (tmp_path / "a.py").write_text("import cove\n\napp = cove.App()\n")
    proc = subprocess.run([sys.executable, "-m", "cove", "export", str(tmp_path / "a.py"), "-o", str(tmp_path / "site"), "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "notebooks" / "public").mkdir(parents=True)
    (tmp_path / "notebooks" / "nb.py").write_text(LINKED)
    (tmp_path / "notebooks" / "data.csv").write_text("a\n1\n2\n")
    (tmp_path / "notebooks" / "public" / "x.json").write_text('{"name": "linked"}')
    (tmp_path / "host.html").write_text('<!doctype html><script src="site/cove-embed.js"></script>'
                                        '<cove-notebook id="nb" src="notebooks/nb.py"></cove-notebook>')
    page.goto(static_server(tmp_path) + "host.html")
    frame = page.locator("#nb").element_handle().evaluate_handle("el => el.frame").as_element().content_frame()
    frame.wait_for_function("document.body.innerText.includes('linked rows')", timeout=120_000)
    assert "linked rows 2 name linked" in frame.locator(".cove-notebook").inner_text()
