"""The dependency graph of a notebook: an immutable snapshot built from each cell's analysis.

A cell B depends on cell A when B references a global that A defines. Problems that stop cells
from running are data, not exceptions: `Graph.errors` maps a cell id to why it cannot run
(several cells define one name, a cycle, `import *`, a syntax error) and the rest of the graph
keeps working. Topological order breaks ties by file order, so runs are deterministic.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

from ..protocol import ErrorInfo


@dataclass(frozen=True)
class Node:
    """What the graph needs to know of one cell."""

    id: str
    defs: frozenset[str]
    refs: frozenset[str]
    # builtin names the cell reads: they become edges only if some cell shadows the builtin
    builtin_refs: frozenset[str] = frozenset()
    # an error known before running (syntax, import *), independent of other cells
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class Graph:
    """Frozen once built (an edit builds a new one). Its dicts are not to be changed either:
    everything, errors included, is computed in `build`."""

    nodes: dict[str, Node]
    # file order of each cell, for tie-breaking and messages
    order: dict[str, int]
    definers: dict[str, list[str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    children: dict[str, set[str]] = field(default_factory=dict)
    errors: dict[str, ErrorInfo] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, nodes: Sequence[Node], labels: Mapping[str, str] | None = None,
              runs_first: str | None = None) -> "Graph":
        """Build the graph; `labels` names cells in messages (default "cell <file index>").
        `runs_first`: the id of the setup cell, which runs before every other cell and so must
        not reference names that cells define."""
        order = {n.id: i for i, n in enumerate(nodes)}
        names = dict(labels or {})

        def label(cell_id: str) -> str:
            return names.get(cell_id) or f"cell {order[cell_id]}"

        definers: dict[str, list[str]] = {}
        parents: dict[str, set[str]] = {n.id: set() for n in nodes}
        children: dict[str, set[str]] = {n.id: set() for n in nodes}
        for n in nodes:
            for name in n.defs:
                definers.setdefault(name, []).append(n.id)
        for n in nodes:
            for name in n.refs | (n.builtin_refs & definers.keys()):
                for parent in definers.get(name, ()):
                    if parent != n.id:
                        parents[n.id].add(parent)
                        children[parent].add(n.id)
        errors = {n.id: n.error for n in nodes if n.error is not None}
        by_id = {n.id: n for n in nodes}
        if runs_first is not None and parents.get(runs_first):
            used = sorted(x for x in by_id[runs_first].refs if any(x in by_id[p].defs for p in parents[runs_first]))
            errors.setdefault(runs_first, ErrorInfo(
                "setup-refs", f"the setup cell references names defined by cells ({', '.join(used)}); "
                "it runs first, so it can only use its own names"))
        _multiple_definitions(definers, label, errors)
        _cycles(order, parents, label, errors)
        return cls(nodes=by_id, order=order, definers=definers, parents=parents, children=children,
                   errors=errors, labels=names)

    # -------------------------------------------------------------------------- queries

    def descendants(self, ids: Iterable[str]) -> set[str]:
        return _reach(ids, self.children)

    def ancestors(self, ids: Iterable[str]) -> set[str]:
        return _reach(ids, self.parents)

    def topological(self, ids: Iterable[str]) -> list[str]:
        """`ids` in an order where every cell comes after its parents within `ids`; ties (and
        cycles, which never run) fall back to file order."""
        wanted = set(ids)
        indegree = {i: sum(1 for p in self.parents[i] if p in wanted) for i in wanted}
        heap = [(self.order[i], i) for i, d in indegree.items() if d == 0]
        heapq.heapify(heap)
        out: list[str] = []
        while heap:
            _, i = heapq.heappop(heap)
            out.append(i)
            for c in self.children[i]:
                if c in wanted:
                    indegree[c] -= 1
                    if indegree[c] == 0:
                        heapq.heappush(heap, (self.order[c], c))
        if len(out) < len(wanted):  # cells on a cycle: append in file order
            rest = sorted(wanted.difference(out), key=self.order.__getitem__)
            out.extend(rest)
        return out

    def referencing(self, names: Iterable[str]) -> set[str]:
        """Cells that reference any of `names` (as globals)."""
        names = set(names)
        return {i for i, n in self.nodes.items() if n.refs & names}


def _multiple_definitions(definers: Mapping[str, list[str]], label: Callable[[str], str],
                          errors: dict[str, ErrorInfo]) -> None:
    for name, ids in definers.items():
        if len(ids) > 1:
            where = [label(i) for i in ids]
            for i in ids:
                errors.setdefault(i, ErrorInfo(
                    "multiple-definitions",
                    f"`{name}` is defined by more than one cell ({', '.join(where)}); define it in "
                    "one cell only (or rename it with a leading `_` to keep it private to its cell)",
                ))


def _cycles(order: Mapping[str, int], parents: Mapping[str, set[str]], label: Callable[[str], str],
            errors: dict[str, ErrorInfo]) -> None:
    for component in _strongly_connected(order.keys(), parents):
        if len(component) == 1:
            continue
        labels = ", ".join(label(i) for i in sorted(component, key=order.__getitem__))
        for i in component:
            errors.setdefault(i, ErrorInfo("cycle", f"these cells depend on each other in a cycle: {labels}"))


def _reach(start: Iterable[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        i = stack.pop()
        for j in edges.get(i, ()):
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return seen


def _strongly_connected(ids: Iterable[str], parents: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (a 10,000-cell chain must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in ids:
        if root in index:
            continue
        work = [(root, iter(parents[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(parents[nxt])))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == node:
                        break
                result.append(component)
    return result
