"""The planner on its own: graphs and statuses in, plan values out; no kernel runs anything."""
from __future__ import annotations

from cove._runtime.graph import Graph, Node
from cove._runtime.planner import Plan, Step, plan
from cove.protocol import ErrorInfo


def graph(*cells: tuple[str, str], runs_first: str | None = None, broken: dict[str, ErrorInfo] | None = None) -> Graph:
    """Cells c0, c1, ... in file order, each given as (defs, refs): space-separated names."""
    broken = broken or {}
    nodes = [
        Node(f"c{i}", frozenset(d.split()), frozenset(r.split()), error=broken.get(f"c{i}"))
        for i, (d, r) in enumerate(cells)
    ]
    return Graph.build(nodes, runs_first=runs_first)


def idle(g: Graph) -> dict[str, str]:
    return {i: "idle" for i in g.nodes}


def skips(p: Plan) -> dict[str, str | None]:
    return {s.id: s.skip for s in p.steps}


# c0 -> c1 -> c2, c3 reads c0, c4 stands alone; c2 comes before c1 in file order
DIAMOND = (("a", ""), ("b", "a c"), ("c", "a"), ("d", "a"), ("e", ""))


def test_autorun_runs_the_roots_and_every_descendant_in_topological_order() -> None:
    g = graph(*DIAMOND)
    p = plan(g, ["c0"], "autorun", idle(g))
    assert p.ids == ["c0", "c2", "c1", "c3"]
    assert all(s.skip is None for s in p.steps)
    assert p.stale == () and p.joined == frozenset()


def test_ties_break_by_file_order_and_roots_count_once() -> None:
    g = graph(("a", ""), ("b", ""), ("c", "a b"))
    assert plan(g, ["c1", "c0", "c1"], "autorun", idle(g)).ids == ["c0", "c1", "c2"]


def test_exact_runs_the_roots_only() -> None:
    g = graph(*DIAMOND)
    p = plan(g, ["c2", "c0"], "exact", idle(g))
    assert p.ids == ["c0", "c2"]
    assert p.stale == ()


def test_lazy_runs_stale_ancestors_first_and_marks_descendants_stale() -> None:
    g = graph(*DIAMOND)
    statuses = {**idle(g), "c0": "stale", "c3": "disabled"}
    p = plan(g, ["c2"], "lazy", statuses)
    assert p.ids == ["c0", "c2"]
    # c1 reads c2; c3 is a descendant of the stale ancestor c0, not of the root: not stale;
    # a disabled descendant keeps its status
    assert p.stale == ("c1",)
    assert plan(g, ["c0"], "lazy", statuses).stale == ("c2", "c1")


def test_lazy_leaves_ancestors_that_are_not_stale() -> None:
    g = graph(*DIAMOND)
    assert plan(g, ["c1"], "lazy", idle(g)).ids == ["c1"]


def test_disabled_cells_and_what_reads_them_are_skipped() -> None:
    g = graph(*DIAMOND)
    p = plan(g, ["c0"], "autorun", idle(g), disabled={"c2"})
    assert skips(p) == {"c0": None, "c2": "disabled", "c1": "disabled", "c3": None}
    # the parent's own option counts even when the parent is not in the plan
    assert skips(plan(g, ["c1"], "exact", idle(g), disabled={"c0"})) == {"c1": "disabled"}


def test_a_disabled_cell_is_disabled_before_any_error() -> None:
    g = graph(("a", "b"), ("b", "a"))
    assert skips(plan(g, ["c0"], "autorun", idle(g), disabled={"c0"})) == {"c0": "disabled", "c1": "disabled"}


def test_held_cells_show_their_error_and_block_their_descendants() -> None:
    g = graph(*DIAMOND)
    stop = ErrorInfo("interrupted", "not run")
    p = plan(g, ["c0"], "autorun", idle(g), held={"c2": stop})
    assert p.steps[1] == Step("c2", "held", stop)
    assert skips(p) == {"c0": None, "c2": "held", "c1": "ancestor", "c3": None}


def test_a_cycle_is_a_reason_and_the_rest_of_the_graph_runs() -> None:
    g = graph(("a", "b"), ("b", "a"), ("c", "a"), ("d", ""))
    p = plan(g, ["c0", "c3"], "autorun", idle(g))
    assert skips(p) == {"c3": None, "c0": "invalid", "c1": "invalid", "c2": "ancestor"}
    assert {s.error.kind for s in p.steps if s.skip == "invalid"} == {"cycle"}  # type: ignore[union-attr]


def test_graph_errors_are_reasons() -> None:
    syntax = ErrorInfo("syntax", "line 1: invalid syntax")
    g = graph(("a", ""), ("a", ""), ("", ""), ("b", "x"), ("x", ""), runs_first="c3", broken={"c2": syntax})
    p = plan(g, list(g.nodes), "exact", idle(g))
    kinds = {s.id: s.error.kind for s in p.steps if s.error is not None}
    assert kinds == {"c0": "multiple-definitions", "c1": "multiple-definitions", "c2": "syntax", "c3": "setup-refs"}
    assert skips(p)["c4"] is None


def test_an_error_of_an_earlier_run_blocks_descendants_until_it_runs_again() -> None:
    g = graph(*DIAMOND)
    statuses = {**idle(g), "c0": "error"}
    assert skips(plan(g, ["c3"], "autorun", statuses)) == {"c3": "ancestor"}
    # the failed cell is in the plan: it runs again and its descendants wait for the outcome
    assert all(s.skip is None for s in plan(g, ["c0"], "autorun", statuses).steps)


def test_unrun_ancestors_join_the_plan() -> None:
    g = graph(*DIAMOND)
    p = plan(g, ["c1"], "exact", idle(g), unrun={"c0", "c2", "c4"})
    assert p.ids == ["c0", "c2", "c1"]
    assert p.joined == {"c0", "c2"}
    # an unrun cell that is a root is planned, not joined
    assert plan(g, ["c0"], "autorun", idle(g), unrun={"c0"}).joined == frozenset()


def test_a_plan_is_a_value() -> None:
    g = graph(*DIAMOND)
    assert plan(g, ["c0"], "lazy", idle(g)) == plan(g, ["c0"], "lazy", idle(g))
    assert plan(g, [], "autorun", idle(g)) == Plan()
