"""`cove mcp`, driven as an agent drives it: the `mcp` client SDK talking to a subprocess."""
from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

import cove

from .helpers import child_env, cove_command, write_notebook

pytest.importorskip("mcp.server.mcpserver")
import anyio  # noqa: E402
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402


class Agent:
    def __init__(self, session: ClientSession) -> None:
        self.session = session

    async def call(self, tool: str, **args: Any) -> dict[str, Any]:
        result = await self.session.call_tool(tool, args)
        assert not result.is_error, result.content
        data = result.structured_content
        assert data is not None and data == json.loads(result.content[0].text)  # type: ignore[union-attr]
        return data

    async def refused(self, tool: str, **args: Any) -> str:
        result = await self.session.call_tool(tool, args)
        assert result.is_error
        return result.content[0].text  # type: ignore[union-attr]


@asynccontextmanager
async def agent(path: Path) -> AsyncIterator[Agent]:
    command, *args = cove_command("mcp", str(path))
    params = StdioServerParameters(command=command, args=args, env=child_env())
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            yield Agent(session)


def ids(cells: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in cells]


def test_an_agent_finds_and_fixes_a_bug(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)

    async def scenario() -> None:
        async with agent(path) as a:
            tools = {t.name for t in (await a.session.list_tools()).tools}
            assert {"list_cells", "read_cell", "edit_cell", "add_cell", "delete_cell", "move_cell",
                    "run_cells", "run_stale", "check", "describe", "context", "stop"} <= tools

            # 1. list: every cell with its code, defs, refs, status; nothing has run
            listed = await a.call("list_cells")
            cells = listed["cells"]
            assert ids(cells) == [f"c{i}" for i in range(7)]
            assert cells[5]["refs"] == ["a", "c"] and cells[5]["defs"] == ["d"]
            assert cells[1]["code"] == "b = a + 1\nb"
            assert not any(c["ran"] for c in cells)

            ran = await a.call("run_cells", cells=["c5"])
            # a cell that never ran first runs the ancestors it needs, and nothing else
            assert ids(ran["cells"]) == ["c0", "c1", "c2", "c5"] and ran["errors"] == []
            assert ran["cells"][-1]["output"] == "21"

            # 2. a bug on the cell's second line: the error names the line and the blocked cells
            broken = await a.call("edit_cell", cell="c1", code="b = a + 1\nb = b / 0\nb")
            assert broken["saved"] is True
            (error,) = broken["errors"]
            assert error["id"] == "c1" and error["line"] == 2 and error["kind"] == "exception"
            assert error["error"] == "ZeroDivisionError: division by zero"
            assert ids(error["blocked"]) == ["c2", "c5"]
            assert {c["id"]: c["status"] for c in broken["cells"]} == {"c1": "error", "c2": "error", "c5": "error"}

            # 3. the context of a downstream cell: exactly its ancestors, in dependency order
            ctx = await a.call("context", cell="c5")
            assert ids(ctx["ancestors"]) == ["c0", "c1", "c2"]
            assert ctx["ancestors"][1]["code"] == "b = a + 1\nb = b / 0\nb"
            assert ctx["cell"]["code"] == "d = c + a\nd"
            assert ctx["values"]["a"] == {"type": "int", "kind": "scalar", "value": "1"}
            assert "missing" in ctx["values"]["c"]  # its cell is blocked

            # 4. the fix: the dependents re-run
            fixed = await a.call("edit_cell", cell="c1", code="b = a + 2\nb")
            assert fixed["errors"] == []
            outcome = {c["id"]: (c["status"], c["output"]) for c in fixed["cells"]}
            assert outcome == {"c1": ("idle", "3"), "c2": ("idle", "30"), "c5": ("idle", "31")}
            assert (await a.call("read_cell", cell=2))["id"] == "c2"  # by index, or by id
            cell = await a.call("read_cell", cell="c2")
            assert cell["output"] == "30" and cell["console"] == "c is 30\n"
            assert "has not run" in await a.refused("describe", name="z")
            assert (await a.call("run_cells", cells=["c4"]))["cells"][-1]["id"] == "c4"
            assert (await a.call("describe", name="z"))["length"] == 3

    anyio.run(scenario)
    # 5. the file on disk holds the fixed code, and the rest of the file as it was
    nb = cove.load(path)
    assert nb.cells[1].code == "b = a + 2\nb"
    assert [c.code for c in nb.cells[2:]] == [c.code for c in cove.loads(write_notebook(tmp_path, name="orig.py").read_text()).cells[2:]]


def test_nothing_runs_before_it_is_asked(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write_notebook(tmp_path, f'''import cove

app = cove.App()


@app.cell
def _():
    open({str(marker)!r}, "w").close()
    return
''')

    async def scenario() -> None:
        async with agent(path) as a:
            assert [c["status"] for c in (await a.call("list_cells"))["cells"]] == ["idle"]
            assert (await a.call("check"))["findings"] == []
            assert not marker.exists()
            await a.call("run_all")
            assert marker.exists()

    anyio.run(scenario)


@pytest.mark.parametrize("runaway", ["while True:\n    pass", "time.sleep(120)"])
def test_a_runaway_cell_is_stopped_and_the_kernel_stays_usable(tmp_path: Path, runaway: str) -> None:
    path = write_notebook(tmp_path)

    async def scenario() -> None:
        async with agent(path) as a:
            results: dict[str, Any] = {}

            async def run_forever() -> None:
                results["run"] = await a.call("edit_cell", cell="c6", code=f"import time\n{runaway}")

            async with anyio.create_task_group() as tg:
                tg.start_soon(run_forever)
                await anyio.sleep(0.5)
                for _ in range(100):  # until the cell runs (a loaded machine may take a while)
                    started = time.monotonic()
                    results["stop"] = await a.call("stop")
                    results["stop_seconds"] = time.monotonic() - started
                    if not results["stop"]["message"].startswith("nothing was running"):
                        break
                    await anyio.sleep(0.2)
            assert results["stop"]["stopped"] is True, results["stop"]
            assert results["stop_seconds"] < 5
            (error,) = results["run"]["errors"]
            assert error["id"] == "c6" and error["kind"] == "interrupted"
            # usable after: other cells run, and so does the stopped one once fixed
            again = await a.call("run_cells", cells=["c2"])
            assert {c["id"]: c["output"] for c in again["cells"]} == {"c0": None, "c1": "2", "c2": "20", "c5": "21"}
            assert (await a.call("edit_cell", cell="c6", code="import time\n7"))["cells"][0]["output"] == "7"
            assert (await a.call("stop"))["stopped"] is False  # nothing is running

    anyio.run(scenario)


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)

    async def scenario() -> None:
        async with agent(path) as a:
            await a.call("edit_cell", cell="c0", code="a = 2", run=False)
            theirs = path.read_text().replace("z = [5, 6, 7]", "z = [1]")
            path.write_text(theirs)
            message = await a.refused("edit_cell", cell="c1", code="b = 0")
            assert "changed on disk" in message and "reload" in message
            assert "changed on disk" in await a.refused("add_cell", code="q = 1")
            assert "changed on disk" in await a.refused("delete_cell", cell="c4")
            assert path.read_text() == theirs  # their change survives
            assert (await a.call("read_cell", cell="c1"))["code"] == "b = a + 1\nb"  # ours was not made
            reloaded = await a.call("reload")
            assert reloaded["cells"][3]["code"] == "z = [1]"
            await a.call("edit_cell", cell="c1", code="b = 0\nb")
            assert "z = [1]" in path.read_text() and "b = 0" in path.read_text()

    anyio.run(scenario)


def test_unparsable_code_is_kept_in_the_file(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)

    async def scenario() -> None:
        async with agent(path) as a:
            result = await a.call("edit_cell", cell="c3", code="z = = [5]")
            syntax, lost = result["errors"]
            assert (syntax["id"], syntax["kind"], syntax["line"]) == ("c3", "syntax", 1)
            # code that does not parse defines nothing: the cell reading `z` says why it fails
            assert lost["id"] == "c4" and "no cell defines `z`" in lost["error"]
            (finding,) = (await a.call("check"))["findings"]
            assert finding["code"] == "E001"
            assert path.read_text().splitlines()[finding["line"] - 1].strip() == "z = = [5]"
            added = await a.call("add_cell", code="e = d * 2\ne", index=6)
            assert added["id"] == "c7" and added["index"] == 6 and added["cells"][-1]["output"] == "42"
            await a.call("move_cell", cell="c7", index=0)
            await a.call("delete_cell", cell="c4")

    anyio.run(scenario)
    text = path.read_text()
    assert "app._unparsable_cell" in text and "z = = [5]" in text
    nb = cove.load(path)
    assert [c.code for c in nb.cells][:1] == ["e = d * 2\ne"] and len(nb.cells) == 7
