"""The agents benchmark's harness works: a small run of `bench/agents.py` prints one JSON line
with every field, each time positive. Not a timed test: the targets are the benchmark's report."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .helpers import ROOT, child_env

pytest.importorskip("mcp.server.mcpserver")


def test_bench_agents_prints_every_measure() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "agents.py"), "--cells", "40", "--repeat", "2", "--json-only"],
        capture_output=True, text=True, timeout=300, env=child_env(),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (line,) = done.stdout.strip().splitlines()
    result = json.loads(line)
    assert result["cells"] == 40
    assert result["chain"]["ancestors"] == 39 and result["forest"]["ancestors"] == 9
    for name in ("chain", "forest", "small"):
        for measure in ("context_mcp_ms", "edit_run_mcp_ms", "run_mcp_ms"):
            assert result[name][measure]["median_ms"] > 0
    assert result["chain"]["context_ms"]["median_ms"] > 0
