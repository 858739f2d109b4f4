"""The relevant context of one cell: what an agent needs to change it, and nothing else.

`cell_context(kernel, cell)` is the code of the cell's ancestors in topological order (the setup
cell first when the cell uses its names), the cell itself, and `describe` of every global the
cell reads. Cells on unrelated branches of the graph are left out: in a 1,000-cell notebook an
agent fixing one cell reads the few cells that feed it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .describe import describe

if TYPE_CHECKING:
    from .._runtime.cell import Cell
    from .._runtime.kernel import Kernel

__all__ = ["cell_context", "cell_ref"]


def cell_ref(kernel: "Kernel", c: "Cell") -> dict[str, Any]:
    """How a cell is named to the agent: id (stable for the session), file index, name."""
    index = next((i for i, x in enumerate(kernel.cells) if x is c), None)
    out: dict[str, Any] = {"id": c.id, "index": index}
    if c.name != "_":
        out["name"] = c.name
    return out


def cell_context(kernel: "Kernel", c: "Cell") -> dict[str, Any]:
    g = kernel.graph
    positions = {x.id: i for i, x in enumerate(kernel.cells)}
    ancestors = []
    for i in g.topological(g.ancestors([c.id])):
        a = kernel.cell(i)
        entry: dict[str, Any] = {"id": a.id, "index": positions.get(a.id)}
        if a.name != "_":
            entry["name"] = a.name
        entry["code"] = a.code
        ancestors.append(entry)
    values: dict[str, Any] = {}
    for name in sorted(c.refs):
        if name in kernel.globals:
            values[name] = describe(kernel.globals[name])
        elif g.definers.get(name):
            values[name] = {"missing": "its cell has not run (or failed)"}
        else:
            values[name] = {"missing": "no cell defines it"}
    return {
        "cell": {**cell_ref(kernel, c), "code": c.code, "status": c.status},
        "ancestors": ancestors,
        "values": values,
    }
