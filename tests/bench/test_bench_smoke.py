"""The browser benchmark's harness works: one small run of `bench/browser.py` prints a JSON line
with every field, and each measured value is a positive number. Not a timed test: no threshold
on any time (the targets are the benchmark's report, not a test's)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT, STATIC, _unavailable

pytestmark = pytest.mark.browser

BENCH = ROOT / "bench" / "browser.py"


@pytest.fixture(scope="module")
def bench_result() -> dict:
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("playwright missing: pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} missing: apt-get install -y chromium")
    if not (STATIC / "pyodide-lock.json").exists() or not (STATIC / "web" / "manifest.json").exists():
        _unavailable("py/cove/_static is not built: run `python build.py`")
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--samples", "1", "--updates", "5", "--json-only"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, f"bench/browser.py failed:\n{proc.stderr[-4000:]}"
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, f"--json-only printed more than the JSON line:\n{proc.stdout[:2000]}"
    return json.loads(lines[-1])


def positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def test_boot_marks_and_ratio(bench_result: dict) -> None:
    r = bench_result
    assert r["samples"] == 1 and r["updates_per_sample"] == 5
    for key in ("baseline_ms", "prerendered", "kernel_ready", "interactive"):
        assert set(r[key]) == {"median", "min", "max"}, key
        assert all(positive(v) for v in r[key].values()), (key, r[key])
    # The marks come in the order docs/spec.md §6 defines them.
    assert r["prerendered"]["median"] < r["kernel_ready"]["median"] <= r["interactive"]["median"]
    assert positive(r["prerendered_ms"])
    assert positive(r["ratio_interactive_baseline"])
    assert r["ratio_interactive_baseline"] == r["ratio_per_sample"]["median"]
    # One sample: the paired ratio is the ratio of the two boots.
    assert r["ratio_of_medians"] == pytest.approx(
        r["interactive"]["median"] / r["baseline_ms"]["median"], rel=0.01)


def test_updates_and_burst(bench_result: dict) -> None:
    r = bench_result
    assert r["update_count"] == 5
    assert positive(r["update_p50_ms"]) and positive(r["update_p95_ms"])
    assert r["update_p50_ms"] <= r["update_p95_ms"] <= r["update_max_ms"]
    assert positive(r["burst_latency_ms"]) or r["burst_latency_ms"] == 0
    assert r["burst_events"] == 200
    # 200 events must not turn into 200 re-runs: the newest value wins.
    assert 1 <= r["burst"]["updates_run"]["median"] < 200


def test_bytes_requests_and_targets(bench_result: dict) -> None:
    r = bench_result
    assert positive(r["bytes"]) and positive(r["requests"])
    assert positive(r["baseline_bytes"]) and positive(r["baseline_requests"])
    paths = [f[1] for f in r["files"]]
    assert "/index.html" in paths and any(p.endswith("pyodide.asm.wasm") for p in paths)
    assert any(p.startswith("/wheels/cove-") for p in paths)  # the worker's fetches are counted
    assert sum(f[3] for f in r["files"]) == r["bytes"]
    assert positive(r["export_ms"])
    names = {t["name"] for t in r["targets"]}
    assert {"interactive / baseline", "prerendered", "update p95", "first visit bytes"} <= names
    assert all(isinstance(t["pass"], bool) for t in r["targets"])
