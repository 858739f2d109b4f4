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
ancestors join the plan first (planner.py) and leave `unrun`; Run all runs everything. So an edit
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

This module holds the rule; `Kernel.resume` and `Kernel.warm` carry it out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ..protocol import view_from_json

if TYPE_CHECKING:
    from .cell import Cell
    from .graph import Graph
    from .kernel import Kernel

__all__ = ["adopt_prerendered", "boot_plan", "resume_info", "warm_plan"]


def boot_plan(graph: "Graph", ui_cells: Iterable[str], pending: Iterable[str] = ()) -> set[str]:
    """A = ancestors(D ∪ U ∪ P) ∪ U ∪ P (see the module docstring); unknown ids are ignored."""
    u = {i for i in ui_cells if i in graph.nodes}
    p = {i for i in pending if i in graph.nodes}
    p |= graph.descendants(p)
    d = graph.descendants(u)
    return graph.ancestors(d | u | p) | u | p


def warm_plan(graph: "Graph", ui_cells: Iterable[str], unrun: Iterable[str]) -> set[str]:
    """What warming runs: the `unrun` cells among the descendants of the cells with elements."""
    return graph.descendants(ui_cells) & set(unrun)


def resume_info(kernel: "Kernel") -> dict[str, Any]:
    """What a page needs to resume this kernel's prerender (after its run_all): the cells that
    created UI elements, the cells whose output is not final, and the highest run id so far."""
    every = kernel.cells + ([kernel.setup] if kernel.setup is not None else [])
    return {
        "ui_cells": [c.id for c in kernel.cells if c.element_ids],
        "pending": [c.id for c in kernel.cells if c.missing_modules or c.status in ("queued", "running", "stale")],
        "after_run_id": max([c.run_id for c in every] + [0]),
    }


def adopt_prerendered(cells: Sequence["Cell"], snapshot: Sequence[Mapping[str, Any]]) -> None:
    """Give `cells` their prerendered results: the snapshot's view of each, taken as it is."""
    by_id = {c.id: c for c in cells}
    for item in snapshot:
        c = by_id.get(str(item.get("id")))
        if c is not None and item.get("type") == "cell_view":
            c.adopt(view_from_json(item))
