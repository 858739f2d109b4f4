"""The reactive kernel: owns the cells, the graph and the globals, and runs what a change needs.

One writer: every change (run, edit, add, delete, move, UI value, mode) goes through a method
here, which plans against the current graph, deletes the globals that are about to be
recomputed, runs cells in topological order and reports each step as a protocol event.
"""
from __future__ import annotations

import builtins
import itertools
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .._file.model import CellConfig, NotebookFile
from .._notebook import Notebook, loads
from ..protocol import (
    CellAnalysisEvent,
    CellCode,
    PackagesInstalledEvent,
    CellSpec,
    CellStatus,
    CellStatusEvent,
    ErrorInfo,
    Event,
    Mode,
    NotebookState,
    QueryParamsEvent,
)
from . import context
from .cell import Cell
from .graph import Graph
from .install import with_requirements
from .location import notebook_file
from .marimo_alias import install_marimo_alias
from .planner import Plan, PlanMode, plan
from .resume import adopt_prerendered, boot_plan, warm_plan
from .runner import CellRunner

__all__ = ["Kernel", "SETUP_ID"]

SETUP_ID = "setup"
Listener = Callable[[Event], None]
# A state setter that re-triggers its own cell (allow_self_loops) could loop forever; past this
# many rounds in one command the kernel stops and says so.
MAX_RERUN_ROUNDS = 1000


class Kernel:
    """A notebook being run. Headless use: `k = Kernel(cove.load("nb.py")); k.run_all()`."""

    def __init__(
        self,
        notebook: Notebook | str,
        mode: Mode = "autorun",
        *,
        listener: Listener | None = None,
        argv: Sequence[str] = (),
        in_notebook: bool = True,
        capture: bool = True,
        setup_namespace: dict[str, Any] | None = None,
        location: Any = None,
        query: str | dict[str, Any] | None = None,
        folder: str | None = None,
    ) -> None:
        if isinstance(notebook, str):
            notebook = loads(notebook)
        if mode not in ("autorun", "lazy"):
            raise ValueError(f"mode must be 'autorun' or 'lazy', not {mode!r}")
        self.mode: Mode = mode
        self.filename = notebook.filename
        self._file: NotebookFile = notebook.file
        self._ids = itertools.count()
        self.cells: list[Cell] = [
            Cell.from_source(f"c{next(self._ids)}", c) for c in notebook.to_file().cells
        ]
        src = notebook.to_file().setup
        self.setup: Cell | None = Cell.from_source(SETUP_ID, src) if src is not None else None
        self.globals: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        # The notebook's folder when the kernel runs "in place" (the page, the export's
        # prerender: location.py): `__file__` and notebook_location() point there, and a missing
        # file's error says how to publish it. The caller makes it the working directory.
        self.folder = folder
        if folder is not None:
            location = Path(folder)
        if location is not None:  # `cove run` knows the file's folder too
            self.globals["__file__"] = notebook_file(location, self.filename or "notebook.py")
        self._listener = listener
        self._graph: Graph | None = None
        self._by_id: dict[str, Cell] | None = None
        # names that the setup cell bound in an already-run module (script mode): reused as is
        self._setup_namespace = setup_namespace
        self._setup_done = False
        # Cells that must not run in the plans of the current command, with the error they show
        # instead (restore: the cells a Stop or a crash ended, so they do not loop again).
        self._held: dict[str, ErrorInfo] = {}
        # Cells that never ran in this kernel although their (prerendered) outputs are shown
        # (resume.py): a plan that reaches one of their descendants runs them first.
        self._unrun: set[str] = set()
        # Held while the kernel runs cells: a state setter called from another thread (or a
        # timer) waits for it, then runs its readers (`rerun_readers`).
        self._lock = threading.RLock()
        context.set_runtime_info(context.RuntimeInfo(
            in_notebook, list(argv), location, parse_query(query),
            lambda params: self.emit(QueryParamsEvent(dict(params))),
        ))
        install_marimo_alias()
        self._runner = CellRunner(self, capture=capture)

    # ---------------------------------------------------------------- lookup and events

    def emit(self, event: Event) -> None:
        if self._listener is not None:
            self._listener(event)

    def cell(self, key: int | str) -> Cell:
        """A cell by index (file order) or id."""
        if isinstance(key, int):
            return self.cells[key]
        by_id = self._by_id
        if by_id is None or len(by_id) != len(self.cells) + (self.setup is not None):
            by_id = self._by_id = {c.id: c for c in self._all_cells()}
        try:
            return by_id[key]
        except KeyError:
            raise KeyError(f"no cell with id {key!r}") from None

    def index(self, cell_id: str) -> int:
        for i, c in enumerate(self.cells):
            if c.id == cell_id:
                return i
        raise KeyError(f"no cell with id {cell_id!r}")

    def element(self, element_id: str) -> Any | None:
        """The live UI element with this id (`<cell id>-<n>`), or None."""
        return self._runner.elements.get(element_id)

    def _all_cells(self) -> list[Cell]:
        return ([self.setup] if self.setup is not None else []) + self.cells

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            cells = self._all_cells()
            labels = {c.id: f"cell {i}" for i, c in enumerate(self.cells)}
            labels[SETUP_ID] = "the setup cell"
            self._graph = Graph.build([c.node() for c in cells], labels,
                                      runs_first=SETUP_ID if self.setup is not None else None)
        return self._graph

    def _changed(self) -> None:
        self._graph = None
        self._by_id = None

    def state_event(self) -> NotebookState:
        return NotebookState(
            cells=[c.info() for c in self.cells],
            mode=self.mode,
            app_options=dict(self._file.app_options),
            filename=self.filename,
        )

    def set_status(self, cell: Cell, status: CellStatus) -> None:
        cell.status = status
        self.emit(CellStatusEvent(cell.id, status, cell.run_id))

    # ------------------------------------------------------------------------- running

    def run_all(self) -> None:
        """Run the setup cell and every cell, in topological order."""
        self._setup_done = False
        self._execute([c.id for c in self.cells], "autorun")

    def run(self, *keys: int | str) -> None:
        """Run these cells (by index or id) and, in autorun mode, their descendants; in lazy
        mode their stale ancestors first, and their descendants are marked stale."""
        self._execute([self.cell(k).id for k in keys], self.mode)

    def run_stale(self) -> None:
        self._execute([c.id for c in self.cells if c.status == "stale"], self.mode)

    def run_cells(self, codes: dict[str, str]) -> None:
        """Set these cells' code (by id) and run them: one command per user intent."""
        self.run(*self.apply_edits(codes))

    def apply_edits(self, codes: dict[str, str]) -> list[str]:
        """Set code without running; return the cells to run (`run(*ids)`): the edited ones,
        plus cells whose static errors change or that referenced names the edits no longer
        define. run_cells does both; a caller that saves in between calls them apart."""
        before = self.graph
        old_errors = dict(before.errors)
        lost: set[str] = set()
        reshaped = False
        for cell_id, code in codes.items():
            c = self.cell(cell_id)
            old_defs, old_node = c.defs, c.node()
            c.set_code(code)
            lost |= old_defs - c.defs
            # The graph depends only on each cell's node: an edit that keeps defs, refs and
            # static errors (a tweak of a constant, a comment) keeps the graph as it is.
            reshaped = reshaped or c.node() != old_node
            self.emit(CellAnalysisEvent(c.id, sorted(c.defs), sorted(c.refs)))
        if not reshaped:
            return list(codes)
        self._graph = None
        after = self.graph
        roots = list(codes)
        roots += sorted(after.referencing(lost) - set(roots))
        roots += [i for i in after.nodes if (i in old_errors) != (i in after.errors) and i not in roots]
        return roots

    def rerun_readers(self, source: Any) -> None:
        """Run the cells that read `source` (a state getter, a UI element) as soon as the kernel
        is free: a state setter called when no cell runs (another thread, a timer)."""
        with self._lock:
            self._runner.pending.append((source, None))
            self._drain()

    def _execute(self, roots: Iterable[str], mode: PlanMode) -> Plan:
        """The one loop: plan `roots`, run the plan, then plan and run the re-runs the cells
        asked for (state setters, UI values) until none is left. Returns the first plan."""
        with self._lock:
            first = self._run_plan(roots, mode)
            self._drain()
        return first

    def _run_plan(self, roots: Iterable[str], mode: PlanMode) -> Plan:
        roots = list(dict.fromkeys(roots))
        if self.setup is not None and not self._setup_done:
            self._setup_done = True
            if self._setup_namespace is not None:
                self._adopt_setup_namespace()
                roots = [r for r in roots if r != SETUP_ID]
            else:
                roots = [SETUP_ID] + [r for r in roots if r != SETUP_ID]
        p = plan(self.graph, roots, mode, _Statuses(self), disabled=_Disabled(self), held=self._held,
                 unrun=self._unrun)
        if self._unrun:
            self._unrun -= set(p.ids)
        self._runner.execute(p)
        for d in p.stale:
            self.set_status(self.cell(d), "stale")
        return p

    def _drain(self) -> None:
        """Plan and run what the cells asked for, round after round, in the kernel's mode."""
        for _ in range(MAX_RERUN_ROUNDS):
            requests = self._runner.take_requests()
            if not requests:
                return
            roots: set[str] = set()
            for source, caller in requests:
                names = self.names_bound_to(source)
                cells = self.graph.referencing(names) - self.definers_of(names)
                if caller is not None and not getattr(source, "_allow_self_loops", False):
                    cells.discard(caller)
                roots |= cells
            if roots:
                self._run_plan(sorted(roots, key=self.graph.order.__getitem__), self.mode)
        self._runner.take_requests()
        print(f"cove: stopped after {MAX_RERUN_ROUNDS} rounds of state updates", file=sys.stderr)

    def _adopt_setup_namespace(self) -> None:
        assert self.setup is not None and self._setup_namespace is not None
        for name in self.setup.defs:
            if name in self._setup_namespace:
                self.globals[name] = self._setup_namespace[name]
        self.setup.bound = self.setup.defs

    # ----------------------------------------------------------------------- editing

    def edit(self, key: int | str, code: str) -> None:
        """Change a cell's code without running it: it is marked stale until run."""
        c = self.cell(key)
        if code == c.code:
            return
        c.set_code(code)
        self._changed()
        self.emit(CellAnalysisEvent(c.id, sorted(c.defs), sorted(c.refs)))
        self.set_status(c, "stale")

    def add(self, code: str = "", index: int | None = None, *, cell_id: str | None = None) -> Cell:
        """Insert a new cell (not run) at `index` (default: the end)."""
        cell_id = cell_id or f"c{next(self._ids)}"
        if any(c.id == cell_id for c in self._all_cells()):
            raise ValueError(f"a cell with id {cell_id!r} exists already")
        c = Cell(cell_id, code)
        self.cells.insert(len(self.cells) if index is None else index, c)
        self._changed()
        if self.mode == "lazy" or code.strip():
            self.set_status(c, "stale" if code.strip() else "idle")
        return c

    def delete(self, key: int | str) -> None:
        """Delete a cell and its globals; cells that referenced them re-run (and show why)."""
        c = self.cell(key)
        if c.id == SETUP_ID:
            raise ValueError("the setup cell cannot be deleted; clear its code instead")
        old_errors = dict(self.graph.errors)
        self._runner.forget(c)
        self.cells.remove(c)
        self._changed()
        g = self.graph
        roots = sorted(g.referencing(c.defs), key=g.order.__getitem__)
        roots += [i for i in g.nodes if (i in old_errors) != (i in g.errors) and i not in roots]
        if roots:
            self._execute(roots, self.mode)

    def move(self, key: int | str, index: int) -> None:
        c = self.cell(key)
        self.cells.remove(c)
        self.cells.insert(index, c)
        self._changed()

    def set_config(self, key: int | str, *, hide_code: bool | None = None, disabled: bool | None = None) -> None:
        c = self.cell(key)
        was_disabled = c.config.disabled
        c.config = replace(
            c.config,
            **{k: v for k, v in (("hide_code", hide_code), ("disabled", disabled)) if v is not None},
        )
        if c.config.disabled and not was_disabled:
            for i in [c.id, *self.graph.topological(self.graph.descendants([c.id]))]:
                self.set_status(self.cell(i), "disabled")
        elif was_disabled and not c.config.disabled:
            if self.mode == "autorun":
                self._execute([c.id], self.mode)
            else:
                self.set_status(c, "stale")

    def set_mode(self, mode: Mode) -> None:
        if mode not in ("autorun", "lazy"):
            raise ValueError(f"mode must be 'autorun' or 'lazy', not {mode!r}")
        self.mode = mode

    # ---------------------------------------------------------------------- restoring

    def adopt_cells(self, cells: Sequence[CellSpec]) -> None:
        """Replace every cell with the page's own (ids, code, options); the setup cell stays.
        What earlier runs bound is forgotten."""
        ids = [s.id for s in cells]
        if len(set(ids)) != len(ids) or SETUP_ID in ids:
            raise ValueError("cell ids must be unique and not 'setup'")
        for c in self.cells:
            self._runner.forget(c)
        self.cells = [
            Cell(s.id, s.code, s.name, s.kind, CellConfig(hide_code=s.hide_code, disabled=s.disabled))
            for s in cells
        ]
        self._changed()

    def restore(
        self,
        cells: Sequence[CellSpec],
        stopped: Iterable[str] = (),
        reason: str = "",
        ui_values: Sequence[tuple[str, Any]] = (),
        run: bool = True,
    ) -> None:
        """Bring this (fresh) kernel to a page's state: its cells, then, when `run`, a full run
        that skips the `stopped` cells (shown as interrupted with `reason`), then the UI values
        whose elements exist again."""
        self.adopt_cells(cells)
        self.emit(self.state_event())
        if not run:
            return
        error = ErrorInfo("interrupted", reason or "not run: it was running when the kernel restarted")
        self._held = {i: error for i in stopped if any(c.id == i for c in self.cells)}
        try:
            self.run_all()
            self._set_known_ui_values(ui_values)
        finally:
            self._held = {}

    def resume(
        self,
        cells: Sequence[CellCode],
        ui_cells: Sequence[str],
        pending: Sequence[str] = (),
        after_run_id: int = 0,
        prerendered: Sequence[Mapping[str, Any]] = (),
        ui_values: Sequence[tuple[str, Any]] = (),
    ) -> Plan:
        """Boot this (fresh, nothing run) kernel behind a page showing the prerender of `cells`:
        run only what the live page needs (resume.py states the rule); return that plan. The
        optional `prerendered` snapshot (Session.snapshot() of the export) gives the skipped cells
        their outputs and statuses inside the kernel too; a page holds them already and sends
        none. `ui_values`: (element id, front-end value) the reader set before the kernel was
        ready. Cells that are not the prerender's: a full run."""
        self._setup_done = False
        if [(c.id, c.code) for c in cells] != [(c.id, c.code) for c in self.cells]:
            boot = self._execute([c.id for c in self.cells], "autorun")
            self._set_known_ui_values(ui_values)
            return boot
        g = self.graph
        changed = sorted({element_id.rsplit("-", 1)[0] for element_id, _ in ui_values} & set(g.nodes))
        needed = boot_plan(g, [*ui_cells, *changed], pending) | g.descendants(changed)
        skipped = [c for c in self.cells if c.id not in needed]
        adopt_prerendered(skipped, prerendered)
        self._unrun = {c.id for c in skipped}
        # Live run ids above the prerender's: the page drops events of runs older than it shows.
        self._runner.number_runs_after(after_run_id)
        self._runner.initial_values = dict(ui_values)
        try:
            return self._execute(g.topological(needed), "exact")
        finally:
            self._runner.initial_values = {}

    def warm(self) -> None:
        """Run, without emitting anything, the unrun cells a UI change would run (resume.py)."""
        ui = [c.id for c in self.cells if c.element_ids]
        targets = warm_plan(self.graph, ui, self._unrun)
        if not targets:
            return
        # Under the lock: a state setter on another thread must not run while events are muted.
        with self._lock:
            listener, self._listener = self._listener, None
            try:
                self._execute(self.graph.topological(targets), "exact")
            finally:
                self._listener = listener

    @property
    def unrun(self) -> frozenset[str]:
        """Cells that never ran in this kernel (resume.py): a plan that needs them runs them."""
        return frozenset(self._unrun)

    def mark_unrun(self, ids: Iterable[str]) -> None:
        """Treat these cells as never run: the first plan that needs their globals runs them (an
        agent's session loads a notebook without running anything)."""
        self._unrun |= {self.cell(i).id for i in ids}

    def _set_known_ui_values(self, ui_values: Sequence[tuple[str, Any]]) -> None:
        """Apply the values whose elements exist (again) after a run; drop the others."""
        known = [(e, v) for e, v in ui_values if e in self._runner.elements]
        if known:
            self.set_ui_values(known)

    # --------------------------------------------------------------------- UI values

    def set_value(self, name: str, value: Any) -> None:
        """As if the reader set the UI element bound to global `name` to `value` (the value the
        control sends, e.g. a number for a slider)."""
        element = self.globals.get(name)
        if not hasattr(element, "_set_frontend_value"):
            raise TypeError(f"global {name!r} is not a UI element (it is {type(element).__name__})")
        self.set_ui_values([(element._id, value)])

    def set_ui_values(self, updates: Sequence[tuple[str, Any]]) -> None:
        """Apply values from the page: the last value per element wins, then every cell that
        references a global bound to a changed element runs once."""
        with self._lock:
            changed = self._runner.apply_ui_values(updates)
            self._drain()
            for root in changed:
                # a run_button is True only for the runs its click caused
                done = getattr(root, "_on_update_completion", None)
                if done is not None:
                    done()

    def send_ui_message(self, element_id: str, message: Any) -> None:
        """A message from the page to a UI element (a table asking for rows, an anywidget's
        custom message); re-runs cells only if the element's value changes."""
        with self._lock:
            self._runner.handle_ui_message(element_id, message)
            self._drain()

    def record_installed(self, modules: Sequence[str]) -> None:
        """Modules were installed (by the page): list their packages in the notebook's PEP 723
        header and re-run the cells that failed to import them."""
        header, added = with_requirements(self._file.header, modules)
        self._file = replace(self._file, header=header)
        self.emit(PackagesInstalledEvent(list(modules), added))
        wanted = set(modules)
        roots = [c.id for c in self.cells if c.missing_modules & wanted]
        if roots:
            self._execute(roots, self.mode)

    # ------------------------------------------------------------------------- saving

    def to_file(self) -> NotebookFile:
        return replace(
            self._file,
            setup=self.setup.to_source() if self.setup is not None else None,
            cells=tuple(c.to_source() for c in self.cells),
        )

    def dumps(self) -> str:
        from .._file.serialize import serialize

        return serialize(self.to_file())

    def names_bound_to(self, obj: Any) -> list[str]:
        return [name for name, value in self.globals.items() if value is obj]

    def definers_of(self, names: Iterable[str]) -> set[str]:
        g = self.graph
        return {d for n in names for d in g.definers.get(n, ())}


class _Statuses(Mapping[str, CellStatus]):
    """The cells' statuses by id, read where the planner looks (no copy per plan)."""

    def __init__(self, kernel: Kernel) -> None:
        self._k = kernel

    def __getitem__(self, cell_id: str) -> CellStatus:
        return self._k.cell(cell_id).status

    def __iter__(self) -> Iterator[str]:
        return (c.id for c in self._k._all_cells())

    def __len__(self) -> int:
        return len(self._k._all_cells())


class _Disabled:
    """The ids of the cells whose own option disables them, as the planner asks."""

    def __init__(self, kernel: Kernel) -> None:
        self._k = kernel

    def __contains__(self, cell_id: object) -> bool:
        return self._k.cell(str(cell_id)).config.disabled


def parse_query(query: str | dict[str, Any] | None) -> dict[str, Any]:
    """A URL query (`?a=1&b=2&b=3`, as the page sends it) as `query_params()` holds it: a
    str per key, a list of str for a repeated key."""
    if not isinstance(query, str):
        return dict(query or {})
    from urllib.parse import parse_qs

    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(query.lstrip("?"), keep_blank_values=True).items()}
