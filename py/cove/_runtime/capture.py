"""Per-cell stdout/stderr: what a cell prints goes to its console, streamed in small batches.

Writes from both streams go into one ordered buffer, flushed at most every `interval` seconds
(and when the cell ends), so a cell printing in a tight loop sends a bounded number of events.
A console larger than `limit` characters is cut with a notice: infinite output never grows
memory or the page without bound.
"""
from __future__ import annotations

import io
import sys
import time
from typing import Callable, TextIO

CONSOLE_LIMIT = 1_000_000
Sink = Callable[[str, str], None]  # (stream name, text)


class _Console:
    def __init__(self, sink: Sink, interval: float, limit: int) -> None:
        self._sink = sink
        self._interval = interval
        self._limit = limit
        self._left = limit
        self._pending: list[list[str]] = []  # [stream, text] runs, in write order
        self._last_flush = time.monotonic()

    def write(self, stream: str, text: str) -> None:
        if self._left < 0:
            return  # already cut, notice given
        if len(text) > self._left:
            text = text[: self._left] + f"\n[output cut: the console passed {self._limit:,} characters]\n"
            self._left = -1
        else:
            self._left -= len(text)
        if self._pending and self._pending[-1][0] == stream:
            self._pending[-1][1] += text
        else:
            self._pending.append([stream, text])
        if time.monotonic() - self._last_flush >= self._interval:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        for stream, text in pending:
            self._sink(stream, text)
        self._last_flush = time.monotonic()


class CellStream(io.TextIOBase):
    def __init__(self, name: str, console: _Console) -> None:
        self.name = name
        self._console = console

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._console.write(self.name, text)
        return len(text)

    def flush(self) -> None:
        self._console.flush()

    def isatty(self) -> bool:
        return False


class redirect_streams:
    """Context manager: route sys.stdout/sys.stderr to a cell's console sink."""

    def __init__(self, sink: Sink, *, interval: float = 0.05, limit: int = CONSOLE_LIMIT) -> None:
        self._console = _Console(sink, interval, limit)
        self.stdout = CellStream("stdout", self._console)
        self.stderr = CellStream("stderr", self._console)
        self._saved: tuple[TextIO, TextIO] | None = None

    def __enter__(self) -> "redirect_streams":
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self.stdout, self.stderr  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._console.flush()
        finally:
            assert self._saved is not None
            sys.stdout, sys.stderr = self._saved
