"""Start `cove edit` on a notebook, open it in headless Chromium, press Install on the missing
module, and report (one JSON line on stdout) what the cells showed and what the file holds.
Runs as is, or inside a loopback-only network namespace (tests/offline.sh).

    python tests/browser/edit_install_run.py '{"notebook": PATH, "cache": DIR, "expect": TEXT,
                                               "env": {...}}'
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUTPUTS = "[...document.querySelectorAll('.cove-cell')].map(c => c.querySelector('.cove-output').innerText)"


def run(spec: dict[str, Any]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    env = {**os.environ, **spec.get("env", {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cove", "edit", spec["notebook"], "--no-browser", "--cache-dir", spec["cache"]],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    report: dict[str, Any] = {"errors": [], "log": []}
    try:
        url = None
        for line in proc.stdout or ():
            report["log"].append(line.rstrip())
            if line.startswith("Editing ") and " at " in line:
                url = line.split(" at ", 1)[1].strip()
                break
        if url is None:
            report["failure"] = "cove edit printed no URL"
            return report
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("pageerror", lambda e: report["errors"].append(str(e)))
            page.goto(url)
            page.wait_for_function("document.documentElement.dataset.coveKernel === 'ready'", timeout=120_000)
            button = page.get_by_role("button", name="Install it")
            button.wait_for(timeout=60_000)
            report["before"] = page.evaluate(OUTPUTS)
            button.click()
            try:
                page.wait_for_function(f"{OUTPUTS}.some(t => t.includes({json.dumps(spec['expect'])}))", timeout=120_000)
            except Exception as e:  # noqa: BLE001 - reported, the test asserts
                report["failure"] = f"no output {spec['expect']!r}: {e}"
            report["after"] = page.evaluate(OUTPUTS)
            report["banners"] = page.evaluate("document.querySelector('.cove-banners')?.innerText ?? ''")
            deadline = time.monotonic() + 30
            text = ""
            while time.monotonic() < deadline:  # the page saves the header after the install
                text = Path(spec["notebook"]).read_text()
                if "dependencies" in text:
                    break
                time.sleep(0.2)
            report["file"] = text
            browser.close()
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
            report["log"] += out.splitlines()
        except subprocess.TimeoutExpired:
            proc.kill()
    return report


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
