"""Executes a plan of cells for the kernel: statuses, outputs, consoles, errors and UI elements.

Re-runs that state setters and UI values ask for are collected here (`pending`) and handed back:
the kernel's loop plans and runs them (kernel.py), so nothing here starts a run of its own."""
from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING, Any, Sequence

from ..protocol import (
    CellConsoleEvent,
    CellErrorEvent,
    CellOutputEvent,
    ErrorInfo,
    MissingModulesEvent,
    UIMessageEvent,
)
from . import context, jupyter_display
from .api import StopCell
from .capture import redirect_streams
from .executor import compile_cell, execute, format_cell_traceback
from .location import missing_file_note
from .planner import Plan

if TYPE_CHECKING:
    from .cell import Cell
    from .kernel import Kernel


class CellRunner:
    def __init__(self, kernel: "Kernel", *, capture: bool) -> None:
        self.k = kernel
        self.capture = capture
        self._run_ids = itertools.count(1)
        self.elements: dict[str, Any] = {}
        # Re-runs asked for while cells run or UI values apply, for the kernel's loop: (source
        # object, id of the cell that asked or None), from state setters and on_change.
        self.pending: list[tuple[Any, str | None]] = []
        self._loop: Any = None
        # Front-end values that elements take as they are created, by element id (resume.py:
        # what the reader set before the kernel was ready); each is used once.
        self.initial_values: dict[str, Any] = {}

    # ---------------------------------------------------------------------- executing

    def number_runs_after(self, run_id: int) -> None:
        """Number the next runs from `run_id + 1` (resume.py: above the prerender's runs)."""
        self._run_ids = itertools.count(run_id + 1)

    def take_requests(self) -> list[tuple[Any, str | None]]:
        """The re-runs asked for since the last call (the kernel's loop plans them)."""
        requests, self.pending = self.pending, []
        return requests

    def execute(self, plan: Plan) -> None:
        """Carry out `plan`: run its cells in order, show why each skipped cell did not run, and
        block the descendants of cells that fail or stop here. Re-runs that the cells ask for
        wait in `pending` for the kernel's loop."""
        k = self.k
        g = k.graph
        cells = [k.cell(s.id) for s in plan.steps]
        for c in cells:
            c.run_id = next(self._run_ids)
            k.set_status(c, "queued")
        failed: set[str] = set()
        stopped: set[str] = set()
        for step, c in zip(plan.steps, cells):
            parents = g.parents.get(c.id, ())
            skip = step.skip
            if skip is None and any(p in failed for p in parents):
                skip = "ancestor"
            if skip == "disabled":
                k.set_status(c, "disabled")
            elif skip == "ancestor":
                self.forget(c)
                bad = sorted(
                    (p for p in parents if p in failed or k.cell(p).status == "error"),
                    key=g.order.__getitem__,
                )
                names = ", ".join(g.labels.get(p, p) for p in bad)
                self._fail(c, ErrorInfo("ancestor", f"not run: an ancestor failed ({names})"))
                failed.add(c.id)
            elif skip is not None:
                assert step.error is not None
                self.forget(c)
                self._fail(c, step.error)
                failed.add(c.id)
            elif any(p in stopped for p in parents):
                self.forget(c)
                self._set_output(c, None)
                stopped.add(c.id)
                k.set_status(c, "idle")
            else:
                outcome = self.run_cell(c)
                if outcome == "error":
                    failed.add(c.id)
                elif outcome == "stopped":
                    stopped.add(c.id)

    def forget(self, c: "Cell") -> None:
        """Delete the globals a cell bound and drop its UI elements."""
        for name in c.bound:
            self.k.globals.pop(name, None)
        c.bound = frozenset()
        for element_id in c.element_ids:
            self.elements.pop(element_id, None)
        c.element_ids = []

    # ------------------------------------------------------------------------ running

    def run_cell(self, c: "Cell") -> str:
        """Run one cell; return "ok", "error" or "stopped"."""
        k = self.k
        self.forget(c)
        c.console, c.console_chunks = "", []
        c.error_info = None
        c.missing_modules = frozenset()
        k.set_status(c, "running")
        ctx = _CellContext(self, c)
        previous = context.set_current(ctx)
        outcome = "ok"
        try:
            compiled = compile_cell(c.code, c.id)
            if self.capture:
                with redirect_streams(lambda stream, text: self._console(c, stream, text)):
                    value = execute(compiled, k.globals, self.run_coroutine)
            else:
                value = execute(compiled, k.globals, self.run_coroutine)
            value = jupyter_display.cell_output(c.code, value)
            self._set_output(c, value, replace_only_if_value=ctx.wrote_output)
        except StopCell as stop:
            self._set_output(c, stop.output)
            outcome = "stopped"
        except KeyboardInterrupt:
            self._fail(c, ErrorInfo("interrupted", "interrupted (the Stop button or Ctrl+C)"))
            outcome = "error"
        except BaseException as exc:  # noqa: BLE001 - a cell's exception is data, shown on the cell
            self._fail(c, self._describe_exception(c, exc, compiled_filename=f"<cell {c.id}>"))
            outcome = "error"
        finally:
            context.set_current(previous)
            jupyter_display.close_figures()  # a failed cell's figures do not leak either
        # What the cell bound (even partly, before an error) is deleted before its next run.
        c.bound = frozenset(n for n in c.defs if n in k.globals)
        if outcome == "error":
            self.forget(c)
        else:
            k.set_status(c, "idle")
        return outcome

    def _describe_exception(self, c: "Cell", exc: BaseException, compiled_filename: str) -> ErrorInfo:
        if isinstance(exc, SyntaxError) and exc.filename == compiled_filename:
            return ErrorInfo("syntax", f"line {exc.lineno}: {exc.msg}")
        tb = format_cell_traceback(exc, compiled_filename)
        message = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, NameError) and getattr(exc, "name", None):
            name = exc.name  # type: ignore[attr-defined]
            if name in c.refs and not self.k.graph.definers.get(name):
                message += f" (no cell defines `{name}`)"
                tb = tb.rstrip("\n") + f"\n(no cell defines `{name}`: was its cell deleted or renamed?)\n"
        if note := missing_file_note(exc, self.k.folder):
            message += f" ({note})"
            tb = tb.rstrip("\n") + f"\n{note}\n"
        if isinstance(exc, ModuleNotFoundError) and getattr(exc, "name", None):
            top = exc.name.split(".")[0]  # type: ignore[union-attr]
            c.missing_modules = frozenset({top})
            self.k.emit(MissingModulesEvent(c.id, [top]))
        return ErrorInfo("exception", message, tb)

    def _fail(self, c: "Cell", error: ErrorInfo) -> None:
        c.error_info = error
        c.output = None
        self.k.emit(CellErrorEvent(c.id, error, c.run_id))
        self.k.set_status(c, "error")

    def _console(self, c: "Cell", stream: str, text: str) -> None:
        c.add_console(stream, text)
        self.k.emit(CellConsoleEvent(c.id, stream, text, c.run_id))  # type: ignore[arg-type]

    def _set_output(self, c: "Cell", value: Any, replace_only_if_value: bool = False) -> None:
        if replace_only_if_value and value is None:
            return  # the cell drew its output with cove.output.*: keep it
        bundle = _format(value) if value is not None else None
        c.output = bundle
        self.k.emit(CellOutputEvent(c.id, bundle, "replace", c.run_id))

    def emit_output(self, c: "Cell", bundle: dict[str, str] | None, mode: str) -> None:
        if mode == "replace" or mode == "clear":
            c.output = bundle if mode == "replace" else None
        elif mode == "append" and bundle is not None:
            c.output = _merge(c.output, bundle)
        self.k.emit(CellOutputEvent(c.id, bundle, mode, c.run_id))  # type: ignore[arg-type]

    def run_coroutine(self, coro: Any) -> Any:
        if sys.platform == "emscripten":
            from pyodide.ffi import can_run_sync, run_sync  # type: ignore[import-not-found]

            if can_run_sync():
                return run_sync(coro)
            return _drive(coro)
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
            return self._loop.run_until_complete(coro)
        # The kernel is driven from code that already runs an event loop in this thread (an
        # async app, Jupyter, Playwright's sync API): a loop cannot nest, so the cell's
        # coroutine runs to completion on a loop of its own in a helper thread.
        return _run_in_thread(coro)

    # ------------------------------------------------------------------------ UI values

    def apply_ui_values(self, updates: Sequence[tuple[str, Any]]) -> list[Any]:
        """Give elements the page's values, the last value per element winning, and ask for the
        re-runs of their readers; return the elements whose value changed (their roots)."""
        last: dict[str, Any] = {}
        for element_id, value in updates:
            last.pop(element_id, None)  # keep the order of the final values
            last[element_id] = value
        changed: list[Any] = []
        previous = context.set_current(_KernelContext(self))
        try:
            for element_id, value in last.items():
                element = self.elements.get(element_id)
                if element is None:
                    raise KeyError(f"no UI element with id {element_id!r} (its cell may have re-run)")
                root = element._set_frontend_value(value)
                if all(root is not r for r in changed):
                    changed.append(root)
        finally:
            context.set_current(previous)
        self.pending += [(root, None) for root in changed]
        return changed

    def handle_ui_message(self, element_id: str, message: Any) -> None:
        """A message from the page to an element; it asks for re-runs only if the element does.
        A message for an element that is gone (its cell re-ran meanwhile) is dropped."""
        element = self.elements.get(element_id)
        if element is None:
            return
        previous = context.set_current(_KernelContext(self))
        try:
            element._on_message(message)
        finally:
            context.set_current(previous)

    def send_ui_message(self, element_id: str, message: Any) -> None:
        self.k.emit(UIMessageEvent(element_id, message))


class _CellContext:
    """The RunContext of one cell run."""

    def __init__(self, runner: CellRunner, cell: "Cell") -> None:
        self.runner = runner
        self.cell = cell
        self.cell_id = cell.id
        self._element_counter = itertools.count()
        self.wrote_output = False

    def next_element_id(self) -> str:
        return f"{self.cell_id}-{next(self._element_counter)}"

    def register_element(self, element: Any) -> None:
        self.runner.elements[element._id] = element
        self.cell.element_ids.append(element._id)
        if element._id in self.runner.initial_values:
            raw = self.runner.initial_values.pop(element._id)
            try:
                element._update(element._validate(raw))
            except (ValueError, TypeError):
                pass  # a value this element no longer takes: it keeps its own

    def emit_output(self, mimebundle: dict[str, str] | None, mode: str) -> None:
        self.wrote_output = True
        self.runner.emit_output(self.cell, mimebundle, mode)

    def request_rerun(self, names: frozenset[str] | None, source: Any) -> None:
        self.runner.pending.append((source, self.cell_id))

    def rerun_detached(self, source: Any) -> None:
        self.runner.k.rerun_readers(source)

    def send_ui_message(self, element_id: str, message: Any) -> None:
        self.runner.send_ui_message(element_id, message)


class _KernelContext:
    """The RunContext while the kernel applies UI values (on_change callbacks run here)."""

    cell_id = "kernel"

    def __init__(self, runner: CellRunner) -> None:
        self.runner = runner
        self._counter = itertools.count()

    def next_element_id(self) -> str:
        return f"kernel-{next(self._counter)}"

    def register_element(self, element: Any) -> None:
        self.runner.elements[element._id] = element

    def emit_output(self, mimebundle: dict[str, str] | None, mode: str) -> None:
        pass

    def request_rerun(self, names: frozenset[str] | None, source: Any) -> None:
        self.runner.pending.append((source, None))

    def rerun_detached(self, source: Any) -> None:
        self.runner.k.rerun_readers(source)

    def send_ui_message(self, element_id: str, message: Any) -> None:
        self.runner.send_ui_message(element_id, message)


def _format(value: Any) -> dict[str, str] | None:
    from .._output.mime import format_output, truncate_bundle

    bundle = format_output(value)
    return truncate_bundle(bundle) if bundle is not None else None


def _merge(old: dict[str, str] | None, new: dict[str, str]) -> dict[str, str]:
    """`cove.output.append`: the cell's output becomes HTML holding both parts."""
    if old is None:
        return new
    from .._output.html import as_html

    return {"text/html": as_html(old).text + as_html(new).text}


def _drive(coro: Any) -> Any:
    """Run a coroutine that never really suspends (no JSPI in this Pyodide)."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise RuntimeError(
        "this cell awaits something that needs the browser's event loop; top-level await of "
        "real async work needs a browser with JavaScript Promise Integration (JSPI)"
    )


def _run_in_thread(coro: Any) -> Any:
    import asyncio
    import threading

    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as e:  # noqa: BLE001 - re-raised in the kernel's thread
            result["error"] = e

    thread = threading.Thread(target=target, name="cove-async-cell")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")
