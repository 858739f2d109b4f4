"""Agents benchmark (issue 17): `context` on a 1,000-cell notebook, and one MCP tool round trip
(edit + run of a leaf) through the real `cove mcp` server and the `mcp` client SDK.

    python bench/agents.py [--cells 1000] [--repeat 20] [--json-only]

Prints a Markdown table, then one JSON object (the last line). Targets: `context` ≤ 50 ms on
1,000 cells; an edit+run round trip ≤ 20 ms plus the cell's own run time. Two notebooks of
`--cells` cells: a chain (cell i reads cell i-1: the leaf's context is every other cell, the
worst case) and a forest of 10-cell branches (a leaf's context is its branch: the usual case).
`context_ms` is the operation in process; `context_mcp_ms` the whole tool call from an agent.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Awaitable, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

from cove._agents.session import AgentSession  # noqa: E402

BRANCH = 10


def chain(n: int) -> str:
    cells = ["@app.cell\ndef _():\n    x0 = list(range(100))\n    return (x0,)\n"]
    cells += [f"@app.cell\ndef _(x{i-1}):\n    x{i} = x{i-1}[:50] + [{i}]\n    return (x{i},)\n" for i in range(1, n)]
    return _notebook(cells)


def forest(n: int) -> str:
    cells = []
    for i in range(n):
        if i % BRANCH == 0:
            cells.append(f"@app.cell\ndef _():\n    x{i} = {{'start': {i}}}\n    return (x{i},)\n")
        else:
            cells.append(f"@app.cell\ndef _(x{i-1}):\n    x{i} = dict(x{i-1}, step={i})\n    return (x{i},)\n")
    return _notebook(cells)


def _notebook(cells: list[str]) -> str:
    head = 'import cove\n\n__generated_with = "0.1.0"\napp = cove.App()\n'
    return "\n\n".join([head, *cells, 'if __name__ == "__main__":\n    app.run()\n'])


def stats(samples: list[float]) -> dict[str, float]:
    # min: the cost of the code itself on a shared machine; median: what a session sees
    return {"median_ms": round(statistics.median(samples), 3), "min_ms": round(min(samples), 3),
            "max_ms": round(max(samples), 3)}


def measure(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def in_process(path: Path, repeat: int) -> dict[str, Any]:
    s = AgentSession(str(path))
    s.run(None)
    leaf = s.kernel.cells[-1].id
    samples = measure(lambda: s.context(leaf), repeat)
    return {"context_ms": stats(samples), "ancestors": len(s.context(leaf)["ancestors"])}


async def over_mcp(path: Path, repeat: int) -> dict[str, Any]:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    env = {"PYTHONPATH": os.pathsep.join([str(ROOT / "py"), os.environ.get("PYTHONPATH", "")])}
    params = StdioServerParameters(command=sys.executable, args=["-m", "cove", "mcp", str(path)], env=env)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await session.call_tool("run_all", {})
            cells = (await session.call_tool("list_cells", {})).structured_content["cells"]  # type: ignore[index]
            leaf = cells[-1]
            base = leaf["code"]

            async def timed(call: Callable[[int], Awaitable[Any]]) -> list[float]:
                out = []
                for i in range(repeat + 2):
                    t0 = time.perf_counter()
                    result = await call(i)
                    assert not result.is_error, result.content
                    if i >= 2:  # two warm-up calls
                        out.append((time.perf_counter() - t0) * 1000)
                return out

            context = await timed(lambda i: session.call_tool("context", {"cell": leaf["id"]}))
            # a different code each time: a real edit, a real save, a real run
            edit = await timed(lambda i: session.call_tool(
                "edit_cell", {"cell": leaf["id"], "code": f"{base}\n_n = {i}"}))
            run_only = await timed(lambda i: session.call_tool("run_cells", {"cells": [leaf["id"]]}))
    return {"context_mcp_ms": stats(context), "edit_run_mcp_ms": stats(edit), "run_mcp_ms": stats(run_only)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    import anyio

    result: dict[str, Any] = {"cells": args.cells}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("chain", chain), ("forest", forest)):
            path = Path(tmp) / f"{name}.py"
            path.write_text(make(args.cells))
            entry = in_process(path, args.repeat)
            entry.update(anyio.run(over_mcp, path, args.repeat))
            result[name] = entry
        small = Path(tmp) / "small.py"
        small.write_text(forest(BRANCH))
        result["small"] = anyio.run(over_mcp, small, args.repeat)
    if not args.json_only:
        print("ms, median / min | context (in process) | context (MCP) | edit+run leaf (MCP) | run leaf (MCP) |")
        print("|---|---|---|---|---|")
        for name in ("chain", "forest", "small"):
            r = result[name]
            cells = [r.get(k) for k in ("context_ms", "context_mcp_ms", "edit_run_mcp_ms", "run_mcp_ms")]
            shown = [f"{c['median_ms']} / {c['min_ms']}" if c else "-" for c in cells]
            print(f"| {name} | " + " | ".join(shown) + " |")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
