"""Packages benchmark (issue 10): a notebook with real dependencies, exported and edited.

    python bench/packages.py [--samples 3] [--json-only]

The notebook is tests/export/fixtures/site/deps_notebook.py (plotly, pydantic, humanize from
PyPI; fakenumpy from the fake Pyodide distribution in tests/export/fixtures). Measures, in one run:
- warm export time (wheel cache and prerender environment built by a warm-up export; target
  ≤ 5 s), median of --samples;
- `cove edit` start → ready kernel in Chromium (server start, launch resolution from the cache,
  Pyodide boot, packages loaded) against the exported page's boot → kernel ready, the same
  notebook, served from 127.0.0.1; samples alternate; target ratio ≤ 1.5.
Prints a Markdown table and, last, one JSON line. Needs PyPI once (then the cache).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

NOTEBOOK = ROOT / "tests" / "export" / "fixtures" / "site" / "deps_notebook.py"
DIST = ROOT / "tests" / "export" / "fixtures" / "fake-pyodide-dist"
READY = "document.documentElement.dataset.coveKernel === 'ready'"


def export(out: Path, cache: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cove", "export", str(NOTEBOOK), "-o", str(out), "-q",
                           "--pyodide-dist", str(DIST), "--cache-dir", str(cache)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"export failed: {proc.stderr.strip()}")
    return time.perf_counter() - started


def until_ready(browser: Any, url: str) -> None:
    """Open `url` in a fresh context and wait for a ready kernel."""
    context = browser.new_context()
    context.new_page().goto(url)
    context.pages[0].wait_for_function(READY, timeout=180_000)
    context.close()


def page_boot(browser: Any, url: str) -> float:
    started = time.perf_counter()
    until_ready(browser, url)
    return time.perf_counter() - started


def edit_boot(browser: Any, nb: Path, cache: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cove", "edit", str(nb), "--no-browser", "--cache-dir", str(cache),
                             "--pyodide-dist", str(DIST)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        url = next(line.split(" at ", 1)[1].strip() for line in proc.stdout or () if line.startswith("Editing "))
        until_ready(browser, url)
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(10)


def run(samples: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cove-bench-pkg-") as tmp:
        root, cache = Path(tmp), Path(tmp) / "cache"
        site = root / "www" / "site"
        cold = export(site, cache)  # also builds the prerender environment
        warm = [export(site, cache) for _ in range(samples)]
        nb = root / "edit" / "nb.py"
        nb.parent.mkdir()
        nb.write_text(NOTEBOOK.read_text())
        server = serve(root / "www")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                edit_boot(browser, nb, cache)  # warm-up: the OS caches, Chromium's code cache
                pages, edits = [], []
                for _ in range(samples):
                    pages.append(page_boot(browser, f"http://127.0.0.1:{server.port}/site/index.html"))
                    edits.append(edit_boot(browser, nb, cache))
                browser.close()
        finally:
            server.shutdown()
    result = {
        "bench": "packages", "samples": samples,
        "export_cold_s": round(cold, 2), "export_warm_s": round(statistics.median(warm), 2),
        "page_ready_s": round(statistics.median(pages), 2), "edit_ready_s": round(statistics.median(edits), 2),
    }
    result["edit_vs_page"] = round(result["edit_ready_s"] / result["page_ready_s"], 2)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    r = run(args.samples)
    if not args.json_only:
        print("| measure | value | target |\n| --- | --- | --- |")
        print(f"| export, cold cache (wheels + prerender env) | {r['export_cold_s']} s | - |")
        print(f"| export, warm cache | {r['export_warm_s']} s | ≤ 5 s |")
        print(f"| exported page: navigation → kernel ready | {r['page_ready_s']} s | baseline |")
        print(f"| cove edit: start → kernel ready | {r['edit_ready_s']} s ({r['edit_vs_page']}×) | ≤ 1.5× |")
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
