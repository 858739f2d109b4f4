"""Which kernel and cell are running now: the seam between the user-facing API and the kernel.

`cove.ui`, `cove.state`, `cove.output` and `cove.status` call `current()` to reach the kernel
that is running the calling cell. Outside a kernel (plain `import cove` in a REPL or a library)
it returns None and those APIs degrade to inert objects.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..ui._base import UIElement


class RunContext(Protocol):
    """What the running cell may ask of its kernel."""

    cell_id: str

    def next_element_id(self) -> str:
        """A UI element id, deterministic for a given cell and run (`<cell_id>-<n>`), so the ids
        in a prerendered page match the ids of the live kernel that hydrates it."""
        ...

    def register_element(self, element: "UIElement") -> None:
        """Remember an element created by the running cell so the front end can address it."""
        ...

    def emit_output(self, mimebundle: dict[str, Any] | None, mode: str) -> None:
        """`mode` is "replace", "append" or "clear": `cove.output.*` and progress bars."""
        ...

    def request_rerun(self, names: frozenset[str] | None, source: Any) -> None:
        """Ask for cells referencing any global bound to `source` (a state getter, a UI element)
        to run once the current cell finishes."""
        ...

    def send_ui_message(self, element_id: str, message: Any) -> None:
        """Send a message to a UI element on the page (a `ui_message` event): rows a table was
        asked for, an anywidget's state changed by Python."""
        ...

    def rerun_detached(self, source: Any) -> None:
        """Like `request_rerun`, for a call made later, when no cell runs (a state setter
        called from a thread, a timer, an asyncio task or a script between runs): the cells
        referencing `source` run as soon as the kernel is free."""
        ...


_current: RunContext | None = None
_fallback_ids = itertools.count()


def current() -> RunContext | None:
    return _current


def set_current(ctx: RunContext | None) -> RunContext | None:
    """Install `ctx` as the running context and return the previous one (restore it after)."""
    global _current
    previous, _current = _current, ctx
    return previous


def next_element_id() -> str:
    ctx = _current
    if ctx is not None:
        return ctx.next_element_id()
    return f"ui-{next(_fallback_ids)}"


class RuntimeInfo:
    """Facts about how the notebook runs, set by the kernel that owns the process."""

    def __init__(
        self,
        in_notebook: bool = False,
        argv: list[str] | None = None,
        location: Any = None,
        query: dict[str, Any] | None = None,
        on_query: Any = None,
    ):
        self.in_notebook = in_notebook
        self.argv = list(argv or [])
        self.location = location
        # the page URL's query (`query_params()`), and who shows it when the notebook changes it
        self.query = dict(query or {})
        self.on_query = on_query


_runtime_info = RuntimeInfo()


def runtime_info() -> RuntimeInfo:
    return _runtime_info


def set_runtime_info(info: RuntimeInfo) -> None:
    global _runtime_info
    _runtime_info = info
