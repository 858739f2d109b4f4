"""Precomputed UI states: what an exported page shows for a control's other values before Python
has booted.

An exported page is readable at once (the prerender), but its controls do nothing until Pyodide
has booted (1–2 s). For every UI element whose values form a small finite set, the export runs
the cells that depend on it for each value, and the page answers a change from that table at once
(web/src/boot/precomputed.ts) until the live kernel takes over.

The rule:

    D(e)   = the cells that re-run when the reader changes element e: the cells reading a global
             bound to e, and their descendants (what Kernel.set_ui_values runs)
    E      = the eligible elements: bound to a global, top level (not inside an array, a
             dictionary or a form), with a finite domain (`UIElement._choices`), created by a cell
             outside every D (so a change never re-creates them), and whose D ran at export
             (no cell waiting for a package only the browser has)
    groups = E split into connected parts: e and f belong together when D(e) and D(f) meet. A
             group's states are the product of its elements' domains, so two independent
             sliders cost the sum of their domains, not the product.
    budget = how many states (summed over groups) each pass may run; groups are taken smallest
             first while they fit.

Each state runs on a headless kernel of the same engine as the prerender, in two passes on two
fresh kernels, the second walking the states in reverse order. A cell whose shown state differs
between the passes for any state (random numbers, the clock, state carried between runs) is left
out of its table: the page shows it as computing until the live kernel answers. A group in which
a change runs a cell outside its D (an `on_change` that sets state), or whose pass takes more
than PASS_SECONDS, is left out whole.

Stored, under the site's `precomputed/`: one file per group, named by the hash of its contents
(so a static host may cache it forever): the elements' domains and the index of their value at
export; for each cell of D the elements it depends on and a table indexed by their values; and
the cells' shown states (the cell's view as Session.snapshot() makes it, without id and run
id, in a list of one event, as JSON text), each stored once, most as pieces of their cell's first state
(pieces.py). For each element that shares its group, a slice in the same form: its own values
only, the group's other elements at their values at export (`fixed`). The page's config gets a
small map, element id → its cells (D), its group's file and its slice; small slices go inside it
(`inline`), larger ones are preloaded by the page's head. The page answers a first change from a
slice, and fetches a group's file the first time the reader reaches for one of its controls.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from .._notebook import loads
from .._runtime.kernel import Kernel
from .._runtime.session import Session
from .._site.render import page_event
from . import pieces

__all__ = ["DEFAULT_BUDGET", "Precomputed", "precompute", "precompute_notebook", "read_file"]

# States per pass. The intro example needs 600 (two sliders feeding the same cells); a single
# 0..1000 slider 1001. Each state costs what its cells cost in CPython, twice.
DEFAULT_BUDGET = 2000
# A group whose pass takes longer than this is left out: slow cells must not stall an export.
PASS_SECONDS = 30.0
FOLDER = "precomputed"
# Slices up to this many bytes in all go inside the page (the intro example's two: 24 KB).
INLINE_BYTES = 32_000


@dataclass(frozen=True)
class Precomputed:
    """What the export writes: `files` (path under the site → JSON text) and the page config's
    `precompute` block. Plain data, so it can cross a process boundary as JSON."""

    files: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    states: int = 0  # states run per pass
    left_out: list[str] = field(default_factory=list)  # cells dropped as non-deterministic


@dataclass
class _Element:
    id: str
    cell: str  # the cell that created it
    names: list[str]
    reruns: set[str]  # D(e)
    values: list[Any] | None  # its domain, None when not finite (or over the budget)
    initial: int = 0  # index of its value at export in `values`


@dataclass
class _Group:
    elements: list[_Element]
    cells: list[str]  # D of the group, in file order
    deps: dict[str, list[int]]  # cell → indices (in `elements`) of the elements it depends on

    @property
    def size(self) -> int:
        return math.prod(len(e.values or ()) for e in self.elements)


def precompute_notebook(text: str, filename: str, budget: int = DEFAULT_BUDGET) -> Precomputed:
    """`precompute` for a notebook's text, with in-process kernels. They have no listener: a
    sweep emits tens of thousands of events that nobody reads, and serializing them would double
    its time."""
    return precompute(lambda: Session(lambda _listener: Kernel(loads(text, filename)), lambda _event: None), budget)


def precompute(make_session: Callable[[], Session], budget: int = DEFAULT_BUDGET) -> Precomputed:
    """Run every state of every eligible group (see the module docstring). `make_session` gives
    a fresh Session of the notebook, nothing run; it is called three times (a look at the graph
    and the elements, then one per pass)."""
    if budget <= 0:
        return Precomputed()
    first = make_session()
    first.kernel.run_all()
    elements = _elements(first, budget)
    config: dict[str, Any] = {
        e.id: {"cells": _ordered(first, e.reruns), "file": None} for e in elements if e.reruns
    }
    groups = _within_budget(_groups(first, elements), budget)
    if not groups:
        return Precomputed(config={"elements": config} if config else {})
    passes = []
    for reverse in (False, True):
        session = make_session()
        session.kernel.run_all()
        passes.append([_sweep(session, g, reverse) for g in groups])
    files: dict[str, str] = {}
    left_out: list[str] = []
    states = 0
    for g, one, two in zip(groups, *passes):
        if one is None or two is None:
            continue  # a change ran cells outside D
        unstable = [c for c in g.cells if c in one[1] or c in two[1] or one[0][c] != two[0][c]]
        left_out += unstable
        path, body = _group_file(g, one[0], set(unstable))
        files[path] = body
        states += g.size
        for j, e in enumerate(g.elements):
            config[e.id]["file"] = path
            # An element alone in its group: its group's file is its slice.
            config[e.id]["slice"] = path
            if len(g.elements) > 1:
                part, text = _slice_file(g, j, one[0], set(unstable))
                files[part] = text
                config[e.id]["slice"] = part
    return Precomputed(*_inline_slices(files, config), states, left_out)


def _inline_slices(files: dict[str, str], config: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """The slices move into the page config when they are small together: a first change is then
    answered as the page's script starts, with no fetch and no parse to wait for."""
    slices = {info["slice"] for info in config.values() if info.get("slice")}
    if not slices or sum(len(files[p].encode()) for p in slices) > INLINE_BYTES:
        return files, {"elements": config}
    inline = {p: json.loads(files[p]) for p in sorted(slices)}
    return {p: body for p, body in files.items() if p not in slices}, {"elements": config, "inline": inline}


# -- which elements, which groups ------------------------------------------------------------------


def _elements(session: Session, budget: int) -> list[_Element]:
    """Every element bound to a global, with D; `values` only where the element is eligible."""
    k = session.kernel
    g = k.graph
    if k.mode != "autorun":
        return []  # in lazy mode a change runs nothing: there is nothing to show early
    blocked = {c.id for c in k.cells if c.missing_modules or c.status in ("queued", "running", "stale")}
    blocked |= g.descendants(blocked)
    found: list[_Element] = []
    for c in k.cells:
        for element_id in c.element_ids:
            element = k.element(element_id)
            names = k.names_bound_to(element) if element is not None else []
            if not names:
                continue
            readers = g.referencing(names) - k.definers_of(names)
            reruns = readers | g.descendants(readers)
            values = element._choices(budget) if element._parent is None else None
            found.append(_Element(element_id, c.id, names, reruns, values))
    rerun_anywhere = set().union(*(e.reruns for e in found)) if found else set()
    for e in found:
        if e.values is None:
            continue
        raw = k.element(e.id)._raw
        initial = next((i for i, v in enumerate(e.values) if _same(v, raw)), None)
        if initial is None or e.cell in rerun_anywhere or e.cell in blocked or e.reruns & blocked or not e.reruns:
            e.values = None
        else:
            e.initial = initial
    return found


def _groups(session: Session, elements: Sequence[_Element]) -> list[_Group]:
    """The eligible elements in connected parts (D sets that meet), each with its cells."""
    eligible = [e for e in elements if e.values is not None]
    parts: list[list[_Element]] = []
    for e in eligible:
        joined = [p for p in parts if any(e.reruns & f.reruns for f in p)]
        merged = [f for p in joined for f in p] + [e]
        parts = [p for p in parts if p not in joined] + [merged]
    groups = []
    for part in parts:
        part.sort(key=lambda e: eligible.index(e))
        cells = _ordered(session, set().union(*(e.reruns for e in part)))
        deps = {c: [i for i, e in enumerate(part) if c in e.reruns] for c in cells}
        groups.append(_Group(part, cells, deps))
    return groups


def _within_budget(groups: list[_Group], budget: int) -> list[_Group]:
    chosen, used = [], 0
    for g in sorted(groups, key=lambda g: g.size):
        if used + g.size <= budget:
            chosen.append(g)
            used += g.size
    return chosen


def _ordered(session: Session, ids: set[str]) -> list[str]:
    return [c.id for c in session.kernel.cells if c.id in ids]


def _same(a: Any, b: Any) -> bool:
    """Front-end values compared as the page compares them (numbers within rounding)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b and type(a) is type(b))


# -- running the states ----------------------------------------------------------------------------


def _states(g: _Group, reverse: bool) -> Iterator[tuple[int, ...]]:
    """Every combination of the group's values, the last element changing fastest."""
    states = itertools.product(*(range(len(e.values or ())) for e in g.elements))
    return reversed(list(states)) if reverse else states


def _sweep(session: Session, g: _Group, reverse: bool) -> tuple[dict[str, dict[int, str]], set[str]] | None:
    """For each cell of the group: table index → its shown state (canonical JSON), over every
    state of the group, and the cells found unstable within the pass; None when a change ran a
    cell outside the group's cells, or the pass ran out of time."""
    k = session.kernel
    runs = {c.id: c.run_id for c in k.cells}
    outside = [c for c in k.cells if c.id not in g.deps]
    current = [e.initial for e in g.elements]
    radix = {cell: [len(g.elements[i].values or ()) for i in g.deps[cell]] for cell in g.cells}
    tables: dict[str, dict[int, str]] = {c: {} for c in g.cells}
    texts: dict[tuple[str, Any], str] = {}  # (cell, its state) → its events as JSON, made once
    unstable: set[str] = set()
    deadline = time.monotonic() + PASS_SECONDS
    for state in _states(g, reverse):
        if time.monotonic() > deadline:
            return None
        updates = [(e.id, e.values[i]) for e, i, now in zip(g.elements, state, current) if i != now]  # type: ignore[index]
        if updates:
            try:
                k.set_ui_values(updates)
            except (KeyError, ValueError, TypeError):
                return None
        current = list(state)
        if any(c.run_id != runs[c.id] for c in outside):
            return None
        for cell in g.cells:
            c = k.cell(cell)
            seen = (cell, repr((c.output, c.console, c.error_info, c.status)))
            if seen not in texts:
                texts[seen] = _shown(session, cell)
            key = _index([state[i] for i in g.deps[cell]], radix[cell])
            # The same cell inputs met twice in one pass with different results: not a function
            # of the elements (it keeps state between runs, or draws random numbers).
            if tables[cell].setdefault(key, texts[seen]) != texts[seen]:
                unstable.add(cell)
    return tables, unstable


def _index(digits: Sequence[int], radix: Sequence[int]) -> int:
    """Mixed-radix index, first digit most significant (the page computes the same)."""
    n = 0
    for d, r in zip(digits, radix):
        n = n * r + d
    return n


def _shown(session: Session, cell_id: str) -> str:
    # A list of events, of one: the cell's view (the page applies it like any event).
    view = page_event(session.cell_snapshot(cell_id))
    events = [{k: v for k, v in view.items() if k not in ("id", "run_id")}]
    return json.dumps(events, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- the files -------------------------------------------------------------------------------------


def _group_file(g: _Group, tables: dict[str, dict[int, str]], unstable: set[str]) -> tuple[str, str]:
    """The whole group: for each cell of D, its table over the elements it depends on."""
    cells = []
    for cell in g.cells:
        deps = g.deps[cell]
        size = math.prod(len(g.elements[i].values or ()) for i in deps)
        table: list[str | None] = [None] * size
        if cell not in unstable:
            for key, shown in tables[cell].items():
                table[key] = shown
        cells.append((cell, deps, table))
    return _file(g.elements, [], cells)


def _slice_file(g: _Group, j: int, tables: dict[str, dict[int, str]], unstable: set[str]) -> tuple[str, str]:
    """What a change of element j alone shows: its cells for each of its values, the group's
    other elements at their values at export (the file names them: it answers only while they
    are). The page fetches it when it loads, so that a reader's first change is answered without
    waiting for the group's file."""
    e = g.elements[j]
    state = [x.initial for x in g.elements]
    cells = []
    for cell in g.cells:
        if cell not in e.reruns:
            continue  # a change of e does not run it
        table: list[str | None] = []
        for v in range(len(e.values or ())):
            state[j] = v
            key = _index([state[i] for i in g.deps[cell]], [len(g.elements[i].values or ()) for i in g.deps[cell]])
            table.append(None if cell in unstable else tables[cell].get(key))
        state[j] = e.initial
        cells.append((cell, [0], table))
    return _file([e], [x for x in g.elements if x is not e], cells)


def _file(dims: Sequence[_Element], fixed: Sequence[_Element], cells: Sequence[tuple[str, list[int], list[str | None]]]) -> tuple[str, str]:
    """One table file (path, text): `elements` (the dimensions), `fixed` (elements the file
    assumes at their value at export), per cell its deps and table, and `shown`, each state once
    (content-addressed) and most as pieces of the first state of its cell (pieces.py)."""
    shown: list[str | list[Any]] = []
    where: dict[str, int] = {}  # content hash → index in shown
    out = []
    for cell, deps, table in cells:
        base: tuple[int, str, dict[str, list[int]]] | None = None  # the cell's reference state
        indices = []
        for text in table:
            if text is None:
                indices.append(-1)
                continue
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest not in where:
                where[digest] = len(shown)
                if base is None:
                    shown.append(text)
                    base = (where[digest], text, pieces.kgrams(text))
                else:
                    shown.append(pieces.encode(base[0], base[1], base[2], text))
            indices.append(where[digest])
        out.append({"id": cell, "deps": deps, "table": indices})
    body = json.dumps(
        {
            "elements": [{"id": e.id, "values": e.values, "initial": e.initial} for e in dims],
            "fixed": [{"id": e.id, "value": (e.values or [None])[e.initial]} for e in fixed],
            "cells": out,
            "shown": shown,
        },
        separators=(",", ":"), ensure_ascii=False,
    )
    name = hashlib.sha256(body.encode()).hexdigest()[:16]
    return f"{FOLDER}/{name}.json", body


def read_file(body: str) -> dict[str, Any]:
    """A table file with every shown state as its events (what the page rebuilds)."""
    data = json.loads(body)
    shown = data["shown"]
    return {**data, "shown": [json.loads(pieces.rebuild(shown, i)) for i in range(len(shown))]}
