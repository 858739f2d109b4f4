"""A really exported site, with real dependencies, in a network namespace that has only loopback
(tests/offline.sh): served under a sub-path, and as one file opened from file://.

The notebook (tests/export/fixtures/site/deps_notebook.py) needs plotly (pure Python, PyPI),
pydantic (-> pydantic-core, a pyemscripten binary wheel) and fakenumpy (only in the fake Pyodide
distribution). Exporting needs PyPI once; later runs use the wheel cache.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.web.site import static_ready

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "export" / "fixtures"
NOTEBOOK = FIXTURES / "site" / "deps_notebook.py"
FAKE_DIST = FIXTURES / "fake-pyodide-dist"
OFFLINE = ROOT / "tests" / "offline.sh"
RUNNER = Path(__file__).resolve().parent / "site_offline_run.py"

pytestmark = pytest.mark.browser


def _skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def _requirements() -> None:
    if reason := static_ready():
        _skip(reason)
    if subprocess.run([str(OFFLINE), "true"], capture_output=True).returncode != 0:
        _skip("tests/offline.sh cannot make a network namespace here (needs unshare -n)")


def offline(spec: dict[str, Any]) -> dict[str, Any]:
    """Run site_offline_run.py with `spec` inside the loopback-only namespace; its report."""
    proc = subprocess.run(
        [str(OFFLINE), sys.executable, str(RUNNER), json.dumps(spec)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0 and lines, f"the offline run failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    report = json.loads(lines[-1])
    assert "failure" not in report, f"{report['failure']}\nerrors: {report['errors']}"
    assert report["kernel"] == "ready", f"{report['message']}\nerrors: {report['errors']}"
    return report


def export(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cove", "export", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def deps_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook exported to <root>/a/b/site (and the same as one file, <root>/deps.html)."""
    root = tmp_path_factory.mktemp("offline")
    for out, extra in ((root / "a" / "b" / "site", []), (root / "deps.html", ["--single-file"])):
        proc = export([str(NOTEBOOK), "-o", str(out), "--pyodide-dist", str(FAKE_DIST), "-q", *extra])
        if proc.returncode != 0 and "could not reach the package index" in proc.stderr:
            _skip(f"exporting needs PyPI once (wheels are cached after): {proc.stderr.strip()}")
        assert proc.returncode == 0, proc.stderr
        # The export's Python (the test venv) has none of plotly/humanize/fakenumpy: the prerender
        # runs in an isolated environment, and only the distribution-only cells are left out.
        warnings = [x for x in proc.stderr.splitlines() if x.startswith("warning:")]
        assert len(warnings) == 1 and "needs fakenumpy" in warnings[0], proc.stderr
        assert "with 1 cell below it" in warnings[0]
    return root


PRERENDERED = ("validated n=3", "plotly trace bar with 3 bars", "static text 4242", "humanized 4,242,000")
AFTER = ("validated n=5", "plotly trace bar with 5 bars", "fakenumpy total 15")


def check_live(report: dict[str, Any]) -> None:
    assert "error" not in report["statuses_ready"], report["statuses_ready"]
    ready = "\n".join(report["outputs_ready"])
    assert "fakenumpy total 6" in ready and all(t in ready for t in PRERENDERED), ready
    after = "\n".join(report["outputs_after"])
    assert all(t in after for t in AFTER), after
    marks = report["marks"]
    assert marks["cove:prerendered"] < marks["cove:kernel-ready"] <= marks["cove:interactive"], marks


def test_site_under_a_sub_path_works_with_only_loopback(deps_export: Path) -> None:
    site = deps_export / "a" / "b" / "site"
    html = (site / "index.html").read_text()
    for text in PRERENDERED:
        assert text in html, f"{text!r} is not prerendered in index.html"
    lock = json.loads((site / "pyodide-lock.json").read_text())
    assert {"plotly", "pydantic", "pydantic-core", "fakenumpy", "fake-dep", "cove"} <= set(lock["packages"])

    report = offline({"serve": str(deps_export), "path": "a/b/site/index.html", "slider": 5, "expect": "fakenumpy total 15"})
    check_live(report)
    hosts = {urlparse(u).hostname for u in report["requests"] if u.startswith(("http:", "https:"))}
    assert hosts == {"127.0.0.1"}, report["requests"]
    outside = [u for u in report["requests"] if u.startswith("http") and "/a/b/site/" not in u]
    assert not outside, f"requests outside the site's folder: {outside}"
    assert any(u.endswith(".whl") and "pydantic_core" in u for u in report["requests"])


def test_single_file_works_from_disk_with_only_loopback(deps_export: Path) -> None:
    page = deps_export / "deps.html"
    text = page.read_text()
    for needle in PRERENDERED:
        assert needle in text
    print(f"single file: {page.stat().st_size / 1e6:.1f} MB")
    report = offline({"file": str(page), "slider": 5, "expect": "fakenumpy total 15", "restart": True})
    check_live(report)
    assert report["kernel_after_restart"] == "ready", report["errors"]
    assert "fakenumpy total" in "\n".join(report["outputs_after_restart"])
    fetched = [u for u in report["requests"] if not u.startswith(("blob:", "data:"))]
    assert fetched == [page.as_uri()], f"the page fetched more than itself: {fetched}"


STDLIB_NOTEBOOK = FIXTURES / "site" / "stdlib_notebook.py"


@pytest.fixture(scope="module")
def stdlib_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A notebook importing standard-library modules the boot zip lacks, exported as a folder and
    as one file, without precomputed states (its cell must run live)."""
    root = tmp_path_factory.mktemp("stdlib")
    for out, extra in ((root / "site", []), (root / "stdlib.html", ["--single-file"])):
        proc = export([str(STDLIB_NOTEBOOK), "-o", str(out), "--no-precompute", "-q", *extra])
        assert proc.returncode == 0, proc.stderr
    return root


@pytest.mark.parametrize("kind", ["folder", "single-file"])
def test_a_module_outside_the_boot_zip_imports_offline(stdlib_export: Path, kind: str) -> None:
    if kind == "folder":
        spec = {"serve": str(stdlib_export), "path": "site/index.html"}
    else:
        spec = {"file": str(stdlib_export / "stdlib.html")}
    # mean of [6, 10] is 8, computed and rendered as Markdown in the page: the rest of the
    # standard library and Markdown's wheels were fetched on first use.
    report = offline({**spec, "slider": 6, "expect": "mean 8 tag b from python314-rest.zip"})
    assert "error" not in report["statuses_ready"], report["statuses_ready"]
    if kind == "folder":
        assert any(u.endswith("/pyodide/stdlib-rest.zip") for u in report["requests"]), report["requests"]
        assert not any(u.endswith("python_stdlib.zip") for u in report["requests"])
        assert any("/wheels/markdown_it_py-" in u for u in report["requests"]), report["requests"]
