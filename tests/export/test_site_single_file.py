"""`cove export --single-file` and the failure modes of a site export, without a browser: what the
one file carries, that it refers to nothing outside itself, and that a failed export (a missing
dependency) writes nothing and leaves an earlier export untouched. The browser side is in
tests/browser/test_site_offline.py."""
from __future__ import annotations

import base64
import gzip
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.site import static_ready

ROOT = Path(__file__).resolve().parents[2]
FAKE_DIST = ROOT / "tests" / "export" / "fixtures" / "fake-pyodide-dist"

NB = '''import cove

app = cove.App(app_title="One file")


@app.cell
def _():
    import cove as mo
    n = mo.ui.slider(1, 10, value=4, label="n")
    n
    return (n,)


@app.cell
def _(n):
    f"sum is {sum(range(n.value + 1))} </script><!-- tricky"
    return
'''

MISSING = '''# /// script
# dependencies = ["fakenumpy", "cove-test-no-such-package"]
# ///
import cove

app = cove.App()


@app.cell
def _():
    x = 1
    return (x,)
'''

BLOCK = re.compile(r'<script type="application/octet-stream" data-cove-file="([^"]+)" data-type="([^"]+)"([^>]*)>([^<]*)</script>')


@pytest.fixture(autouse=True)
def _built() -> None:
    if reason := static_ready():
        pytest.skip(reason)


def cove_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cove", "export", *args], capture_output=True, text=True, cwd=ROOT)


def blocks(page: str) -> dict[str, tuple[str, bytes, str]]:
    """{site path: (mime type, decoded bytes, extra attributes)} of a single-file page."""
    found = {}
    for name, mime, attrs, data in BLOCK.findall(page):
        raw = base64.b64decode(data)
        found[html.unescape(name)] = (mime, gzip.decompress(raw) if 'data-encoding="gzip"' in attrs else raw, attrs)
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("single")
    (root / "nb.py").write_text(NB)
    for args in (["-o", str(root / "site")], ["-o", str(root / "nb.html"), "--single-file"]):
        proc = cove_export(str(root / "nb.py"), *args)
        assert proc.returncode == 0, proc.stderr
    return root


def test_the_cli_reports_the_size(tmp_path: Path) -> None:
    (tmp_path / "nb.py").write_text(NB)
    proc = cove_export(str(tmp_path / "nb.py"), "-o", str(tmp_path / "out.html"), "--single-file")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"wrote .*out\.html \(\d+\.\d MB, one file\)", proc.stderr), proc.stderr


def test_single_file_carries_every_file_of_the_site(exported: Path) -> None:
    page = (exported / "nb.html").read_text()
    carried = blocks(page)
    site = exported / "site"
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.is_dir() or name in ("index.html", ".nojekyll", "cove-embed.js", "web/manifest.json"):
            continue
        if name.endswith((".css", ".woff2")):
            continue  # stylesheets are inlined (their fonts as data: URLs)
        assert name in carried, f"{name} is not in the single file"
        if not name.endswith((".js", ".mjs")):  # scripts lose their sourceMappingURL comment
            assert carried[name][1] == path.read_bytes(), name
    assert carried["pyodide/pyodide.asm.wasm"][0] == "application/wasm"
    assert 'data-encoding="gzip"' in carried["pyodide/pyodide.asm.wasm"][2]
    assert 'data-encoding="gzip"' not in carried["pyodide/stdlib-rest.zip"][2], "zips are not gzipped again"
    assert "pyodide/python_stdlib.zip" not in carried, "the boot and rest zips hold the standard library"
    mains = [n for n, (_, _, attrs) in carried.items() if 'data-role="main"' in attrs]
    assert len(mains) == 1 and mains[0].startswith("web/main-")


def test_single_file_refers_to_nothing_outside_itself(exported: Path) -> None:
    page = (exported / "nb.html").read_text()
    assert "sum is 10" in page, "the prerendered output is in the page"
    outside = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?!data:)([^"]*)"', page)
    assert outside == [], outside
    assert "<link rel=\"stylesheet\"" not in page and "<style>" in page
    # Everything after the cells is the blocks and the loader: one inline module script.
    tail = page[page.index("cove:prerendered"):]
    assert tail.count('<script type="module">') == 1


def test_output_must_be_an_html_file(exported: Path, tmp_path: Path) -> None:
    proc = cove_export(str(exported / "nb.py"), "-o", str(tmp_path / "nb.txt"), "--single-file")
    assert proc.returncode == 1 and "NAME.html" in proc.stderr
    proc = cove_export(str(exported / "nb.py"), "-o", str(tmp_path), "--single-file")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "nb.html").is_file(), "a folder gets <notebook>.html"


def test_missing_dependency_fails_names_it_and_writes_nothing(tmp_path: Path) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text(MISSING)
    proc = cove_export(str(nb), "-o", str(tmp_path / "site"), "--pyodide-dist", str(FAKE_DIST))
    assert proc.returncode == 1
    assert "cove-test-no-such-package" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.py"], "no folder, no temporary left behind"
    proc = cove_export(str(nb), "-o", str(tmp_path / "nb.html"), "--pyodide-dist", str(FAKE_DIST), "--single-file")
    assert proc.returncode == 1 and "cove-test-no-such-package" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.py"]


def test_failed_export_leaves_the_earlier_one_untouched(exported: Path, tmp_path: Path) -> None:
    site, page = tmp_path / "site", tmp_path / "nb.html"
    (tmp_path / "good.py").write_text(NB)
    assert cove_export(str(tmp_path / "good.py"), "-o", str(site)).returncode == 0
    assert cove_export(str(tmp_path / "good.py"), "-o", str(page), "--single-file").returncode == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    page_before = page.read_bytes()
    (tmp_path / "bad.py").write_text(MISSING)
    for args in (["-o", str(site)], ["-o", str(page), "--single-file"]):
        proc = cove_export(str(tmp_path / "bad.py"), *args, "--pyodide-dist", str(FAKE_DIST))
        assert proc.returncode == 1 and "cove-test-no-such-package" in proc.stderr
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert page.read_bytes() == page_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.py", "good.py", "nb.html", "site"]


def test_site_has_the_embed_script_at_its_root(exported: Path) -> None:
    site = exported / "site"
    assert "cove-notebook" in (site / "cove-embed.js").read_text()
    web = [p.name for p in (site / "web").iterdir()]
    assert not [n for n in web if n.startswith(("cove-embed-", "single-file-"))], web
