"""The dependency graph of a notebook: an immutable snapshot built from each cell's analysis.

A cell B depends on cell A when B references a global that A defines. Problems that stop cells
from running are data, not exceptions: `Graph.errors` maps a cell id to why it cannot run
(several cells define one name, a cycle, `import *`, a syntax error) and the rest of the graph
keeps working. Topological order breaks ties by file order, so runs are deterministic.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

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


@dataclass
class Graph:
    nodes: dict[str, Node]
    # file order of each cell, for tie-breaking and messages
    order: dict[str, int]
    definers: dict[str, list[str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    children: dict[str, set[str]] = field(default_factory=dict)
    errors: dict[str, ErrorInfo] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, nodes: Sequence[Node], labels: Mapping[str, str] | None = None) -> "Graph":
        """Build the graph; `labels` names cells in messages (default "cell <file index>")."""
        g = cls(nodes={n.id: n for n in nodes}, order={n.id: i for i, n in enumerate(nodes)})
        g.labels = dict(labels or {})
        for n in nodes:
            for name in n.defs:
                g.definers.setdefault(name, []).append(n.id)
            g.parents[n.id] = set()
            g.children[n.id] = set()
        for n in nodes:
            for name in n.refs | (n.builtin_refs & g.definers.keys()):
                for parent in g.definers.get(name, ()):
                    if parent != n.id:
                        g.parents[n.id].add(parent)
                        g.children[parent].add(n.id)
        for n in nodes:
            if n.error is not None:
                g.errors[n.id] = n.error
        g._find_multiple_definitions()
        g._find_cycles()
        return g

    def _label(self, cell_id: str) -> str:
        return self.labels.get(cell_id) or f"cell {self.order[cell_id]}"

    def _find_multiple_definitions(self) -> None:
        for name, ids in self.definers.items():
            if len(ids) > 1:
                where = [self._label(i) for i in ids]
                for i in ids:
                    self.errors.setdefault(
                        i,
                        ErrorInfo(
                            "multiple-definitions",
                            f"`{name}` is defined by more than one cell ({', '.join(where)}); "
                            "define it in one cell only (or rename it with a leading `_` to keep it "
                            "private to its cell)",
                        ),
                    )

    def _find_cycles(self) -> None:
        for component in _strongly_connected(self.order.keys(), self.parents):
            if len(component) == 1:
                continue
            labels = ", ".join(self._label(i) for i in sorted(component, key=self.order.__getitem__))
            for i in component:
                self.errors.setdefault(
                    i, ErrorInfo("cycle", f"these cells depend on each other in a cycle: {labels}")
                )

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
