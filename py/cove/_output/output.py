"""`cove.output`: replace, append to or clear the running cell's output while it runs."""
from __future__ import annotations

from .._runtime.context import current
from .mime import format_output

__all__ = ["output"]


class _Output:
    """The `cove.output` namespace. Every call is a no-op outside a running kernel.

    Each call reaches the kernel as `emit_output(bundle, mode)`: `replace` sends the new bundle
    (None when `obj` is None, which clears), `append` adds a bundle after the current output,
    `clear` sends `(None, "clear")`.
    """

    @staticmethod
    def replace(obj: object) -> None:
        """Show `obj` as the cell's output, replacing what it showed so far."""
        ctx = current()
        if ctx is not None:
            ctx.emit_output(format_output(obj), "replace")

    @staticmethod
    def append(obj: object) -> None:
        """Show `obj` below the cell's current output (None shows nothing)."""
        ctx = current()
        if ctx is not None and obj is not None:
            ctx.emit_output(format_output(obj), "append")

    @staticmethod
    def clear() -> None:
        """Remove the cell's output."""
        ctx = current()
        if ctx is not None:
            ctx.emit_output(None, "clear")

    def __repr__(self) -> str:
        return "<cove.output: replace(obj), append(obj), clear()>"


output = _Output()
