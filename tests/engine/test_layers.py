"""The package's layers (issue 13): file → analysis → runtime → output/ui → site → export → server
→ cli. A module may import (at module level) only from its own layer or a lower one, and no two
modules import each other in a circle. Imports inside functions are not counted here: they are
how the remaining lazy loads (heavy modules, optional packages) stay lazy."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "py" / "cove"
# Lowest first. Names are the first component under cove/ (a package or a module).
LAYERS = [
    {"_errors", "_atomic", "protocol", "_marimo_finder", "_deferred"},
    {"_analysis"},
    {"_file", "_notebook"},
    {"_runtime", "_app"},
    # marimo's other names (one module per family) sit with the displays they build on
    {"_output", "ui", "_display", "_media", "_introspect", "_cache", "_threads", "_unavailable"},
    {"_site", "_convert", "_lint"},
    {"_export"},
    {"_server"},
    {"_agents", "_docs"},
    {"cli", "__main__", "sphinx"},
]


def _layer(name: str) -> int | None:
    part = name.split(".")[1] if "." in name else None
    if part is None:
        return None  # `cove` itself: its names load lazily (cove/__init__.py)
    for i, names in enumerate(LAYERS):
        if part in names:
            return i
    return None


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if "_static" in path.parts:
            continue
        rel = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_init = rel[-1] == "__init__"
        module = ".".join(rel[:-1] if is_init else rel)
        package = module if is_init else module.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                found.add(target)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[module] = {t for t in found if t == "cove" or t.startswith("cove.")}
    return graph


def test_every_module_is_in_a_layer() -> None:
    unknown = sorted({m.split(".")[1] for m in _imports() if "." in m and _layer(m) is None})
    assert not unknown, f"add these to LAYERS: {unknown}"


def test_imports_point_down_the_layers() -> None:
    upward = []
    for module, targets in _imports().items():
        mine = _layer(module)
        for target in targets:
            theirs = _layer(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{module} -> {target}")
    assert not upward, "module-level imports going up a layer:\n" + "\n".join(sorted(upward))


def test_no_import_cycles() -> None:
    graph = _imports()
    modules = set(graph)

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rsplit(".", 1)[0] if "." in target else ""
        return target or None

    edges = {m: {r for t in ts if (r := resolve(t)) and r != m} for m, ts in graph.items()}
    # `from . import x` in a package's __init__ names its own children: not a cycle
    cycles, state = [], {}

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1 and not m.startswith(n + "."):
                cycles.append(" -> ".join(stack[stack.index(n):] + [n]))
            elif n not in state:
                visit(n, stack)
        stack.pop()
        state[m] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m, [])
    assert not cycles, "import cycles at module level:\n" + "\n".join(cycles)


def test_the_graph_is_frozen_once_built() -> None:
    """Issue 13: `Graph` said it was immutable and the kernel added the setup cell's error after
    building it; now everything is computed in Graph.build."""
    import dataclasses

    import pytest

    from cove._analysis import analyze
    from cove._runtime.graph import Graph, Node

    def node(i: str, code: str) -> Node:
        a = analyze(code)
        return Node(i, a.defs, a.refs)
    g = Graph.build([node("setup", "y = x + 1"), node("a", "x = 1")], runs_first="setup")
    assert g.errors["setup"].kind == "setup-refs" and "(x)" in g.errors["setup"].message
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.errors = {}  # type: ignore[misc]
