"""One notebook file, a headless kernel running it, and the operations an agent calls on them.

Every operation returns plain JSON-ready data. Errors of the notebook are data too: a run
reports, for each cell that failed, the line within the cell, the exception and the cells it
blocked (`RunReport`). Mistakes of the caller (an unknown cell, a file changed on disk) raise
`AgentError` with a message written for the agent.

Nothing runs before it is asked: loading runs no cell. Every cell starts in the kernel's
`unrun` set, so the first run of a cell first runs the ancestors it needs that never ran (and
nothing else). Each change of code is written to the file at once (files.py) before any cell runs.
"""
from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

from .. import protocol as p
from .._errors import NotebookError
from .._file.parse import parse
from .._notebook import loads
from .._runtime.cell import Cell
from .._runtime.kernel import Kernel
from .._lint import kernel_findings
from .context import cell_context, cell_ref
from .describe import describe
from .files import FileChanged, NotebookOnDisk
from .text import bundle_text, limit

__all__ = ["AgentError", "AgentSession"]

Listener = Callable[[p.Event], None]


class AgentError(Exception):
    """A request the session cannot carry out; the message says what to do instead."""


class AgentSession:
    def __init__(self, path: str, mode: p.Mode = "autorun", listener: Listener | None = None) -> None:
        self.file = NotebookOnDisk(path)
        self.mode: p.Mode = mode
        self._listener = listener
        # ids of the cells that got a status event during the current operation, in order
        self._touched: dict[str, None] = {}
        self.kernel = self._load()

    # ------------------------------------------------------------------------ loading

    def _load(self) -> Kernel:
        try:
            text = self.file.read()
        except FileNotFoundError:
            raise AgentError(f"{self.file.path}: no such file") from None
        nb = loads(text, self.file.path)
        kernel = Kernel(nb, self.mode, listener=self._on_event, location=Path(self.file.path).resolve().parent)
        kernel.mark_unrun(c.id for c in kernel.cells)
        return kernel

    def reload(self) -> dict[str, Any]:
        """Drop the kernel and read the file again (after another program changed it)."""
        try:
            self.kernel = self._load()
        except NotebookError as e:
            raise AgentError(str(e)) from None
        return self.list_cells()

    def _on_event(self, event: p.Event) -> None:
        if isinstance(event, (p.CellStatusEvent, p.CellErrorEvent)):
            self._touched[event.id] = None
        if self._listener is not None:
            self._listener(event)

    # ------------------------------------------------------------------------ reading

    def cell(self, ref: str | int) -> Cell:
        """A cell by file index (an int, or digits), id ("c3") or name."""
        k = self.kernel
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            i = int(ref)
            if not 0 <= i < len(k.cells):
                raise AgentError(f"no cell at index {i}: the notebook has {len(k.cells)} cells")
            return k.cells[i]
        try:
            return k.cell(ref)
        except KeyError:
            pass
        named = [c for c in k.cells if c.name == ref and ref != "_"]
        if len(named) == 1:
            return named[0]
        raise AgentError(f"no cell {ref!r}: give a cell id (like 'c0'), index or name; see list_cells")

    def list_cells(self) -> dict[str, Any]:
        cells = [self._summary(c) for c in self.kernel.cells]
        return {"file": self.file.path, "mode": self.kernel.mode, "cells": cells}

    def _summary(self, c: Cell) -> dict[str, Any]:
        return {
            **cell_ref(self.kernel, c),
            "code": c.code,
            "defs": sorted(c.defs),
            "refs": sorted(c.refs),
            "status": c.status,
            "ran": c.run_id > 0,
        }

    def read_cell(self, ref: str | int) -> dict[str, Any]:
        c = self.cell(ref)
        out = self._summary(c)
        out["output"] = bundle_text(c.output)
        if c.console:
            out["console"] = limit(c.console)
        if c.error_info is not None:
            out["error"] = self._error(c)
        return out

    def describe(self, name: str) -> dict[str, Any]:
        if name not in self.kernel.globals or name.startswith("__"):
            definers = self.kernel.graph.definers.get(name)
            why = "its cell has not run (or failed)" if definers else "no cell defines it"
            raise AgentError(f"no live value named {name!r}: {why}")
        return {"name": name, **describe(self.kernel.globals[name])}

    def context(self, ref: str | int) -> dict[str, Any]:
        return cell_context(self.kernel, self.cell(ref))

    def check(self) -> dict[str, Any]:
        """`cove check`'s findings for the cells as they are now (lines of the saved file)."""
        parsed = parse(self.kernel.dumps(), self.file.path)
        for c, src in zip(self.kernel.cells, parsed.cells):
            c.lineno = src.lineno
        if self.kernel.setup is not None and parsed.setup is not None:
            self.kernel.setup.lineno = parsed.setup.lineno
        return {"findings": [asdict(f) for f in kernel_findings(self.kernel, self.file.path)]}

    # ------------------------------------------------------------------------ running

    def run(self, refs: list[str | int] | None = None) -> dict[str, Any]:
        """Run these cells (all of them when `refs` is None) and what the mode runs with them."""
        if refs is None:
            return self._operation(self.kernel.run_all)
        cells = [self.cell(r) for r in refs]
        return self._operation(lambda: self.kernel.run_cells({c.id: c.code for c in cells}))

    def run_stale(self) -> dict[str, Any]:
        return self._operation(self.kernel.run_stale)

    # ------------------------------------------------------------------------ changing

    def edit(self, ref: str | int, code: str, run: bool = True) -> dict[str, Any]:
        """Set a cell's code, save the file, then (when `run`) run the cell and its dependents."""
        c = self.cell(ref)
        self._check_file()
        k = self.kernel
        if not run:
            k.edit(c.id, code)
            return {"saved": self._save(), **self._summary(c)}
        # run_cells in two steps, so the file holds the new code before any cell runs (a long
        # run, stopped or not, never delays the save): apply the edit, save, then run the plan.
        roots = k.apply_edits({c.id: code})
        saved = self._save()
        return {"saved": saved, **self._operation(lambda: k.run(*roots))}

    def add(self, code: str, index: int | None = None, run: bool = True) -> dict[str, Any]:
        self._check_file()
        if index is not None and not 0 <= index <= len(self.kernel.cells):
            raise AgentError(f"index {index} is out of range: 0..{len(self.kernel.cells)}")
        c = self.kernel.add(code, index)
        saved = self._save()
        out: dict[str, Any] = {"saved": saved, **cell_ref(self.kernel, c)}
        if run and code.strip():
            out.update(self._operation(lambda: self.kernel.run(c.id)))
        return out

    def delete(self, ref: str | int) -> dict[str, Any]:
        """Delete a cell and its globals; the cells that read them re-run and show why."""
        c = self.cell(ref)
        self._check_file()
        if c.id == "setup":
            raise AgentError("the setup cell cannot be deleted; clear its code instead")
        report = self._operation(lambda: self.kernel.delete(c.id))
        return {"saved": self._save(), **report}

    def move(self, ref: str | int, index: int) -> dict[str, Any]:
        c = self.cell(ref)
        self._check_file()
        if not 0 <= index < len(self.kernel.cells):
            raise AgentError(f"index {index} is out of range: 0..{len(self.kernel.cells) - 1}")
        self.kernel.move(c.id, index)
        return {"saved": self._save(), **cell_ref(self.kernel, c)}

    def _check_file(self) -> None:
        try:
            self.file.check_unchanged()
        except FileChanged as e:
            raise AgentError(str(e)) from None

    def _save(self) -> bool:
        try:
            return self.file.save(self.kernel.dumps())
        except FileChanged as e:  # the file changed between the check and the write
            raise AgentError(str(e)) from None

    # ------------------------------------------------------------------------ reports

    def _operation(self, action: Callable[[], None]) -> dict[str, Any]:
        """Do `action` and report what it touched: each cell's status and output, and errors."""
        self._touched = {}
        action()
        touched = [i for i in self._touched if _exists(self.kernel, i)]
        cells = []
        for i in touched:
            c = self.kernel.cell(i)
            entry: dict[str, Any] = {**cell_ref(self.kernel, c), "status": c.status}
            if c.status != "error":
                entry["output"] = bundle_text(c.output)
                if c.console:
                    entry["console"] = limit(c.console)
            cells.append(entry)
        failed = [self.kernel.cell(i) for i in touched]
        errors = [self._error(c) for c in failed if c.error_info is not None and c.error_info.kind != "ancestor"]
        return {"cells": cells, "errors": errors}

    def _error(self, c: Cell) -> dict[str, Any]:
        """The error of a cell as data: where (line within the cell), what, and what it blocks."""
        info = c.error_info
        assert info is not None
        out: dict[str, Any] = {**cell_ref(self.kernel, c), "kind": info.kind}
        line = error_line(c)
        if line is not None:
            out["line"] = line
        out["error"] = limit(info.message)
        if info.traceback:
            out["traceback"] = limit(info.traceback)
        if info.kind != "ancestor":
            g = self.kernel.graph
            blocked = [
                self.kernel.cell(d) for d in g.topological(g.descendants([c.id]))
            ]
            out["blocked"] = [
                cell_ref(self.kernel, b) for b in blocked
                if b.error_info is not None and b.error_info.kind == "ancestor"
            ]
        return out


def error_line(c: Cell) -> int | None:
    """The line within the cell where its error is: the innermost frame of the cell's own code
    in the traceback, or the line of a syntax error."""
    info = c.error_info
    if info is None:
        return None
    if c.analysis.syntax_error is not None:
        return c.analysis.syntax_error[0]
    if info.traceback:
        found = re.findall(rf'File "<cell {re.escape(c.id)}>", line (\d+)', info.traceback)
        if found:
            return int(found[-1])
    m = re.match(r"line (\d+):", info.message)
    return int(m.group(1)) if m else None


def _exists(kernel: Kernel, cell_id: str) -> bool:
    try:
        kernel.cell(cell_id)
    except KeyError:
        return False
    return True
