"""Runs the page's node:test unit tests (tests/web/*.test.ts: state reducer, boot phases, replies
by seq, UI coalescing, share links, controller with a fake worker, ...) so that one `pytest`
covers them."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_web_unit_tests_pass() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    if not (ROOT / "node_modules" / "esbuild").is_dir():
        pytest.skip("node_modules missing: run `npm ci`")
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "web" / "run.mjs")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-4000:]
