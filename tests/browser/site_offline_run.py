"""Open an exported Cove site in headless Chromium and report what happened, as one JSON line on
stdout. Meant to run inside a network namespace with only loopback (tests/offline.sh), so that
any request to another host fails; the test that starts it asserts on the report.

    tests/offline.sh python tests/browser/site_offline_run.py '{"serve": ROOT, "path": "a/b/site/index.html",
                                                                "slider": 5, "expect": "text"}'
    ... '{"file": "/abs/nb.html", ...}'    (opened as file://, no server)

Report: requests (every URL the page and its workers asked for), marks (performance marks,
ms), kernel (data-cove-kernel), message (the kernel status text), outputs_ready (each cell's
output text once the notebook ran), outputs_after (after setting the first slider), errors.
"""
from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _Handler  # noqa: E402

OUTPUTS = "[...document.querySelectorAll('.cove-cell')].map(c => c.querySelector('.cove-output').innerText)"
SETTLED = "['ready', 'error'].includes(document.documentElement.dataset.coveKernel)"


def serve(folder: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=folder))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run(spec: dict[str, Any]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    server = None
    if "serve" in spec:
        server, origin = serve(spec["serve"])
        url = origin + spec["path"]
    else:
        url = Path(spec["file"]).resolve().as_uri()
    report: dict[str, Any] = {"url": url, "requests": [], "errors": []}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context()
            # context-level: workers' requests (Pyodide, wheels) are seen too
            context.on("request", lambda r: report["requests"].append(r.url))
            page = context.new_page()
            page.on("pageerror", lambda e: report["errors"].append(str(e)))
            page.on("console", lambda m: report["errors"].append(m.text) if m.type == "error" else None)
            page.goto(url)
            page.wait_for_function(SETTLED, timeout=spec.get("timeout", 120_000))
            report["kernel"] = page.evaluate("document.documentElement.dataset.coveKernel")
            report["message"] = page.locator(".cove-kernel-state").inner_text()
            if report["kernel"] == "ready":
                page.wait_for_function("performance.getEntriesByName('cove:interactive').length > 0", timeout=120_000)
                page.wait_for_function("document.documentElement.dataset.coveKernel === 'ready'", timeout=120_000)
                report["outputs_ready"] = page.evaluate(OUTPUTS)
                report["statuses_ready"] = page.evaluate(
                    "[...document.querySelectorAll('.cove-cell')].map(c => c.dataset.status)")
                if "slider" in spec:
                    page.locator("[data-cove-ui] input[type=range]").first.fill(str(spec["slider"]))
                    if spec.get("expect"):
                        page.wait_for_function(
                            "t => document.querySelector('.cove-notebook').innerText.includes(t)",
                            arg=spec["expect"], timeout=120_000,
                        )
                    page.wait_for_function("document.documentElement.dataset.coveKernel === 'ready'", timeout=120_000)
                    report["outputs_after"] = page.evaluate(OUTPUTS)
                if spec.get("restart"):  # a new worker: it must get its files again
                    page.locator("[data-cove-action=restart]").click()
                    page.wait_for_function("document.documentElement.dataset.coveKernel !== 'ready'", timeout=10_000)
                    page.wait_for_function(SETTLED, timeout=120_000)
                    report["kernel_after_restart"] = page.evaluate("document.documentElement.dataset.coveKernel")
                    report["outputs_after_restart"] = page.evaluate(OUTPUTS)
            report["marks"] = dict(page.evaluate(
                "performance.getEntriesByType('mark').filter(m => m.name.startsWith('cove:')).map(m => [m.name, m.startTime])"
            ))
            browser.close()
    except Exception as exc:  # noqa: BLE001 - reported, the test names it
        report["failure"] = f"{type(exc).__name__}: {exc}"
    finally:
        if server:
            server.shutdown()
    return report


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
