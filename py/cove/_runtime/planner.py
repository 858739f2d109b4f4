"""The planner: which cells a command runs, in which order, and which of them cannot run and why.

`plan` is a pure function of the graph, the roots, the mode and the cells' statuses
(docs/spec.md §2): it runs no code and changes nothing, so each rule can be tested on its own
(tests/engine/test_planner.py). The executor (runner.py) carries a plan out. What only running
can tell (a cell raises, or stops with `cove.stop`) blocks that cell's descendants there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Container, Iterable, Literal, Mapping

from ..protocol import CellStatus, ErrorInfo
from .graph import Graph

__all__ = ["Plan", "PlanMode", "Skip", "Step", "plan"]

# "autorun": the roots and their descendants. "lazy": the roots and their stale ancestors; the
# descendants are marked stale. "exact": the roots and nothing else (resume's boot plan, warm).
PlanMode = Literal["autorun", "lazy", "exact"]

# Why a planned cell does not run: "disabled" (its own or a parent's option), "held" (the
# command holds it back: restore's stopped cells), "invalid" (a graph error: several definitions,
# a cycle, `import *`, a syntax error, a setup cell reading other cells' names), "ancestor" (an
# ancestor has an error, from an earlier run or from this plan).
Skip = Literal["disabled", "held", "invalid", "ancestor"]


@dataclass(frozen=True)
class Step:
    """One planned cell: it runs when `skip` is None."""

    id: str
    skip: Skip | None = None
    # the error the cell shows instead of running ("held", "invalid"); an "ancestor" error names
    # the failed parents, which the executor knows only when it gets there
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class Plan:
    # every planned cell in topological order (ties and cycles in file order)
    steps: tuple[Step, ...] = ()
    # lazy mode: descendants of the roots that do not run, marked stale after the run
    stale: tuple[str, ...] = ()
    # cells that never ran in this kernel (Kernel.unrun) and join because a planned cell needs
    # their globals (resume.py)
    joined: frozenset[str] = frozenset()

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.steps]


def plan(
    graph: Graph,
    roots: Iterable[str],
    mode: PlanMode,
    statuses: Mapping[str, CellStatus],
    *,
    disabled: Container[str] = frozenset(),
    held: Mapping[str, ErrorInfo] | None = None,
    unrun: AbstractSet[str] = frozenset(),
) -> Plan:
    """Plan a run of `roots` (cell ids). `statuses`: each cell's status before the run;
    `disabled`: the cells whose own option disables them; `held`: cells that must not run in
    this plan, with the error they show; `unrun`: cells that never ran in this kernel."""
    roots = list(dict.fromkeys(roots))
    held = held or {}
    targets = set(roots)
    if mode == "autorun":
        targets |= graph.descendants(roots)
    elif mode == "lazy":
        targets |= {a for a in graph.ancestors(roots) if statuses.get(a) == "stale"}
    joined: frozenset[str] = frozenset()
    if unrun:
        joined = frozenset((graph.ancestors(targets) & unrun) - targets)
        targets |= joined
    steps: list[Step] = []
    off: set[str] = set()  # disabled within this plan
    failed: set[str] = set()  # known to fail before anything runs
    for i in graph.topological(targets):
        parents = graph.parents.get(i, ())
        if i in disabled or any(p in off or p in disabled for p in parents):
            off.add(i)
            steps.append(Step(i, "disabled"))
            continue
        if i in held:
            steps.append(Step(i, "held", held[i]))
        elif i in graph.errors:
            steps.append(Step(i, "invalid", graph.errors[i]))
        # A parent outside the plan keeps the error of an earlier run; one inside it fails here.
        elif any(p in failed or (p not in targets and statuses.get(p) == "error") for p in parents):
            steps.append(Step(i, "ancestor"))
        else:
            steps.append(Step(i))
            continue
        failed.add(i)
    stale: tuple[str, ...] = ()
    if mode == "lazy":
        rest = graph.topological(graph.descendants(roots) - targets)
        stale = tuple(d for d in rest if statuses.get(d) != "disabled")
    return Plan(tuple(steps), stale, joined)
