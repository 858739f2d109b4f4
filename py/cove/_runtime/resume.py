"""Booting behind a prerendered page: run only the cells the live page needs.

An exported page already shows every cell's output, computed by the same engine at export time
(`cove export` prerenders). Its kernel need not recompute them before the page is interactive;
it must only be able to react to the reader. The rule:

    U = the cells that created UI elements in the prerender (their ids are on the page)
    D = descendants(U): the cells that re-run when the reader changes an element
    P = the cells whose prerendered output is not final (they could not run at export, e.g. a
        package only the browser has) and their descendants
    A = ancestors(D ∪ U ∪ P) ∪ U ∪ P: what runs at boot

A holds the elements themselves (U re-creates them with the same ids, `<cell id>-<n>`, so the
page's controls keep working) and every cell whose globals a later re-run can read. Every other
cell keeps its prerendered output and status without running: nothing the reader can do changes
it until its code changes.

How state stays correct afterwards: the cells that did not run are recorded in `Kernel.unrun`
(their globals do not exist in this kernel). Whenever a plan is about to run a cell, its unrun
ancestors join the plan first (Kernel._run) and leave `unrun`; Run all runs everything. So an edit
in edit mode, a state setter that reaches a cell outside D, or a deleted cell's dependents all
see the same globals a full run would have made. Live run ids start above the prerender's highest
(`after_run_id`), so the page never takes a live event for an overtaken prerendered one.

Assumption, shared with every prerendered page: a cell computes the same output from the same
inputs. A cell that draws random numbers or reads the clock shows its export-time output until
it re-runs; cells in A recompute theirs at boot, as they did before this existed.

When the page's prerendered cells are not the kernel's (the page sent edits before the kernel
booted, or another notebook), resume falls back to a full run.

The reader may change controls before the kernel is ready (the page answers from the export's
precomputed tables, cove/_export/precompute.py, or shows the cells as computing). Those values
come with the command: each element takes its value as it is created (a cell's output shows the
element with the reader's value, never the export's), and the cells that read a changed element
(descendants of its cell) join A, so that every cell the page answered from a table, or marked as
computing, gets its live result computed from the reader's values.

Warming: cells outside A that a change would run (descendants of U) have never run in this
kernel, so the first change pays for their first run (importing what they use, 100–400 ms in
Pyodide). Once the page is idle it sends `warm`: those cells run now, silently (the page shows
their outputs already, computed from the same inputs), and leave `unrun`.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ..protocol import CellCode, ErrorInfo

if TYPE_CHECKING:
    from .graph import Graph
    from .kernel import Kernel

__all__ = ["boot_plan", "resume", "resume_info", "warm"]


def boot_plan(graph: "Graph", ui_cells: Iterable[str], pending: Iterable[str] = ()) -> set[str]:
    """A = ancestors(D ∪ U ∪ P) ∪ U ∪ P (see the module docstring); unknown ids are ignored."""
    u = {i for i in ui_cells if i in graph.nodes}
    p = {i for i in pending if i in graph.nodes}
    p |= graph.descendants(p)
    d = graph.descendants(u)
    return graph.ancestors(d | u | p) | u | p


def resume_info(kernel: "Kernel") -> dict[str, Any]:
    """What a page needs to resume this kernel's prerender (after its run_all): the cells that
    created UI elements, the cells whose output is not final, and the highest run id so far."""
    return {
        "ui_cells": [c.id for c in kernel.cells if c.element_ids],
        "pending": [c.id for c in kernel.cells if c.missing_modules or c.status in ("queued", "running", "stale")],
        "after_run_id": max([c.run_id for c in kernel._all_cells()] + [0]),
    }


def resume(
    kernel: "Kernel",
    cells: Sequence[CellCode],
    ui_cells: Sequence[str],
    pending: Sequence[str] = (),
    after_run_id: int = 0,
    prerendered: Sequence[Mapping[str, Any]] = (),
    ui_values: Sequence[tuple[str, Any]] = (),
) -> None:
    """Boot `kernel` (fresh, nothing run) behind a page showing the prerender of `cells`. The
    optional `prerendered` events (Session.snapshot() of the export) give the skipped cells their
    outputs and statuses inside the kernel too; a page holds them already and sends none.
    `ui_values`: (element id, front-end value) the reader set before the kernel was ready."""
    if [(c.id, c.code) for c in cells] != [(c.id, c.code) for c in kernel.cells]:
        kernel.run_all()
        known = [(e, v) for e, v in ui_values if kernel.element(e) is not None]
        if known:
            kernel.set_ui_values(known)
        return
    g = kernel.graph
    changed = sorted({element_id.rsplit("-", 1)[0] for element_id, _ in ui_values} & set(g.nodes))
    plan = boot_plan(g, [*ui_cells, *changed], pending) | g.descendants(changed)
    skipped = [c for c in kernel.cells if c.id not in plan]
    _adopt(kernel, prerendered, {c.id for c in skipped})
    kernel.unrun = {c.id for c in skipped}
    # Live run ids above the prerender's: the page drops events of runs older than what it shows.
    kernel._runner._run_ids = itertools.count(after_run_id + 1)
    kernel._setup_done = False
    kernel._runner.initial_values = dict(ui_values)
    try:
        kernel._run(g.topological(plan), exactly=True)
    finally:
        kernel._runner.initial_values = {}


def _adopt(kernel: "Kernel", events: Sequence[Mapping[str, Any]], ids: set[str]) -> None:
    """Fold the prerendered events of cells `ids` into their state (as the page folds them)."""
    for ev in events:
        if ev.get("id") not in ids:
            continue
        c = kernel.cell(str(ev["id"]))
        kind = ev.get("type")
        if kind == "cell_status":
            c.status = ev["status"]
            c.run_id = max(c.run_id, int(ev.get("run_id", 0)))
        elif kind == "cell_output" and ev.get("mode", "replace") == "replace":
            c.output = ev.get("output")
        elif kind == "cell_console":
            c.add_console(str(ev.get("stream", "stdout")), str(ev.get("text", "")))
        elif kind == "cell_error":
            e = ev["error"]
            c.error_info = ErrorInfo(e["kind"], e["message"], e.get("traceback"))


def warm(kernel: "Kernel") -> None:
    """Run, without emitting anything, the unrun cells a UI change would run (see above)."""
    g = kernel.graph
    ui = {c.id for c in kernel.cells if c.element_ids}
    targets = kernel.unrun & g.descendants(ui)
    if not targets:
        return
    listener, kernel._listener = kernel._listener, None
    try:
        kernel._run(g.topological(targets), exactly=True)
    finally:
        kernel._listener = listener
