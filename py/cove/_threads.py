"""`Thread`/`current_thread` and the stream helpers `capture_stdout`, `capture_stderr`,
`redirect_stdout`, `redirect_stderr` (marimo 0.25.2's names).

A `cove.Thread` remembers the cell that started it, so `cove.state` setters and `cove.output`
calls made in it reach that notebook's kernel. Pyodide cannot start threads: there `start()`
runs the target at once, in the calling thread, which is as far as a browser tab allows.
"""
from __future__ import annotations

import contextlib
import io
import sys
import threading
from typing import Any, Iterator

from ._display import plain_text
from ._output.output import output
from ._runtime import context

__all__ = ["Thread", "capture_stderr", "capture_stdout", "current_thread", "redirect_stderr", "redirect_stdout"]


class Thread(threading.Thread):
    """`threading.Thread` that keeps the starting cell's context; `should_exit` turns True when
    that cell runs again or is deleted (poll it to end a loop)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cove_context = context.current()
        self._cove_run = getattr(getattr(self._cove_context, "cell", None), "run_id", None)

    @property
    def should_exit(self) -> bool:
        cell = getattr(self._cove_context, "cell", None)
        return cell is not None and cell.run_id != self._cove_run

    def start(self) -> None:
        if sys.platform == "emscripten":
            self._cove_ran_inline = True
            self.run()  # no threads in a browser tab's Python
            return
        super().start()

    def join(self, timeout: float | None = None) -> None:
        if getattr(self, "_cove_ran_inline", False):
            return  # it already finished, inside start()
        super().join(timeout)


def current_thread() -> threading.Thread:
    """The running thread (a `cove.Thread` inside one)."""
    return threading.current_thread()


@contextlib.contextmanager
def _capture(name: str) -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    with (contextlib.redirect_stdout if name == "stdout" else contextlib.redirect_stderr)(buffer):
        yield buffer


def capture_stdout() -> contextlib.AbstractContextManager[io.StringIO]:
    """`with capture_stdout() as buf:` collects what the block prints; read `buf.getvalue()`."""
    return _capture("stdout")


def capture_stderr() -> contextlib.AbstractContextManager[io.StringIO]:
    """Like `capture_stdout`, for stderr."""
    return _capture("stderr")


class _ToOutput(io.TextIOBase):
    def write(self, text: str) -> int:
        if text:
            output.append(plain_text(text))
        return len(text)


def redirect_stdout() -> contextlib.AbstractContextManager[Any]:
    """`with redirect_stdout():` shows what the block prints in the cell's output area."""
    return contextlib.redirect_stdout(_ToOutput())


def redirect_stderr() -> contextlib.AbstractContextManager[Any]:
    """Like `redirect_stdout`, for stderr."""
    return contextlib.redirect_stderr(_ToOutput())
