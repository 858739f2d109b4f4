"""`cove mcp nb.py`: the notebook as Model Context Protocol tools over stdio (the `mcp` SDK).

The tools are thin: each one hands an `AgentSession` operation to the main thread
(mainthread.py, where cells run so that `stop` can interrupt them) and returns its data. The
SDK runs sync tools on worker threads and requests concurrently, so `stop` is served while
another tool waits for a runaway cell. A mistake of the caller (an unknown cell, a file changed
on disk) comes back as a tool error; errors of the notebook come back as data in the result.
"""
from __future__ import annotations

import json
import threading
from typing import Any, Callable

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent

from .mainthread import STOP_TIMEOUT, MainThread
from .session import AgentError, AgentSession
from .text import OUTPUT_LIMIT

__all__ = ["build_server", "serve"]

INSTRUCTIONS = f"""\
A Cove notebook: a plain .py file of cells that form a dependency graph (a cell re-runs when a
global it reads changes). Nothing has run yet: run cells (or `run_all`) before reading outputs.
Cells are named by id (like "c3", stable while this server runs), index or name. Every edit,
add, delete and move is saved to the file at once; a change is refused when the file changed on
disk since (call `reload`). Before changing a cell, `context(cell)` gives the code of the cells
it depends on and a summary of every value it reads. Errors come back as data: the cell, the
line within the cell, the exception, and the cells it blocked. Texts are cut at
{OUTPUT_LIMIT:,} characters. `stop` interrupts a running cell within {STOP_TIMEOUT:g} s.
"""

Result = CallToolResult


def _result(data: dict[str, Any]) -> CallToolResult:
    """The data as the tool's structured result and as its JSON text (for clients that read
    only text). Built here with the json module: the SDK's generic path validates the data
    against a schema and dumps it indented, which costs more than the operation itself on a
    large context."""
    return CallToolResult(content=[TextContent(type="text", text=json.dumps(data))], structured_content=data)


def build_server(session: AgentSession, main: MainThread) -> MCPServer:
    server: MCPServer = MCPServer("cove", instructions=INSTRUCTIONS, log_level="WARNING")

    def on_main(fn: Callable[[], dict[str, Any]]) -> Result:
        try:
            return _result(main.call(fn))
        except AgentError as e:
            raise ToolError(str(e)) from None

    @server.tool()
    def list_cells() -> Result:
        """Every cell in file order: id, index, name, code, defs (globals it defines), refs
        (globals it reads), status, and whether it ran."""
        return on_main(session.list_cells)

    @server.tool()
    def read_cell(cell: str | int) -> Result:
        """One cell with its output as text (Markdown/HTML as text, a table's first rows, an
        image as kind and size), its console, and its error if any."""
        return on_main(lambda: session.read_cell(cell))

    @server.tool()
    def edit_cell(cell: str | int, code: str, run: bool = True) -> Result:
        """Replace a cell's code and save the file; with `run` (the default) run the cell and
        the cells that depend on it, and report their status, output and errors."""
        return on_main(lambda: session.edit(cell, code, run))

    @server.tool()
    def add_cell(code: str, index: int | None = None, run: bool = True) -> Result:
        """Insert a cell at `index` (default: the end), save the file, and run it if `run`."""
        return on_main(lambda: session.add(code, index, run))

    @server.tool()
    def delete_cell(cell: str | int) -> Result:
        """Delete a cell and its globals, save the file; cells that read them re-run."""
        return on_main(lambda: session.delete(cell))

    @server.tool()
    def move_cell(cell: str | int, index: int) -> Result:
        """Move a cell to `index` in the file (order does not change what runs) and save."""
        return on_main(lambda: session.move(cell, index))

    @server.tool()
    def run_cells(cells: list[str | int]) -> Result:
        """Run these cells and the cells that depend on them (a cell that never ran first runs
        the ancestors it needs); report status, output and errors."""
        return on_main(lambda: session.run(list(cells)))

    @server.tool()
    def run_all() -> Result:
        """Run every cell in dependency order."""
        return on_main(lambda: session.run(None))

    @server.tool()
    def run_stale() -> Result:
        """Run the stale cells (in lazy mode, or after edits made with run=false)."""
        return on_main(session.run_stale)

    @server.tool()
    def check() -> Result:
        """`cove check`: syntax errors, names defined in several cells, cycles, `import *`."""
        return on_main(session.check)

    @server.tool()
    def describe(name: str) -> Result:
        """A live global's type, size (length, shape, dtype, schema) and a few sample values."""
        return on_main(lambda: session.describe(name))

    @server.tool()
    def context(cell: str | int) -> Result:
        """What is needed to change a cell: the code of its ancestors in dependency order and a
        description of every value it reads; nothing from unrelated cells."""
        return on_main(lambda: session.context(cell))

    @server.tool()
    def stop() -> Result:
        """Interrupt the cell running now (the kernel stays usable)."""
        return _result(main.stop())

    @server.tool()
    def reload() -> Result:
        """Read the notebook file again into a fresh kernel (after another program changed it);
        nothing runs."""
        return on_main(session.reload)

    return server


def serve(session: AgentSession, main: MainThread) -> None:
    """Serve MCP on stdio from a helper thread while the main thread runs the kernel's work."""
    server = build_server(session, main)
    failure: list[BaseException] = []

    def transport() -> None:
        try:
            anyio.run(server.run_stdio_async)
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            failure.append(e)
        finally:
            main.shutdown()

    thread = threading.Thread(target=transport, name="cove-mcp", daemon=True)
    thread.start()
    main.serve()
    if failure:
        raise failure[0]
