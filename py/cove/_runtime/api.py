"""User-facing runtime functions: `cove.stop`, `cove.state`, `cove.running_in_notebook`,
`cove.cli_args`, `cove.notebook_location`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

from . import context

T = TypeVar("T")

__all__ = ["stop", "state", "running_in_notebook", "cli_args", "notebook_location", "StopCell", "MarimoStopError"]


class StopCell(BaseException):
    """Raised by `cove.stop`: a BaseException so a bare `except Exception` in user code doesn't
    swallow it."""

    def __init__(self, output: Any = None) -> None:
        super().__init__()
        self.output = output


# marimo's name for the exception `stop` raises
MarimoStopError = StopCell


def stop(predicate: bool, output: Any = None) -> None:
    """Stop the running cell quietly when `predicate` is true; `output` is shown in its place and
    the cell's descendants do not run."""
    if predicate:
        raise StopCell(output)


class State(Generic[T]):
    """The getter half of `cove.state`: call it to read the value."""

    __slots__ = ("_value", "_allow_self_loops", "__weakref__")

    def __init__(self, value: T, allow_self_loops: bool) -> None:
        self._value = value
        self._allow_self_loops = allow_self_loops

    def __call__(self) -> T:
        return self._value

    def __repr__(self) -> str:
        return f"<cove.state getter: {self._value!r}>"


def state(value: T, allow_self_loops: bool = False) -> tuple[State[T], Callable[[Any], None]]:
    """`get, set = cove.state(initial)`: `set(v)` (or `set(lambda old: new)`) updates the value
    and re-runs the cells that reference `get`, except the cell that called `set` unless
    `allow_self_loops`."""
    getter: State[T] = State(value, allow_self_loops)
    # The kernel that made the state: a setter called when no cell runs re-runs readers there.
    owner = context.current()

    def setter(new: Any) -> None:
        getter._value = new(getter._value) if callable(new) else new
        ctx = context.current()
        if ctx is not None:
            ctx.request_rerun(None, getter)
        elif owner is not None:
            owner.rerun_detached(getter)

    return getter, setter


def running_in_notebook() -> bool:
    """True in an interactive kernel (editor, browser); False when run as a script."""
    return context.runtime_info().in_notebook


def cli_args() -> dict[str, Any]:
    """Arguments after the notebook path (`python nb.py --n 3 --fast`) as a dict: `--key value`
    → str (repeated keys → list), a flag with no value → True."""
    argv = context.runtime_info().argv
    out: dict[str, Any] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("-") and arg.lstrip("-"):
            key = arg.lstrip("-")
            value: Any = True
            if "=" in key:
                key, value = key.split("=", 1)
            elif i + 1 < len(argv) and not argv[i + 1].startswith("-"):
                value = argv[i + 1]
                i += 1
            if key in out:
                prev = out[key]
                out[key] = (prev if isinstance(prev, list) else [prev]) + [value]
            else:
                out[key] = value
        i += 1
    return out


def notebook_location() -> Path | None:
    """The folder of the running notebook (None when unknown). In the page it is the folder of
    the virtual file system holding the files published with the notebook (its working
    directory); see cove/_runtime/location.py."""
    info = context.runtime_info()
    location = info.location
    # A script run some other way (`python nb.py` without a kernel yet): its own file. Never in
    # a notebook kernel, where sys.argv names whatever program hosts the kernel.
    if location is None and not info.in_notebook and sys.argv and sys.argv[0].endswith(".py"):
        return Path(sys.argv[0]).resolve().parent
    return location
